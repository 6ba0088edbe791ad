/**
 * The promotion's report (job summary, terminal), rendered from the journal and what the run found:
 * the preconditions, every write (made, or planned in a dry run) with its arguments, the assets, what
 * was found from an earlier run, and the result last.
 */
import { formatDuration } from '../config/duration.js';
import type { JournalEntry } from '../journal/journal.js';
import type { Block, ReportDoc } from '../report/doc.js';
import type { Promotion } from './run.js';
import { PRECONDITIONS, type PreconditionName, type PromoteSettings } from './settings.js';
import { argText } from './write.js';

/** Where the evidence went: a file written, one a dry run would write, or none (it could not be). */
export type EvidenceNote = { written: string } | { wouldWrite: string } | null;

const STATUS_ICON: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', skipped: '⏭️ skipped' };

export function promoteReport(p: Promotion, s: PromoteSettings, evidence: EvidenceNote): ReportDoc {
  const blocks: Block[] = [
    {
      kind: 'text',
      text: `Strategy ${p.strategy}; RC ${p.rcTag}${p.rcCommit ? ` at ${p.rcCommit.slice(0, 12)}` : ''}; GA ${p.gaTag || '(unknown)'}${s.dryRun ? '; dry run: no write is made' : ''}.`,
    },
    ...preconditionBlocks(p),
    ...writeBlocks(p, s),
  ];
  if (p.assets.length) {
    blocks.push({ kind: 'heading', text: 'Assets' });
    blocks.push({
      kind: 'table',
      headers: ['asset', 'bytes', 'sha256', 'action'],
      rows: p.assets.map((a) => [a.name, String(a.size), a.sha256 ?? '(not reported)', a.action]),
    });
  }
  const info = [...p.recovered.map((x) => `found: ${x}`), ...p.notes];
  if (p.previousStable !== null) info.push(`generated notes start at the previous GA ${p.previousStable}`);
  if (s.minSoakMs > 0) info.push(`minimum soak ${formatDuration(s.minSoakMs)}`);
  if (info.length) blocks.push({ kind: 'list', items: info });
  const line = resultLine(p);
  blocks.push({
    kind: 'result',
    label: 'Result',
    value: p.release ? `${line} — ${p.release.url}` : line,
    ok: p.outcome !== 'blocked',
  });
  if (evidence && 'written' in evidence) blocks.push({ kind: 'text', text: `Evidence: ${evidence.written}` });
  if (evidence && 'wouldWrite' in evidence)
    blocks.push({
      kind: 'text',
      text: `Evidence: none written (dry run); a run would write ${evidence.wouldWrite}`,
    });
  return { title: `rc-to-ga: ${p.rcTag || '?'} → ${p.gaTag || '?'}`, blocks };
}

function preconditionBlocks(p: Promotion): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', text: 'Preconditions' },
    {
      kind: 'table',
      headers: ['precondition', 'result', 'detail'],
      rows: p.preconditions.map((c) => [c.name, STATUS_ICON[c.status] ?? c.status, c.detail]),
    },
  ];
  const notEvaluated = (Object.keys(PRECONDITIONS) as PreconditionName[]).filter(
    (n) => !p.preconditions.some((c) => c.name === n),
  );
  if (notEvaluated.length && p.outcome === 'blocked')
    blocks.push({ kind: 'text', text: `Not evaluated: ${notEvaluated.join(', ')}.` });
  return blocks;
}

/** Every journal effect: the GitHub call, its arguments, and how it went (planned in a dry run). */
function writeBlocks(p: Promotion, s: PromoteSettings): Block[] {
  const effects = p.journal.of('effect');
  const heading: Block = { kind: 'heading', text: s.dryRun ? 'Writes that would be made' : 'Writes made' };
  if (effects.length === 0) {
    const why =
      p.outcome === 'blocked' ? 'None: a precondition failed.' : 'None: everything was already in place.';
    return [heading, { kind: 'text', text: why }];
  }
  return [
    heading,
    {
      kind: 'table',
      headers: ['#', 'call', 'arguments', 'status'],
      rows: effects.map((e, i) => [String(i + 1), e.name, argsOf(e), statusCell(e)]),
    },
  ];
}

const argsOf = (e: JournalEntry) => argText((e.data?.args ?? {}) as Record<string, unknown>);
const statusCell = (e: JournalEntry) =>
  e.status === 'planned' || !e.detail ? e.status : `${e.status}: ${e.detail}`;

/** One line for the result: what was (or would be) done, or what blocked it. */
export function resultLine(p: Promotion): string {
  const writes = p.journal.of('effect').length;
  switch (p.outcome) {
    case 'blocked':
      return `blocked by ${failedNames(p).join(', ')}`;
    case 'planned':
      return `would promote ${p.rcTag} to ${p.gaTag}${p.strategy === 'edit-release' ? ` in place (tag ${p.releaseTag})` : ''} (${writes} write${writes === 1 ? '' : 's'})`;
    case 'converged':
      return `${p.releaseTag} is already GA: nothing to do`;
    default:
      return p.strategy === 'edit-release'
        ? `promoted ${p.rcTag} to GA ${p.gaTag} in place (the release keeps tag ${p.releaseTag})`
        : `promoted ${p.rcTag} to ${p.releaseTag}`;
  }
}

const failedNames = (p: Promotion) => p.preconditions.filter((c) => c.status === 'fail').map((c) => c.name);

/** The step's failure message when a precondition blocked the promotion. */
export function blockedMessage(p: Promotion): string | undefined {
  if (p.outcome !== 'blocked') return undefined;
  return `promotion ${p.journal.lastDecision()?.detail ?? 'blocked'}`;
}

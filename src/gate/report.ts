import type { Block, ReportDoc } from '../report/doc.js';
import { human } from './format.js';
import type { GateResult, Verdict } from './types.js';

export const REPORT_TITLE = 'Readiness gate';
/** The go-live runbook's checklist heading and result line. */
export const TABLE_HEADING = 'Go-Live Checklist Summary';
export const RESULT_LABEL = 'Go-live checklist result';

export function resultCell(v: Verdict): string {
  const base = v.verdict.toUpperCase();
  return v.timedOut ? `${base} (timeout)` : base;
}

/** The go-live runbook's "Go-Live Checklist Summary": check, result, duration, detail. */
export function summaryTable(verdicts: Verdict[]): Block {
  return {
    kind: 'table',
    headers: ['Check', 'Result', 'Duration', 'Detail'],
    rows: verdicts.map((v) => [v.name, resultCell(v), v.startedAt ? human(v.durationMs) : '-', v.detail]),
  };
}

/**
 * The report of a run: the checklist table, then what needs a closer look (freeze overrides, the
 * output of failed commands), the GitHub notes and the evidence file, and the overall result last.
 */
export function gateReport(
  result: GateResult,
  opts: { notes?: string[]; evidencePath?: string } = {},
): ReportDoc {
  const blocks: Block[] = [{ kind: 'heading', text: TABLE_HEADING }, summaryTable(result.verdicts)];
  blocks.push({
    kind: 'text',
    text: `${result.verdicts.length} check${result.verdicts.length === 1 ? '' : 's'} in ${human(result.durationMs)} (at most ${result.concurrency} at a time): ${counts(result)}.`,
  });
  const overrides = result.verdicts.filter((v) => v.override);
  if (overrides.length) {
    blocks.push({ kind: 'heading', text: 'Freeze overrides', level: 3 });
    blocks.push({
      kind: 'list',
      items: overrides.map(
        (v) =>
          `${v.name}: deny window ${v.override!.windows.join('; ')} at ${v.override!.local_time} overridden by a severity ${v.override!.severity} hotfix (${v.override!.at})`,
      ),
    });
  }
  for (const v of result.verdicts) {
    if ((v.verdict === 'fail' || v.verdict === 'warn') && v.tail.length > 0) {
      blocks.push({ kind: 'heading', text: `${v.name}: last ${v.tail.length} lines of output`, level: 3 });
      blocks.push({ kind: 'code', text: v.tail.join('\n') });
    }
  }
  if (result.cancelled)
    blocks.push({ kind: 'text', text: 'The job was cancelled: checks still running were stopped.' });
  if (opts.notes?.length) {
    blocks.push({ kind: 'heading', text: 'GitHub', level: 3 });
    blocks.push({ kind: 'list', items: opts.notes });
  }
  if (opts.evidencePath) blocks.push({ kind: 'text', text: `Evidence: ${opts.evidencePath}` });
  blocks.push({ kind: 'result', label: RESULT_LABEL, value: result.result, ok: result.result === 'PASS' });
  return { title: REPORT_TITLE, blocks };
}

/** `3 pass, 1 fail` */
export function counts(result: GateResult): string {
  return (['pass', 'fail', 'warn', 'skipped'] as const)
    .map((k) => [k, result.verdicts.filter((v) => v.verdict === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/**
 * `dry-run`: each check as `DRY-RUN <what it would run>`, nothing run, result DRY-RUN; and the evidence
 * file a run would write (none is).
 */
export function dryRunReport(
  rows: { name: string; what: string }[],
  notes: string[] = [],
  wouldWrite?: string,
): ReportDoc {
  const blocks: Block[] = [
    { kind: 'heading', text: TABLE_HEADING },
    { kind: 'list', items: rows.map((r) => `${r.name} ... DRY-RUN ${r.what}`) },
    {
      kind: 'text',
      text: `Nothing was run and no evidence was written${wouldWrite ? ` (a run would write ${wouldWrite})` : ''}.`,
    },
  ];
  if (notes.length)
    blocks.push({ kind: 'heading', text: 'GitHub', level: 3 }, { kind: 'list', items: notes });
  blocks.push({ kind: 'result', label: RESULT_LABEL, value: 'DRY-RUN', ok: null });
  return { title: REPORT_TITLE, blocks };
}

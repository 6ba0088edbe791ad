/**
 * The incident record (the release runbook, the release and incident flow-5): one issue per rolled-back release, labelled
 * `incident` and `severity:<level>`, found again by a hidden marker in its body
 * (`<!-- release-ops:incident <from_tag> -->`) so that a re-run updates it instead of opening another.
 * Its body carries the release runbook's fields — UTC time, reason, tenant/store/user impact, mitigation state —
 * and a machine-readable state line; each step of the rollback adds one comment, also marked, so a
 * re-run does not repeat a comment for a step already reported.
 */
import type { JournalEntry } from '../journal/journal.js';
import type { GitHubPort, Issue } from '../ports/index.js';
import { oneLine, utcTime } from './banner.js';
import type { Severity } from './types.js';

export type IncidentPhase = 'in-progress' | 'rolled-back' | 'rollback-failed' | 'revert-opened';

/** What the state line in the body holds; the source of truth for resuming and for the cascade guard. */
export interface IncidentState {
  from: string;
  to: string;
  phase: IncidentPhase;
  /** When the trigger fired (ms since the epoch); kept across updates. */
  at: number;
  severity: Severity;
  reason: string;
  /** When health was verified, if it was. */
  verifiedAt?: number;
  /** The commit of the release rolled back: the build that is marked (its RC shares it). */
  fromSha?: string;
}

export interface IncidentFacts extends IncidentState {
  environment: string;
  impact?: string;
  /** How the rollback started: `manual rollback by octocat`, `hypercare watch (trigger health)`, … */
  startedBy?: string;
  targetKind: string;
  hypercareWindow?: string;
  runUrl?: string;
  detail?: string;
}

export interface FoundIncident {
  issue: Issue;
  state: IncidentState | null;
}

/** The release and incident flow's severity matrix. */
export const SEVERITY_MATRIX: Record<Severity, { impact: string; action: string; response: string }> = {
  critical: {
    impact: 'system down or multi-tenant data leak',
    action: 'incident + full rollback',
    response: 'immediately (< 15 min)',
  },
  high: {
    impact: 'core functionality broken for a group of users',
    action: 'priority hotfix',
    response: '< 60 min',
  },
  medium: { impact: 'minor degradation or cosmetic bug', action: 'scheduled patch', response: '< 24 hours' },
  low: {
    impact: 'improvement or technical suggestion',
    action: 'backlog / next release',
    response: 'next cycle',
  },
};

export const marker = (fromTag: string) => `<!-- release-ops:incident ${fromTag} -->`;
const STATE_LINE = /^<!-- release-ops:state (\{.*\}) -->$/;
const MARKER = /<!-- release-ops:incident (\S+) -->/;
const stepMarker = (step: string, status: string) => `<!-- release-ops:step ${step} ${status} -->`;

/** The state line we wrote: only the body's last line is read, so no text above it can stand in. */
export function parseState(body: string | null): IncidentState | null {
  const lines = (body ?? '').trimEnd().split('\n');
  const m = STATE_LINE.exec(lines[lines.length - 1]!.trim());
  if (!m) return null;
  try {
    const s = JSON.parse(m[1]!) as IncidentState;
    return typeof s.from === 'string' && typeof s.to === 'string' && typeof s.phase === 'string' ? s : null;
  } catch {
    return null;
  }
}

/** Every incident issue release-ops opened (any state), with its parsed state. */
export async function listIncidents(
  gh: GitHubPort,
  label: string,
  state: 'open' | 'all' = 'all',
): Promise<FoundIncident[]> {
  const issues = await gh.findIssues({ labels: [label], state });
  return issues
    .filter((i) => MARKER.test(i.body ?? ''))
    .map((issue) => ({ issue, state: parseState(issue.body) }));
}

/** The incident of one release: open ones first, then the most recent. */
export function incidentFor(all: FoundIncident[], fromTag: string): FoundIncident | null {
  const mine = all.filter((f) => (f.issue.body ?? '').includes(marker(fromTag)));
  mine.sort(
    (a, b) =>
      Number(b.issue.state === 'open') - Number(a.issue.state === 'open') || b.issue.number - a.issue.number,
  );
  return mine[0] ?? null;
}

export function incidentTitle(f: IncidentFacts): string {
  const what = f.phase === 'rollback-failed' ? 'FAILED rollback' : 'Rollback';
  return `${what} of ${f.from} to ${f.to} (severity ${f.severity})`;
}

export function mitigationText(f: IncidentFacts): string {
  switch (f.phase) {
    case 'in-progress':
      return `Rollback in progress to ${f.to}`;
    case 'rolled-back':
      return `Mitigated: ${f.to} redeployed${f.verifiedAt ? ` and health verified at ${utcTime(f.verifiedAt)}` : ''}`;
    case 'rollback-failed':
      return `**NOT mitigated: the rollback failed${f.detail ? ` (${oneLine(f.detail, 200)})` : ''}. A human must act; release-ops will not retry on its own.**`;
    case 'revert-opened':
      return `Release demoted; revert pull request opened${f.detail ? `: ${f.detail}` : ''}`;
  }
}

export function incidentBody(f: IncidentFacts): string {
  const sev = SEVERITY_MATRIX[f.severity];
  const state: IncidentState = {
    from: f.from,
    to: f.to,
    phase: f.phase,
    at: f.at,
    severity: f.severity,
    reason: oneLine(f.reason, 300),
    ...(f.verifiedAt !== undefined ? { verifiedAt: f.verifiedAt } : {}),
    ...(f.fromSha ? { fromSha: f.fromSha } : {}),
  };
  const rows: [string, string][] = [
    ['Time (UTC)', utcTime(f.at)],
    ['Reason', oneLine(f.reason, 500)],
    ['Impact (tenant / store / user)', f.impact ? oneLine(f.impact, 500) : '_to be assessed_'],
    ['Mitigation state', mitigationText(f)],
    ...(f.startedBy ? [['Started by', oneLine(f.startedBy, 200)] as [string, string]] : []),
    [
      'Severity',
      `**${f.severity}**: ${sev.impact}; ${sev.action}; respond ${sev.response} (severity matrix)`,
    ],
    ['Release rolled back', f.from],
    ['Restored', `${f.to} (${f.targetKind})`],
    ['Environment', f.environment],
  ];
  if (f.hypercareWindow) rows.push(['Hypercare window', f.hypercareWindow]);
  if (f.runUrl) rows.push(['Run', f.runUrl]);
  return [
    marker(f.from),
    `### Rollback of ${f.from}`,
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`),
    '',
    'Each step of the rollback is recorded as a comment below.',
    '',
    `<!-- release-ops:state ${JSON.stringify(state).replace(/-->/g, '')} -->`,
  ].join('\n');
}

export function incidentLabels(configured: string[], severity: Severity): string[] {
  return [...new Set([...configured, `severity:${severity}`])];
}

/** Opens the incident, or brings an existing one up to date (no write when nothing changed). */
export async function upsertIncident(
  gh: GitHubPort,
  existing: FoundIncident | null,
  facts: IncidentFacts,
  labels: string[],
): Promise<{ issue: Issue; action: 'opened' | 'updated' | 'unchanged' }> {
  const body = incidentBody(facts);
  const title = incidentTitle(facts);
  if (!existing) return { issue: await gh.createIssue({ title, body, labels }), action: 'opened' };
  const cur = existing.issue;
  const sameLabels = labels.every((l) => cur.labels.includes(l));
  if (cur.body === body && cur.title === title && cur.state === 'open' && sameLabels)
    return { issue: cur, action: 'unchanged' };
  const issue = await gh.updateIssue(cur.number, {
    title,
    body,
    state: 'open',
    labels: [...new Set([...cur.labels.filter((l) => !l.startsWith('severity:')), ...labels])],
  });
  return { issue, action: 'updated' };
}

/** Posts one comment per step, skipping steps already reported with the same outcome. */
export class StepComments {
  private seen = new Set<string>();
  constructor(
    private readonly gh: GitHubPort,
    private readonly issueNumber: number,
  ) {}

  async load(): Promise<void> {
    for (const c of await this.gh.listIssueComments(this.issueNumber)) {
      for (const m of c.body.matchAll(/<!-- release-ops:step (\S+) (\S+) -->/g))
        this.seen.add(`${m[1]} ${m[2]}`);
    }
  }

  /** Whether an earlier run already reported this step with this outcome. */
  has(step: string, status: 'done' | 'failed' | 'skipped'): boolean {
    return this.seen.has(`${step} ${status}`);
  }

  /**
   * One journal entry as a comment. Its detail may carry free text (a reason, a program's output): it
   * is put on one line with no markers, mentions or links an input could inject.
   */
  async post(e: Pick<JournalEntry, 'name' | 'status' | 'detail' | 'at'>): Promise<void> {
    // `already` (found done by a re-run) is the same news as `done`.
    const status = e.status === 'already' ? 'done' : e.status;
    const key = `${e.name} ${status}`;
    if (this.seen.has(key) || e.status === 'planned') return;
    const icon = { done: '✅', skipped: '➖', failed: '❌', planned: '📝', already: '✅' }[e.status];
    await this.gh.createIssueComment(
      this.issueNumber,
      `${stepMarker(e.name, status)}\n${icon} **${e.name}** (${utcTime(e.at)}): ${oneLine(e.detail, 2000)}`,
    );
    this.seen.add(key);
  }
}

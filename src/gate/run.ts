/**
 * The readiness gate, the go-live runbook's checklist. The steps, each recorded in the journal:
 * 1. `checks`: every check runs (runner.ts), at most `concurrency` at a time — or, in a dry run, each
 *    says what it would run and nothing runs;
 * 2. the decision: PASS when no blocker failed and the job was not cancelled, else FAIL;
 * 3. `report on the commit`: the check run (or commit status) on the commit checked — a journal
 *    effect, planned in a dry run; skipped without a token or a commit, and said so.
 */
import { Journal } from '../journal/journal.js';
import { toMarkdown } from '../report/doc.js';
import { publishGateStatus } from './publish.js';
import { counts, gateReport } from './report.js';
import { describeCheck, runGate } from './runner.js';
import type { GateSettings } from './settings.js';
import type { GateDeps, GateResult } from './types.js';

/** The ports the gate works through (the rest of GateDeps comes from the settings). */
export type GatePorts = Omit<GateDeps, 'sha' | 'freezeOverride' | 'selfNames'> & {
  /** The run's URL, linked from the check run. */
  runUrl?: string;
};

/** What one run of the gate did. */
export interface GateRun {
  /** The verdicts; null in a dry run. */
  result: GateResult | null;
  /** A dry run: what each check would do. */
  plan: { name: string; what: string }[];
  /** What was reported to GitHub, or why nothing was: one line each, for the report. */
  notes: string[];
  /** What was reported to GitHub, for the evidence (`kind`: check_run, commit_status, none, skipped). */
  github: Record<string, unknown>;
  journal: Journal;
  startedAt: number;
  endedAt: number;
}

export async function runReadinessGate(ports: GatePorts, s: GateSettings): Promise<GateRun> {
  const deps: GateDeps = { ...ports, sha: s.sha, freezeOverride: s.freezeOverride, selfNames: s.selfNames };
  const run: GateRun = {
    result: null,
    plan: [],
    notes: [],
    github: {},
    journal: new Journal(ports.clock, ports.logger, s.dryRun),
    startedAt: ports.clock.now(),
    endedAt: 0,
  };
  await checksStep(run, deps, s);
  if (run.result) await run.journal.decide(run.result.result, decisionReason(run.result));
  await reportStep(run, ports, s);
  run.endedAt = ports.clock.now();
  return run;
}

async function checksStep(run: GateRun, deps: GateDeps, s: GateSettings): Promise<void> {
  await run.journal.step('checks', async () => {
    if (s.dryRun) {
      run.plan = s.checks.map((c) => ({ name: c.name, what: describeCheck(c, deps) }));
      for (const r of run.plan) deps.logger.info(`DRY-RUN ${r.name}: ${r.what}`);
      return { status: 'planned', detail: `${s.checks.length} check${s.checks.length === 1 ? '' : 's'}` };
    }
    run.result = await runGate({ checks: s.checks, concurrency: s.concurrency }, deps);
    return { status: 'done', detail: counts(run.result) };
  });
}

function decisionReason(result: GateResult): string {
  if (result.cancelled) return 'the job was cancelled';
  if (result.failed.length) return `blocker checks failed: ${result.failed.join(', ')}`;
  return `no blocker failed${result.warned.length ? ` (warnings: ${result.warned.join(', ')})` : ''}`;
}

/** `report on the commit`: the check run (or commit status), or why it was skipped. */
async function reportStep(run: GateRun, ports: GatePorts, s: GateSettings): Promise<void> {
  const skipped = skipReason(ports, s);
  if (skipped) {
    run.notes.push(skipped);
    run.github = { kind: 'skipped', reason: skipped };
    await run.journal.note('report on the commit', { status: 'skipped', detail: skipped });
    return;
  }
  const github = ports.github!;
  const sha = s.sha!;
  const planned = `check run "${s.checkName}" on ${sha.slice(0, 7)}`;
  const published = await run.journal.effect(
    'createCheckRun',
    planned,
    async () => {
      const result = run.result!;
      const p = await publishGateStatus(github, {
        name: s.checkName,
        sha,
        result,
        summaryMarkdown: ports.redactor.redact(toMarkdown(gateReport(result))),
        configPath: s.config.repoPath,
        lineOf: (i) => s.config.lines[i] ?? 1,
        detailsUrl: ports.runUrl,
      });
      return { value: p, outcome: { status: p.record.kind === 'none' ? 'failed' : 'done', detail: p.note } };
    },
    { data: { args: { name: s.checkName, head_sha: sha } } },
  );
  if (!published) {
    run.notes.push(`Would report ${planned}`);
    return;
  }
  run.notes.push(published.note);
  run.github = published.record;
}

/** Why the gate cannot report on the commit (no token, no commit), or null when it can. */
function skipReason(ports: GatePorts, s: GateSettings): string | null {
  if (!ports.github) {
    const needGitHub = s.checks.filter((c) => c.type === 'github-checks').map((c) => c.name);
    return (
      `No GitHub token: skipped the PR status check "${s.checkName}"` +
      (needGitHub.length
        ? `; github-checks ${s.dryRun ? 'would fail' : 'failed'}: ${needGitHub.join(', ')}`
        : '')
    );
  }
  if (!s.sha) return `No commit sha (input sha or GITHUB_SHA): skipped the PR status check "${s.checkName}"`;
  return null;
}

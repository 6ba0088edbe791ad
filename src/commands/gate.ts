/**
 * `release-ops gate` / readiness-gate: the inputs it declares, and the wiring — inputs and config →
 * settings (src/gate/settings.ts) → the checks and the report on the commit (run.ts) → evidence and
 * report.
 */
import { sha256File } from '../gate/hash.js';
import { recordEvidence } from '../gate/evidence.js';
import { dryRunReport, gateReport } from '../gate/report.js';
import { runReadinessGate } from '../gate/run.js';
import { readGateSettings } from '../gate/settings.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  ...COMMON_INPUTS,
  'check-name': {
    description: 'Name of the check run (or commit status) the gate reports on the commit',
    default: 'readiness-gate',
    placeholder: 'NAME',
  },
  'freeze-override': {
    description:
      "Severity of the hotfix being deployed; inside a freeze window, a severity listed in the freeze check's allow_override_for (default high, critical) passes, and the override is recorded",
    default: '',
    kind: 'enum',
    values: ['low', 'medium', 'high', 'critical'],
    placeholder: 'SEVERITY',
  },
  sha: {
    description:
      "Commit to report on and to inspect with github-checks (default: the tag's commit, then the pull request head, then GITHUB_SHA)",
    default: '',
    placeholder: 'SHA',
  },
  tag: {
    description:
      'The release tag being checked: resolved to its commit (which the gate checks and outputs as sha) before any check runs',
    default: '',
    placeholder: 'TAG',
  },
  'expected-sha': {
    description:
      "The commit the gate must be checking (the tag's, or sha); a mismatch is refused before any check runs",
    default: '',
    placeholder: 'SHA',
  },
} satisfies InputSpecs;

export const outputs = {
  result: 'PASS, FAIL or DRY-RUN',
  failed: 'Comma-separated names of the blocker checks that failed',
  'report-path':
    'Absolute path of the evidence file gate_report_<UTC>.json (empty on a dry run, which writes none)',
  sha: 'The commit the gate checked: pass it to canary-promote and rc-to-ga as expected-sha to bind them to it',
};

const command: Command = {
  name: 'gate',
  summary:
    'Run the readiness checks (commands, HTTP probes, git, freeze windows, GitHub checks, backups): PASS or FAIL',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const { settings, github } = await readGateSettings(ctx);
    const run = await runReadinessGate(
      {
        process: ctx.process,
        http: ctx.http,
        clock: ctx.clock,
        fs: ctx.fs,
        hashFile: sha256File,
        github,
        redactor: ctx.redactor,
        env: ctx.env,
        cwd: ctx.cwd,
        logger: ctx.logger,
        signal: ctx.signal,
        runUrl: ctx.run.runUrl,
      },
      settings,
    );
    const evidence = await recordEvidence(ctx, run, settings);
    const sha = settings.sha ?? '';
    if ('wouldWrite' in evidence || !run.result) {
      const would = 'wouldWrite' in evidence ? evidence.wouldWrite : undefined;
      return {
        exitCode: 0,
        outputs: { result: 'DRY-RUN', failed: '', 'report-path': '', sha },
        report: dryRunReport(run.plan, run.notes, would),
      };
    }
    const result = run.result;
    const n = result.failed.length;
    return {
      exitCode: result.result === 'PASS' ? 0 : 1,
      outputs: {
        result: result.result,
        failed: result.failed.join(','),
        'report-path': evidence.written,
        sha,
      },
      report: gateReport(result, { notes: run.notes, evidencePath: evidence.written }),
      ...(result.result === 'FAIL'
        ? {
            failMessage: result.cancelled
              ? 'Readiness gate FAIL: the job was cancelled'
              : `Readiness gate FAIL: ${n} check${n === 1 ? '' : 's'} failed (${result.failed.join(', ')})`,
          }
        : {}),
    };
  },
};
export default command;

/**
 * `rollback` (action auto-rollback): demote a bad release, restore the last good one (or a named tag,
 * or the validated RC), redeploy it with the user's program, verify health, record the incident. Mode
 * `watch` first watches health and metrics for a window and acts only when a trigger fires.
 * inputs → settings (src/rollback/settings) → runbook (src/rollback/run) → evidence + report → Outcome.
 */
import path from 'node:path';
import { redactingCalls } from '../evidence/redact.js';
import { recordRollbackEvidence } from '../rollback/evidence.js';
import { rollbackReport } from '../rollback/report.js';
import { runRollback } from '../rollback/run.js';
import { rollbackSettings } from '../rollback/settings.js';
import { FAILING_RESULTS, SEVERITIES } from '../rollback/types.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  ...COMMON_INPUTS,
  mode: {
    description:
      'rollback: act now (a failed step, a manual dispatch); watch: probe health and metrics for a window and roll back when a trigger fires',
    default: 'rollback',
    kind: 'enum',
    values: ['rollback', 'watch'],
    placeholder: 'rollback|watch',
  },
  from: {
    description: 'The bad release tag (default: the current latest release)',
    default: '',
    placeholder: 'TAG',
  },
  to: {
    description:
      'The tag to restore, or rc for the validated release candidate of the bad version (default: the last build live in the environment that is not marked rolled back, else the previous stable release); naming a build marked rolled back restores it anyway',
    default: '',
    placeholder: 'TAG|rc',
  },
  'expected-sha': {
    description:
      'The commit the from tag must resolve to (e.g. the readiness gate output sha); a mismatch is refused before anything runs',
    default: '',
    placeholder: 'SHA',
  },
  reason: {
    description:
      'Why: goes into the incident, the release banner and the message (watch mode adds the trigger)',
    default: '',
    placeholder: 'TEXT',
    // Free text (a ChatOps comment, a form field): line breaks are accepted and folded into spaces.
    multiline: true,
  },
  impact: {
    description:
      'Tenant/store/user impact for the incident record, e.g. "all tenants: checkout unavailable" (default: rollback.incident.impact)',
    default: '',
    placeholder: 'TEXT',
    multiline: true,
  },
  severity: {
    description:
      'Severity for the incident, from the severity matrix (default: in watch mode the severity matrix entry of the trigger that fired, rollback.watch.severity; else rollback.incident.severity, else high)',
    default: '',
    kind: 'enum',
    values: SEVERITIES,
    placeholder: 'critical|high|medium|low',
  },
  environment: {
    description: 'Deployment environment (default: rollback.environment, else production)',
    default: '',
    placeholder: 'NAME',
  },
  strategy: {
    description:
      'redeploy the target, revert-commit (open a revert pull request), or both (default: rollback.strategy, else redeploy)',
    default: '',
    kind: 'enum',
    values: ['redeploy', 'revert-commit', 'both'],
    placeholder: 'redeploy|revert-commit|both',
  },
  'webhook-url': {
    description: 'Slack-compatible incoming webhook for the abort message (masked in logs)',
    default: '',
    kind: 'secret',
    placeholder: 'URL',
  },
  'hypercare-window': {
    description:
      "Which hypercare window this run is, as a time after the go-live (0h, 1h, 4h, 8h, 24h, T+72h), or auto (named from the build's first deployment in the environment, among rollback.hypercare_windows); recorded in the evidence and the incident",
    default: '',
    placeholder: 'WINDOW|auto',
  },
  hotfix: {
    description: 'After the rollback, create the branch hotfix/<next patch of the bad release> from its tag',
    default: 'false',
    kind: 'boolean',
  },
} as const satisfies InputSpecs;

export const outputs = {
  'rolled-back':
    'true when this run rolled back and verified (or redeployed without verification configured)',
  'from-tag': 'The bad release',
  'to-tag': 'The restored release',
  'incident-url': 'The incident issue',
  reason: 'Why (the input, or the trigger that fired)',
  result:
    'rolled-back, rollback-failed, nothing-to-do, healthy, inconclusive, busy, revert-opened, refused or dry-run',
  'report-path': 'Path of the evidence file rollback_report_<UTC>.json',
  'revert-pr-url': 'The revert pull request (strategy revert-commit or both)',
  'hotfix-branch': 'The hotfix branch created (input hotfix)',
  'hotfix-version': 'The hotfix version, e.g. 1.0.2 (input hotfix)',
};

const command: Command = {
  name: 'rollback',
  summary: 'Roll back a bad release now, or watch it and roll back when a trigger fires',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const gh = await ctx.github();
    const settings = await rollbackSettings({
      inputs: ctx.inputs,
      config: await ctx.loadConfig(['rollback', 'canary']),
      env: ctx.env,
      cwd: ctx.cwd,
      redactor: ctx.redactor,
      run: {
        id: ctx.env.GITHUB_RUN_ID,
        url: ctx.run.runUrl,
        actor: ctx.run.actor ?? ctx.env.USER,
        eventName: ctx.run.eventName,
        repository: ctx.run.repository,
      },
      gh,
    });
    if (!gh)
      ctx.logger.warn(
        'no GitHub token: the release, deployment and incident steps are skipped (name from and to)',
      );
    const result = await runRollback(
      {
        // what the rollback writes to GitHub (the incident, comments, notes, statuses) is redacted like the log
        gh: gh && redactingCalls(gh, ctx.redactor),
        clock: ctx.clock,
        http: ctx.http,
        process: ctx.process,
        fs: ctx.fs,
        logger: ctx.logger,
        redactor: ctx.redactor,
        signal: ctx.signal,
        env: ctx.env,
      },
      settings,
    );
    const evidence = await recordRollbackEvidence(ctx, settings, result);
    const failed = FAILING_RESULTS.includes(result.result);
    return {
      exitCode: failed ? 1 : 0,
      outputs: {
        'rolled-back': String(result.result === 'rolled-back'),
        'from-tag': result.fromTag ?? '',
        'to-tag': result.toTag ?? '',
        'incident-url': result.incidentUrl ?? '',
        reason: result.reason ?? '',
        result: result.result,
        'report-path': evidence && 'written' in evidence ? evidence.written : '',
        'revert-pr-url': result.revertPrUrl ?? '',
        'hotfix-branch': result.hotfix?.branch ?? '',
        'hotfix-version': result.hotfix?.version ?? '',
      },
      report: rollbackReport(settings, result, {
        evidence,
        cwdRelative: (p) => path.relative(ctx.cwd, p) || p,
      }),
      ...(failed ? { failMessage: `rollback ${result.result}: ${result.message}` } : {}),
    };
  },
};

export default command;

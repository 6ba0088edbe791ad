/**
 * `rollback` (action auto-rollback): demote a bad release, restore the previous stable one (or a named
 * tag, or the validated RC), redeploy it with the user's program, verify health, record the incident.
 * Mode `watch` first watches health and metrics for a window and acts only when a trigger fires.
 * inputs → settings (src/rollback/settings) → engine (src/rollback/run) → evidence + report → Outcome.
 */
import { checkWebhookUrl } from '../notify/webhook.js';
import { ConfigError } from '../errors.js';
import { checkTagName, resolveBuild } from '../ledger/identity.js';
import { DEFAULT_STALE_AFTER_MS, sweepStale } from '../ledger/ledger.js';
import path from 'node:path';
import { redactingCalls } from '../evidence/redact.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import { rollbackEvidence, rollbackReport } from '../rollback/report.js';
import { runRollback } from '../rollback/run.js';
import { defaultRollbackConfig, resolveRollback } from '../rollback/settings.js';
import {
  FAILING_RESULTS,
  HYPERCARE_WINDOWS,
  SEVERITIES,
  type Mode,
  type Severity,
  type Strategy,
} from '../rollback/types.js';
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
  severity: {
    description:
      'Severity for the incident, from the severity matrix (default: rollback.incident.severity, else high)',
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
    description: 'Slack-compatible incoming webhook for the go-live runbook template D (masked in logs)',
    default: '',
    kind: 'secret',
    placeholder: 'URL',
  },
  'hypercare-window': {
    description:
      'Which hypercare window this run is (0h, 1h, 4h, 8h, 24h), or auto (from the release age); recorded in the evidence and the incident',
    default: '',
    kind: 'enum',
    values: [...HYPERCARE_WINDOWS, 'auto'],
    placeholder: 'WINDOW',
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
    const dryRun = ctx.inputs.bool('dry-run');
    const webhookUrl = ctx.inputs.string('webhook-url');
    if (webhookUrl) {
      checkWebhookUrl(webhookUrl);
      ctx.redactor.add(webhookUrl);
    }
    const values = {
      mode: ctx.inputs.enum<Mode>('mode'),
      from: ctx.inputs.string('from'),
      to: ctx.inputs.string('to'),
      // One line: the reason is logged, and a line starting with `::` would be a workflow command.
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      reason: ctx.inputs.string('reason')?.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' '),
      severity: ctx.inputs.enum<Severity>('severity'),
      environment: ctx.inputs.string('environment'),
      strategy: ctx.inputs.enum<Strategy>('strategy'),
      webhookUrl,
      hypercareWindow: ctx.inputs.enum<string>('hypercare-window'),
      hotfix: ctx.inputs.bool('hotfix'),
      dryRun,
    };
    const dir = artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir'));
    const loaded = await ctx.loadConfig();
    const repository = ctx.run.repository;
    const settings = resolveRollback(loaded.config.rollback ?? defaultRollbackConfig(), values, {
      env: ctx.env,
      redactor: ctx.redactor,
      source: loaded.source,
      cwd: ctx.cwd,
      service: repository?.split('/')[1] ?? path.basename(path.resolve(ctx.cwd)),
      run: {
        id: ctx.env.GITHUB_RUN_ID,
        url: ctx.run.runUrl,
        actor: ctx.run.actor ?? ctx.env.USER,
        eventName: ctx.run.eventName,
      },
    });
    // Build identity before anything runs: tag names a program could misread are refused, and with
    // expected-sha the bad release must be the commit an earlier step shipped.
    if (values.from) checkTagName('from', values.from);
    if (values.to && values.to.toLowerCase() !== 'rc') checkTagName('to', values.to);
    const expected = ctx.inputs.string('expected-sha');
    const gh0 = await ctx.github();
    if (expected) {
      if (!values.from)
        throw ConfigError.input('expected-sha', 'expected-sha binds the release named by from: set from too');
      await resolveBuild(gh0, { input: 'from', tag: values.from, expectedSha: expected, release: 'none' });
    }
    if (gh0) {
      const stale = await sweepStale(gh0, settings.environment, {
        runId: ctx.run.runId,
        now: ctx.clock.now(),
        staleAfterMs: loaded.config.canary?.stale_after ?? DEFAULT_STALE_AFTER_MS,
        dryRun,
      });
      for (const m of stale.marked)
        ctx.logger.warn(`deployment ${m.id} of ${m.tag}${dryRun ? ' would be' : ''} marked error: ${m.why}`);
    }
    // What the rollback writes to GitHub (the incident, comments, notes, statuses) is redacted like the log.
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    if (!github)
      ctx.logger.warn(
        'no GitHub token: the release, deployment and incident steps are skipped (name from and to)',
      );

    const result = await runRollback(
      {
        gh: github,
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
    let reportPath = '';
    if (!dryRun) {
      reportPath = await writeEvidence(ctx, {
        dir: path.resolve(ctx.cwd, dir),
        prefix: 'rollback_report',
        data: rollbackEvidence(settings, result),
      });
    }
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
        'report-path': reportPath,
        'revert-pr-url': result.revertPrUrl ?? '',
        'hotfix-branch': result.hotfix?.branch ?? '',
        'hotfix-version': result.hotfix?.version ?? '',
      },
      report: rollbackReport(settings, result, {
        evidencePath: reportPath ? path.relative(ctx.cwd, reportPath) || reportPath : undefined,
      }),
      ...(failed ? { failMessage: `rollback ${result.result}: ${result.message}` } : {}),
    };
  },
};

export default command;

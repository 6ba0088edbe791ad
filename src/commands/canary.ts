/**
 * `canary` (action canary-promote): staged rollout with metric analysis and automatic abort.
 * inputs → settings (src/rollout/settings) → engine (src/rollout/canary) → evidence + report → Outcome.
 */
import { checkWebhookUrl } from '../notify/webhook.js';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, errorMessage } from '../errors.js';
import { redactingCalls } from '../evidence/redact.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import { runCanary } from '../rollout/canary.js';
import { canaryEvidence, canaryPlan, canaryReport } from '../rollout/report.js';
import { resolveCanary, type OnFailure } from '../rollout/settings.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  ...COMMON_INPUTS,
  tag: {
    description: 'The tag being rolled out: {tag} in the deploy program, RELEASE_OPS_TAG in its environment',
    required: true,
    placeholder: 'TAG',
  },
  'previous-tag': {
    description:
      'The tag to roll back to: {previous_tag} (default: the latest release, when a token is available)',
    default: '',
    placeholder: 'TAG',
  },
  environment: {
    description: 'Deployment environment (default: canary.environment in the config, else production)',
    default: '',
    placeholder: 'NAME',
  },
  'on-failure': {
    description:
      'What a failed analysis or deploy does: abort (roll back, then verify) or pause (stop, no rollback); overrides canary.on_failure',
    default: '',
    kind: 'enum',
    values: ['abort', 'pause'],
    placeholder: 'abort|pause',
  },
  'webhook-url': {
    description: 'Slack-compatible incoming webhook for the four rollout messages (masked in logs)',
    default: '',
    kind: 'secret',
    placeholder: 'URL',
  },
} as const satisfies InputSpecs;

export const outputs = {
  result: 'promoted, aborted, rolled-back or rollback-failed',
  'failed-step': 'The step (1-based) at which the rollout stopped; empty when promoted',
  reason: 'Why the rollout stopped: the measured value, the condition and the limit',
  'report-path': 'Path of the evidence file canary_report_<UTC>.json',
  'deployment-id': 'The GitHub deployment id; empty when tracking was skipped',
};

const command: Command = {
  name: 'canary',
  summary: 'Staged rollout with metric analysis and automatic abort',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const tag = ctx.inputs.string('tag')!;
    const dryRun = ctx.inputs.bool('dry-run');
    const webhookUrl = ctx.inputs.string('webhook-url');
    if (webhookUrl) {
      checkWebhookUrl(webhookUrl);
      ctx.redactor.add(webhookUrl);
    }
    const onFailure = ctx.inputs.enum<OnFailure>('on-failure');
    const environment = ctx.inputs.string('environment');
    let previousTag = ctx.inputs.string('previous-tag');
    const dir = artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir'));

    const loaded = await ctx.loadConfig();
    const cfg = loaded.config.canary;
    if (!cfg) {
      throw new ConfigError({
        file: loaded.source.file,
        line: 1,
        message:
          'no canary: section — canary-promote needs canary.deploy, canary.steps and usually canary.analysis (docs/actions/canary-promote.md)',
      });
    }
    // What the rollout writes to GitHub (deployment statuses) is redacted like the log.
    const gh0 = await ctx.github();
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    if (!previousTag && github) {
      try {
        const latest = await github.getLatestRelease();
        if (latest && latest.tagName !== tag) {
          previousTag = latest.tagName;
          ctx.logger.info(`previous-tag not given: using the latest release, ${previousTag}`);
        }
      } catch (err) {
        ctx.logger.warn(`could not look up the latest release for previous-tag: ${errorMessage(err)}`);
      }
    }
    const repository = ctx.run.repository;
    const settings = resolveCanary(cfg, {
      tag,
      previousTag,
      environment,
      onFailure,
      webhookUrl,
      env: ctx.env,
      redactor: ctx.redactor,
      source: loaded.source,
      cwd: ctx.cwd,
      facts: {
        service: repository?.split('/')[1] ?? path.basename(path.resolve(ctx.cwd)),
        repository,
        owner: ctx.run.actor ?? ctx.env.USER ?? os.userInfo().username,
        runUrl: ctx.run.runUrl,
      },
    });

    if (dryRun) {
      return { exitCode: 0, outputs: {}, report: canaryPlan(settings, { tracking: github !== null }) };
    }

    const run = await runCanary(settings, {
      clock: ctx.clock,
      http: ctx.http,
      process: ctx.process,
      logger: ctx.logger,
      redactor: ctx.redactor,
      signal: ctx.signal,
      github,
    });
    const reportPath = await writeEvidence(ctx, {
      dir: path.resolve(ctx.cwd, dir),
      prefix: 'canary_report',
      data: canaryEvidence(settings, run),
    });
    const shownPath = path.relative(ctx.cwd, reportPath) || reportPath;
    return {
      exitCode: run.result === 'promoted' ? 0 : 1,
      outputs: {
        result: run.result,
        'failed-step': run.failedStep !== undefined ? String(run.failedStep) : '',
        reason: run.reason,
        'report-path': reportPath,
        'deployment-id': run.deployment.id !== undefined ? String(run.deployment.id) : '',
      },
      report: canaryReport(settings, run, { evidencePath: shownPath }),
      ...(run.result === 'promoted' ? {} : { failMessage: `canary ${run.result}: ${run.reason}` }),
    };
  },
};

export default command;

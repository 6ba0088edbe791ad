/**
 * `canary` (action canary-promote): staged rollout with metric analysis and automatic abort.
 * inputs → settings (src/rollout/settings) → engine (src/rollout/canary) → evidence + report → Outcome.
 */
import { checkWebhookUrl } from '../notify/webhook.js';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { redactingCalls } from '../evidence/redact.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import { runCanary } from '../rollout/canary.js';
import { canaryEvidence, canaryPlan, canaryReport } from '../rollout/report.js';
import { resolveCanary, type OnFailure } from '../rollout/settings.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Context, Outcome } from './types.js';
import { checkTagName, resolveBuild, type Build } from '../ledger/identity.js';
import { readEnvironment, sweepStale } from '../ledger/ledger.js';
import { describeMark, refuseRolledBack, type RolledBackMark } from '../ledger/marks.js';
import type { GitHubPort } from '../ports/index.js';

export const inputs = {
  ...COMMON_INPUTS,
  tag: {
    description: 'The tag being rolled out: {tag} in the deploy program, RELEASE_OPS_TAG in its environment',
    required: true,
    placeholder: 'TAG',
  },
  'previous-tag': {
    description:
      'The tag to roll back to: {previous_tag} (default: the build live in the environment, else the latest release; needs a token)',
    default: '',
    placeholder: 'TAG',
  },
  'expected-sha': {
    description:
      'The commit the tag must resolve to (e.g. the readiness gate output sha); a tag moved since is refused before anything runs',
    default: '',
    placeholder: 'SHA',
  },
  'allow-rolled-back': {
    description:
      'Ship a build marked rolled back anyway; the reason is required and recorded in the evidence and the deployment',
    default: '',
    placeholder: 'REASON',
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
  sha: 'The commit rolled out (the tag resolved before anything ran); empty without a token',
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
    // Build identity first: nothing runs and nothing is written for a tag that is not what it claims.
    const gh0 = await ctx.github();
    const custody = await verifyCanaryBuild(ctx, gh0, {
      tag,
      previousTag: previousTag ?? '',
      environment: environment || cfg.environment,
      incidentLabel: loaded.config.rollback?.incident.labels[0] ?? 'incident',
      staleAfterMs: cfg.stale_after,
      dryRun,
    });
    previousTag = custody.previousTag;
    // What the rollout writes to GitHub (deployment statuses) is redacted like the log.
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    const repository = ctx.run.repository;
    const settings = resolveCanary(cfg, {
      tag,
      sha: custody.build.sha,
      ...(custody.overridden ? { allowRolledBack: ctx.inputs.string('allow-rolled-back') } : {}),
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
        runId: ctx.run.runId,
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
      data: { ...canaryEvidence(settings, run), custody: custodyEvidence(custody) },
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
        sha: custody.build.sha,
      },
      report: canaryReport(settings, run, { evidencePath: shownPath }),
      ...(run.result === 'promoted' ? {} : { failMessage: `canary ${run.result}: ${run.reason}` }),
    };
  },
};

interface CanaryCustody {
  build: Build;
  previousTag: string | undefined;
  /** How the previous tag was chosen, for the report. */
  previousFrom: 'input' | 'ledger' | 'latest-release' | 'none';
  mark: RolledBackMark | null;
  overridden: boolean;
}

/**
 * Resolves the tag (and previous tag) to builds and refuses a build marked rolled back, before
 * anything runs. The previous tag defaults to the build live in the environment (the ledger), else
 * the latest release.
 */
async function verifyCanaryBuild(
  ctx: Context,
  gh: GitHubPort | null,
  o: {
    tag: string;
    previousTag: string;
    environment: string;
    incidentLabel: string;
    staleAfterMs: number;
    dryRun: boolean;
  },
): Promise<CanaryCustody> {
  const expected = ctx.inputs.string('expected-sha');
  const allow = ctx.inputs.string('allow-rolled-back');
  const build = await resolveBuild(gh, {
    input: 'tag',
    tag: o.tag,
    release: 'none',
    ...(expected ? { expectedSha: expected } : {}),
  });
  if (o.previousTag) checkTagName('previous-tag', o.previousTag);
  if (!gh) {
    ctx.logger.warn(`build identity not verified: no GitHub token, so ${o.tag} was not resolved to a commit`);
    return {
      build,
      previousTag: o.previousTag || undefined,
      previousFrom: o.previousTag ? 'input' : 'none',
      mark: null,
      overridden: false,
    };
  }
  ctx.logger.info(`${o.tag} is commit ${build.sha}`);
  if (o.previousTag) await resolveBuild(gh, { input: 'previous-tag', tag: o.previousTag, release: 'none' });
  const mark = await refuseRolledBack(gh, build, o.incidentLabel, allow || undefined);
  if (mark) ctx.logger.warn(`shipping a build marked rolled back (${describeMark(mark)}): ${allow}`);
  const view = await readEnvironment(gh, o.environment);
  const stale = await sweepStale(gh, o.environment, {
    runId: ctx.run.runId,
    now: ctx.clock.now(),
    staleAfterMs: o.staleAfterMs,
    view,
    dryRun: o.dryRun,
  });
  for (const m of stale.marked)
    ctx.logger.warn(`deployment ${m.id} of ${m.tag}${o.dryRun ? ' would be' : ''} marked error: ${m.why}`);
  if (o.previousTag)
    return { build, previousTag: o.previousTag, previousFrom: 'input', mark, overridden: mark !== null };
  if (view.live && view.live.sha !== build.sha) {
    ctx.logger.info(`previous-tag not given: ${view.live.tag} is live in ${o.environment} (ledger)`);
    return { build, previousTag: view.live.tag, previousFrom: 'ledger', mark, overridden: mark !== null };
  }
  const latest = await gh.getLatestRelease();
  if (latest && latest.tagName !== o.tag) {
    ctx.logger.info(
      `previous-tag not given and nothing recorded live in ${o.environment}: using the latest release, ${latest.tagName}`,
    );
    return {
      build,
      previousTag: latest.tagName,
      previousFrom: 'latest-release',
      mark,
      overridden: mark !== null,
    };
  }
  return { build, previousTag: undefined, previousFrom: 'none', mark, overridden: mark !== null };
}

function custodyEvidence(c: CanaryCustody): Record<string, unknown> {
  return {
    tag: c.build.tag,
    sha: c.build.sha || null,
    verified: c.build.verified,
    previous_tag: c.previousTag ?? null,
    previous_tag_from: c.previousFrom,
    rolled_back_mark: c.mark,
    allow_rolled_back: c.overridden,
  };
}

export default command;

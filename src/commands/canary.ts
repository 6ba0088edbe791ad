/**
 * `canary` (action canary-promote): staged rollout with metric analysis and automatic abort; resume,
 * promote-now and abort of a rollout that stopped part-way.
 * inputs → settings (src/canary/settings) → run (src/canary/run) → evidence + report → Outcome.
 */
import path from 'node:path';
import { canaryEvidence } from '../canary/evidence.js';
import { canaryLiveView } from '../canary/live.js';
import { canaryPlan, canaryReport } from '../canary/report.js';
import { runCanary } from '../canary/run.js';
import { canarySettings, type CanaryInputs, type OnFailure } from '../canary/settings.js';
import { redactingCalls } from '../evidence/redact.js';
import { writeEvidence } from '../evidence/write.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Context, Outcome } from './types.js';

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
    description: 'Slack-compatible incoming webhook for the rollout messages (masked in logs)',
    default: '',
    kind: 'secret',
    placeholder: 'URL',
  },
  resume: {
    description:
      'Continue the paused or stopped rollout of this build from the step it reached (after one analysis window at the weight reached); refused for another build',
    default: 'false',
    kind: 'boolean',
  },
  'promote-now': {
    description:
      'Finish the paused or stopped rollout of this build now: its remaining steps without pauses or analysis (needs reason)',
    default: 'false',
    kind: 'boolean',
  },
  abort: {
    description:
      'Roll back the paused or stopped rollout of this build, live at partial weight: the rollback program, then the verification (needs reason)',
    default: 'false',
    kind: 'boolean',
  },
  reason: {
    description: 'Why (promote-now, abort): recorded on the deployment, in the evidence and in the messages',
    default: '',
    placeholder: 'TEXT',
  },
} as const satisfies InputSpecs;

export const outputs = {
  result: 'promoted, paused, aborted, rolled-back or rollback-failed',
  'failed-step': 'The step (1-based) at which the rollout stopped; empty when promoted or paused',
  'resume-step': 'The step a later run with resume continues at, when the rollout can be resumed; else empty',
  reason: 'Why the rollout stopped: the measured value, the condition and the limit',
  'report-path': 'Path of the evidence file canary_report_<UTC>.json',
  'deployment-id': 'The GitHub deployment id; empty when tracking was skipped',
  sha: 'The commit rolled out (the tag resolved before anything ran); empty without a token',
};

/** The inputs, read once (a tag first: nothing else matters without one). */
function readInputs(ctx: Context): CanaryInputs {
  return {
    tag: ctx.inputs.string('tag')!,
    dryRun: ctx.inputs.bool('dry-run'),
    resume: ctx.inputs.bool('resume'),
    promoteNow: ctx.inputs.bool('promote-now'),
    abort: ctx.inputs.bool('abort'),
    reason: ctx.inputs.string('reason'),
    previousTag: ctx.inputs.string('previous-tag'),
    expectedSha: ctx.inputs.string('expected-sha'),
    allowRolledBack: ctx.inputs.string('allow-rolled-back'),
    environment: ctx.inputs.string('environment'),
    onFailure: ctx.inputs.enum<OnFailure>('on-failure'),
    webhookUrl: ctx.inputs.string('webhook-url'),
    artifactsDir: ctx.inputs.string('artifacts-dir'),
  };
}

const command: Command = {
  name: 'canary',
  summary: 'Staged rollout with metric analysis and automatic abort; resume, promote-now or abort it',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const { settings, facts } = await canarySettings(ctx, readInputs(ctx));
    const gh = await ctx.github();
    // What the rollout writes to GitHub (deployment statuses) is redacted like the log.
    const github = gh && redactingCalls(gh, ctx.redactor);
    const deps = {
      clock: ctx.clock,
      http: ctx.http,
      process: ctx.process,
      logger: ctx.logger,
      redactor: ctx.redactor,
      signal: ctx.signal,
      github,
    };
    if (facts.dryRun) {
      const plan = await runCanary(settings, { ...deps, dryRun: true });
      return {
        exitCode: 0,
        outputs: {},
        report: canaryPlan(settings, {
          tracking: facts.tracking,
          journal: plan.journal,
          evidenceDir: path.relative(ctx.cwd, facts.artifactsDir) || '.',
        }),
      };
    }
    // the live view: a check run on the build's commit, following the journal
    const live =
      github && settings.sha
        ? canaryLiveView(
            settings,
            { github, clock: ctx.clock, logger: ctx.logger, redact: (t) => ctx.redactor.redact(t) },
            { ...(ctx.run.runUrl ? { detailsUrl: ctx.run.runUrl } : {}) },
          )
        : null;
    await live?.start();
    const run = await runCanary(settings, { ...deps, ...(live ? { live: live.live } : {}) });
    const evidence = canaryEvidence(settings, run, {
      run: {
        actor: ctx.run.actor ?? null,
        url: ctx.run.runUrl ?? null,
        id: ctx.run.runId ?? null,
        repository: ctx.run.repository ?? null,
      },
      custody: facts.custody,
    });
    const reportPath = await writeEvidence(ctx, {
      dir: facts.artifactsDir,
      prefix: 'canary_report',
      data: evidence,
    });
    const shownPath = path.relative(ctx.cwd, reportPath) || reportPath;
    const report = canaryReport(settings, run, { evidencePath: shownPath });
    await live?.finish(run, report);
    // a paused rollout waits for a person; a rollback asked for by hand that succeeded did its job
    const ok =
      run.result === 'promoted' ||
      run.result === 'paused' ||
      (settings.mode === 'abort' && run.result === 'rolled-back');
    return {
      exitCode: ok ? 0 : 1,
      outputs: {
        result: run.result,
        'failed-step': run.failedStep !== undefined ? String(run.failedStep) : '',
        'resume-step': run.resumeStep !== undefined ? String(run.resumeStep) : '',
        reason: run.reason,
        'report-path': reportPath,
        'deployment-id': run.deployment.id !== undefined ? String(run.deployment.id) : '',
        sha: facts.custody.build.sha,
      },
      report,
      ...(ok ? {} : { failMessage: `canary ${run.result}: ${run.reason}` }),
    };
  },
};

export default command;

/**
 * Canary settings: the run's inputs and the config's `canary:` section, resolved once into one
 * documented object — placeholders checked, analyses resolved, templates merged, the build resolved and
 * checked (custody.ts), and for `--resume`, `--promote-now` and `--abort` the rollout to continue read
 * from its GitHub deployment — so the rollout itself never meets a config problem.
 */
import os from 'node:os';
import path from 'node:path';
import type { SourceMap } from '../config/load.js';
import type { CanaryConfig } from '../config/schema/index.js';
import { resolveAnalysis } from '../analysis/settings.js';
import type { AnalysisSpec } from '../analysis/types.js';
import type { Context } from '../commands/types.js';
import {
  CANARY_PLACEHOLDERS,
  ROLLBACK_PLACEHOLDERS,
  placeholdersIn,
  unknownPlaceholders,
} from '../deploy/index.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import {
  MESSAGE_KINDS,
  checkWebhookUrl,
  resolveTemplates,
  unknownTemplatePlaceholders,
  type MessageKind,
} from '../notify/index.js';
import { artifactsDir } from '../evidence/write.js';
import { verifyCanaryBuild, type CanaryCustody } from './custody.js';
import type { Progress } from './progress.js';

export type OnFailure = 'abort' | 'pause';
export type OnInconclusive = 'abort' | 'pause';

/**
 * What the run does: `start` a rollout at step 1; `resume` a paused or stopped one from the step it
 * reached (after one analysis window); `promote-now` it (its remaining steps without pauses or
 * analysis); `abort` it (roll back the build live at partial weight).
 */
export type CanaryMode = 'start' | 'resume' | 'promote-now' | 'abort';

export interface CanaryStep {
  /** 1-based. */
  step: number;
  /** Percent of the traffic on the new build after this step. */
  weight: number;
  /** How long the step bakes, analysed from the moment it is deployed. */
  pauseMs: number;
  /** `pause: approve`: the run ends `paused` after this step. */
  approve: boolean;
  /** A `{ pause: approve }` step without a weight: holds the weight reached, deploys nothing. */
  hold: boolean;
  /** The step's deploy program: its own `deploy`, else `canary.deploy`. */
  deploy: string[];
}

/** The rollout a `resume`, `promote-now` or `abort` run continues, as its deployment records it. */
export interface Continued {
  deploymentId: number;
  progress: Progress;
  /** Its status description, quoted in the report. */
  description: string;
}

export interface CanarySettings {
  mode: CanaryMode;
  /** Why (`--reason`): required for promote-now and abort, recorded on the deployment and in messages. */
  reason?: string;
  tag: string;
  /** The commit the tag resolved to before anything ran; empty when unverified (no GitHub token). */
  sha: string;
  /** Why a build marked rolled back is shipped anyway (`allow-rolled-back`), when it is. */
  allowRolledBack?: string;
  previousTag?: string;
  environment: string;
  onFailure: OnFailure;
  onInconclusive: OnInconclusive;
  /** `canary.deploy`: the deploy program of every step without its own. */
  deploy: string[];
  rollback?: string[];
  programTimeoutMs: number;
  steps: CanaryStep[];
  analysis?: AnalysisSpec;
  /** The analysis run after a rollback: config `verify`, else the step analysis for one window. */
  verify?: AnalysisSpec;
  templates: Record<MessageKind, string>;
  webhookUrl?: string;
  /** `{decision_owner}`: config `decision_owner`, else who started the run. */
  decisionOwner: string;
  cwd: string;
  /** Values for message placeholders and the deployment payload that come from the run. */
  facts: { service: string; repository?: string; owner?: string; runUrl?: string; runId?: string };
  /** The rollout this run continues (modes other than `start`). */
  continued?: Continued;
  /** Where each metric is written in the config (`release-ops.yml:12 canary.analysis.metrics[0]`). */
  metricAt?: Record<string, string>;
}

/** Placeholders the canary's rollback program may use: the canary's plus the rollback action's names. */
export const CANARY_ROLLBACK_PLACEHOLDERS = [...CANARY_PLACEHOLDERS, ...ROLLBACK_PLACEHOLDERS] as const;

export interface ResolveCanaryInput {
  tag: string;
  sha: string;
  mode?: CanaryMode;
  reason?: string;
  allowRolledBack?: string;
  previousTag?: string;
  environment?: string;
  onFailure?: OnFailure;
  webhookUrl?: string;
  env: Record<string, string | undefined>;
  redactor: Redactor;
  source?: SourceMap;
  cwd: string;
  facts: CanarySettings['facts'];
  continued?: Continued;
}

type At = (path: (string | number)[]) => { file: string; line?: number; key: string };

function placeholderProblems(cfg: CanaryConfig, at: At): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = (list: readonly string[]) => list.map((p) => `{${p}}`).join(', ');
  type Program = [(string | number)[], string[], readonly string[]];
  const programs: Program[] = [
    [['deploy'], cfg.deploy, CANARY_PLACEHOLDERS],
    ...cfg.steps.flatMap((s, i): Program[] =>
      s.deploy ? [[['steps', i, 'deploy'], s.deploy, CANARY_PLACEHOLDERS]] : [],
    ),
    [['rollback'], cfg.rollback ?? [], CANARY_ROLLBACK_PLACEHOLDERS],
  ];
  for (const [where, argv, list] of programs)
    for (const p of unknownPlaceholders(argv, list))
      problems.push({ ...at(where), message: `unknown placeholder {${p}}; known: ${known(list)}` });
  for (const k of MESSAGE_KINDS) {
    const text = cfg.templates?.[k];
    if (!text) continue;
    for (const p of unknownTemplatePlaceholders(text))
      problems.push({ ...at(['templates', k]), message: `unknown placeholder {${p}}` });
  }
  return problems;
}

function resolveAnalyses(
  cfg: CanaryConfig,
  input: ResolveCanaryInput,
  problems: ConfigProblem[],
): { analysis?: AnalysisSpec; verify?: AnalysisSpec } {
  const collect = (f: () => AnalysisSpec) => {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const rctx = { env: input.env, redactor: input.redactor, source: input.source };
  const analysis = cfg.analysis
    ? collect(() => resolveAnalysis(cfg.analysis!, { ...rctx, path: ['canary', 'analysis'] }))
    : undefined;
  const verify = cfg.verify
    ? collect(() => resolveAnalysis(cfg.verify!, { ...rctx, path: ['canary', 'verify'] }))
    : analysis;
  return { ...(analysis ? { analysis } : {}), ...(verify ? { verify } : {}) };
}

/** {previous_tag} must have a value before anything is deployed: finding out at rollback time is too late. */
function checkPreviousTag(cfg: CanaryConfig, onFailure: OnFailure, previousTag: string | undefined): void {
  const uses = (argv: string[] | undefined, names: string[]) =>
    !!argv && placeholdersIn(argv).some((p) => names.includes(p));
  const needsPrevious = [
    ...(uses(cfg.deploy, ['previous_tag']) || cfg.steps.some((s) => uses(s.deploy, ['previous_tag']))
      ? ['canary.deploy']
      : []),
    ...(onFailure === 'abort' && uses(cfg.rollback, ['previous_tag', 'to_tag']) ? ['canary.rollback'] : []),
  ];
  if (needsPrevious.length && !previousTag) {
    const verb = needsPrevious.length > 1 ? 'use' : 'uses';
    throw ConfigError.input(
      'previous-tag',
      `${needsPrevious.join(' and ')} ${verb} {previous_tag}, but no previous tag is known: set input previous-tag (or give a token so the build live in the environment is used)`,
    );
  }
}

function resolveSteps(cfg: CanaryConfig): CanaryStep[] {
  let weight = 0;
  return cfg.steps.map((s, i) => {
    weight = s.weight ?? weight;
    return {
      step: i + 1,
      weight,
      pauseMs: s.pause === 'approve' ? 0 : s.pause,
      approve: s.pause === 'approve',
      hold: s.weight === undefined,
      deploy: s.deploy ?? cfg.deploy,
    };
  });
}

function metricLines(cfg: CanaryConfig, at: At): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of ['verify', 'analysis'] as const) {
    const metrics: unknown = cfg[part]?.metrics;
    if (!Array.isArray(metrics)) continue;
    metrics.forEach((m: unknown, i) => {
      const name = (m as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') return;
      const a = at([part, 'metrics', i]);
      out[name] = `${a.file}${a.line ? `:${a.line}` : ''} ${a.key}`;
    });
  }
  return out;
}

export function resolveCanary(cfg: CanaryConfig, input: ResolveCanaryInput): CanarySettings {
  const at: At = (p) => ({
    file: input.source?.file ?? 'config',
    line: input.source?.lineOf(['canary', ...p]),
    key: ['canary', ...p].map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''),
  });
  const problems = placeholderProblems(cfg, at);
  const analyses = resolveAnalyses(cfg, input, problems);
  if (problems.length) throw new ConfigError(problems);
  const onFailure = input.onFailure ?? cfg.on_failure;
  checkPreviousTag(cfg, onFailure, input.previousTag);
  return {
    mode: input.mode ?? 'start',
    ...(input.reason ? { reason: input.reason } : {}),
    tag: input.tag,
    sha: input.sha,
    ...(input.allowRolledBack ? { allowRolledBack: input.allowRolledBack } : {}),
    ...(input.previousTag ? { previousTag: input.previousTag } : {}),
    environment: input.environment ?? cfg.environment,
    onFailure,
    onInconclusive: cfg.on_inconclusive,
    deploy: cfg.deploy,
    ...(cfg.rollback ? { rollback: cfg.rollback } : {}),
    programTimeoutMs: cfg.program_timeout,
    steps: resolveSteps(cfg),
    ...analyses,
    templates: resolveTemplates(cfg.templates),
    ...(input.webhookUrl ? { webhookUrl: input.webhookUrl } : {}),
    decisionOwner: cfg.decision_owner ?? input.facts.owner ?? 'the release owner',
    cwd: input.cwd,
    facts: input.facts,
    ...(input.continued ? { continued: input.continued } : {}),
    metricAt: metricLines(cfg, at),
  };
}

/** The run's inputs, as the command reads them (src/commands/canary.ts). */
export interface CanaryInputs {
  tag: string;
  dryRun: boolean;
  resume: boolean;
  promoteNow: boolean;
  abort: boolean;
  reason?: string;
  previousTag?: string;
  expectedSha?: string;
  allowRolledBack?: string;
  environment?: string;
  onFailure?: OnFailure;
  webhookUrl?: string;
  artifactsDir?: string;
}

/** What building the settings needs from the host: the run's facts, the config, GitHub. */
export type SettingsHost = Pick<
  Context,
  'env' | 'cwd' | 'logger' | 'redactor' | 'clock' | 'run' | 'loadConfig' | 'github'
>;

/** The mode from the inputs `resume`, `promote-now`, `abort` (one at most) and `reason`. */
export function modeOf(i: CanaryInputs): CanaryMode {
  const chosen = (
    [
      ['resume', i.resume],
      ['promote-now', i.promoteNow],
      ['abort', i.abort],
    ] as const
  ).flatMap(([m, on]) => (on ? [m] : []));
  if (chosen.length > 1)
    throw ConfigError.input(chosen[1]!, `cannot be combined with ${chosen[0]}: choose one`);
  const mode = chosen[0] ?? 'start';
  if ((mode === 'promote-now' || mode === 'abort') && !i.reason)
    throw ConfigError.input('reason', `is required with ${mode}: say why, it is recorded and posted`);
  return mode;
}

/** Everything the command needs besides the settings: where evidence goes, how the build was checked. */
export interface CanaryRunFacts {
  dryRun: boolean;
  artifactsDir: string;
  custody: CanaryCustody;
  tracking: boolean;
}

/**
 * The inputs and the config file into settings: the build resolved and checked first (nothing runs
 * for a tag that is not what it claims), then the config resolved against it.
 */
export async function canarySettings(
  host: SettingsHost,
  i: CanaryInputs,
): Promise<{ settings: CanarySettings; facts: CanaryRunFacts }> {
  const mode = modeOf(i);
  if (i.webhookUrl) {
    checkWebhookUrl(i.webhookUrl);
    host.redactor.add(i.webhookUrl);
  }
  const dir = artifactsDir(host.env, i.artifactsDir);
  const loaded = await host.loadConfig(['canary', 'rollback.incident']);
  const cfg = loaded.config.canary;
  if (!cfg) {
    throw new ConfigError({
      file: loaded.source.file,
      line: 1,
      message:
        'no canary: section — canary-promote needs canary.deploy, canary.steps and usually canary.analysis (docs/actions/canary-promote.md)',
    });
  }
  const custody = await verifyCanaryBuild(host, {
    tag: i.tag,
    previousTag: i.previousTag ?? '',
    expectedSha: i.expectedSha,
    allowRolledBack: i.allowRolledBack,
    environment: i.environment || cfg.environment,
    incidentLabel: loaded.config.rollback?.incident.labels[0] ?? 'incident',
    staleAfterMs: cfg.stale_after,
    dryRun: i.dryRun,
    mode,
    weights: resolveSteps(cfg).map((s) => s.weight),
  });
  const repository = host.run.repository;
  const settings = resolveCanary(cfg, {
    tag: i.tag,
    sha: custody.build.sha,
    mode,
    reason: i.reason,
    ...(custody.overridden ? { allowRolledBack: i.allowRolledBack } : {}),
    previousTag: custody.previousTag,
    environment: i.environment,
    onFailure: i.onFailure,
    webhookUrl: i.webhookUrl,
    env: host.env,
    redactor: host.redactor,
    source: loaded.source,
    cwd: host.cwd,
    facts: {
      service: repository?.split('/')[1] ?? path.basename(path.resolve(host.cwd)),
      repository,
      owner: host.run.actor ?? host.env.USER ?? os.userInfo().username,
      runUrl: host.run.runUrl,
      runId: host.run.runId,
    },
    ...(custody.continued ? { continued: custody.continued } : {}),
  });
  return {
    settings,
    facts: {
      dryRun: i.dryRun,
      artifactsDir: path.resolve(host.cwd, dir),
      custody,
      tracking: custody.tracking,
    },
  };
}

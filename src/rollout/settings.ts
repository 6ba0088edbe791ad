/**
 * Canary settings: the config's `canary:` section plus the run's inputs, resolved once (placeholders
 * checked, analyses resolved, templates merged) so the rollout itself never meets a config problem.
 */
import type { SourceMap } from '../config/load.js';
import type { CanaryConfig } from '../config/schema/index.js';
import { resolveAnalysis } from '../analysis/settings.js';
import type { AnalysisSpec } from '../analysis/types.js';
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
  resolveTemplates,
  unknownTemplatePlaceholders,
  type MessageKind,
} from '../notify/templates.js';

export type OnFailure = 'abort' | 'pause';

export interface CanarySettings {
  tag: string;
  /** The commit the tag resolved to before anything ran; empty when unverified (no GitHub token). */
  sha: string;
  /** Why a build marked rolled back is shipped anyway (`allow-rolled-back`), when it is. */
  allowRolledBack?: string;
  previousTag?: string;
  environment: string;
  onFailure: OnFailure;
  deploy: string[];
  rollback?: string[];
  programTimeoutMs: number;
  steps: { weight: number; pauseMs: number }[];
  analysis?: AnalysisSpec;
  /** The analysis run after a rollback: config `verify`, else the step analysis for one window. */
  verify?: AnalysisSpec;
  templates: Record<MessageKind, string>;
  webhookUrl?: string;
  cwd: string;
  /** Values for message placeholders that come from the run, not the rollout. */
  facts: { service: string; repository?: string; owner?: string; runUrl?: string; runId?: string };
}

/** Placeholders the canary's rollback program may use: the canary's plus the rollback action's names. */
export const CANARY_ROLLBACK_PLACEHOLDERS = [...CANARY_PLACEHOLDERS, ...ROLLBACK_PLACEHOLDERS] as const;

export interface ResolveCanaryInput {
  tag: string;
  sha: string;
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
}

export function resolveCanary(cfg: CanaryConfig, input: ResolveCanaryInput): CanarySettings {
  const problems: ConfigProblem[] = [];
  const at = (path: (string | number)[]) => ({
    file: input.source?.file ?? 'config',
    line: input.source?.lineOf(['canary', ...path]),
    key: ['canary', ...path].map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''),
  });
  const known = (list: readonly string[]) => list.map((p) => `{${p}}`).join(', ');
  for (const p of unknownPlaceholders(cfg.deploy, CANARY_PLACEHOLDERS)) {
    problems.push({
      ...at(['deploy']),
      message: `unknown placeholder {${p}}; known: ${known(CANARY_PLACEHOLDERS)}`,
    });
  }
  for (const p of unknownPlaceholders(cfg.rollback ?? [], CANARY_ROLLBACK_PLACEHOLDERS)) {
    problems.push({
      ...at(['rollback']),
      message: `unknown placeholder {${p}}; known: ${known(CANARY_ROLLBACK_PLACEHOLDERS)}`,
    });
  }
  for (const k of MESSAGE_KINDS) {
    const text = cfg.templates?.[k];
    if (!text) continue;
    for (const p of unknownTemplatePlaceholders(text))
      problems.push({ ...at(['templates', k]), message: `unknown placeholder {${p}}` });
  }
  let analysis: AnalysisSpec | undefined;
  let verify: AnalysisSpec | undefined;
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
  if (cfg.analysis)
    analysis = collect(() => resolveAnalysis(cfg.analysis!, { ...rctx, path: ['canary', 'analysis'] }));
  if (cfg.verify)
    verify = collect(() => resolveAnalysis(cfg.verify!, { ...rctx, path: ['canary', 'verify'] }));
  else verify = analysis;
  if (problems.length) throw new ConfigError(problems);

  const onFailure = input.onFailure ?? cfg.on_failure;
  const previousTag = input.previousTag;
  // {previous_tag} must have a value before anything is deployed: finding out at rollback time is too late.
  const needsPrevious = [
    ...(placeholdersIn(cfg.deploy).some((p) => p === 'previous_tag') ? ['canary.deploy'] : []),
    ...(onFailure === 'abort' &&
    cfg.rollback &&
    placeholdersIn(cfg.rollback).some((p) => p === 'previous_tag' || p === 'to_tag')
      ? ['canary.rollback']
      : []),
  ];
  if (needsPrevious.length && !previousTag) {
    const verb = needsPrevious.length > 1 ? 'use' : 'uses';
    throw ConfigError.input(
      'previous-tag',
      `${needsPrevious.join(' and ')} ${verb} {previous_tag}, but no previous tag is known: set input previous-tag (or give a token so the build live in the environment is used)`,
    );
  }
  return {
    tag: input.tag,
    sha: input.sha,
    ...(input.allowRolledBack ? { allowRolledBack: input.allowRolledBack } : {}),
    ...(previousTag ? { previousTag } : {}),
    environment: input.environment ?? cfg.environment,
    onFailure,
    deploy: cfg.deploy,
    ...(cfg.rollback ? { rollback: cfg.rollback } : {}),
    programTimeoutMs: cfg.program_timeout,
    steps: cfg.steps.map((s) => ({ weight: s.weight, pauseMs: s.pause })),
    ...(analysis ? { analysis } : {}),
    ...(verify ? { verify } : {}),
    templates: resolveTemplates(cfg.templates),
    ...(input.webhookUrl ? { webhookUrl: input.webhookUrl } : {}),
    cwd: input.cwd,
    facts: input.facts,
  };
}

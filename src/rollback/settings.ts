/**
 * The rollback's settings: the run's inputs and the config's `rollback:` section, resolved once into
 * one documented object — tags checked, placeholders checked, the watch and verification analyses
 * built, the severity matrix per trigger checked against the watch's triggers, defaults applied — so
 * that the rollback itself never meets a configuration problem half-way.
 *
 *   readRollbackInputs(inputs)            the declared inputs, typed and cleaned (free text on one line)
 *   resolveRollback(config, inputs, ctx)  + the config → RollbackSettings
 *   rollbackSettings(source)              both, plus the build identity check (expected-sha)
 */
import path from 'node:path';
import { resolveAnalysis } from '../analysis/settings.js';
import type { AnalysisSpec } from '../analysis/types.js';
import { parseDuration } from '../config/duration.js';
import type { LoadedConfig, SourceMap } from '../config/load.js';
import type { RollbackConfig } from '../config/schema/index.js';
import { ROLLBACK_PLACEHOLDERS, unknownPlaceholders } from '../deploy/index.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import { checkTagName, resolveBuild } from '../ledger/identity.js';
import { DEFAULT_STALE_AFTER_MS } from '../ledger/ledger.js';
import { unknownTemplatePlaceholders } from '../notify/templates.js';
import { checkWebhookUrl } from '../notify/webhook.js';
import type { GitHubPort } from '../ports/index.js';
import type { Mode, Severity, Strategy } from './types.js';
import { defaultVerifyConfig, watchAnalysisConfig, windowLabel } from './watch.js';

export interface RollbackSettings {
  /** `rollback`: act now; `watch`: watch for a window, act only when a trigger fires. */
  mode: Mode;
  /** The bad release's tag; default: the current latest release. */
  from?: string;
  /** A tag, `rc` (the bad version's validated RC), or undefined (the last build live before it). */
  to?: string;
  /** Why (input reason, one line); in watch mode the trigger's decision is added. */
  reason?: string;
  /** The incident's severity when no trigger names one: input severity, else rollback.incident.severity. */
  severity: Severity;
  /** True when input severity set it: it then wins over the severity matrix per trigger. */
  severityFromInput: boolean;
  /** The severity matrix per trigger (rollback.watch.severity): trigger name → severity. */
  triggerSeverity: Record<string, Severity>;
  environment: string;
  strategy: Strategy;
  webhookUrl?: string;
  /** Which hypercare window this run is (`4h`, `72h`), `auto` (from the build's age), or undefined. */
  hypercareWindow?: string;
  /** The hypercare windows `auto` chooses from (rollback.hypercare_windows), in ms after the first deployment. */
  hypercareWindowsMs: number[];
  /** Create hotfix/<next patch> from the bad release's tag afterwards. */
  hotfix: boolean;
  dryRun: boolean;
  /** The user's rollback program, `{to_tag}`/`{from_tag}` not yet replaced. */
  program?: { argv: string[]; timeoutMs: number; cwd: string };
  /** The workspace: the program and metrics that run a program (the command provider) run here. */
  cwd: string;
  /** Post-rollback verification; undefined = no verification configured. */
  verify?: AnalysisSpec;
  /** The watch's analysis (watch mode). */
  watch?: AnalysisSpec;
  /** The incident's labels (the first finds it again) and its tenant/store/user impact (input impact wins). */
  incident: { labels: string[]; impact?: string };
  /** A lock older than this may be taken over. */
  lockTtlMs: number;
  revert: { remote: string; directory: string };
  /** The message template override (rollback.templates.abort). */
  abortTemplate?: string;
  /** {service} in messages. */
  service: string;
  /** A deployment left unsettled longer than this by another run is marked error (canary.stale_after). */
  staleAfterMs: number;
  /** Who runs this: the workflow run (a re-run of the same run may take over its lock). */
  run: { id?: string; url?: string; actor?: string; eventName?: string; repository?: string };
}

export interface RollbackInputs {
  mode?: Mode;
  from?: string;
  to?: string;
  reason?: string;
  impact?: string;
  severity?: Severity;
  environment?: string;
  strategy?: Strategy;
  webhookUrl?: string;
  hypercareWindow?: string;
  expectedSha?: string;
  hotfix: boolean;
  dryRun: boolean;
}

/** What settings need from the declared inputs (commands/inputs.ts `Inputs` is one). */
export interface InputReader {
  string(name: string): string | undefined;
  bool(name: string): boolean;
  enum<T extends string>(name: string): T | undefined;
}

export interface ResolveContext {
  env: Record<string, string | undefined>;
  redactor: Redactor;
  source?: SourceMap;
  cwd: string;
  service: string;
  run: RollbackSettings['run'];
  /** canary.stale_after, when the config sets it. */
  staleAfterMs?: number;
}

/** The release runbook's windows (0 h … 24 h) and the go-live runbook's T+72 h. */
export const DEFAULT_HYPERCARE_WINDOWS = ['0h', '1h', '4h', '8h', '24h', '72h'] as const;

/**
 * Free text (a ChatOps comment, a form field) on one line: the text is logged, and a line starting
 * with `::` would be a workflow command. Markers and mentions are neutralised where it is published.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const oneLineInput = (v: string | undefined) => v?.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

export function readRollbackInputs(inputs: InputReader): RollbackInputs {
  const webhookUrl = inputs.string('webhook-url');
  if (webhookUrl) checkWebhookUrl(webhookUrl);
  const from = inputs.string('from');
  const to = inputs.string('to');
  // Build identity before anything runs: tag names a program could misread are refused.
  if (from) checkTagName('from', from);
  if (to && to.toLowerCase() !== 'rc') checkTagName('to', to);
  const expectedSha = inputs.string('expected-sha');
  if (expectedSha && !from)
    throw ConfigError.input('expected-sha', 'expected-sha binds the release named by from: set from too');
  return {
    mode: inputs.enum<Mode>('mode'),
    from,
    to,
    reason: oneLineInput(inputs.string('reason')),
    impact: oneLineInput(inputs.string('impact')),
    severity: inputs.enum<Severity>('severity'),
    environment: inputs.string('environment'),
    strategy: inputs.enum<Strategy>('strategy'),
    webhookUrl,
    hypercareWindow: hypercareWindowInput(inputs.string('hypercare-window')),
    expectedSha,
    hotfix: inputs.bool('hotfix'),
    dryRun: inputs.bool('dry-run'),
  };
}

/** `auto`, or a window after the first deployment: `4h`, `T+72h`, `3d` (written `72h`). */
export function hypercareWindowInput(value: string | undefined): string | undefined {
  if (value === undefined || value.toLowerCase() === 'auto') return value?.toLowerCase();
  const d = parseDuration(value.replace(/^T\+/i, ''));
  if ('error' in d)
    throw ConfigError.input(
      'hypercare-window',
      `expected auto or a time after the go-live such as 4h or T+72h; ${d.error}`,
    );
  return windowLabel(d.ms);
}

/** A missing `rollback:` section is the defaults: demote and restore on GitHub, no program, no verification. */
export function defaultRollbackConfig(): RollbackConfig {
  // The schema's defaults, written out (parsing {} would load zod into a run that has no config section).
  return {
    program_timeout: 600_000,
    environment: 'production',
    strategy: 'redeploy',
    incident: { labels: ['incident'], severity: 'high' },
    revert: { remote: 'origin', directory: '.' },
    hypercare_windows: DEFAULT_HYPERCARE_WINDOWS.map((w) => (parseDuration(w) as { ms: number }).ms),
  };
}

export interface SettingsSource {
  inputs: InputReader;
  config: LoadedConfig;
  env: Record<string, string | undefined>;
  cwd: string;
  redactor: Redactor;
  run: RollbackSettings['run'];
  gh: GitHubPort | null;
}

/** Inputs and config into settings; with expected-sha, the bad release must be the commit an earlier step shipped. */
export async function rollbackSettings(src: SettingsSource): Promise<RollbackSettings> {
  const input = readRollbackInputs(src.inputs);
  const { config, source } = src.config;
  const settings = resolveRollback(config.rollback ?? defaultRollbackConfig(), input, {
    env: src.env,
    redactor: src.redactor,
    source,
    cwd: src.cwd,
    service: src.run.repository?.split('/')[1] ?? path.basename(path.resolve(src.cwd)),
    run: src.run,
    staleAfterMs: config.canary?.stale_after,
  });
  if (input.expectedSha && input.from)
    await resolveBuild(src.gh, {
      input: 'from',
      tag: input.from,
      expectedSha: input.expectedSha,
      release: 'none',
    });
  return settings;
}

export function resolveRollback(
  cfg: RollbackConfig,
  input: RollbackInputs,
  ctx: ResolveContext,
): RollbackSettings {
  const checked = checkConfig(cfg, input, ctx);
  if (input.webhookUrl) ctx.redactor.add(input.webhookUrl);
  const verifyWindow = checked.verify?.windowMs ?? 0;
  return {
    mode: input.mode ?? 'rollback',
    from: input.from,
    to: input.to,
    reason: input.reason,
    severity: input.severity ?? cfg.incident.severity,
    severityFromInput: input.severity !== undefined,
    triggerSeverity: cfg.watch?.severity ?? {},
    environment: input.environment ?? cfg.environment,
    strategy: input.strategy ?? cfg.strategy,
    webhookUrl: input.webhookUrl,
    hypercareWindow: input.hypercareWindow,
    hypercareWindowsMs: [...cfg.hypercare_windows].sort((a, b) => a - b),
    hotfix: input.hotfix,
    dryRun: input.dryRun,
    program: cfg.run ? { argv: cfg.run, timeoutMs: cfg.program_timeout, cwd: ctx.cwd } : undefined,
    cwd: ctx.cwd,
    verify: checked.verify,
    watch: checked.watch,
    incident: { labels: cfg.incident.labels, impact: input.impact ?? cfg.incident.impact },
    lockTtlMs: cfg.lock_ttl ?? cfg.program_timeout + verifyWindow + 600_000,
    revert: { remote: cfg.revert.remote, directory: path.resolve(ctx.cwd, cfg.revert.directory) },
    abortTemplate: cfg.templates?.abort,
    service: cfg.service ?? ctx.service,
    staleAfterMs: ctx.staleAfterMs ?? DEFAULT_STALE_AFTER_MS,
    run: ctx.run,
  };
}

/** Every problem of the section at once (ConfigError with file:line), and the two analyses. */
function checkConfig(cfg: RollbackConfig, input: RollbackInputs, ctx: ResolveContext) {
  const problems: ConfigProblem[] = [];
  const at = (p: (string | number)[]) => {
    const full = ['rollback', ...p];
    return {
      file: ctx.source?.file ?? 'config',
      line: ctx.source?.lineOf(full),
      key: full.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''),
    };
  };
  for (const p of unknownPlaceholders(cfg.run ?? [], ROLLBACK_PLACEHOLDERS))
    problems.push({
      ...at(['run']),
      message: `unknown placeholder {${p}}; known: {to_tag}, {from_tag} (write {{ and }} for literal braces)`,
    });
  for (const p of unknownTemplatePlaceholders(cfg.templates?.abort ?? ''))
    problems.push({ ...at(['templates', 'abort']), message: `unknown placeholder {${p}}` });
  const analysis = (
    c: Parameters<typeof resolveAnalysis>[0] | null,
    key: string,
  ): AnalysisSpec | undefined => {
    if (!c) return undefined;
    try {
      return resolveAnalysis(c, {
        env: ctx.env,
        redactor: ctx.redactor,
        source: ctx.source,
        path: ['rollback', key],
      });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const watchCfg = cfg.watch ? watchAnalysisConfig(cfg.watch) : null;
  const watch = analysis(watchCfg, 'watch');
  const verify = analysis(cfg.verify ?? defaultVerifyConfig(watchCfg), cfg.verify ? 'verify' : 'watch');
  if ((input.mode ?? 'rollback') === 'watch' && !watchCfg)
    problems.push({
      ...at(['watch']),
      message: 'mode watch needs rollback.watch with health_url, ready_url or metrics (what to watch)',
    });
  const triggers = new Set((watchCfg?.metrics ?? []).map((m) => m.name));
  for (const name of Object.keys(cfg.watch?.severity ?? {}))
    if (!triggers.has(name))
      problems.push({
        ...at(['watch', 'severity', name]),
        message: `no trigger is named ${name}; the watch's triggers: ${[...triggers].join(', ') || 'none'} (health_url is health, ready_url is ready, a metric is its name)`,
      });
  if (problems.length) throw new ConfigError(problems);
  return { watch, verify };
}

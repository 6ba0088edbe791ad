/**
 * Rollback settings: the config's `rollback:` section plus the run's inputs, resolved once —
 * placeholders checked, the watch and verification analyses built, defaults applied — so that the
 * rollback itself never meets a configuration problem half-way.
 */
import path from 'node:path';
import { resolveAnalysis } from '../analysis/settings.js';
import type { AnalysisSpec } from '../analysis/types.js';
import type { SourceMap } from '../config/load.js';
import type { RollbackConfig } from '../config/schema/index.js';
import { ROLLBACK_PLACEHOLDERS, unknownPlaceholders } from '../deploy/index.js';
import { ConfigError, type ConfigProblem } from '../errors.js';
import type { Redactor } from '../evidence/redact.js';
import { unknownTemplatePlaceholders } from '../notify/templates.js';
import type { Mode, RollbackSettings, Severity, Strategy } from './types.js';
import { defaultVerifyConfig, watchAnalysisConfig } from './watch.js';

export interface RollbackInputs {
  mode?: Mode;
  from?: string;
  to?: string;
  reason?: string;
  severity?: Severity;
  environment?: string;
  strategy?: Strategy;
  webhookUrl?: string;
  hypercareWindow?: string;
  hotfix: boolean;
  dryRun: boolean;
}

export interface ResolveContext {
  env: Record<string, string | undefined>;
  redactor: Redactor;
  source?: SourceMap;
  cwd: string;
  service: string;
  run: RollbackSettings['run'];
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
  };
}

export function resolveRollback(
  cfg: RollbackConfig,
  input: RollbackInputs,
  ctx: ResolveContext,
): RollbackSettings {
  const problems: ConfigProblem[] = [];
  const at = (p: (string | number)[]) => {
    const full = ['rollback', ...p];
    return {
      file: ctx.source?.file ?? 'config',
      line: ctx.source?.lineOf(full),
      key: full.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join(''),
    };
  };
  for (const p of unknownPlaceholders(cfg.run ?? [], ROLLBACK_PLACEHOLDERS)) {
    problems.push({
      ...at(['run']),
      message: `unknown placeholder {${p}}; known: {to_tag}, {from_tag} (write {{ and }} for literal braces)`,
    });
  }
  for (const p of unknownTemplatePlaceholders(cfg.templates?.abort ?? '')) {
    problems.push({ ...at(['templates', 'abort']), message: `unknown placeholder {${p}}` });
  }
  const analysis = (f: () => AnalysisSpec | undefined) => {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const watchCfg = cfg.watch ? watchAnalysisConfig(cfg.watch) : null;
  const watch = analysis(() =>
    watchCfg
      ? resolveAnalysis(watchCfg, {
          env: ctx.env,
          redactor: ctx.redactor,
          source: ctx.source,
          path: ['rollback', 'watch'],
        })
      : undefined,
  );
  const verifyCfg = cfg.verify ?? defaultVerifyConfig(watchCfg);
  const verify = analysis(() =>
    verifyCfg
      ? resolveAnalysis(verifyCfg, {
          env: ctx.env,
          redactor: ctx.redactor,
          source: ctx.source,
          path: ['rollback', cfg.verify ? 'verify' : 'watch'],
        })
      : undefined,
  );
  const mode = input.mode ?? 'rollback';
  if (mode === 'watch' && !watchCfg) {
    problems.push({
      ...at(['watch']),
      message: 'mode watch needs rollback.watch with health_url, ready_url or metrics (what to watch)',
    });
  }
  if (problems.length) throw new ConfigError(problems);

  if (input.webhookUrl) ctx.redactor.add(input.webhookUrl);
  const verifyWindow = verify?.windowMs ?? 0;
  return {
    mode,
    from: input.from,
    to: input.to,
    reason: input.reason,
    severity: input.severity ?? cfg.incident.severity,
    environment: input.environment ?? cfg.environment,
    strategy: input.strategy ?? cfg.strategy,
    webhookUrl: input.webhookUrl,
    hypercareWindow: input.hypercareWindow,
    hotfix: input.hotfix,
    dryRun: input.dryRun,
    program: cfg.run ? { argv: cfg.run, timeoutMs: cfg.program_timeout, cwd: ctx.cwd } : undefined,
    verify,
    watch,
    incident: { labels: cfg.incident.labels, impact: cfg.incident.impact },
    lockTtlMs: cfg.lock_ttl ?? cfg.program_timeout + verifyWindow + 600_000,
    revert: { remote: cfg.revert.remote, directory: path.resolve(ctx.cwd, cfg.revert.directory) },
    abortTemplate: cfg.templates?.abort,
    service: cfg.service ?? ctx.service,
    run: ctx.run,
  };
}

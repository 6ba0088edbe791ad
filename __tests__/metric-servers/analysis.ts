/**
 * A metric as a user writes it, through the whole path: the config file's schema, resolution (`${VAR}`
 * from `env`, credentials registered with the redactor), then a short analysis against the real server
 * on the real clock.
 */
import { systemClock } from '../../src/adapters/clock.js';
import { httpClient } from '../../src/adapters/http.js';
import { runAnalysis } from '../../src/analysis/runner.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import type { AnalysisResult, AnalysisSpec } from '../../src/analysis/types.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';

/** A canary config with one step and an analysis of `metrics` (JSON is YAML). */
export function configWith(metrics: object[], o: { interval?: string; window?: string } = {}): string {
  return [
    'canary:',
    '  deploy: [./deploy.sh]',
    '  steps: [{ weight: 100 }]',
    '  analysis:',
    `    interval: ${o.interval ?? '200ms'}`,
    `    window: ${o.window ?? '400ms'}`,
    '    metrics:',
    ...metrics.map((m) => `      - ${JSON.stringify(m)}`),
    '',
  ].join('\n');
}

/** The analysis of a config as the canary command resolves it. Throws ConfigError like a run would. */
export function resolve(
  metrics: object[],
  env: Record<string, string> = {},
  o: { interval?: string; window?: string } = {},
): { spec: AnalysisSpec; redactor: Redactor } {
  const { config, source } = parseConfig(configWith(metrics, o), 'release-ops.yml');
  const redactor = new Redactor();
  const spec = resolveAnalysis(config.canary!.analysis!, {
    env,
    redactor,
    source,
    path: ['canary', 'analysis'],
  });
  return { spec, redactor };
}

/** Runs the analysis on the real clock against the real servers. */
export function analyse(spec: AnalysisSpec): Promise<AnalysisResult> {
  return runAnalysis(
    spec,
    { clock: systemClock, http: httpClient, signal: new AbortController().signal },
    { label: 'step 1' },
  );
}

/**
 * One entry point over the providers: read a metric from its own source, or from its `baseline`
 * source (the stable version, read at the same moment). A provider file per kind; adding one is
 * adding a file here, a schema entry and its tests.
 */
import type { HttpClient } from '../../ports/index.js';
import type { MetricSpec, Reading } from '../types.js';
import { measureHttp } from './http.js';
import { measureJson } from './json.js';
import { measurePrometheus } from './prometheus.js';

export interface ProviderDeps {
  http: HttpClient;
  signal?: AbortSignal;
}

export function hasBaselineSource(metric: MetricSpec): boolean {
  return metric.provider.baseline !== undefined;
}

/** Reads `metric` once. Throws ProviderError when the source cannot be read at all. */
export function readMetric(
  metric: MetricSpec,
  source: 'canary' | 'baseline',
  deps: ProviderDeps,
): Promise<Reading> {
  const p = metric.provider;
  switch (p.kind) {
    case 'http': {
      const target = source === 'baseline' && p.baseline ? p.baseline : { url: p.url, headers: p.headers };
      return measureHttp(p, target, deps);
    }
    case 'json': {
      const target = source === 'baseline' && p.baseline ? p.baseline : { url: p.url, headers: p.headers };
      return measureJson(
        target,
        [
          ...metric.conditions.map((c) => c.value),
          ...(metric.judge ?? []).flatMap((j) =>
            [j.value, j.events, j.trials].filter((v) => v !== undefined),
          ),
        ],
        { timeoutMs: p.timeoutMs },
        deps,
      );
    }
    case 'prometheus': {
      const query = source === 'baseline' && p.baseline ? p.baseline.query : p.query;
      return measurePrometheus(
        { address: p.address, query, headers: p.headers },
        { timeoutMs: p.timeoutMs },
        deps,
      );
    }
  }
}

/** Where a metric reads from, for plans and reports (never with header values). */
export function describeSource(metric: MetricSpec): string {
  const p = metric.provider;
  switch (p.kind) {
    case 'http':
      return `${p.method} ${p.url} × ${p.samples}`;
    case 'json':
      return `GET ${p.url}`;
    case 'prometheus':
      return `${p.address} ${p.query}`;
  }
}

/** Where a metric's baseline source reads from (never with header values), or null without one. */
export function describeBaselineSource(metric: MetricSpec): string | null {
  const p = metric.provider;
  if (!p.baseline) return null;
  switch (p.kind) {
    case 'http':
      return `${p.method} ${p.baseline.url} × ${p.samples}`;
    case 'json':
      return `GET ${p.baseline.url}`;
    case 'prometheus':
      return `${p.address} ${p.baseline.query}`;
  }
}

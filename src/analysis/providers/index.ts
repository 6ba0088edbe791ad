/**
 * The metric providers. Each provider is one file exporting a `Provider` (./provider.ts): its config
 * keys, checks, resolution, reading, description and baseline handling. Adding one is that file plus
 * one entry below — the config schema, the settings, the runner, plans and reports all go through
 * this record (docs/analysis.md#adding-a-provider).
 */
import type { MetricSpec, Reading } from '../types.js';
import { commandProvider } from './command.js';
import { datadogProvider } from './datadog.js';
import { graphiteProvider } from './graphite.js';
import { httpProvider } from './http.js';
import { influxdbProvider } from './influxdb.js';
import { jsonProvider } from './json.js';
import { prometheusProvider } from './prometheus.js';
import type { AnyProvider, ConfigOf, Provider, ProviderDeps, Source } from './provider.js';

export type { ProviderDeps, Source } from './provider.js';

/** Every entry's key is its provider's name (checked by the compiler). */
function registry<T extends { [K in keyof T]: AnyProvider & { readonly name: K } }>(t: T): T {
  return t;
}

export const PROVIDERS = registry({
  http: httpProvider,
  json: jsonProvider,
  prometheus: prometheusProvider,
  graphite: graphiteProvider,
  influxdb: influxdbProvider,
  command: commandProvider,
  datadog: datadogProvider,
});

export type Providers = typeof PROVIDERS;
export type ProviderName = keyof Providers;
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as ProviderName[];

/** A provider's spec type. */
export type SpecOf<N extends ProviderName> = Providers[N] extends Provider<N, any, infer S> ? S : never;
/** A provider's config keys (zod shape). */
export type KeysOf<N extends ProviderName> = Providers[N]['keys'];
/** A metric's config as its provider sees it. */
export type ProviderConfigOf<N extends ProviderName> = ConfigOf<KeysOf<N>>;

/** A metric's resolved source: the provider's name as `kind`, and its spec. */
export type ProviderSpec = { [N in ProviderName]: { kind: N } & SpecOf<N> }[ProviderName];

/** The provider of a spec (or a config's `provider`), for code that does not care which it is. */
export function providerOf(kind: ProviderName | ProviderSpec): AnyProvider {
  return PROVIDERS[typeof kind === 'string' ? kind : kind.kind] as AnyProvider;
}

export function hasBaselineSource(metric: MetricSpec): boolean {
  return providerOf(metric.provider).hasBaseline(metric.provider);
}

/** Reads `metric` once from its own source or its baseline source. Throws ProviderError when it cannot be read. */
export function readMetric(metric: MetricSpec, source: Source, deps: ProviderDeps): Promise<Reading> {
  const p = providerOf(metric.provider);
  return p.measure(
    metric.provider,
    source === 'baseline' && p.hasBaseline(metric.provider) ? source : 'canary',
    metric,
    deps,
  );
}

/** Where a metric reads from, for plans and reports (never with header values). */
export function describeSource(metric: MetricSpec): string {
  return providerOf(metric.provider).describe(metric.provider, 'canary');
}

/** Where a metric's baseline source reads from (never with header values), or null without one. */
export function describeBaselineSource(metric: MetricSpec): string | null {
  const p = providerOf(metric.provider);
  return p.hasBaseline(metric.provider) ? p.describe(metric.provider, 'baseline') : null;
}

/** Longest one reading of the metric can take. */
export function maxReadingMs(metric: MetricSpec): number {
  return providerOf(metric.provider).maxReadingMs(metric.provider);
}

/** Raw samples per side a reading gives the judge, or null when a reading gives one value. */
export function samplesPerReading(metric: MetricSpec): number | null {
  return providerOf(metric.provider).samplesPerReading?.(metric.provider) ?? null;
}

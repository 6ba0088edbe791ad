/**
 * What a metric provider is: one object per provider file, listed once in `PROVIDERS` (./index.ts).
 * A provider owns everything that depends on where a metric reads from — its config keys (a zod
 * shape, so the JSON Schema and the error messages come from one place), the checks a metric of this
 * provider needs beyond its keys, turning its config into a spec (`${VAR}` expanded), reading it once
 * from its own source or from its baseline source, and how it is described in plans and reports.
 * Nothing outside the provider files branches on a provider's name.
 */
import * as z from 'zod';
import type { Clock, HttpClient, Logger, ProcessRunner } from '../../ports/index.js';
import type { Redactor } from '../../evidence/redact.js';
import type { MetricSpec, Reading } from '../types.js';

/** The keys every metric has, whatever its provider (config output), as providers see them. */
export interface MetricCommon {
  name: string;
  conditions: string[];
  judge?: JudgeEntryConfig[];
  /** Per-request (per-reading) time limit, ms. */
  timeout: number;
}

/** One `judge:` entry of a metric, as a provider checks it. */
export interface JudgeEntryConfig {
  kind: 'latency' | 'count';
  value?: string;
  events?: string;
  trials?: string;
}

/** A metric's config as its provider sees it: its own keys and the common ones (any for AnyProvider). */
export type ConfigOf<Keys extends z.ZodRawShape> = 0 extends 1 & Keys
  ? any
  : z.output<z.ZodObject<Keys>> & MetricCommon;

/** Adds a config problem at `path` (relative to the metric). */
export type Issue = (path: (string | number)[], message: string) => void;

/**
 * Checks one judge entry against what a provider can give: `at(key)` is the path of the entry's key,
 * `entry` the entry's own path.
 */
export type CheckJudge = (
  j: JudgeEntryConfig,
  where: { at: (key: string) => (string | number)[]; entry: (string | number)[] },
  issue: Issue,
) => void;

/** How a provider turns config text into spec values: `${VAR}` expanded, problems recorded with their line. */
export interface ResolveTools {
  /** `${VAR}` replaced from the environment (a credential when `secret`); an unset one is a config problem. */
  expand(text: string, path: (string | number)[], opts?: { secret?: boolean }): string;
  /** Header values expanded; values of credential headers (Authorization, Cookie, …) become secrets. */
  headers(h: Record<string, string> | undefined, path: (string | number)[]): Record<string, string>;
  /** A URL expanded, then checked to be http:// or https:// (the error shows what was found). */
  url(text: string, path: (string | number)[]): string;
}

/** What a reading may use. `http` and `signal` always; the rest where the run has them (the command provider). */
export interface ProviderDeps {
  http: HttpClient;
  signal?: AbortSignal;
  /** The run's clock, for query windows that end now (the system clock when absent). */
  clock?: Pick<Clock, 'now'>;
  process?: ProcessRunner;
  redactor?: Redactor;
  logger?: Logger;
  /** Working directory for programs (the workspace). */
  cwd?: string;
}

export type Source = 'canary' | 'baseline';

/**
 * One provider. `Keys` is the zod shape of its config keys; `Spec` what its readings need, resolved.
 * Every member is used by the engine or the schema; optional ones have a stated default.
 */
export interface Provider<Name extends string, Keys extends z.ZodRawShape, Spec extends object> {
  readonly name: Name;
  /** One line for the JSON Schema and the docs: what it reads. */
  readonly summary: string;
  /** Config keys besides name, provider, conditions, limits, timeout and judge. Unknown keys are errors. */
  readonly keys: Keys;
  /**
   * The values its readings carry, for checking conditions when the config is loaded; null when the
   * conditions choose them (a JSON path, a program's JSON output).
   */
  readonly values: readonly string[] | null;
  /** A `baseline:` as it would be written for this provider, for the error when a judge has none. */
  readonly baselineExample: string;
  /**
   * Checks of one judge entry against what this provider can give: `at(key)` is the path of the entry's
   * key, `entry` the entry's own path. Default: every entry is accepted.
   */
  checkJudge?: CheckJudge;
  /** Checks that involve several of its keys (beyond each key's own schema). */
  check?(m: ConfigOf<Keys>, issue: Issue): void;
  /** Config → spec. Problems go through `tools` (they are collected and reported together). */
  resolve(m: ConfigOf<Keys>, tools: ResolveTools): Spec;
  /** Reads the metric once. Throws ProviderError when the source cannot be read at all (phase `error`). */
  measure(spec: Spec, source: Source, metric: MetricSpec, deps: ProviderDeps): Promise<Reading>;
  /** Whether the spec has a baseline source, read at the same moment as the canary. */
  hasBaseline(spec: Spec): boolean;
  /** Where a source reads from, for plans, logs and reports — never with header values or keys. */
  describe(spec: Spec, source: Source): string;
  /** Longest one reading can take (requests time out), for the worst-case duration of an analysis. */
  maxReadingMs(spec: Spec): number;
  /**
   * Raw samples a reading gives the judge per side (the http provider's requests); absent when a reading
   * gives one value per interval.
   */
  samplesPerReading?(spec: Spec): number;
  /** The value a `kind: latency` judge entry reads when it names none (a single-valued provider's value). */
  readonly defaultJudgeValue?: string;
}

/** Any provider, for code that looks one up by name. */
export type AnyProvider = Provider<string, any, any>;

/**
 * The judge checks of a provider whose reading is one number, `result` (prometheus, graphite, a datadog
 * query): no `kind: count` (`noCount` says why), no value but `result` (`oneValue` says so).
 */
export function resultOnlyJudge(noCount: string, oneValue: string): CheckJudge {
  return (j, { at }, issue) => {
    if (j.kind === 'count') issue(at('kind'), noCount);
    else if (j.value !== undefined && j.value !== 'result') issue(at('value'), oneValue);
  };
}

/**
 * The judge checks of a provider whose reading holds the values its metric names (json, influxdb,
 * command): a latency entry names its value (`noValue`), a count entry its events and trials (`noCounts`).
 */
export function namedValuesJudge(noValue: string, noCounts: string): CheckJudge {
  return (j, { entry }, issue) => {
    if (j.kind === 'latency' && j.value === undefined) issue(entry, noValue);
    if (j.kind === 'count' && (j.events === undefined || j.trials === undefined)) issue(entry, noCounts);
  };
}

/** A key naming an environment variable whose value the provider reads (a user name, a credential). */
export function envNameKey(example: string) {
  return z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `expected the name of an environment variable, e.g. ${example}`);
}

/** The values a metric's conditions and judge entries read (the paths a json or command reading fills). */
export function valuesRead(metric: Pick<MetricSpec, 'conditions' | 'judge'>): string[] {
  return [
    ...new Set([
      ...metric.conditions.map((c) => c.value),
      ...(metric.judge ?? []).flatMap((j) => [j.value, j.events, j.trials].filter((v) => v !== undefined)),
    ]),
  ];
}

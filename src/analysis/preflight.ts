/**
 * Preflight: every metric of an analysis read once — its own source and its baseline source — before
 * anything is deployed, so a source that cannot be read (a name that does not resolve, a refused
 * connection, a 401, a query that matches no series) stops the run while nothing has changed instead
 * of after the first step has been deployed and rolled back. A metric written `preflight: false` is
 * not read (a source that exists only once the canary does).
 *
 * What counts as unreadable: a reading that is an error (the provider could not read its source), a
 * reading without a usable number (no series, a missing value), and an http probe whose every sample
 * failed (the service that should be answering before the rollout is not). A reading that is merely
 * outside the conditions is not a preflight problem: that is the analysis's to judge.
 */
import { providerDeps, type AnalysisDeps } from './runner.js';
import { hasBaselineSource, readMetric, type Source } from './providers/index.js';
import { ProviderError, type AnalysisSpec, type MetricSpec, type Reading } from './types.js';

export interface PreflightProblem {
  metric: string;
  source: Source;
  /** `ro.yml:12 canary.analysis.metrics[0]`, or the metric's name alone when its place is not known. */
  where: string;
  problem: string;
}

/** What the readings may use: the analysis's deps (or a provider's: `http` is the one required). */
export type PreflightDeps = Pick<AnalysisDeps, 'http'> &
  Partial<Pick<AnalysisDeps, 'signal' | 'clock' | 'process' | 'redactor' | 'cwd' | 'logger'>>;

/** Reads every metric once, concurrently; the problems found, in the order of the metrics (empty: all readable). */
export async function preflight(spec: AnalysisSpec, deps: PreflightDeps): Promise<PreflightProblem[]> {
  const reads = spec.metrics
    .filter((m) => m.preflight !== false)
    .flatMap((m) => [
      check(m, 'canary', deps),
      ...(hasBaselineSource(m) ? [check(m, 'baseline', deps)] : []),
    ]);
  return (await Promise.all(reads)).filter((p): p is PreflightProblem => p !== null);
}

async function check(m: MetricSpec, source: Source, deps: PreflightDeps): Promise<PreflightProblem | null> {
  let problem: string | null;
  try {
    problem = unreadable(await readMetric(m, source, providerDeps(deps)));
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    problem = err.message;
  }
  if (problem === null) return null;
  return { metric: m.name, source, where: whereOf(m), problem };
}

/** Why a reading gives the analysis nothing to judge, or null when it does. */
function unreadable(r: Reading): string | null {
  if (r.inconclusive) return r.inconclusive;
  if (r.samples && r.samples.total > 0 && r.samples.errors === r.samples.total)
    return `every sample failed (${r.detail ?? `${r.samples.total} samples`})`;
  return null;
}

function whereOf(m: MetricSpec): string {
  const o = m.origin;
  if (!o) return m.name;
  return `${o.line !== undefined ? `${o.file}:${o.line}` : o.file} ${o.key}`;
}

/** One line per problem: `ro.yml:12 canary.analysis.metrics[0] (errors) baseline source: <why>`. */
export function describePreflightProblem(p: PreflightProblem): string {
  const who = p.where === p.metric ? p.metric : `${p.where} (${p.metric})`;
  return `${who}${p.source === 'baseline' ? ' baseline source' : ''}: ${p.problem}`;
}

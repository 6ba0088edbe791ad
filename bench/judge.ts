/**
 * bench judge — the canary judge against fixed thresholds and a Kayenta-style Mann–Whitney-only judge,
 * on simulated analyses (docs/judge.md#bench). One line per judge:
 *
 *   bench judge <threshold|mwu|ours>: false_abort_pct=… detect_error2x_pct=… detect_tail_pct=… detect_variance_pct=… median_detect_s=…
 *
 * The simulation (seeded, deterministic): a 5-minute window with a look every 30 s (10 looks). Each
 * interval the service receives N_t ~ U(2400, 3600) requests (50 requests/s per side on average; set
 * BENCH_JUDGE_RPS to change it), split at random between canary and baseline (equal-size deployments
 * behind one load balancer). Every request of interval
 * t, on either side, has latency L_t · 80 ms · e^{0.5·Z} · S, with a load factor L_t = e^{0.15·Z_t} shared by
 * both sides and a slow path S = 1 + 2·Exp(1) for 2 % of requests, and fails with probability
 * p_t = 0.5 % · e^{0.3·Z'_t − 0.045} (error bursts shared by both sides). Faults, present in the canary
 * from the first interval:
 *   error2x  — the canary fails with probability 2·p_t;
 *   tail     — the slowest 10 % of the canary's requests get slower: above the healthy p90, x ↦ p90 + (x − p90)·k,
 *              k chosen so that the canary p95 is 1.2 × the baseline p95; median and p90 unchanged;
 *   variance — the canary's log-latency standard deviation is 0.6 instead of 0.5 (median unchanged).
 * median_detect_s is the median, over the fault runs that were aborted, of the simulated time from the
 * fault (the start of the analysis) to the abort.
 */
import { createJudge, type JudgeOptions } from '../src/analysis/judge/index.js';
import { mergeSorted } from '../src/analysis/judge/latency.js';
import { mannWhitney, mannWhitneySorted } from '../src/analysis/judge/rank.js';
import { createRandom, type Random } from '../src/analysis/judge/random.js';

const LOOKS = 10;
const INTERVAL_S = 30;
const RUNS = Number(process.env.BENCH_JUDGE_RUNS ?? 200);
const SEED = Number(process.env.BENCH_JUDGE_SEED ?? 20240601);
const CONFIDENCE = Number(process.env.BENCH_JUDGE_CONFIDENCE ?? 0.99);
/** Requests per second reaching each side (canary, baseline); each interval's total varies ±20 %. */
const RPS_PER_SIDE = Number(process.env.BENCH_JUDGE_RPS ?? 50);

const MEDIAN_MS = 80;
const SIGMA = 0.5;
const VARIANCE_SIGMA = 0.6;
const SLOW_P = 0.02;
const LOAD_SD = 0.15;
const BASE_ERROR = 0.005;
const ERROR_SD = 0.3;

export type Scenario = 'healthy' | 'error2x' | 'tail' | 'variance';
const SCENARIOS: Scenario[] = ['healthy', 'error2x', 'tail', 'variance'];

interface Side {
  latencies: Float64Array;
  errors: number;
  requests: number;
}
interface Interval {
  canary: Side;
  baseline: Side;
}

/** One request's latency before the load factor: 80 ms · e^{σ·Z}, times the slow path for 2 % of requests. */
function requestLatency(rng: Random, sigma: number): number {
  const body = MEDIAN_MS * Math.exp(sigma * rng.normal());
  return rng.fast() < SLOW_P ? body * (1 + 2 * rng.exponential()) : body;
}

function nearestRank(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

export interface TailModel {
  /** p50, p90 and p95 of the healthy per-request latency (load factor 1). */
  p50: number;
  p90: number;
  p95: number;
  /** The canary's latency above p90 is p90 + (x − p90)·stretch: p95 becomes 1.2 × p95, p90 and below unchanged. */
  stretch: number;
}

/**
 * The healthy distribution's quantiles from a large sample (1e6 requests, fixed seed). The tail fault is a
 * monotone map that leaves everything up to p90 in place, so the canary's quantiles are exactly the mapped
 * baseline quantiles: stretch = (1.2·p95 − p90) / (p95 − p90).
 */
export function tailModel(): TailModel {
  const rng = createRandom(7);
  const n = 1_000_000;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = requestLatency(rng, SIGMA);
  xs.sort();
  const p50 = nearestRank(xs, 0.5);
  const p90 = nearestRank(xs, 0.9);
  const p95 = nearestRank(xs, 0.95);
  return { p50, p90, p95, stretch: (1.2 * p95 - p90) / (p95 - p90) };
}

export function simulateRun(
  rng: Random,
  scenario: Scenario,
  tail: TailModel,
  rps = RPS_PER_SIDE,
): Interval[] {
  const out: Interval[] = [];
  for (let t = 0; t < LOOKS; t++) {
    const load = Math.exp(LOAD_SD * rng.normal());
    const pErr = BASE_ERROR * Math.exp(ERROR_SD * rng.normal() - (ERROR_SD * ERROR_SD) / 2);
    const mean = 2 * rps * INTERVAL_S;
    const total = rng.int(Math.round(0.8 * mean), Math.round(1.2 * mean));
    const nc = rng.binomial(total, 0.5);
    const nb = total - nc;
    const side = (n: number, canary: boolean): Side => {
      const latencies = new Float64Array(n);
      const sigma = canary && scenario === 'variance' ? VARIANCE_SIGMA : SIGMA;
      const stretch = canary && scenario === 'tail';
      for (let i = 0; i < n; i++) {
        let x = requestLatency(rng, sigma);
        if (stretch && x > tail.p90) x = tail.p90 + (x - tail.p90) * tail.stretch;
        latencies[i] = load * x;
      }
      const errors = rng.binomial(n, canary && scenario === 'error2x' ? 2 * pErr : pErr);
      return { latencies, errors, requests: n };
    };
    out.push({ canary: side(nc, true), baseline: side(nb, false) });
  }
  return out;
}

/** A judge under test: fed interval by interval, returns the 1-based look at which it aborts, or null. */
type JudgeRun = (run: Interval[]) => number | null;

/**
 * Fixed thresholds as in the runbooks: error_rate_pct <= 2 (the cutover runbook) and p95_ms <= 1.5 × the
 * healthy p95 (the incident flow's "latency degraded > 50 %"), on each interval's canary measurement; abort when a condition has
 * failed on more than 2 consecutive measurements (the go-live runbook, consecutive_failures: 2).
 */
function thresholdJudge(p95LimitMs: number): JudgeRun {
  return (run) => {
    let consecutive = 0;
    for (let k = 0; k < run.length; k++) {
      const c = run[k]!.canary;
      const sorted = Float64Array.from(c.latencies).sort();
      const errPct = (100 * c.errors) / Math.max(1, c.requests);
      const bad = errPct > 2 || nearestRank(sorted, 0.95) > p95LimitMs;
      consecutive = bad ? consecutive + 1 : 0;
      if (consecutive > 2) return k + 1;
    }
    return null;
  };
}

/**
 * Kayenta-style: Mann–Whitney only, 98 % confidence (a two-sided 98 % interval for the shift excluding 0
 * on the worse side ⇔ one-sided p ≤ 0.01), on everything since the start at each look, no correction for
 * repeated looks; latency on the per-request samples, the error metric as the time series of per-interval
 * error rates (what a metrics store gives Kayenta). Two metrics of equal weight, pass 95 / marginal 75:
 * one failing metric gives score 50 < 75 → abort.
 */
function mwuJudge(): JudgeRun {
  return (run) => {
    let latC: Float64Array = new Float64Array(0);
    let latB: Float64Array = new Float64Array(0);
    const errC: number[] = [];
    const errB: number[] = [];
    for (let k = 0; k < run.length; k++) {
      const iv = run[k]!;
      latC = mergeSorted(latC, Float64Array.from(iv.canary.latencies).sort());
      latB = mergeSorted(latB, Float64Array.from(iv.baseline.latencies).sort());
      errC.push(iv.canary.errors / iv.canary.requests);
      errB.push(iv.baseline.errors / iv.baseline.requests);
      const latencyFails = mannWhitneySorted(latC, latB).greater <= 0.01;
      const errorsFail = mannWhitney(errC, errB).greater <= 0.01;
      const score = (100 * ((latencyFails ? 0 : 1) + (errorsFail ? 0 : 1))) / 2;
      if (score < 75) return k + 1;
    }
    return null;
  };
}

export const OURS: JudgeOptions = {
  looks: LOOKS,
  confidence: CONFIDENCE,
  pass: 95,
  marginal: 75,
  metrics: [
    { name: 'latency', kind: 'latency', max_increase_pct: 5 },
    { name: 'errors', kind: 'count' },
  ],
};

function oursJudge(options: JudgeOptions = OURS): JudgeRun {
  return (run) => {
    const judge = createJudge(options);
    for (let k = 0; k < run.length; k++) {
      const iv = run[k]!;
      const d = judge.look(
        k + 1,
        {
          latency: { canary: iv.canary.latencies, baseline: iv.baseline.latencies },
          errors: {
            canary: { events: iv.canary.errors, trials: iv.canary.requests },
            baseline: { events: iv.baseline.errors, trials: iv.baseline.requests },
          },
        },
        { detail: 'minimal' },
      );
      if (d.action === 'fail') return k + 1;
    }
    return null;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface JudgeBenchResult {
  name: string;
  aborts: Record<Scenario, number>;
  runs: number;
  /** Seconds from the fault (the start of the analysis) to the abort, per fault scenario. */
  detectSeconds: Record<Scenario, number[]>;
}

export interface JudgeBenchOptions {
  runs?: number;
  seed?: number;
  /** Requests per second per side. */
  rps?: number;
  /** Settings of our judge (default OURS). */
  ours?: JudgeOptions;
  scenarios?: Scenario[];
  /** Which judges to run (default all three). */
  judges?: ('threshold' | 'mwu' | 'ours')[];
}

export async function runJudgeBench(
  options: JudgeBenchOptions = {},
): Promise<{ results: JudgeBenchResult[]; tail: TailModel }> {
  const runs = options.runs ?? RUNS;
  const seed = options.seed ?? SEED;
  const tail = tailModel();
  const all: [string, JudgeRun][] = [
    ['threshold', thresholdJudge(1.5 * tail.p95)],
    ['mwu', mwuJudge()],
    ['ours', oursJudge(options.ours ?? OURS)],
  ];
  const judges = all.filter(([name]) => !options.judges || options.judges.includes(name as 'ours'));
  const results: JudgeBenchResult[] = judges.map(([name]) => ({
    name,
    aborts: { healthy: 0, error2x: 0, tail: 0, variance: 0 },
    runs,
    detectSeconds: { healthy: [], error2x: [], tail: [], variance: [] },
  }));
  for (const [si, scenario] of SCENARIOS.entries()) {
    if (options.scenarios && !options.scenarios.includes(scenario)) continue;
    for (let r = 0; r < runs; r++) {
      const rng = createRandom(seed + 1_000_003 * si + r);
      const run = simulateRun(rng, scenario, tail, options.rps ?? RPS_PER_SIDE);
      for (const [ji, [, judge]] of judges.entries()) {
        const look = judge(run);
        if (look === null) continue;
        const res = results[ji]!;
        res.aborts[scenario]++;
        res.detectSeconds[scenario].push(look * INTERVAL_S);
      }
    }
  }
  return { results, tail };
}

export function medianSeconds(xs: number[]): number {
  return median(xs);
}

export function formatLine(r: JudgeBenchResult): string {
  const pctOf = (n: number) => ((100 * n) / r.runs).toFixed(1);
  const md = median([...r.detectSeconds.error2x, ...r.detectSeconds.tail, ...r.detectSeconds.variance]);
  return (
    `bench judge ${r.name}: false_abort_pct=${pctOf(r.aborts.healthy)} detect_error2x_pct=${pctOf(r.aborts.error2x)} ` +
    `detect_tail_pct=${pctOf(r.aborts.tail)} detect_variance_pct=${pctOf(r.aborts.variance)} median_detect_s=${Number.isNaN(md) ? 'n/a' : md}`
  );
}

export default async function (): Promise<string[]> {
  const { results } = await runJudgeBench();
  return results.map(formatLine);
}

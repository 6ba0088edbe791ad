/**
 * bench detection: how fast the analysis decides once a fault starts, and how often it cries wolf.
 *
 * Detection latency: the sample service is healthy but noisy (0.5 % random errors, jittery latency); an
 * analysis probes /health every INTERVAL with `consecutive_failures: 2`, so N = 3 failed measurements
 * are needed to abort. Right after a measurement (the worst moment: the fault is just missed), a fault
 * is injected at t0 — 30 % errors spread evenly, so that every measurement during the fault fails and
 * the floor is exact (how *likely* a measurement is to see a fault is the judge's business);
 * the abort is decided at t1. The theoretical floor is N × interval —
 * Flagger's documented rollback time, interval × threshold — and floor_ratio = (t1 − t0) / floor: 1.0
 * means the decision comes at the very measurement that exceeds the limit, with no lag of our own.
 *
 * Mid-pause detection: a whole canary (runCanary, its deploy a no-op program) whose first step bakes
 * for PAUSE_MS; the same fault starts in the middle of that pause, right after a measurement. The
 * analysis runs from the moment the step is deployed, so the abort must come as fast as in a bare
 * analysis: mid_pause_ratio = (t1 − t0) / floor, t0 the fault, t1 the step's failing decision.
 *
 * False aborts: full windows of the same healthy, noisy service with the same config; any abort is false.
 */
import { systemClock } from '../src/adapters/clock.js';
import { httpClient } from '../src/adapters/http.js';
import { runAnalysis } from '../src/analysis/runner.js';
import { resolveLimits } from '../src/analysis/settings.js';
import type { AnalysisSpec, EvaluatorFactory, MetricSpec } from '../src/analysis/types.js';
import { processRunner } from '../src/adapters/process.js';
import { runCanary } from '../src/canary/run.js';
import { resolveCanary } from '../src/canary/settings.js';
import { parseConfig } from '../src/config/load.js';
import { Redactor } from '../src/evidence/redact.js';
import { parseCondition, type Condition } from '../src/config/condition.js';
import {
  startSampleService,
  seededRandom,
  type Injection,
  type SampleService,
} from '../support/sample-service/index.js';

const INTERVAL_MS = 100;
const CONSECUTIVE = 2;
const NEEDED = CONSECUTIVE + 1;
const DETECTION_RUNS = 20;
const HEALTHY_RUNS = 50;
const HEALTHY_CONCURRENCY = 5;
const MID_PAUSE_RUNS = 10;
const PAUSE_MS = 3000;
const NOISE: Injection = { errorRatePct: 0.5, errorMode: 'random', latencyMs: 2, latencyJitterMs: 20 };
/** Spread evenly, so every measurement of 20 probes sees exactly 6 errors: each one fails, as the floor assumes. */
const FAULT: Injection = { errorRatePct: 30, errorMode: 'spread' };

function spec(url: string, windowMs: number): AnalysisSpec {
  const health: MetricSpec = {
    name: 'health',
    provider: {
      kind: 'http',
      url: `${url}/health`,
      method: 'GET',
      headers: {},
      expectStatus: [200],
      samples: 20,
      concurrency: 5,
      timeoutMs: 2000,
    },
    // One failed probe in 20 (5 %) is tolerated per measurement; two are not.
    conditions: ['error_rate_pct <= 5', 'p95_ms <= 250'].map((t) => parseCondition(t) as Condition),
    limits: resolveLimits({ consecutive_failures: CONSECUTIVE }),
  };
  return { intervalMs: INTERVAL_MS, windowMs, metrics: [health] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function detectionRun(svc: SampleService, injectAfterTick: number): Promise<number> {
  svc.reset();
  svc.inject(NOISE);
  let t0 = 0;
  const r = await runAnalysis(
    spec(svc.url, 60 * INTERVAL_MS),
    {
      clock: systemClock,
      http: httpClient,
      signal: new AbortController().signal,
      onTick: (t) => {
        if (t.index === injectAfterTick) {
          svc.inject(FAULT);
          t0 = systemClock.now();
        }
      },
    },
    { label: 'detection' },
  );
  if (r.decision !== 'failed' || !t0)
    throw new Error(`expected an abort after the fault, got ${r.decision}: ${r.reason}`);
  const t1 = r.decisions[r.decisions.length - 1]!.at;
  return (t1 - t0) / (NEEDED * INTERVAL_MS);
}

/** A canary whose first step pauses PAUSE_MS; the fault starts after measurement `injectAfterTick` of that pause. */
async function midPauseRun(svc: SampleService, injectAfterTick: number): Promise<number> {
  svc.reset();
  svc.inject(NOISE);
  const noop = JSON.stringify([process.execPath, '-e', '0']);
  const yaml = `canary:
  deploy: ${noop}
  rollback: ${noop}
  steps: [{ weight: 10, pause: ${PAUSE_MS}ms }, { weight: 100 }]
  program_timeout: 10s
  analysis:
    interval: ${INTERVAL_MS}ms
    window: ${3 * INTERVAL_MS}ms
    metrics:
      - name: health
        provider: http
        url: "${svc.url}/health"
        samples: 20
        concurrency: 5
        timeout: 2s
        conditions: ["error_rate_pct <= 5", "p95_ms <= 250"]
        consecutive_failures: ${CONSECUTIVE}
`;
  const { config, source } = parseConfig(yaml, 'detection.yml');
  const redactor = new Redactor();
  const settings = resolveCanary(config.canary!, {
    tag: 'v1.1.0',
    sha: '',
    previousTag: 'v1.0.0',
    env: {},
    redactor,
    source,
    cwd: process.cwd(),
    facts: { service: 'shop', repository: 'acme/shop', owner: 'bench' },
  });
  let t0 = 0;
  let ticks = 0;
  // rides along the analysis as an evaluator that never decides: it only starts the fault
  const injector: EvaluatorFactory = () => ({
    name: 'fault-injector',
    onTick: () => {
      if (++ticks === injectAfterTick) {
        svc.inject(FAULT);
        t0 = systemClock.now();
      }
      return { decision: 'continue', reason: '' };
    },
    onWindowEnd: () => ({ decision: 'continue', reason: '' }),
  });
  const run = await runCanary(settings, {
    clock: systemClock,
    http: httpClient,
    process: processRunner,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    redactor,
    signal: new AbortController().signal,
    github: null,
    evaluators: [injector],
    // the fault is over once the step has failed: the verification after the rollback is healthy
    listeners: [(e) => void (e.kind === 'decision' && t0 && svc.inject(NOISE))],
  });
  const analysis = run.steps[0]?.analysis;
  if (run.failedStep !== 1 || !analysis || !t0 || t0 - analysis.startedAt >= PAUSE_MS)
    throw new Error(`expected an abort in step 1's pause after the fault, got ${run.result}: ${run.reason}`);
  const t1 = analysis.decisions[analysis.decisions.length - 1]!.at;
  return (t1 - t0) / (NEEDED * INTERVAL_MS);
}

export default async function detection(): Promise<string> {
  const random = seededRandom(2024);
  const svc = await startSampleService({ version: 'v1.1.0', seed: 7 });
  const healthy = await Promise.all(
    Array.from({ length: HEALTHY_CONCURRENCY }, (_, i) =>
      startSampleService({ version: 'v1.0.0', seed: 100 + i }),
    ),
  );
  try {
    const ratios: number[] = [];
    for (let i = 0; i < DETECTION_RUNS; i++)
      ratios.push(await detectionRun(svc, 2 + Math.floor(random() * 4)));

    const midPause: number[] = [];
    for (let i = 0; i < MID_PAUSE_RUNS; i++)
      midPause.push(await midPauseRun(svc, 8 + Math.floor(random() * 12)));

    let falseAborts = 0;
    for (let batch = 0; batch < HEALTHY_RUNS / HEALTHY_CONCURRENCY; batch++) {
      const results = await Promise.all(
        healthy.map((s) => {
          s.reset();
          s.inject(NOISE);
          return runAnalysis(
            spec(s.url, 20 * INTERVAL_MS),
            { clock: systemClock, http: httpClient, signal: new AbortController().signal },
            { label: 'healthy' },
          );
        }),
      );
      falseAborts += results.filter((r) => r.decision !== 'successful').length;
    }
    return `bench detection: floor_ratio_median=${median(ratios).toFixed(2)} floor_ratio_max=${Math.max(...ratios).toFixed(2)} mid_pause_ratio=${median(midPause).toFixed(2)} mid_pause_ratio_max=${Math.max(...midPause).toFixed(2)} false_aborts=${falseAborts}/${HEALTHY_RUNS}`;
  } finally {
    await svc.close();
    await Promise.all(healthy.map((s) => s.close()));
  }
}

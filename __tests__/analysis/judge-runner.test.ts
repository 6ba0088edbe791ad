/**
 * The judge inside the measurement loop (FakeClock): synthetic canary and baseline sources answer the
 * http provider's probes, the config is parsed and resolved as a user writes it, and runAnalysis builds
 * the judge from the spec. A 2× error rate stays under the fixed thresholds but is aborted by the judge
 * before the window ends; a healthy noisy pair is never aborted.
 */
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { createRandom } from '../../src/analysis/judge/random.js';
import { describeJudge, describeJudged, judgeWarnings } from '../../src/analysis/plan.js';
import { runAnalysis } from '../../src/analysis/runner.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import type { AnalysisSpec } from '../../src/analysis/types.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';
import { HttpError, type HttpRequest } from '../../src/ports/index.js';
import { FakeHttp, json } from './fakes.js';

const CANARY = 'http://canary.internal/checkout';
const STABLE = 'http://stable.internal/checkout';
const INTERVAL = 30_000;

function spec(metricsYaml: string, extra = ''): AnalysisSpec {
  const { config, source } = parseConfig(
    `canary:
  deploy: [./deploy.sh]
  steps: [{ weight: 100 }]
  analysis:
    interval: 30s
    window: 5m
${extra}    metrics:
${metricsYaml}`,
    'ro.yml',
  );
  return resolveAnalysis(config.canary!.analysis!, {
    env: {},
    redactor: new Redactor(),
    source,
    path: ['canary', 'analysis'],
  });
}

/**
 * The web metric: thresholds from the runbooks (the release and incident flow: error rate > 5 % rolls
 * back; the cutover runbook: p95 ≤ 1200 ms).
 */
const web = (judge: string | null) =>
  `      - name: web
        provider: http
        url: ${CANARY}
        samples: 1000
        concurrency: 50
        baseline: { url: ${STABLE} }
        conditions: ["error_rate_pct <= 5", "p95_ms <= 1200"]
${judge ? `        judge: ${judge}\n` : ''}`;

interface Service {
  /** Error probability per request before the interval's shared burst factor. */
  errorRate: number;
  /** Canary's error rate relative to the baseline's. */
  canaryErrorFactor?: number;
}

/**
 * Canary and stable behind one load balancer: each interval has a load factor and an error-burst factor
 * shared by both sides (jitter that is no one's fault); every request has log-normal latency with a 2 %
 * slow path, and fails with the interval's error probability. Answers by URL.
 */
function service(clock: FakeClock, seed: number, s: Service): FakeHttp {
  const t0 = clock.now();
  const rng = createRandom(seed);
  const shared = new Map<number, { load: number; burst: number }>();
  const interval = (k: number) => {
    if (!shared.has(k))
      shared.set(k, {
        load: Math.exp(0.15 * rng.normal()),
        burst: Math.exp(0.3 * rng.normal() - 0.045),
      });
    return shared.get(k)!;
  };
  return new FakeHttp((req: HttpRequest) => {
    const k = Math.round((clock.now() - t0) / INTERVAL);
    const { load, burst } = interval(k);
    const canary = req.url === CANARY;
    const p = s.errorRate * burst * (canary ? (s.canaryErrorFactor ?? 1) : 1);
    const slow = rng.fast() < 0.02 ? 1 + 2 * rng.exponential() : 1;
    const durationMs = load * 80 * Math.exp(0.5 * rng.normal()) * slow;
    return { status: rng.fast() < p ? 500 : 200, durationMs, body: '' };
  });
}

const deps = (clock: FakeClock, http: FakeHttp) => ({
  clock,
  http,
  signal: new AbortController().signal,
});

describe('the judge in runAnalysis (FakeClock, synthetic canary and baseline)', () => {
  it('a 2× error rate (1 % → 2 %) passes the fixed thresholds but the judge aborts it before the window ends', async () => {
    // Thresholds alone: the canary's 2 % never comes near 5 %.
    const thresholds = spec(web(null));
    expect(thresholds.judge).toBeUndefined();
    let clock = new FakeClock();
    const alone = await runAnalysis(
      thresholds,
      deps(clock, service(clock, 11, { errorRate: 0.01, canaryErrorFactor: 2 })),
      { label: 'thresholds' },
    );
    expect(alone.decision).toBe('successful');
    expect(alone.ticks).toBe(10);
    expect(alone.judge).toBeUndefined();

    // The same canary, the same data, with the judge.
    const judged = spec(web('[{ kind: count }, { kind: latency, max_increase_pct: 5 }]'));
    clock = new FakeClock();
    const t0 = clock.now();
    const r = await runAnalysis(
      judged,
      deps(clock, service(clock, 11, { errorRate: 0.01, canaryErrorFactor: 2 })),
      { label: 'step 1 (10%)' },
    );
    expect(r.decision).toBe('failed');
    expect(r.ticks).toBeLessThan(10);
    expect(r.endedAt - t0).toBe(r.ticks * INTERVAL);
    // Every measurement was within the thresholds: the limits had nothing to say.
    expect(r.measurements.every((m) => m.phase === 'successful')).toBe(true);
    const d = r.decisions.at(-1)!;
    expect(d).toMatchObject({ decision: 'failed', evaluator: 'judge', metric: 'web.count', rule: 'judge' });
    // The message carries the effect size, its interval, both rates, the p-value, the limit and the look.
    expect(r.reason).toMatch(
      new RegExp(
        `^score 50 < marginal 75 \\(look ${r.ticks}/10\\): web\\.count: rate \\+\\d+ % \\[\\+[\\d.]+ %, \\+\\d+ %\\] vs baseline \\(\\d\\.\\d+ % vs \\d\\.\\d+ %\\), p=\\S+ \\(limit \\+0 %, look ${r.ticks}/10\\)$`,
      ),
    );
    // One judge decision per look, the last one the abort, with the verdict of each judged metric.
    expect(r.judge!.map((x) => x.look)).toEqual(Array.from({ length: r.ticks }, (_, i) => i + 1));
    const last = r.judge!.at(-1)!;
    expect(last.action).toBe('fail');
    expect(last.score).toBe(50);
    expect(last.metrics.map((m) => [m.metric, m.verdict])).toEqual([
      ['web.count', 'fail'],
      ['web.latency', 'pass'],
    ]);
    const rate = last.metrics[0]!.tests[0]!;
    expect(rate.estimate).toBeGreaterThan(1.4);
    expect(rate.interval![0]).toBeGreaterThan(1);
    expect(last.metrics[0]!.n.canary).toBe(1000 * r.ticks);
  });

  it('a healthy noisy canary is never aborted: three seeds, every window passes the judge', async () => {
    const judged = spec(
      web('[{ kind: count }, { kind: latency, max_increase_pct: 5 }]').replace(
        'samples: 1000',
        'samples: 400',
      ),
      '    judge: { confidence: 0.98 }\n',
    );
    for (const seed of [1, 2, 3]) {
      const clock = new FakeClock();
      const r = await runAnalysis(judged, deps(clock, service(clock, seed, { errorRate: 0.01 })), {
        label: `healthy ${seed}`,
      });
      expect({ seed, decision: r.decision }).toEqual({ seed, decision: 'successful' });
      expect(r.ticks).toBe(10);
      expect(r.judge!.map((x) => x.action)).toEqual([...Array(9).fill('continue'), 'pass']);
      // The pass says what both evaluators saw, the judge with its estimates and intervals.
      expect(r.reason).toMatch(
        /^every metric within its limits for the whole window; judge: score 100 ≥ pass 95 \(look 10\/10\): web\.count: not worse than baseline beyond the limit \+0 %: rate [+−]\d/,
      );
      expect(r.reason).toMatch(/web\.latency: not worse than baseline beyond the limit \+5 %: median .*\[/);
    }
  });

  it('fixed thresholds and the judge on one metric: a threshold breach decides first, at its own tick', async () => {
    // The canary answers 500 to everything from the second interval: the limits fail it at tick 2
    // (failure_limit 0) while the judge, spending almost nothing early, has not decided yet.
    const judged = spec(web('{ kind: count }').replace('samples: 1000', 'samples: 20'));
    const clock = new FakeClock();
    const t0 = clock.now();
    const http = new FakeHttp((req) => ({
      status: req.url === CANARY && clock.now() - t0 >= 2 * INTERVAL ? 500 : 200,
      durationMs: 50,
    }));
    const r = await runAnalysis(judged, deps(clock, http), { label: 's' });
    expect(r.decision).toBe('failed');
    expect(r.ticks).toBe(2);
    expect(r.decisions.at(-1)).toMatchObject({ evaluator: 'limits', rule: 'failure_limit', metric: 'web' });
    expect(r.reason).toBe('web: error_rate_pct 100 > 5 on 1 of 2 measurements (limit 0)');
  });

  it('the baseline source down: the judged measurement is inconclusive, and inconclusive_limit stops the analysis — never a pass on the canary alone', async () => {
    const judged = spec(web('{ kind: count }').replace('samples: 1000', 'samples: 10'));
    const clock = new FakeClock();
    const http = new FakeHttp((req) =>
      req.url === STABLE
        ? new HttpError('network', 'connect ECONNREFUSED', 1)
        : { status: 200, durationMs: 40 },
    );
    const r = await runAnalysis(judged, deps(clock, http), { label: 's' });
    // For the canary a refused connection is a failed sample (the service being down is data); a
    // baseline whose every sample failed leaves nothing to compare with: not judged, inconclusive.
    expect(r.decision).toBe('inconclusive');
    expect(r.ticks).toBe(3);
    expect(r.reason).toBe(
      'web: 3 inconclusive measurements (limit 2); last: baseline source: every sample failed (10 samples, 10 failed (10× connect ECONNREFUSED))',
    );
    expect(r.measurements.map((m) => m.phase)).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(r.judge!.map((x) => x.action)).toEqual(['no-data', 'no-data', 'no-data']);
    // A json baseline that cannot be read at all:
    const jsonJudged = spec(
      `      - name: cutover
        provider: json
        url: http://canary.internal/metrics.json
        baseline: { url: http://stable.internal/metrics.json }
        judge: { kind: latency, value: p95_ms, max_increase_pct: 10 }
`,
    );
    const clock2 = new FakeClock();
    const down = new FakeHttp((req) =>
      req.url.startsWith('http://stable') ? { status: 503, body: 'down' } : json({ p95_ms: 120 }),
    );
    const r2 = await runAnalysis(jsonJudged, deps(clock2, down), { label: 's' });
    expect(r2.decision).toBe('inconclusive');
    expect(r2.ticks).toBe(3);
    expect(r2.reason).toBe(
      'cutover: 3 inconclusive measurements (limit 2); last: baseline source: GET http://stable.internal/metrics.json answered 503',
    );
    expect(r2.judge!.map((x) => x.action)).toEqual(['no-data', 'no-data', 'no-data']);
  });

  it('json metrics: a value per interval (latency kind) and events out of trials (count kind) are judged', async () => {
    const jsonSpec = spec(
      `      - name: cutover
        provider: json
        url: http://canary.internal/metrics.json
        baseline: { url: http://stable.internal/metrics.json }
        judge:
          - { kind: latency, value: data.p95_ms, max_increase_pct: 10 }
          - { kind: count, events: errors, trials: requests, critical: true }
`,
    );
    expect(jsonSpec.metrics[0]!.judge!.map((j) => j.name)).toEqual(['cutover.data.p95_ms', 'cutover.count']);
    const clock = new FakeClock();
    const t0 = clock.now();
    const rng = createRandom(7);
    const http = new FakeHttp((req) => {
      const canary = req.url.startsWith('http://canary');
      const k = Math.round((clock.now() - t0) / INTERVAL);
      // From the 4th interval the canary fails 5 % of 2000 requests, the baseline 1 %.
      const errors = Math.round(2000 * (canary && k >= 4 ? 0.05 : 0.01) * Math.exp(0.2 * rng.normal()));
      return json({ data: { p95_ms: 200 * Math.exp(0.05 * rng.normal()) }, errors, requests: 2000 });
    });
    const r = await runAnalysis(jsonSpec, deps(clock, http), { label: 's' });
    expect(r.decision).toBe('failed');
    expect(r.ticks).toBeGreaterThanOrEqual(4);
    expect(r.ticks).toBeLessThan(10);
    expect(r.reason).toMatch(
      /^critical metric cutover\.count failed \(look \d+\/10\): cutover\.count: rate \+\d+ % \[/,
    );
    const last = r.judge!.at(-1)!;
    expect(last.metrics.find((m) => m.metric === 'cutover.data.p95_ms')).toMatchObject({
      verdict: 'pass',
      n: { canary: r.ticks, baseline: r.ticks },
    });
    expect(last.metrics.find((m) => m.metric === 'cutover.count')!.events!.canary).toBeGreaterThan(0);
  });
});

describe('the judge in the plan', () => {
  it('describes the judged metrics and the false-abort bound, and warns when a metric cannot be judged', () => {
    const s = spec(
      `      - { name: web, provider: http, url: "${CANARY}", baseline: { url: "${STABLE}" }, judge: { kind: count, critical: true } }
      - { name: cutover, provider: json, url: "http://c/m.json", baseline: { url: "http://s/m.json" }, judge: { kind: latency, value: p95_ms, max_increase_pct: 10 } }
`,
      '    judge: { confidence: 0.99 }\n',
    );
    expect(describeJudge(s)).toBe(
      'Judge: 2 judged metrics compared with their baseline sources at each of the 10 measurements; a canary no worse than its baseline is aborted with probability ≤ 1 % per analysis (confidence 0.99); score pass 95, marginal 75; obrien_fleming spending, group_sequential boundaries.',
    );
    expect(s.metrics.flatMap((m) => m.judge!.map(describeJudged))).toEqual([
      'web: count (errors out of requests), limit +0 %, critical',
      'cutover: latency (p95_ms, one value per interval), limit +10 %',
    ]);
    // 5 samples × 10 measurements per side: few; 10 single values are enough for the exact test.
    expect(judgeWarnings(s)).toEqual([
      'web: 5 samples × 10 measurements = 50 per side: the judge can only detect large regressions (raise samples; docs/judge.md#bench)',
    ]);
    // 3 looks of one value per side: the smallest p-value, 1/20, is above any level the judge tests at.
    const short = spec(
      `      - { name: cutover, provider: json, url: "http://c/m.json", baseline: { url: "http://s/m.json" }, judge: { kind: latency, value: p95_ms } }
`,
    );
    short.windowMs = 90_000;
    expect(judgeWarnings(short)).toEqual([
      expect.stringMatching(
        /^cutover: one value per interval and 3 measurements per window: the judge can never fail it \(smallest possible p-value 0\.05 > its level /,
      ),
    ]);
  });
});

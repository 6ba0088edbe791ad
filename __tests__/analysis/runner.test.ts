import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { measureBaselines, runAnalysis, ticksIn } from '../../src/analysis/runner.js';
import type { AnalysisSpec, Evaluator, Tick } from '../../src/analysis/types.js';
import { HttpError } from '../../src/ports/index.js';
import { FakeHttp, json, metric } from './fakes.js';

const signal = () => new AbortController().signal;

/** A metrics URL whose error rate follows `rates[tick]` (one request per tick). */
function metricsByTick(rates: (number | null | 'down')[]) {
  return new FakeHttp((_req, n) => {
    const r = rates[Math.min(n, rates.length) - 1];
    if (r === 'down') return new HttpError('network', 'ECONNREFUSED', 1);
    return json({ error_rate_pct: r, p95_ms: 100 });
  });
}

describe('runAnalysis (FakeClock)', () => {
  it('measures at start + k × interval, ⌊window / interval⌋ times, and passes a healthy window', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const ticks: Tick[] = [];
    const spec: AnalysisSpec = {
      intervalMs: 30_000,
      windowMs: 300_000,
      metrics: [metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2.0', 'p95_ms <= 1200'])],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0.5]), signal: signal(), onTick: (t) => ticks.push(t) },
      { label: 'step 1' },
    );
    expect(r.decision).toBe('successful');
    expect(ticksIn(spec)).toBe(10);
    expect(ticks.map((t) => t.at - t0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => k * 30_000));
    expect(r.measurements).toHaveLength(10);
    expect(r.summary).toEqual([{ metric: 'cutover', successful: 10, failed: 0, inconclusive: 0, error: 0 }]);
    expect(r.decisions).toHaveLength(1);
  });

  it('a sustained breach fails the analysis at the measurement where the limit is exceeded, not later', async () => {
    const clock = new FakeClock();
    const t0 = clock.now();
    const spec: AnalysisSpec = {
      intervalMs: 30_000,
      windowMs: 300_000,
      metrics: [metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2'], { consecutive_failures: 2 })],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0, 3.4]), signal: signal() },
      { label: 'step 2' },
    );
    expect(r.decision).toBe('failed');
    expect(r.ticks).toBe(4); // failures at ticks 2, 3, 4: the third exceeds the limit of 2
    expect(r.endedAt - t0).toBe(4 * 30_000);
    expect(r.reason).toBe('cutover: error_rate_pct 3.4 > 2 on 3 consecutive measurements (limit 2)');
    expect(r.decisions[0]).toMatchObject({
      decision: 'failed',
      evaluator: 'limits',
      metric: 'cutover',
      rule: 'consecutive_failures',
      tick: 4,
    });
  });

  it('one blip does not fail the analysis', async () => {
    const clock = new FakeClock();
    const spec: AnalysisSpec = {
      intervalMs: 10_000,
      windowMs: 60_000,
      metrics: [metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2'], { consecutive_failures: 2 })],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0, 0, 9, 0]), signal: signal() },
      { label: 's' },
    );
    expect(r.decision).toBe('successful');
    expect(r.summary[0]).toMatchObject({ successful: 5, failed: 1 });
  });

  it('an unreachable source gives error measurements, counted against inconclusive_limit', async () => {
    const clock = new FakeClock();
    const spec: AnalysisSpec = {
      intervalMs: 1000,
      windowMs: 10_000,
      metrics: [
        metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2'], {
          consecutive_failures: 2,
          inconclusive_limit: 1,
        }),
      ],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0, 'down', null, 0]), signal: signal() },
      { label: 's' },
    );
    expect(r.decision).toBe('inconclusive');
    expect(r.ticks).toBe(3);
    expect(r.measurements.map((m) => m.phase)).toEqual(['successful', 'error', 'inconclusive']);
    expect(r.reason).toBe(
      'cutover: 2 inconclusive measurements (limit 1); last: error_rate_pct is null, not a number',
    );
    expect(r.measurements[1]!.message).toBe('GET http://svc/metrics.json failed: ECONNREFUSED');
  });

  it('reads all metrics of a tick at the same moment and reports every metric that breached', async () => {
    const clock = new FakeClock();
    const http = new FakeHttp((req) => (req.url.includes('a') ? json({ v: 5 }) : json({ v: 7 })));
    const spec: AnalysisSpec = {
      intervalMs: 1000,
      windowMs: 5000,
      metrics: [
        metric('a', { kind: 'json', url: 'http://a' }, ['v <= 1']),
        metric('b', { kind: 'json', url: 'http://b' }, ['v <= 1']),
      ],
    };
    const r = await runAnalysis(spec, { clock, http, signal: signal() }, { label: 's' });
    expect(r.ticks).toBe(1);
    expect(r.measurements[0]!.at).toBe(r.measurements[1]!.at);
    expect(r.reason).toBe(
      'a: v 5 > 1 on 1 of 1 measurement (limit 0); b: v 7 > 1 on 1 of 1 measurement (limit 0)',
    );
  });

  it('compares against a baseline read before the rollout (p95_ms <= baseline * 1.5)', async () => {
    const clock = new FakeClock();
    let p95 = 100;
    const http = new FakeHttp(() => json({ p95_ms: p95 }));
    const m = metric('latency', { kind: 'json' }, ['p95_ms <= baseline * 1.5'], { consecutive_failures: 1 });
    const baselines = await measureBaselines([m], { clock, http, signal: signal() });
    expect(baselines).toEqual({ latency: { values: { p95_ms: 100 }, at: clock.now() } });
    expect(http.requests).toHaveLength(3);
    p95 = 160;
    const r = await runAnalysis(
      { intervalMs: 1000, windowMs: 10_000, metrics: [m] },
      { clock, http, signal: signal() },
      { label: 's', baselines },
    );
    expect(r.decision).toBe('failed');
    expect(r.ticks).toBe(2);
    expect(r.reason).toBe(
      'latency: p95_ms 160 > 150 (baseline 100 × 1.5) on 2 consecutive measurements (limit 1)',
    );
    expect(r.measurements[0]!.conditions[0]).toEqual({
      condition: 'p95_ms <= baseline * 1.5',
      value: 'p95_ms',
      measured: 160,
      threshold: 150,
      baseline: 100,
      passed: false,
    });
  });

  it('the baseline is the median of its readings; a baseline that cannot be read is an error entry', async () => {
    const clock = new FakeClock();
    const seq = [120, 80, 1000];
    const http = new FakeHttp((_r, n) => json({ p95_ms: seq[n - 1] }));
    const m = metric('latency', { kind: 'json' }, ['p95_ms <= baseline * 1.5']);
    expect(await measureBaselines([m], { clock, http, signal: signal() })).toMatchObject({
      latency: { values: { p95_ms: 120 } },
    });
    const down = new FakeHttp(() => new HttpError('network', 'ECONNREFUSED', 1));
    const b = await measureBaselines([m], { clock, http: down, signal: signal() });
    expect(b.latency).toMatchObject({
      error: 'no baseline value for p95_ms (GET http://svc/metrics.json failed: ECONNREFUSED)',
    });
  });

  it('a metric with a baseline source reads both at every measurement and compares with the concurrent reading', async () => {
    const clock = new FakeClock();
    const http = new FakeHttp((req) => json({ p95_ms: req.url.includes('stable') ? 200 : 250 }));
    const m = metric(
      'latency',
      { kind: 'json', url: 'http://canary/m', baseline: { url: 'http://stable/m', headers: {} } },
      ['p95_ms <= baseline * 1.2'],
    );
    const r = await runAnalysis(
      { intervalMs: 1000, windowMs: 2000, metrics: [m] },
      { clock, http, signal: signal() },
      { label: 's' },
    );
    expect(r.decision).toBe('failed');
    expect(r.reason).toContain('p95_ms 250 > 240 (baseline 200 × 1.2)');
    expect(http.requests.map((q) => q.url).sort()).toEqual(['http://canary/m', 'http://stable/m']);
  });

  it('takes extra evaluators (the canary judge plugs in here); a failure from any evaluator fails the analysis', async () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const judge = (): Evaluator => ({
      name: 'judge',
      onTick: (t) => {
        seen.push(t.measurements[0]!.values.error_rate_pct!);
        return t.index === 2
          ? { decision: 'failed', reason: 'error rate 2× the baseline (95 % CI 1.4–2.9)', metric: 'cutover' }
          : { decision: 'continue', reason: '' };
      },
      onWindowEnd: () => ({ decision: 'successful', reason: '' }),
    });
    const spec: AnalysisSpec = {
      intervalMs: 1000,
      windowMs: 10_000,
      metrics: [metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2'])],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0.5]), signal: signal() },
      { label: 's', evaluators: [judge] },
    );
    expect(seen).toEqual([0.5, 0.5]);
    expect(r).toMatchObject({
      decision: 'failed',
      ticks: 2,
      reason: 'error rate 2× the baseline (95 % CI 1.4–2.9)',
    });
    expect(r.decisions[0]!.evaluator).toBe('judge');
  });

  it('stops with decision cancelled when the signal aborts, keeping the measurements so far', async () => {
    const clock = new FakeClock();
    const ctl = new AbortController();
    const spec: AnalysisSpec = {
      intervalMs: 1000,
      windowMs: 10_000,
      metrics: [metric('cutover', { kind: 'json' }, ['error_rate_pct <= 2'])],
    };
    const r = await runAnalysis(
      spec,
      { clock, http: metricsByTick([0]), signal: ctl.signal, onTick: (t) => t.index === 3 && ctl.abort() },
      { label: 'step 1' },
    );
    expect(r.decision).toBe('cancelled');
    expect(r.measurements).toHaveLength(3);
    expect(r.reason).toBe('cancelled during step 1 after 3 of 10 measurements');
  });

  it('a bug in a provider is not an error measurement: it propagates', async () => {
    const clock = new FakeClock();
    const http = new FakeHttp(() => {
      throw new TypeError('boom');
    });
    const spec: AnalysisSpec = {
      intervalMs: 1000,
      windowMs: 1000,
      metrics: [metric('m', { kind: 'json' }, ['v <= 1'])],
    };
    await expect(runAnalysis(spec, { clock, http, signal: signal() }, { label: 's' })).rejects.toThrow(
      'boom',
    );
  });
});

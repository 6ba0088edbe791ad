/**
 * The helpers the gate and the analysis share (src/shared/): one percentile, one JSON-path reader, one
 * HTTP sampling pool. Each used to exist twice with different behaviour; these tests pin the one kept.
 */
import { describe, expect, it } from '@jest/globals';
import { measureHttp } from '../../src/analysis/providers/http.js';
import { measureJson } from '../../src/analysis/providers/json.js';
import { latencySummary } from '../../src/analysis/stats.js';
import { summarize } from '../../src/gate/stats.js';
import { samplePool } from '../../src/shared/http-samples.js';
import { readPath } from '../../src/shared/json-path.js';
import { reduceSeries } from '../../src/shared/series.js';
import { percentile } from '../../src/shared/stats.js';
import { FakeHttp } from './fakes.js';

describe('percentile: nearest rank, null without values', () => {
  it('is null for no values, in both callers: the gate reports null, the analysis reports no latency values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(summarize([])).toMatchObject({ count: 0, p50: null, p95: null, p99: null });
    expect(latencySummary([])).toEqual({});
  });
  it('gives the same value to both callers', () => {
    const xs = [30, 10, 50, 20, 40];
    expect(summarize(xs).p95).toBe(50);
    expect(latencySummary(xs).p95_ms).toBe(50);
    expect(summarize(xs).p50).toBe(30);
    expect(latencySummary(xs).p50_ms).toBe(30);
  });
});

describe('readPath: the document own data only', () => {
  const doc = JSON.parse(
    '{"a":{"b":[{"c":null},{"c":2}]},"list":[1,2],"n":{"0":"zero"},"own":{"__proto__":{"x":1}}}',
  );
  it.each([
    ['a.b[1].c', { found: true, value: 2 }],
    ['a.b.1.c', { found: true, value: 2 }],
    ['a.b[0].c', { found: true, value: null }],
    ['n.0', { found: true, value: 'zero' }],
    // an index reads lists only, a key reads objects only
    ['n[0]', { found: false }],
    ['list.length', { found: false }],
    ['list[2]', { found: false }],
    ['a.x', { found: false }],
    // nothing from the prototype chain
    ['constructor', { found: false }],
    ['__proto__', { found: false }],
    ['a.toString', { found: false }],
    ['a.hasOwnProperty', { found: false }],
    ['list.constructor.name', { found: false }],
    // a "__proto__" key written in the document is data like any other
    ['own.__proto__.x', { found: true, value: 1 }],
  ])('%s', (path, want) => {
    expect(readPath(doc, path)).toEqual(want);
  });
  it('the json provider finds no constructor in a metrics document (inconclusive, not a function)', async () => {
    const http = new FakeHttp(() => ({ status: 200, body: '{"p95_ms": 12}' }));
    const r = await measureJson(
      { url: 'http://m/x', headers: {} },
      ['constructor', 'p95_ms'],
      { timeoutMs: 100 },
      { http },
    );
    expect(r.values).toEqual({ p95_ms: 12 });
    expect(r.inconclusive).toBe('constructor is missing');
  });
});

describe('samplePool: the one sampling pool', () => {
  /** Requests that answer only when released, so a test sees what is in flight at each moment. */
  function gatedHttp() {
    const waiting: (() => void)[] = [];
    let arrived: () => void = () => {};
    const http = new FakeHttp(
      () =>
        new Promise((resolve) => {
          waiting.push(() => resolve({ status: 200, durationMs: 1 }));
          arrived();
        }),
    );
    const inFlight = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (waiting.length >= n ? resolve() : (arrived = check));
        check();
      });
    const releaseAll = () => waiting.splice(0).forEach((f) => f());
    return { http, inFlight, releaseAll, waiting };
  }

  it('never has more than `concurrency` requests in flight, and sends exactly `samples`', async () => {
    const g = gatedHttp();
    const done = measureHttp(
      { method: 'GET', expectStatus: [200], samples: 7, concurrency: 3, timeoutMs: 1000 },
      { url: 'http://s/x', headers: {} },
      { http: g.http },
    );
    const seen: number[] = [];
    for (const want of [3, 3, 1]) {
      await g.inFlight(want);
      seen.push(g.waiting.length);
      g.releaseAll();
    }
    const r = await done;
    expect(seen).toEqual([3, 3, 1]);
    expect(g.http.requests).toHaveLength(7);
    expect(r.values.samples).toBe(7);
  });

  it('stops sending once stopAfter says so (the gate: failures beyond those tolerated)', async () => {
    let sent = 0;
    const got = await samplePool<number>({
      samples: 100,
      concurrency: 1,
      send: async (i) => {
        sent++;
        return i;
      },
      stopAfter: (i) => i === 4,
    });
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(sent).toBe(5);
  });

  it('aborts every request in flight with one listener on the caller signal, and sends no more', async () => {
    const g = gatedHttp();
    const parent = new AbortController();
    let listeners = 0;
    const add = parent.signal.addEventListener.bind(parent.signal);
    parent.signal.addEventListener = ((...a: Parameters<typeof add>) => {
      listeners++;
      return add(...a);
    }) as typeof add;
    const aborted: number[] = [];
    const done = samplePool<number>({
      samples: 40,
      concurrency: 20,
      signal: parent.signal,
      send: (i, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted.push(i);
            resolve(undefined);
          });
          g.waiting.push(() => resolve(i));
          if (g.waiting.length === 20) parent.abort();
        }),
    });
    const got = await done;
    expect(listeners).toBe(1);
    expect(got).toEqual([]);
    expect(aborted).toHaveLength(20);
  });
});

describe('reduceSeries: one series reduced the same way for graphite and datadog', () => {
  it('leaves the gaps out, says how many points held a value, and is inconclusive with none', () => {
    expect(reduceSeries([1, null, 3, null], 'max', '60s')).toEqual({
      values: { result: 3 },
      detail: 'max of 2/4 points: 3',
    });
    expect(reduceSeries([null, null], 'last', '60s')).toEqual({
      values: {},
      inconclusive: 'the series has no value in the last 60s (2 points, all null)',
    });
    expect(reduceSeries([], 'avg', '300s').inconclusive).toBe(
      'the series has no value in the last 300s (0 points, all null)',
    );
  });
});

/**
 * VictoriaMetrics speaks PromQL: the prometheus provider, unchanged, against a real VictoriaMetrics
 * (Debian victoria-metrics, installed by scripts/setup-services.sh as npm test's setup does), started
 * once here on 127.0.0.1 (support/metric-servers/victoria.ts). Samples go in through its Prometheus
 * import API; the provider reads them through the instant query API, as it reads Prometheus.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpClient } from '../../src/adapters/http.js';
import { measurePrometheus } from '../../src/analysis/providers/prometheus.js';
import { start } from '../../support/metric-servers/victoria.js';
import type { MetricPoint, MetricServer } from '../../support/metric-servers/process.js';
import { analyse, resolve } from './analysis.js';

const errorRate = (service: string) =>
  `sum(rate(requests_total{service="${service}",code=~"5.."}[30s])) / sum(rate(requests_total{service="${service}"}[30s])) * 100`;

/** A counter per status code over the last 20 s, one sample a second: `perSecond` requests of each code. */
function counters(service: string, perSecond: Record<string, number>, now: number): MetricPoint[] {
  return Object.entries(perSecond).flatMap(([code, rate]) =>
    Array.from({ length: 21 }, (_, k) => ({
      name: 'requests_total',
      labels: { service, code },
      value: rate * k,
      at: now - (20 - k) * 1000,
    })),
  );
}

describe('prometheus provider against a real VictoriaMetrics', () => {
  let vm: MetricServer;
  const metric = (query: string, more: object = {}) => ({
    name: 'errors',
    provider: 'prometheus',
    address: vm.url,
    query,
    conditions: ['result <= 2'],
    ...more,
  });
  const read = (query: string) =>
    measurePrometheus({ address: vm.url, query, headers: {} }, { timeoutMs: 3000 }, { http: httpClient });

  beforeAll(async () => {
    vm = await start();
    const now = Date.now();
    await vm.write([
      ...counters('checkout', { '200': 99, '500': 1 }, now),
      ...counters('payments', { '200': 90, '503': 10 }, now),
    ]);
    process.stdout.write(`victoria-metrics started in ${vm.startedInMs} ms\n`);
  }, 40_000);

  afterAll(() => vm?.stop());

  it('a healthy error rate passes the analysis', async () => {
    const a = await analyse(resolve([metric(errorRate('checkout'))]).spec);
    expect(a).toMatchObject({ decision: 'successful', ticks: 2 });
    expect(a.measurements[0]!.values.result).toBeCloseTo(1, 6);
  });

  it('a breaching error rate fails it at the first measurement', async () => {
    const a = await analyse(resolve([metric(errorRate('payments'))]).spec);
    expect(a).toMatchObject({
      decision: 'failed',
      ticks: 1,
      reason: 'errors: result 10 > 2 on 1 of 1 measurement (limit 0)',
    });
    expect(a.measurements[0]!.values.result).toBeCloseTo(10, 6);
  });

  it('no series, or several, is inconclusive, never a pass', async () => {
    const a = await analyse(resolve([metric(errorRate('nothing'), { inconclusive_limit: 1 })]).spec);
    expect(a).toMatchObject({
      decision: 'inconclusive',
      reason:
        'errors: 2 inconclusive measurements (limit 1); last: the query returned an empty result (no series matched)',
    });
    expect((await read('sum by (service) (rate(requests_total[30s]))')).inconclusive).toBe(
      'the query returned 2 series; aggregate it to one (e.g. sum(…) or max(…))',
    );
  });

  it('a query VictoriaMetrics refuses is an error measurement with its reason', async () => {
    await expect(read('sum(rate(requests_total[30s])')).rejects.toThrow(/^Prometheus query failed \(422: /);
  });

  it('a VictoriaMetrics that is down is an error measurement', async () => {
    await vm.stop();
    const a = await analyse(resolve([metric(errorRate('checkout'), { inconclusive_limit: 0 })]).spec);
    expect(a.measurements[0]).toMatchObject({
      phase: 'error',
      message: `Prometheus at ${vm.url} unreachable: ECONNREFUSED`,
    });
    expect(a.decision).toBe('inconclusive');
  });
});

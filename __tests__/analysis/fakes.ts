/** Test doubles for the analysis engine: an HttpClient answering from a function, and spec builders. */
import { parseCondition, type Condition } from '../../src/config/condition.js';
import { HttpError, type HttpClient, type HttpRequest, type HttpResponse } from '../../src/ports/index.js';
import { resolveLimits } from '../../src/analysis/settings.js';
import type { MetricSpec, ProviderSpec } from '../../src/analysis/types.js';
import type { MetricConfig } from '../../src/config/schema/index.js';

export type Answer = Partial<HttpResponse> | HttpError | Error;

/** Answers every request from `handler`; records what was asked. */
export class FakeHttp implements HttpClient {
  readonly requests: HttpRequest[] = [];
  constructor(private handler: (req: HttpRequest, n: number) => Answer | Promise<Answer>) {}
  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const a = await this.handler(req, this.requests.length);
    if (a instanceof Error) throw a;
    return { status: 200, headers: {}, body: '', durationMs: 1, ...a };
  }
}

export const json = (data: unknown, status = 200): Partial<HttpResponse> => ({
  status,
  body: JSON.stringify(data),
});

export const conds = (...texts: string[]): Condition[] => texts.map((t) => parseCondition(t) as Condition);

/** Spec defaults for the providers tests build by hand; others are given whole. */
const DEFAULTS: Partial<Record<ProviderSpec['kind'], ProviderSpec>> = {
  http: {
    kind: 'http',
    url: 'http://svc/health',
    method: 'GET',
    headers: {},
    expectStatus: [200],
    samples: 5,
    concurrency: 1,
    timeoutMs: 1000,
  },
  json: { kind: 'json', url: 'http://svc/metrics.json', headers: {}, timeoutMs: 1000 },
  prometheus: { kind: 'prometheus', address: 'http://prom', query: 'up', headers: {}, timeoutMs: 1000 },
};

type SpecPart = {
  [K in ProviderSpec['kind']]: Partial<Extract<ProviderSpec, { kind: K }>> & { kind: K };
}[ProviderSpec['kind']];

export function metric(
  name: string,
  provider: SpecPart,
  conditions: string[],
  limits: Partial<
    Pick<MetricConfig, 'failure_limit' | 'consecutive_failures' | 'sustained_for' | 'inconclusive_limit'>
  > = {},
): MetricSpec {
  return {
    name,
    provider: { ...DEFAULTS[provider.kind], ...provider } as ProviderSpec,
    conditions: conds(...conditions),
    limits: resolveLimits(limits),
  };
}

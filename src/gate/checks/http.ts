import { httpUrlProblem } from '../../config/schema/values.js';
import type { HttpCheckConfig } from '../../config/schema/gate.js';
import { expandEnv, isCredentialHeader, type Redactor } from '../../evidence/redact.js';
import { HttpError } from '../../ports/index.js';
import { samplePool } from '../../shared/http-samples.js';
import { readPath } from '../../shared/json-path.js';
import { clip, formatLimit, human, ms } from '../format.js';
import { summarize } from '../stats.js';
import type { CheckContext, CheckImpl, CheckOutcome, Limit } from '../types.js';

export interface Sample {
  /** Order the request was sent in (0-based). */
  i: number;
  status: number | null;
  /** Time to full response (or to the error), ms. */
  ms: number;
  ok: boolean;
  /** Why the sample failed: `status 503`, `no response within 5s`, `body status = "degraded"…`. */
  reason?: string;
}

/** What one run of the check sampled. */
interface Sampling {
  samples: Sample[];
  /** Longest run of consecutive failed samples. */
  longest: number;
  /** Why sampling stopped early, or null. */
  stopped: string | null;
  elapsedMs: number;
}

/**
 * `http`: sends `samples` requests, `concurrency` at a time (the shared sampling pool), and holds them to
 * the expected status set, the JSON body assertions, the latency budgets (nearest-rank p95/p99, max) and
 * the tolerated run of consecutive failures. The URL and header values may use `${VAR}`; values expanded
 * into credential headers are secrets and never appear in logs, summaries or evidence. Sampling stops
 * early once the failures tolerated are exceeded, so a dead endpoint fails fast instead of timing out
 * sample after sample.
 */
export const httpCheck: CheckImpl<HttpCheckConfig> = {
  async run(check, ctx) {
    const target = expandTarget(check, ctx);
    if ('ok' in target) return target;
    const sampling = await sample(check, ctx, target);
    const stats = summarize(sampling.samples.filter((s) => s.status !== null).map((s) => s.ms));
    const limits = limitsOf(check, stats, sampling.longest);
    const data = {
      url: check.url,
      method: check.method,
      expect_status: check.expect_status,
      samples_planned: check.samples,
      samples_sent: sampling.samples.length,
      samples_ok: sampling.samples.filter((s) => s.ok).length,
      stopped_early: sampling.stopped,
      elapsed_ms: Math.round(sampling.elapsedMs),
      latency_ms: roundStats(stats),
      percentile_method: 'nearest-rank',
      samples: sampling.samples.map((s) => ({ ...s, ms: Math.round(s.ms * 10) / 10 })),
    };
    if (ctx.signal.aborted) {
      const detail = `stopped after ${sampling.samples.length}/${check.samples} samples`;
      return { ok: false, detail, limits, data };
    }
    const detail = describeOutcome(check, sampling, stats, limits);
    return {
      ok: limits.every((l) => l.ok),
      detail: clip(ctx.redactor, detail, 300),
      limits,
      data,
    } satisfies CheckOutcome;
  },

  describe(check) {
    const parts = [`${check.method} ${check.url}`];
    if (check.samples > 1) parts.push(`×${check.samples} (concurrency ${check.concurrency})`);
    parts.push(`expect ${statusSet(check.expect_status)}`);
    for (const a of check.expect_json ?? []) parts.push(`${a.path} == ${JSON.stringify(a.equals)}`);
    for (const [key, what] of [
      ['p95_ms', 'p95'],
      ['p99_ms', 'p99'],
      ['max_ms', 'max'],
    ] as const) {
      if (check[key] !== undefined) parts.push(`${what} ≤ ${check[key]} ms`);
    }
    return parts.join(', ');
  },
};

function missing(key: string, variable: string): CheckOutcome {
  return { ok: false, detail: `${key}: environment variable ${variable} is not set` };
}

/** The URL and headers with `${VAR}` replaced (the URL checked again once replaced), or why not. */
function expandTarget(
  check: HttpCheckConfig,
  ctx: CheckContext,
): { url: string; headers: Record<string, string> } | CheckOutcome {
  const url = expandEnv(check.url, ctx.env, ctx.redactor);
  if ('missing' in url) return missing('url', url.missing);
  const problem = url.value === check.url ? null : httpUrlProblem(ctx.redactor.redact(url.value), check.url);
  if (problem) return { ok: false, detail: `url: ${problem}` };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(check.headers ?? {})) {
    const r = expandEnv(v, ctx.env, ctx.redactor, { secret: isCredentialHeader(k) });
    if ('missing' in r) return missing(`headers.${k}`, r.missing);
    headers[k] = r.value;
  }
  return { url: url.value, headers };
}

/** Sends the samples; stops once more consecutive samples failed than tolerated. */
async function sample(
  check: HttpCheckConfig,
  ctx: CheckContext,
  target: { url: string; headers: Record<string, string> },
): Promise<Sampling> {
  const tolerated = check.consecutive_failures ?? 0;
  let run = 0;
  let longest = 0;
  let stopped: string | null = null;
  const started = ctx.clock.now();
  const samples = await samplePool<Sample>({
    samples: check.samples,
    concurrency: check.concurrency,
    signal: ctx.signal,
    clock: ctx.clock,
    send: (i, signal) => sendOne(check, ctx, target, i, signal),
    stopAfter(s) {
      run = s.ok ? 0 : run + 1;
      longest = Math.max(longest, run);
      if (run > tolerated) stopped = `${run} consecutive failed sample${run === 1 ? '' : 's'}`;
      return stopped !== null;
    },
  });
  samples.sort((a, b) => a.i - b.i);
  return { samples, longest, stopped, elapsedMs: ctx.clock.now() - started };
}

async function sendOne(
  check: HttpCheckConfig,
  ctx: CheckContext,
  target: { url: string; headers: Record<string, string> },
  i: number,
  signal: AbortSignal,
): Promise<Sample> {
  // Past the check's deadline the runner aborts the request; the slack keeps that the one cause.
  const remaining = ctx.deadline - ctx.clock.now() + 1000;
  const timeoutMs = Math.max(1, Math.min(check.request_timeout, remaining));
  try {
    const res = await ctx.http.request({
      method: check.method,
      url: target.url,
      headers: target.headers,
      body: check.body,
      timeoutMs,
      signal,
    });
    const reason = judge(check, res.status, res.body, ctx.redactor);
    return { i, status: res.status, ms: res.durationMs, ok: reason === null, ...(reason ? { reason } : {}) };
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const reason =
      err.code === 'timeout'
        ? `no complete response within ${human(timeoutMs)}`
        : err.code === 'aborted'
          ? 'request aborted'
          : `network error ${err.message}`;
    return { i, status: null, ms: err.durationMs, ok: false, reason: ctx.redactor.redact(reason) };
  }
}

/** The tolerated run of failures first, then the latency budgets written. */
function limitsOf(check: HttpCheckConfig, stats: ReturnType<typeof summarize>, longest: number): Limit[] {
  const tolerated = check.consecutive_failures ?? 0;
  const limits: Limit[] = [
    { what: 'consecutive failures', value: longest, limit: tolerated, ok: longest <= tolerated },
  ];
  for (const [key, what, value] of [
    ['p95_ms', 'p95', stats.p95],
    ['p99_ms', 'p99', stats.p99],
    ['max_ms', 'max', stats.max],
  ] as const) {
    const limit = check[key];
    if (limit !== undefined)
      limits.push({ what, value, limit, unit: 'ms', ok: value !== null && value <= limit });
  }
  return limits;
}

/** One line: the first failure when too many failed in a row, else the broken budgets, else what held. */
function describeOutcome(
  check: HttpCheckConfig,
  { samples, longest }: Sampling,
  stats: ReturnType<typeof summarize>,
  limits: Limit[],
): string {
  const tolerated = check.consecutive_failures ?? 0;
  const budgets = limits.slice(1);
  if (longest > tolerated) {
    const firstBad = samples.find((s) => !s.ok)!;
    const where = check.samples > 1 ? `sample ${firstBad.i + 1}: ` : '';
    let detail =
      tolerated === 0
        ? `${where}${firstBad.reason}`
        : `${longest} consecutive failures > ${tolerated} tolerated (first: ${firstBad.reason})`;
    const budgetBroken = budgets.filter((l) => !l.ok);
    if (budgetBroken.length) detail += `; ${budgetBroken.map(formatLimit).join(', ')}`;
    return detail;
  }
  const broken = limits.filter((l) => !l.ok);
  if (broken.length > 0) return broken.map(formatLimit).join(', ');
  const parts: string[] = [];
  if (check.samples > 1) parts.push(`${samples.filter((s) => s.ok).length}/${samples.length} ok`);
  else if (samples[0]) parts.push(`status ${samples[0].status} in ${ms(samples[0].ms)}`);
  if (budgets.length) parts.push(...budgets.map(formatLimit));
  else if (check.samples > 1 && stats.p95 !== null) parts.push(`p95 ${ms(stats.p95)}`);
  return parts.join(', ');
}

function statusSet(codes: number[]): string {
  return codes.length === 1
    ? `status ${codes[0]}`
    : `status ${codes.slice(0, -1).join(', ')} or ${codes.at(-1)}`;
}

/** null when the response is what the check expects, else why not. */
function judge(check: HttpCheckConfig, status: number, body: string, redactor: Redactor): string | null {
  if (!check.expect_status.includes(status))
    return `status ${status}, expected ${statusSet(check.expect_status).slice(7)}`;
  if (!check.expect_json?.length) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return `body is not JSON (${clip(redactor, body, 60) || 'empty'})`;
  }
  for (const a of check.expect_json) {
    const found = readPath(doc, a.path);
    if (!found.found) return `body has no ${a.path}, expected ${JSON.stringify(a.equals)}`;
    if (found.value !== a.equals) {
      return `body ${a.path} = ${clip(redactor, JSON.stringify(found.value) ?? 'undefined', 60)}, expected ${JSON.stringify(a.equals)}`;
    }
  }
  return null;
}

/** The gate's name for the shared JSON-path reader. */
export { readPath as getPath };

function roundStats(s: ReturnType<typeof summarize>) {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    count: s.count,
    min: r(s.min),
    p50: r(s.p50),
    p95: r(s.p95),
    p99: r(s.p99),
    max: r(s.max),
    mean: r(s.mean),
  };
}

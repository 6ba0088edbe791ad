import { setMaxListeners } from 'node:events';
import type { HttpCheckConfig } from '../../config/schema/gate.js';
import { expandEnv, isCredentialHeader, type Redactor } from '../../evidence/redact.js';
import { HttpError } from '../../ports/index.js';
import { clip, formatLimit, human, ms } from '../format.js';
import { summarize } from '../stats.js';
import type { CheckImpl, CheckOutcome, Limit } from '../types.js';

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

/**
 * `http`: sends `samples` requests, `concurrency` at a time, and holds them to the expected status set,
 * the JSON body assertions, the latency budgets (nearest-rank p95/p99, max) and the tolerated run of
 * consecutive failures. Header values may use `${VAR}`; expanded values are registered as secrets and
 * never appear in logs, summaries or evidence. Sampling stops early once the failures tolerated are
 * exceeded, so a dead endpoint fails fast instead of timing out sample after sample.
 */
export const httpCheck: CheckImpl<HttpCheckConfig> = {
  async run(check, ctx) {
    const url = expandEnv(check.url, ctx.env, ctx.redactor);
    if ('missing' in url) return missing('url', url.missing);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(check.headers ?? {})) {
      const r = expandEnv(v, ctx.env, ctx.redactor, { secret: isCredentialHeader(k) });
      if ('missing' in r) return missing(`headers.${k}`, r.missing);
      headers[k] = r.value;
    }
    const tolerated = check.consecutive_failures ?? 0;
    const samples: Sample[] = [];
    let sent = 0;
    let run = 0;
    let longest = 0;
    let stopped: string | null = null;
    // One listener on the check's signal, fanned out to every request in flight (up to 64).
    const local = new AbortController();
    setMaxListeners(check.concurrency + 10, local.signal);
    const onAbort = () => local.abort(ctx.signal.reason);
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    const started = ctx.clock.now();

    const one = async (i: number): Promise<Sample> => {
      // Past the check's deadline the runner aborts the request; the slack keeps that the one cause.
      const remaining = ctx.deadline - ctx.clock.now() + 1000;
      const timeoutMs = Math.max(1, Math.min(check.request_timeout, remaining));
      try {
        const res = await ctx.http.request({
          method: check.method,
          url: url.value,
          headers,
          body: check.body,
          timeoutMs,
          signal: local.signal,
        });
        const reason = judge(check, res.status, res.body, ctx.redactor);
        return {
          i,
          status: res.status,
          ms: res.durationMs,
          ok: reason === null,
          ...(reason ? { reason } : {}),
        };
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
    };

    const worker = async (k: number) => {
      // Workers start 1 ms apart, so the first answers do not all arrive (and wait on each other) at once.
      if (k > 0) await ctx.clock.sleep(k, local.signal).catch(() => undefined);
      let first = true;
      for (;;) {
        // Send the next request only after the I/O already waiting is handled: answers that arrive
        // together are each timed when they arrive, not after the requests sent in between.
        if (!first && check.concurrency > 1) await new Promise((r) => setImmediate(r));
        first = false;
        if (stopped !== null || sent >= check.samples || ctx.signal.aborted) break;
        const s = await one(sent++);
        samples.push(s);
        run = s.ok ? 0 : run + 1;
        longest = Math.max(longest, run);
        if (run > tolerated) stopped = `${run} consecutive failed sample${run === 1 ? '' : 's'}`;
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.min(check.concurrency, check.samples) }, (_, k) => worker(k)),
      );
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
    const elapsed = ctx.clock.now() - started;
    samples.sort((a, b) => a.i - b.i);

    const answered = samples.filter((s) => s.status !== null).map((s) => s.ms);
    const stats = summarize(answered);
    const okCount = samples.filter((s) => s.ok).length;
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
    const data = {
      url: check.url,
      method: check.method,
      expect_status: check.expect_status,
      samples_planned: check.samples,
      samples_sent: samples.length,
      samples_ok: okCount,
      stopped_early: stopped,
      elapsed_ms: Math.round(elapsed),
      latency_ms: roundStats(stats),
      percentile_method: 'nearest-rank',
      samples: samples.map((s) => ({ ...s, ms: Math.round(s.ms * 10) / 10 })),
    };
    const firstBad = samples.find((s) => !s.ok);
    const broken = limits.filter((l) => !l.ok);
    const budgets = limits.slice(1);
    let detail: string;
    if (ctx.signal.aborted) {
      return { ok: false, detail: `stopped after ${samples.length}/${check.samples} samples`, limits, data };
    }
    if (longest > tolerated) {
      const where = check.samples > 1 ? `sample ${firstBad!.i + 1}: ` : '';
      detail =
        tolerated === 0
          ? `${where}${firstBad!.reason}`
          : `${longest} consecutive failures > ${tolerated} tolerated (first: ${firstBad!.reason})`;
      const budgetBroken = budgets.filter((l) => !l.ok);
      if (budgetBroken.length) detail += `; ${budgetBroken.map(formatLimit).join(', ')}`;
    } else if (broken.length > 0) {
      detail = broken.map(formatLimit).join(', ');
    } else {
      const parts: string[] = [];
      if (check.samples > 1) parts.push(`${okCount}/${samples.length} ok`);
      else if (samples[0]) parts.push(`status ${samples[0].status} in ${ms(samples[0].ms)}`);
      if (budgets.length) parts.push(...budgets.map(formatLimit));
      else if (check.samples > 1 && stats.p95 !== null) parts.push(`p95 ${ms(stats.p95)}`);
      detail = parts.join(', ');
    }
    return {
      ok: broken.length === 0,
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
    const found = getPath(doc, a.path);
    if (!found.found) return `body has no ${a.path}, expected ${JSON.stringify(a.equals)}`;
    if (found.value !== a.equals) {
      return `body ${a.path} = ${clip(redactor, JSON.stringify(found.value) ?? 'undefined', 60)}, expected ${JSON.stringify(a.equals)}`;
    }
  }
  return null;
}

/** `checks.db.status`, `items[0].id` and `items.0.id` all work. */
export function getPath(doc: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = doc;
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const key = m[1] ?? m[2]!;
    if (cur === null || typeof cur !== 'object') return { found: false };
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key) || Number(key) >= cur.length) return { found: false };
      cur = cur[Number(key)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return { found: false };
      cur = (cur as Record<string, unknown>)[key];
    }
  }
  return { found: true, value: cur };
}

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

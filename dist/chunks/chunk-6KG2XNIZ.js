import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  describeExit
} from "./chunk-EJMB666R.js";
import {
  HttpError,
  expandEnv
} from "./chunk-6XOFQANJ.js";
import {
  compare,
  negate,
  parseCondition
} from "./chunk-FFBNLGT7.js";
import {
  formatDuration
} from "./chunk-CEYLEXXP.js";
import {
  CancelledError,
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/analysis/evaluate.ts
function fmt(n) {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}
function thresholdOf(c, baseline) {
  if (c.rhs.kind === "number") return { threshold: c.rhs.value, baseline: null };
  const b = baseline?.[c.value];
  if (b === void 0) return { threshold: null, baseline: null };
  return { threshold: b * c.rhs.factor + c.rhs.offset, baseline: b };
}
function describeThreshold(c, r) {
  if (c.rhs.kind === "number" || r.threshold === null)
    return r.threshold === null ? "baseline" : fmt(r.threshold);
  const how = c.rhs.factor !== 1 ? ` \xD7 ${fmt(c.rhs.factor)}` : c.rhs.offset !== 0 ? ` ${c.rhs.offset > 0 ? "+" : "\u2212"} ${fmt(Math.abs(c.rhs.offset))}` : "";
  return `${fmt(r.threshold)} (baseline ${fmt(r.baseline)}${how})`;
}
function evaluateConditions(conditions, reading, baseline) {
  const results = [];
  const failures = [];
  const unknown = [];
  for (const c of conditions) {
    const measured = reading.values[c.value];
    const { threshold, baseline: b } = thresholdOf(c, baseline);
    const r = {
      condition: c.text,
      value: c.value,
      measured: measured ?? null,
      threshold,
      baseline: b,
      passed: null
    };
    if (measured === void 0) {
      unknown.push(reading.inconclusive ?? `no value "${c.value}" in the reading`);
    } else if (threshold === null) {
      unknown.push(`no baseline value for "${c.value}"`);
    } else {
      r.passed = compare(measured, c.op, threshold);
      if (!r.passed) failures.push(`${c.value} ${fmt(measured)} ${negate(c.op)} ${describeThreshold(c, r)}`);
    }
    results.push(r);
  }
  if (failures.length) return { phase: "failed", conditions: results, message: failures.join("; ") };
  if (unknown.length || reading.inconclusive) {
    return {
      phase: "inconclusive",
      conditions: results,
      message: [...new Set(unknown.length ? unknown : [reading.inconclusive])].join("; ")
    };
  }
  return { phase: "successful", conditions: results };
}

// src/analysis/stats.ts
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p / 100 * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
function latencySummary(latencies) {
  if (latencies.length === 0) return {};
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n) => Math.round(n * 100) / 100;
  return {
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1]),
    mean_ms: round(sorted.reduce((a, b) => a + b, 0) / sorted.length)
  };
}

// src/analysis/providers/http.ts
async function measureHttp(spec, target, deps) {
  const latencies = [];
  const failures = /* @__PURE__ */ new Map();
  let next = 0;
  const one = async () => {
    while (next < spec.samples) {
      next++;
      if (deps.signal?.aborted) return;
      try {
        const res = await deps.http.request({
          method: spec.method,
          url: target.url,
          headers: target.headers,
          timeoutMs: spec.timeoutMs,
          signal: deps.signal,
          maxBodyBytes: 64 * 1024
        });
        latencies.push(res.durationMs);
        if (!spec.expectStatus.includes(res.status))
          failures.set(String(res.status), (failures.get(String(res.status)) ?? 0) + 1);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        if (err.code === "aborted") return;
        const e = err;
        latencies.push(e.durationMs ?? spec.timeoutMs);
        const key = e.code === "timeout" ? "timeout" : e.message;
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency, spec.samples)) }, one));
  const total = latencies.length;
  if (total === 0) return { values: {}, inconclusive: "no sample completed" };
  const errors = [...failures.values()].reduce((a, b) => a + b, 0);
  const what = [...failures.entries()].map(([k, n]) => `${n}\xD7 ${k}`).join(", ");
  return {
    values: {
      error_rate_pct: Math.round(errors / total * 1e4) / 100,
      ...latencySummary(latencies),
      samples: total,
      errors
    },
    samples: { latenciesMs: latencies, errors, total },
    detail: errors ? `${total} samples, ${errors} failed (${what})` : `${total} samples`
  };
}

// src/analysis/types.ts
var ProviderError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ProviderError";
  }
};

// src/analysis/providers/json.ts
function readPath(data, path) {
  let cur = data;
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (cur === null || typeof cur !== "object") return void 0;
    const key = part.startsWith("[") ? Number(part.slice(1, -1)) : part;
    if (typeof key === "number" && !Array.isArray(cur)) return void 0;
    cur = cur[key];
  }
  return cur;
}
function toNumber(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : void 0;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return void 0;
}
async function measureJson(target, paths, opts, deps) {
  let res;
  try {
    res = await deps.http.request({
      url: target.url,
      headers: { accept: "application/json", ...target.headers },
      timeoutMs: opts.timeoutMs,
      signal: deps.signal
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    throw new ProviderError(`GET ${target.url} failed: ${err.message}`);
  }
  if (res.status < 200 || res.status > 299)
    throw new ProviderError(`GET ${target.url} answered ${res.status}`);
  let data;
  try {
    data = JSON.parse(res.body);
  } catch {
    throw new ProviderError(
      `GET ${target.url} did not answer JSON (${res.body.slice(0, 60).replace(/\s+/g, " ")}\u2026)`
    );
  }
  const values = {};
  const missing = [];
  for (const p of new Set(paths)) {
    const raw = readPath(data, p);
    const n = toNumber(raw);
    if (n === void 0)
      missing.push(raw === void 0 ? `${p} is missing` : `${p} is ${JSON.stringify(raw)}, not a number`);
    else values[p] = n;
  }
  return {
    values,
    ...missing.length ? { inconclusive: missing.join("; ") } : {},
    detail: `${res.status} in ${Math.round(res.durationMs)} ms`
  };
}

// src/analysis/providers/prometheus.ts
function queryUrl(address, query) {
  return `${address.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(query)}`;
}
async function measurePrometheus(target, opts, deps) {
  const url = queryUrl(target.address, target.query);
  let res;
  try {
    res = await deps.http.request({
      url,
      headers: { accept: "application/json", ...target.headers },
      timeoutMs: opts.timeoutMs,
      signal: deps.signal
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    throw new ProviderError(`Prometheus at ${target.address} unreachable: ${err.message}`);
  }
  let body;
  try {
    body = JSON.parse(res.body);
  } catch {
    throw new ProviderError(`Prometheus at ${target.address} answered ${res.status} without JSON`);
  }
  if (res.status < 200 || res.status > 299 || body?.status !== "success") {
    const why = typeof body?.error === "string" ? `${body.errorType ?? "error"}: ${body.error}` : `status ${res.status}`;
    throw new ProviderError(`Prometheus query failed (${why})`);
  }
  const data = body.data ?? {};
  let raw;
  if (data.resultType === "scalar") {
    raw = Array.isArray(data.result) ? data.result[1] : void 0;
  } else if (data.resultType === "vector") {
    const result = Array.isArray(data.result) ? data.result : [];
    if (result.length === 0)
      return { values: {}, inconclusive: "the query returned an empty result (no series matched)" };
    if (result.length > 1) {
      return {
        values: {},
        inconclusive: `the query returned ${result.length} series; aggregate it to one (e.g. sum(\u2026) or max(\u2026))`
      };
    }
    raw = result[0]?.value?.[1];
  } else {
    throw new ProviderError(
      `Prometheus query returned a ${String(data.resultType)}; expected a scalar or an instant vector`
    );
  }
  const value = typeof raw === "string" ? Number(raw) : NaN;
  if (!Number.isFinite(value))
    return { values: {}, inconclusive: `the query returned ${String(raw)} (not a finite number)` };
  return { values: { result: value }, detail: `result ${raw}` };
}

// src/analysis/providers/index.ts
function hasBaselineSource(metric) {
  return metric.provider.baseline !== void 0;
}
function readMetric(metric, source, deps) {
  const p = metric.provider;
  switch (p.kind) {
    case "http": {
      const target = source === "baseline" && p.baseline ? p.baseline : { url: p.url, headers: p.headers };
      return measureHttp(p, target, deps);
    }
    case "json": {
      const target = source === "baseline" && p.baseline ? p.baseline : { url: p.url, headers: p.headers };
      return measureJson(
        target,
        metric.conditions.map((c) => c.value),
        { timeoutMs: p.timeoutMs },
        deps
      );
    }
    case "prometheus": {
      const query = source === "baseline" && p.baseline ? p.baseline.query : p.query;
      return measurePrometheus(
        { address: p.address, query, headers: p.headers },
        { timeoutMs: p.timeoutMs },
        deps
      );
    }
  }
}
function describeSource(metric) {
  const p = metric.provider;
  switch (p.kind) {
    case "http":
      return `${p.method} ${p.url} \xD7 ${p.samples}`;
    case "json":
      return `GET ${p.url}`;
    case "prometheus":
      return `${p.address} ${p.query}`;
  }
}

// src/analysis/limits.ts
var initialState = () => ({
  measurements: 0,
  successful: 0,
  failed: 0,
  inconclusive: 0,
  error: 0,
  consecutiveFailed: 0,
  failingSince: null
});
var plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
function applyMeasurement(state, m, limits, metric) {
  const s = { ...state, measurements: state.measurements + 1 };
  switch (m.phase) {
    case "successful":
      s.successful++;
      s.consecutiveFailed = 0;
      s.failingSince = null;
      return { state: s };
    case "inconclusive":
    case "error": {
      if (m.phase === "error") s.error++;
      else s.inconclusive++;
      s.lastInconclusive = m.message ?? m.phase;
      const count = s.inconclusive + s.error;
      if (count > limits.inconclusiveLimit) {
        return {
          state: s,
          breach: {
            rule: "inconclusive_limit",
            outcome: "inconclusive",
            message: `${metric}: ${plural(count, "inconclusive measurement")} (limit ${limits.inconclusiveLimit}); last: ${s.lastInconclusive}`
          }
        };
      }
      return { state: s };
    }
    case "failed": {
      s.failed++;
      s.consecutiveFailed++;
      s.failingSince ??= m.at;
      s.lastFailure = m.message ?? "failed";
      const what = `${metric}: ${s.lastFailure}`;
      if (limits.consecutiveFailures !== null && s.consecutiveFailed > limits.consecutiveFailures) {
        return {
          state: s,
          breach: {
            rule: "consecutive_failures",
            outcome: "failed",
            message: `${what} on ${s.consecutiveFailed} consecutive measurements (limit ${limits.consecutiveFailures})`
          }
        };
      }
      if (limits.sustainedForMs !== null && s.consecutiveFailed > 1 && m.at - s.failingSince >= limits.sustainedForMs) {
        return {
          state: s,
          breach: {
            rule: "sustained_for",
            outcome: "failed",
            message: `${what} sustained for ${formatDuration(m.at - s.failingSince)} over ${plural(s.consecutiveFailed, "measurement")} (limit ${formatDuration(limits.sustainedForMs)})`
          }
        };
      }
      if (limits.failureLimit !== null && s.failed > limits.failureLimit) {
        return {
          state: s,
          breach: {
            rule: "failure_limit",
            outcome: "failed",
            message: `${what} on ${s.failed} of ${plural(s.measurements, "measurement")} (limit ${limits.failureLimit})`
          }
        };
      }
      return { state: s };
    }
  }
}
function windowEnd(state, metric) {
  if (state.successful > 0) return void 0;
  if (state.failed > 0) {
    return {
      rule: "failure_limit",
      outcome: "failed",
      message: `${metric}: ${state.lastFailure} \u2014 no successful measurement in the window (${plural(state.failed, "failed")} of ${state.measurements})`
    };
  }
  return {
    rule: "inconclusive_limit",
    outcome: "inconclusive",
    message: `${metric}: no conclusive measurement in the window (${plural(state.measurements, "measurement")}${state.lastInconclusive ? `; last: ${state.lastInconclusive}` : ""})`
  };
}
function limitsEvaluator(metrics) {
  const states = new Map(metrics.map((m) => [m.name, initialState()]));
  const limitsOf = new Map(metrics.map((m) => [m.name, m.limits]));
  return {
    name: "limits",
    states,
    onTick(tick) {
      const breaches = [];
      for (const m of tick.measurements) {
        const limits = limitsOf.get(m.metric);
        if (!limits) continue;
        const { state, breach } = applyMeasurement(states.get(m.metric), m, limits, m.metric);
        states.set(m.metric, state);
        if (breach) breaches.push({ ...breach, metric: m.metric });
      }
      return decide(breaches);
    },
    onWindowEnd() {
      const breaches = [];
      for (const [metric, state] of states) {
        const b = windowEnd(state, metric);
        if (b) breaches.push({ ...b, metric });
      }
      const v = decide(breaches);
      return v.decision === "continue" ? { decision: "successful", reason: "every metric within its limits for the whole window" } : v;
    }
  };
}
function decide(breaches) {
  const failed = breaches.filter((b) => b.outcome === "failed");
  const chosen = failed.length ? failed : breaches;
  if (!chosen.length) return { decision: "continue", reason: "" };
  return {
    decision: chosen[0].outcome,
    reason: chosen.map((b) => b.message).join("; "),
    metric: chosen[0].metric,
    rule: chosen[0].rule
  };
}

// src/analysis/runner.ts
function ticksIn(spec) {
  return Math.max(1, Math.floor(spec.windowMs / spec.intervalMs));
}
function needsPreRolloutBaseline(metric) {
  return !hasBaselineSource(metric) && metric.conditions.some((c) => c.rhs.kind === "baseline");
}
async function runAnalysis(spec, deps, opts) {
  const { clock, signal } = deps;
  const startedAt = clock.now();
  const evaluators = [
    limitsEvaluator(spec.metrics),
    ...(opts.evaluators ?? []).map((f) => f(spec))
  ];
  const measurements = [];
  const decisions = [];
  const ticks = [];
  const n = ticksIn(spec);
  const finish = (decision2, reason, extra = {}) => {
    decisions.push({ at: clock.now(), decision: decision2, reason, evaluator: "runner", tick: ticks.length, ...extra });
    return {
      label: opts.label,
      decision: decision2,
      reason,
      startedAt,
      endedAt: clock.now(),
      ticks: ticks.length,
      measurements,
      decisions,
      summary: summarize(spec.metrics, measurements)
    };
  };
  const cancelled = () => finish("cancelled", `cancelled during ${opts.label} after ${ticks.length} of ${n} measurements`);
  for (let k = 1; k <= n; k++) {
    try {
      await clock.sleep(startedAt + k * spec.intervalMs - clock.now(), signal);
    } catch (err) {
      if (err instanceof CancelledError || signal.aborted) return cancelled();
      throw err;
    }
    const at = clock.now();
    const tick = {
      index: k,
      at,
      measurements: await Promise.all(spec.metrics.map((m) => measureMetric(m, k, deps, opts.baselines)))
    };
    if (signal.aborted) return cancelled();
    ticks.push(tick);
    measurements.push(...tick.measurements);
    deps.logger?.info(`${opts.label} ${k}/${n}: ${tick.measurements.map(describeMeasurement).join("; ")}`);
    const verdict = combine(evaluators, (e) => e.onTick(tick));
    deps.onTick?.(tick);
    if (verdict.decision === "failed" || verdict.decision === "inconclusive") {
      return finish(verdict.decision, verdict.reason, {
        evaluator: verdict.evaluator,
        metric: verdict.metric,
        rule: verdict.rule,
        tick: k
      });
    }
  }
  const end = combine(evaluators, (e) => e.onWindowEnd(ticks));
  const decision = end.decision === "continue" ? "successful" : end.decision;
  return finish(decision, end.reason || "every metric within its limits for the whole window", {
    evaluator: end.evaluator,
    metric: end.metric,
    rule: end.rule
  });
}
function combine(evaluators, ask) {
  const verdicts = evaluators.map((e) => ({ ...ask(e), evaluator: e.name }));
  for (const rank of ["failed", "inconclusive"]) {
    const hits = verdicts.filter((v) => v.decision === rank);
    if (hits.length) {
      return {
        ...hits[0],
        reason: hits.map((h) => h.reason).join("; "),
        evaluator: hits.map((h) => h.evaluator).join("+")
      };
    }
  }
  const ok = verdicts.find((v) => v.decision === "successful");
  return ok ?? { decision: "continue", reason: "", evaluator: "limits" };
}
async function measureMetric(metric, index, deps, baselines) {
  const at = deps.clock.now();
  const pdeps = { http: deps.http, signal: deps.signal };
  const [canary, base] = await Promise.allSettled([
    readMetric(metric, "canary", pdeps),
    hasBaselineSource(metric) ? readMetric(metric, "baseline", pdeps) : Promise.resolve(void 0)
  ]);
  const durationMs = deps.clock.now() - at;
  const base0 = { metric: metric.name, index, at, durationMs };
  if (canary.status === "rejected") {
    if (!(canary.reason instanceof ProviderError)) throw canary.reason;
    return { ...base0, phase: "error", values: {}, conditions: [], message: canary.reason.message };
  }
  const reading = canary.value;
  let baselineValues;
  let baselineReading;
  if (hasBaselineSource(metric)) {
    if (base.status === "fulfilled" && base.value) {
      baselineReading = base.value;
      baselineValues = base.value.values;
    } else if (base.status === "rejected" && !(base.reason instanceof ProviderError)) {
      throw base.reason;
    }
  } else {
    const b = baselines?.[metric.name];
    if (b && "values" in b) baselineValues = b.values;
  }
  const ev = evaluateConditions(metric.conditions, reading, baselineValues);
  return {
    ...base0,
    phase: ev.phase,
    values: reading.values,
    ...baselineValues ? { baselineValues } : {},
    conditions: ev.conditions,
    ...ev.message ? { message: ev.message } : {},
    ...reading.detail ? { detail: reading.detail } : {},
    ...reading.samples ? { samples: reading.samples } : {},
    ...baselineReading?.samples ? { baselineSamples: baselineReading.samples } : {}
  };
}
async function measureBaselines(metrics, deps, opts = {}) {
  const out = {};
  const readings = opts.readings ?? 3;
  await Promise.all(
    metrics.filter(needsPreRolloutBaseline).map(async (m) => {
      const at = deps.clock.now();
      const got = {};
      const problems = [];
      for (let i = 0; i < readings; i++) {
        if (deps.signal.aborted) throw new CancelledError();
        try {
          const r = await readMetric(m, "canary", { http: deps.http, signal: deps.signal });
          if (r.inconclusive) problems.push(r.inconclusive);
          for (const [k, v] of Object.entries(r.values)) (got[k] ??= []).push(v);
        } catch (err) {
          if (!(err instanceof ProviderError)) throw err;
          problems.push(err.message);
        }
      }
      const needed = m.conditions.filter((c) => c.rhs.kind === "baseline").map((c) => c.value);
      const missing = needed.filter((v) => !got[v]?.length);
      if (missing.length) {
        out[m.name] = {
          error: `no baseline value for ${missing.join(", ")}${problems.length ? ` (${[...new Set(problems)].join("; ")})` : ""}`,
          at
        };
        return;
      }
      out[m.name] = { values: Object.fromEntries(Object.entries(got).map(([k, vs]) => [k, median(vs)])), at };
    })
  );
  return out;
}
function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function summarize(metrics, measurements) {
  return metrics.map((m) => {
    const mine = measurements.filter((x) => x.metric === m.name);
    const count = (p) => mine.filter((x) => x.phase === p).length;
    return {
      metric: m.name,
      successful: count("successful"),
      failed: count("failed"),
      inconclusive: count("inconclusive"),
      error: count("error")
    };
  });
}
var MARK = {
  successful: "\u2713",
  failed: "\u2717",
  inconclusive: "?",
  error: "!"
};
function describeMeasurement(m) {
  const shown = m.conditions.map((c) => c.value).filter((v, i, a) => a.indexOf(v) === i);
  const values = shown.map((v) => m.values[v] !== void 0 ? `${v} ${fmt(m.values[v])}` : `${v} \u2013`).join(", ");
  return `${m.metric} ${MARK[m.phase]} ${m.phase === "successful" ? values : m.message ?? values}`;
}

// src/analysis/sparkline.ts
var BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
function sparkline(values, opts = {}) {
  const series = reduce(values, opts.width ?? 60);
  const nums = series.filter((v) => typeof v === "number" && Number.isFinite(v));
  if (nums.length === 0) return " ".repeat(series.length);
  const lo = opts.min ?? Math.min(...nums);
  const hi = opts.max ?? Math.max(...nums);
  return series.map((v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) return " ";
    if (hi <= lo) return BARS[0];
    const i = Math.round((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo) * (BARS.length - 1));
    return BARS[i];
  }).join("");
}
function reduce(values, width) {
  const list = values.map((v) => typeof v === "number" && Number.isFinite(v) ? v : null);
  if (list.length <= width) return list;
  const out = [];
  for (let b = 0; b < width; b++) {
    const from = Math.floor(b * list.length / width);
    const to = Math.floor((b + 1) * list.length / width);
    const nums = list.slice(from, to).filter((v) => v !== null);
    out.push(nums.length ? Math.max(...nums) : null);
  }
  return out;
}

// src/deploy/template.ts
var PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
function placeholdersIn(argv) {
  const found = [];
  for (const arg of argv) {
    for (const m of arg.matchAll(PLACEHOLDER)) if (!found.includes(m[1])) found.push(m[1]);
  }
  return found;
}
function unknownPlaceholders(argv, known) {
  return placeholdersIn(argv).filter((p) => !known.includes(p));
}
var TemplateError = class extends Error {
  constructor(message, missing) {
    super(message);
    this.missing = missing;
    this.name = "TemplateError";
  }
  missing;
};
function renderString(text, vars) {
  const missing = [];
  const out = text.replace(PLACEHOLDER, (all, name) => {
    const v = vars[name];
    if (v === void 0) {
      missing.push(name);
      return all;
    }
    return v;
  });
  if (missing.length)
    throw new TemplateError(`no value for ${missing.map((m) => `{${m}}`).join(", ")}`, missing);
  return out;
}
function renderArgv(argv, vars) {
  const missing = placeholdersIn(argv).filter((p) => vars[p] === void 0);
  if (missing.length)
    throw new TemplateError(`no value for ${missing.map((m) => `{${m}}`).join(", ")}`, missing);
  return argv.map((a) => renderString(a, vars));
}
function templateEnv(vars) {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`RELEASE_OPS_${k.toUpperCase()}`, v]));
}

// src/deploy/run.ts
async function runProgram(deps, spec) {
  const argv = renderArgv(spec.argv, spec.vars);
  deps.logger.info(`${spec.label}: ${argv.map(quote).join(" ")}`);
  const result = await deps.process.run({
    argv,
    env: { ...spec.env, ...templateEnv(spec.vars) },
    cwd: spec.cwd,
    timeoutMs: spec.timeoutMs,
    killGraceMs: spec.killGraceMs ?? 3e3,
    signal: spec.signal,
    tailLines: 20,
    onLine: (line) => deps.logger.info(`  ${spec.label} | ${deps.redactor.redact(line)}`)
  });
  const ok = result.exitCode === 0 && !result.timedOut && !result.cancelled && !result.spawnError;
  return {
    label: spec.label,
    argv,
    ok,
    exit: describeExit(result, spec.timeoutMs),
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    durationMs: result.durationMs,
    tail: result.tail.map((l) => deps.redactor.redact(l))
  };
}
function quote(arg) {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// src/deploy/index.ts
var CANARY_PLACEHOLDERS = ["weight", "step", "tag", "previous_tag"];
var ROLLBACK_PLACEHOLDERS = ["to_tag", "from_tag"];

// src/notify/templates.ts
var MESSAGE_KINDS = ["start", "healthy", "complete", "abort"];
var DEFAULT_TEMPLATES = {
  // A) Deployment start
  start: "{service} release {tag} started (canary phase, {environment}). Decision owner: {owner}. Next update in {next_update}.",
  // B) Canary success
  healthy: "{service} canary healthy (error/latency within guardrails). Proceeding to rolling rollout {next_weight}% -> 100%.",
  // C) Go-live complete
  complete: "{service} release {tag} go-live complete. Post-deploy analysis passed. Hypercare window now active.",
  // D) Abort / rollback
  abort: "{service} rollout aborted due to {reason}. {mitigation}. Next status in {next_update}."
};
var TEMPLATE_PLACEHOLDERS = {
  service: "the repository name (GITHUB_REPOSITORY without the owner), or the working directory name",
  repository: "owner/name",
  tag: "the tag being rolled out",
  previous_tag: "the tag rolled back to",
  environment: "the deployment environment",
  step: "the step number (1-based)",
  weight: "the weight of the step, in percent",
  next_weight: "the weight of the next step",
  reason: "why the rollout stopped (measured value, condition and limit)",
  mitigation: 'what happens now: "Rollback in progress to v1.0.0" or "Rollout paused at 25 %, not rolled back"',
  next_update: "when the next message is due (the next step's pause and analysis, or the verification)",
  owner: "who started the run (GITHUB_ACTOR, or the local user)",
  run_url: "the workflow run URL"
};
function unknownTemplatePlaceholders(text) {
  const names = [...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]);
  return [...new Set(names.filter((n) => !(n in TEMPLATE_PLACEHOLDERS)))];
}
function renderTemplate(text, vars) {
  return text.replace(
    /\{([a-z][a-z0-9_]*)\}/g,
    (all, name) => name in TEMPLATE_PLACEHOLDERS ? vars[name] !== void 0 && vars[name] !== "" ? vars[name] : "?" : all
  );
}
function resolveTemplates(overrides) {
  const out = { ...DEFAULT_TEMPLATES };
  for (const k of MESSAGE_KINDS) if (overrides?.[k]) out[k] = overrides[k];
  return out;
}

// src/notify/webhook.ts
async function postWebhook(deps, url, text, opts = {}) {
  const retries = opts.retries ?? 3;
  let backoff = opts.backoffMs ?? 1e3;
  let last = { delivered: false, attempts: 0 };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const res = await deps.http.request({
        method: "POST",
        url,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
        timeoutMs: opts.timeoutMs ?? 1e4
      });
      if (res.status >= 200 && res.status < 300)
        return { delivered: true, attempts: attempt, status: res.status };
      last = {
        delivered: false,
        attempts: attempt,
        status: res.status,
        error: `the webhook answered ${res.status}`
      };
      if (res.status < 500 && res.status !== 429) return last;
    } catch (err) {
      last = {
        delivered: false,
        attempts: attempt,
        error: err instanceof HttpError ? `${err.code}: ${err.message}` : String(err)
      };
    }
    if (attempt <= retries) {
      await deps.clock.sleep(backoff);
      backoff *= 2;
    }
  }
  return last;
}

// src/notify/index.ts
var Notifier = class {
  constructor(deps, templates, webhookUrl, webhookOptions = {}) {
    this.deps = deps;
    this.templates = templates;
    this.webhookUrl = webhookUrl;
    this.webhookOptions = webhookOptions;
  }
  deps;
  templates;
  webhookUrl;
  webhookOptions;
  sent = [];
  async send(kind, vars, opts = {}) {
    const text = renderTemplate(this.templates[kind], vars);
    const msg = { kind, at: this.deps.clock.now(), text };
    this.deps.logger.info(`message ${kind}: ${text}`);
    if (this.webhookUrl) {
      msg.webhook = await postWebhook(this.deps, this.webhookUrl, text, { ...this.webhookOptions, ...opts });
      if (!msg.webhook.delivered) {
        this.deps.logger.warn(
          `the ${kind} message could not be posted to the webhook after ${msg.webhook.attempts} attempt(s): ${msg.webhook.error} (the rollout goes on)`
        );
      }
    }
    this.sent.push(msg);
    return msg;
  }
};

// src/analysis/plan.ts
var ordinal = (n) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;
function describeLimits(l) {
  const parts = [];
  if (l.failureLimit !== null)
    parts.push(
      `fails on the ${ordinal(l.failureLimit + 1)} failed measurement (failure_limit ${l.failureLimit})`
    );
  if (l.consecutiveFailures !== null) {
    parts.push(
      `fails on the ${ordinal(l.consecutiveFailures + 1)} consecutive failed measurement (consecutive_failures ${l.consecutiveFailures})`
    );
  }
  if (l.sustainedForMs !== null)
    parts.push(`fails when failing for ${formatDuration(l.sustainedForMs)} (sustained_for)`);
  parts.push(
    `stops on the ${ordinal(l.inconclusiveLimit + 1)} inconclusive measurement (inconclusive_limit ${l.inconclusiveLimit})`
  );
  return parts.join("; ");
}
function maxMeasurementMs(m) {
  const p = m.provider;
  return p.kind === "http" ? Math.ceil(p.samples / Math.max(1, p.concurrency)) * p.timeoutMs : p.timeoutMs;
}
function worstCaseMs(spec) {
  const n = ticksIn(spec);
  const slowest = Math.max(0, ...spec.metrics.map(maxMeasurementMs));
  return slowest <= spec.intervalMs ? n * spec.intervalMs + slowest : spec.intervalMs + n * slowest;
}
function limitWarnings(spec) {
  const n = ticksIn(spec);
  const out = [];
  for (const m of spec.metrics) {
    const l = m.limits;
    const never = (what) => out.push(
      `${m.name}: ${what} can never be exceeded in a window of ${n} measurement${n === 1 ? "" : "s"}`
    );
    if (l.failureLimit !== null && l.failureLimit + 1 > n) never(`failure_limit ${l.failureLimit}`);
    if (l.consecutiveFailures !== null && l.consecutiveFailures + 1 > n)
      never(`consecutive_failures ${l.consecutiveFailures}`);
    if (l.sustainedForMs !== null && l.sustainedForMs > (n - 1) * spec.intervalMs)
      never(`sustained_for ${formatDuration(l.sustainedForMs)}`);
    if (l.inconclusiveLimit + 1 > n) {
      out.push(
        `${m.name}: inconclusive_limit ${l.inconclusiveLimit} is at least the ${n} measurements of a window; a window without any data still ends inconclusive`
      );
    }
  }
  return out;
}

// src/analysis/settings.ts
var DEFAULT_INCONCLUSIVE_LIMIT = 2;
function resolveLimits(m) {
  const anyFailureLimit = m.failure_limit !== void 0 || m.consecutive_failures !== void 0 || m.sustained_for !== void 0;
  return {
    failureLimit: m.failure_limit ?? (anyFailureLimit ? null : 0),
    consecutiveFailures: m.consecutive_failures ?? null,
    sustainedForMs: m.sustained_for ?? null,
    inconclusiveLimit: m.inconclusive_limit ?? DEFAULT_INCONCLUSIVE_LIMIT
  };
}
function resolveAnalysis(cfg, ctx) {
  const problems = [];
  const at = (p) => {
    const full = [...ctx.path, ...p];
    return {
      file: ctx.source?.file ?? "config",
      line: ctx.source?.lineOf(full),
      key: full.map((s, i) => typeof s === "number" ? `[${s}]` : i ? `.${s}` : s).join("")
    };
  };
  const expand = (text, p) => {
    const r = expandEnv(text, ctx.env, ctx.redactor);
    if ("missing" in r) {
      problems.push({
        ...at(p),
        message: `uses \${${r.missing}}, but the environment has no ${r.missing} (set it in the step's env:)`
      });
      return text;
    }
    return r.value;
  };
  const expandHeaders = (h, p) => Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k, expand(v, [...p, k])]));
  const metrics = cfg.metrics.map((m, i) => {
    const p = ["metrics", i];
    const conditions = m.conditions.map((text) => parseCondition(text));
    let provider;
    switch (m.provider) {
      case "http":
        provider = {
          kind: "http",
          url: expand(m.url, [...p, "url"]),
          method: m.method,
          headers: expandHeaders(m.headers, [...p, "headers"]),
          expectStatus: m.expect_status,
          samples: m.samples,
          concurrency: m.concurrency,
          timeoutMs: m.timeout,
          ...m.baseline ? {
            baseline: {
              url: expand(m.baseline.url, [...p, "baseline", "url"]),
              headers: expandHeaders(m.baseline.headers, [...p, "baseline", "headers"])
            }
          } : {}
        };
        break;
      case "json":
        provider = {
          kind: "json",
          url: expand(m.url, [...p, "url"]),
          headers: expandHeaders(m.headers, [...p, "headers"]),
          timeoutMs: m.timeout,
          ...m.baseline ? {
            baseline: {
              url: expand(m.baseline.url, [...p, "baseline", "url"]),
              headers: expandHeaders(m.baseline.headers, [...p, "baseline", "headers"])
            }
          } : {}
        };
        break;
      case "prometheus":
        provider = {
          kind: "prometheus",
          address: expand(m.address, [...p, "address"]),
          query: m.query,
          headers: expandHeaders(m.headers, [...p, "headers"]),
          timeoutMs: m.timeout,
          ...m.baseline ? { baseline: { query: m.baseline.query } } : {}
        };
        break;
    }
    return { name: m.name, provider, conditions, limits: resolveLimits(m) };
  });
  if (problems.length) throw new ConfigError(problems);
  return { intervalMs: cfg.interval, windowMs: cfg.window, metrics };
}

export {
  fmt,
  describeSource,
  ticksIn,
  needsPreRolloutBaseline,
  runAnalysis,
  measureBaselines,
  describeMeasurement,
  sparkline,
  placeholdersIn,
  unknownPlaceholders,
  renderArgv,
  templateEnv,
  runProgram,
  quote,
  CANARY_PLACEHOLDERS,
  ROLLBACK_PLACEHOLDERS,
  MESSAGE_KINDS,
  unknownTemplatePlaceholders,
  renderTemplate,
  resolveTemplates,
  Notifier,
  describeLimits,
  maxMeasurementMs,
  worstCaseMs,
  limitWarnings,
  resolveAnalysis
};

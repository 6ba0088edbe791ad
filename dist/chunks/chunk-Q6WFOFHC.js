import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  describeExit
} from "./chunk-6XPOX3CP.js";
import {
  HttpError,
  expandEnv,
  isCredentialHeader
} from "./chunk-LJKKFAWI.js";
import {
  compare,
  judgedNames,
  negate,
  parseCondition
} from "./chunk-4Q675M22.js";
import {
  formatDuration
} from "./chunk-JMMVXS76.js";
import {
  CancelledError,
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/notify/webhook.ts
function checkWebhookUrl(url) {
  if (!/^https?:\/\/\S+$/.test(url))
    throw ConfigError.input("webhook-url", "expected an http:// or https:// URL");
}
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

// src/analysis/judge/math.ts
var SQRT_PI = Math.sqrt(Math.PI);
var SQRT_2PI = Math.sqrt(2 * Math.PI);
var LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
function erfcNonNegative(x) {
  if (x < 2) {
    let term = x;
    let sum = x;
    const x2 = 2 * x * x;
    for (let n = 1; n < 200; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - 2 / SQRT_PI * Math.exp(-x * x) * sum;
  }
  if (x > 27.3) return 0;
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}
function erfc(x) {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? erfcNonNegative(x) : 2 - erfcNonNegative(-x);
}
function normalPdf(x) {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}
function normalCdf(x) {
  return 0.5 * erfc(-x / Math.SQRT2);
}
function normalSf(x) {
  return 0.5 * erfc(x / Math.SQRT2);
}
function normalQuantile(p) {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 1308e-6 * t * t * t);
  for (let i = 0; i < 4; i++) {
    const f = normalSf(z) - q;
    const pdf = normalPdf(z);
    if (pdf === 0) break;
    const e = f / pdf;
    const step = e / (1 - z * e / 2);
    z += step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return lower ? -z : z;
}
var FACT_TABLE_SIZE = 1024;
var logFactTable = (() => {
  const t = new Float64Array(FACT_TABLE_SIZE);
  for (let i = 2; i < FACT_TABLE_SIZE; i++) t[i] = t[i - 1] + Math.log(i);
  return t;
})();
function logFactorial(n) {
  if (n < 0 || !Number.isInteger(n)) return NaN;
  if (n < FACT_TABLE_SIZE) return logFactTable[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}
function logChoose(n, k) {
  if (k < 0 || k > n) return -Infinity;
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

// src/analysis/judge/exact.ts
var EPS = 1e-17;
function binomialLogPmf(k, n, p) {
  if (k < 0 || k > n) return -Infinity;
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}
function sumTail(logStart, start, lo, hi, dir, ratio) {
  if (logStart === -Infinity) return 0;
  let term = 1;
  let sum = 1;
  for (let k = start; dir > 0 ? k < hi : k > lo; k += dir) {
    term *= ratio(k);
    sum += term;
    if (term <= sum * EPS) break;
  }
  return Math.min(1, Math.exp(logStart + Math.log(sum)));
}
function hyperSupport(h) {
  return [Math.max(0, h.draws - (h.total - h.successes)), Math.min(h.draws, h.successes)];
}
function hypergeometricLogPmf(k, h) {
  const [lo, hi] = hyperSupport(h);
  if (k < lo || k > hi) return -Infinity;
  return logChoose(h.successes, k) + logChoose(h.total - h.successes, h.draws - k) - logChoose(h.total, h.draws);
}
function hypergeometricSf(k, h) {
  const [lo, hi] = hyperSupport(h);
  if (k <= lo) return 1;
  if (k > hi) return 0;
  const { total: N, successes: K, draws: n } = h;
  const mode = Math.floor((n + 1) * (K + 1) / (N + 2));
  if (k > mode) {
    const up = (j) => (K - j) * (n - j) / ((j + 1) * (N - K - n + j + 1));
    return sumTail(hypergeometricLogPmf(k, h), k, lo, hi, 1, up);
  }
  return Math.max(0, 1 - hypergeometricCdf(k - 1, h));
}
function hypergeometricCdf(k, h) {
  const [lo, hi] = hyperSupport(h);
  if (k < lo) return 0;
  if (k >= hi) return 1;
  const { total: N, successes: K, draws: n } = h;
  const mode = Math.floor((n + 1) * (K + 1) / (N + 2));
  if (k < mode) {
    const down = (j) => j * (N - K - n + j) / ((K - j + 1) * (n - j + 1));
    return sumTail(hypergeometricLogPmf(k, h), k, lo, hi, -1, down);
  }
  return Math.max(0, 1 - hypergeometricSf(k + 1, h));
}
function binomialSumPmf(strata) {
  let total = 0;
  for (const s of strata) total += s.n;
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let width = 0;
  for (const s of strata) {
    if (s.n === 0) continue;
    const pmf = new Float64Array(s.n + 1);
    for (let k = 0; k <= s.n; k++) pmf[k] = Math.exp(binomialLogPmf(k, s.n, s.p));
    const next = new Float64Array(total + 1);
    for (let i = 0; i <= width; i++) {
      const di = dist[i];
      if (di === 0) continue;
      for (let k = 0; k <= s.n; k++) next[i + k] += di * pmf[k];
    }
    dist = next;
    width += s.n;
  }
  return dist;
}

// src/analysis/judge/count.ts
var MAX_EXACT_EVENTS = 1e3;
function informative(strata) {
  return strata.filter((s) => s.canary.trials > 0 && s.baseline.trials > 0);
}
function totals(strata) {
  const c = { events: 0, trials: 0 };
  const b = { events: 0, trials: 0 };
  for (const s of strata) {
    c.events += s.canary.events;
    c.trials += s.canary.trials;
    b.events += s.baseline.events;
    b.trials += s.baseline.trials;
  }
  return { canary: c, baseline: b };
}
function rateTest(strata, rho0) {
  const used = informative(strata);
  const sum = totals(used);
  const s = sum.canary.events;
  const T = s + sum.baseline.events;
  if (T === 0) return { greater: 1, less: 1, method: "exact", ...sum };
  const parts = used.map((st) => ({ n: st.canary.events + st.baseline.events, p: pi(st, rho0) })).filter((x) => x.n > 0);
  if (T > MAX_EXACT_EVENTS) {
    let mean = 0;
    let variance = 0;
    for (const x of parts) {
      mean += x.n * x.p;
      variance += x.n * x.p * (1 - x.p);
    }
    if (variance <= 0)
      return { greater: s >= mean ? 1 : 0, less: s <= mean ? 1 : 0, method: "normal", ...sum };
    const sd = Math.sqrt(variance);
    return {
      greater: Math.min(1, normalSf((s - 0.5 - mean) / sd)),
      less: Math.min(1, normalCdf((s + 0.5 - mean) / sd)),
      method: "normal",
      ...sum
    };
  }
  const pmf = binomialSumPmf(parts);
  let greater = 0;
  for (let k = pmf.length - 1; k >= s; k--) greater += pmf[k];
  let less = 0;
  for (let k = 0; k <= s; k++) less += pmf[k];
  return { greater: Math.min(1, greater), less: Math.min(1, less), method: "exact", ...sum };
}
function pi(st, rho) {
  if (rho === Infinity) return 1;
  const a = rho * st.canary.trials;
  return a / (a + st.baseline.trials);
}
function conditionalMle(used, s, T) {
  if (T === 0) return NaN;
  if (s === 0) return 0;
  if (s === T) return Infinity;
  const expected = (x) => {
    let e = 0;
    for (const st of used) e += (st.canary.events + st.baseline.events) * pi(st, Math.exp(x));
    return e;
  };
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < s) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}
function rateInterval(strata, alpha) {
  const used = informative(strata);
  const sum = totals(used);
  const T = sum.canary.events + sum.baseline.events;
  const estimate = conditionalMle(used, sum.canary.events, T);
  if (T === 0) return { estimate, lower: 0, upper: Infinity };
  const LO = -30;
  const HI = 30;
  const bisect = (good, bad, ok) => {
    for (let i = 0; i < 60 && Math.abs(ok - bad) > 1e-7; i++) {
      const mid = (bad + ok) / 2;
      if (good(mid)) ok = mid;
      else bad = mid;
    }
    return ok;
  };
  const lowOk = (x) => rateTest(used, Math.exp(x)).greater > alpha;
  const highOk = (x) => rateTest(used, Math.exp(x)).less > alpha;
  const lower = sum.canary.events === 0 || lowOk(LO) ? 0 : Math.exp(bisect(lowOk, LO, HI));
  const upper = sum.baseline.events === 0 || highOk(HI) ? Infinity : Math.exp(bisect(highOk, HI, LO));
  return { estimate, lower, upper };
}

// src/analysis/judge/format.ts
function pct(ratio) {
  if (Number.isNaN(ratio)) return "n/a";
  if (ratio === Infinity) return "+\u221E %";
  const v = (ratio - 1) * 100;
  const a = Math.abs(v);
  const digits = a >= 10 ? 0 : a >= 1 ? 1 : 2;
  const text = a.toFixed(digits);
  if (Number(text) === 0) return `${0 .toFixed(digits)} %`;
  return `${v > 0 ? "+" : "\u2212"}${text} %`;
}
function interval(lower, upper) {
  return `[${pct(lower)}, ${pct(upper)}]`;
}
function pValue(p) {
  if (p <= 0) return "<1e-300";
  if (p >= 1e-3) return String(Number(p.toPrecision(2)));
  const [m, e] = p.toExponential(1).split("e");
  return `${m}e${e}`;
}
function ratePct(events, trials) {
  if (trials === 0) return "n/a";
  const v = events / trials * 100;
  return `${v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(2)} %`;
}
function value(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}

// src/analysis/judge/rank.ts
var EXACT_MAX_N = 50;
function ascending(a, b) {
  return a - b;
}
function rankMerge(xs, ys, keepDoubled) {
  const n1 = xs.length;
  const n2 = ys.length;
  let i = 0;
  let j = 0;
  let r = 0;
  let rankSum = 0;
  let tieSum = 0;
  const doubled = keepDoubled ? new Int32Array(n1 + n2) : void 0;
  let pos = 0;
  while (i < n1 || j < n2) {
    const v = i < n1 && (j >= n2 || xs[i] <= ys[j]) ? xs[i] : ys[j];
    let a = 0;
    while (i < n1 && xs[i] === v) {
      i++;
      a++;
    }
    let b = 0;
    while (j < n2 && ys[j] === v) {
      j++;
      b++;
    }
    const t = a + b;
    const d = 2 * r + t + 1;
    rankSum += a * d / 2;
    if (t > 1) tieSum += t * t * t - t;
    if (doubled) for (let k = 0; k < t; k++) doubled[pos++] = d;
    r += t;
  }
  return { rankSum, tieSum, doubled };
}
function rankSumDistribution(doubledRanks, k) {
  const N = doubledRanks.length;
  let maxSum = 0;
  const sorted = Array.from(doubledRanks).sort(ascending);
  for (let i = N - k; i < N; i++) maxSum += sorted[i];
  const ways = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  ways[0][0] = 1;
  let reach = 0;
  for (let idx = 0; idx < N; idx++) {
    const r = doubledRanks[idx];
    const top = Math.min(idx + 1, k);
    for (let c = top; c >= 1; c--) {
      const from = ways[c - 1];
      const to = ways[c];
      const lim = Math.min(reach, maxSum - r);
      for (let s = 0; s <= lim; s++) {
        const w = from[s];
        if (w !== 0) to[s + r] += w;
      }
    }
    reach = Math.min(maxSum, reach + r);
  }
  return ways[k];
}
function mannWhitneySorted(xs, ys, method = "auto") {
  const n1 = xs.length;
  const n2 = ys.length;
  const m = n1 * n2;
  if (n1 === 0 || n2 === 0) {
    return {
      n1,
      n2,
      u: 0,
      uPrime: 0,
      rankSum: 0,
      tieSum: 0,
      method: "exact",
      z: 0,
      greater: 1,
      less: 1,
      twoSided: 1
    };
  }
  const N = n1 + n2;
  const exact = method === "exact" || method === "auto" && N <= EXACT_MAX_N;
  const ranked = rankMerge(xs, ys, exact);
  const u = ranked.rankSum - n1 * (n1 + 1) / 2;
  const uPrime = m - u;
  let greater;
  let less;
  let z = 0;
  const variance = m / 12 * (N + 1 - ranked.tieSum / (N * (N - 1)));
  if (variance > 0) z = (u - m / 2) / Math.sqrt(variance);
  if (exact) {
    const small = Math.min(n1, n2);
    const counts = rankSumDistribution(ranked.doubled, small);
    const logTotal = logChoose(N, small);
    const totalDoubled = N * (N + 1);
    const obsX = Math.round(2 * ranked.rankSum);
    let atLeast = 0;
    let atMost = 0;
    for (let s = 0; s < counts.length; s++) {
      const c = counts[s];
      if (c === 0) continue;
      const sx = small === n1 ? s : totalDoubled - s;
      if (sx >= obsX) atLeast += c;
      if (sx <= obsX) atMost += c;
    }
    greater = Math.min(1, Math.exp(Math.log(atLeast) - logTotal));
    less = Math.min(1, Math.exp(Math.log(atMost) - logTotal));
  } else if (variance <= 0) {
    greater = 1;
    less = 1;
  } else {
    const sd = Math.sqrt(variance);
    greater = Math.min(1, normalSf((u - m / 2 - 0.5) / sd));
    less = Math.min(1, normalCdf((u - m / 2 + 0.5) / sd));
  }
  return {
    n1,
    n2,
    u,
    uPrime,
    rankSum: ranked.rankSum,
    tieSum: ranked.tieSum,
    method: exact ? "exact" : "normal",
    z,
    greater,
    less,
    twoSided: Math.min(1, 2 * Math.min(greater, less))
  };
}
function countDiffAtMost(xs, ys, t, starts) {
  const n2 = ys.length;
  let j = 0;
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    const xi = xs[i];
    while (j < n2 && xi - ys[j] > t) j++;
    if (starts) starts[i] = j;
    count += n2 - j;
  }
  return count;
}
function kthPairwiseDifference(xs, ys, k) {
  const n1 = xs.length;
  const n2 = ys.length;
  const m = n1 * n2;
  if (m === 0 || k < 1 || k > m) return NaN;
  let lo = xs[0] - ys[n2 - 1];
  let hi = xs[n1 - 1] - ys[0];
  if (k === 1) return lo;
  if (k === m) return hi;
  lo = lo - Math.max(1, Math.abs(lo)) * 1e-9 - 1e-300;
  let cLo = 0;
  let cHi = m;
  const startsLo = new Int32Array(n1);
  const startsHi = new Int32Array(n1);
  for (let iter = 0; iter < 200 && cHi - cLo > Math.max(n1, n2); iter++) {
    const mid = lo + (hi - lo) / 2;
    if (!(mid > lo && mid < hi)) break;
    const c = countDiffAtMost(xs, ys, mid);
    if (c >= k) {
      hi = mid;
      cHi = c;
    } else {
      lo = mid;
      cLo = c;
    }
  }
  if (cHi - cLo > Math.max(n1, n2)) return hi;
  countDiffAtMost(xs, ys, lo, startsLo);
  countDiffAtMost(xs, ys, hi, startsHi);
  const candidates = [];
  for (let i = 0; i < n1; i++) {
    for (let j = startsHi[i]; j < startsLo[i]; j++) candidates.push(xs[i] - ys[j]);
  }
  candidates.sort(ascending);
  return candidates[k - cLo - 1];
}
function uCritical(n1, n2, alpha) {
  const m = n1 * n2;
  const N = n1 + n2;
  if (N <= EXACT_MAX_N) {
    const ranks = new Int32Array(N);
    for (let i = 0; i < N; i++) ranks[i] = 2 * (i + 1);
    const small = Math.min(n1, n2);
    const counts = rankSumDistribution(ranks, small);
    const logTotal = logChoose(N, small);
    const base = small * (small + 1);
    let tail = 0;
    for (let u = m; u >= 0; u--) {
      const c2 = counts[2 * u + base] ?? 0;
      const next = tail + c2;
      if (Math.exp(Math.log(next) - logTotal) > alpha) return u + 1;
      tail = next;
    }
    return 0;
  }
  const sd = Math.sqrt(m * (N + 1) / 12);
  const c = Math.ceil(m / 2 + 0.5 - normalQuantile(alpha) * sd);
  return Math.max(0, Math.min(m + 1, c));
}
function hodgesLehmannSorted(xs, ys, alpha) {
  const m = xs.length * ys.length;
  if (m === 0) return { estimate: NaN, lower: -Infinity, upper: Infinity };
  const a = kthPairwiseDifference(xs, ys, Math.floor((m + 1) / 2));
  const b = kthPairwiseDifference(xs, ys, Math.ceil((m + 1) / 2));
  const c = uCritical(xs.length, ys.length, alpha);
  const lower = c <= m && c >= 1 ? kthPairwiseDifference(xs, ys, m - c + 1) : -Infinity;
  const upper = c <= m && c >= 1 ? kthPairwiseDifference(xs, ys, c) : Infinity;
  return { estimate: (a + b) / 2, lower, upper };
}

// src/analysis/judge/latency.ts
function mergeSorted(a, b) {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
function quantileSorted(s, q) {
  if (s.length === 0) return NaN;
  const rank = Math.min(s.length, Math.max(1, Math.ceil(q * s.length)));
  return s[rank - 1];
}
function medianSorted(s) {
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
function shifted(s, shift) {
  if (shift === 0) return s;
  const out = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s[i] - shift;
  return out;
}
function locationTest(canary, baseline, shift) {
  return mannWhitneySorted(shifted(canary, shift), baseline);
}
function locationInterval(canary, baseline, alpha) {
  return hodgesLehmannSorted(canary, baseline, alpha);
}
function countAbove(s, shift, t) {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (s[mid] - shift > t) hi = mid;
    else lo = mid + 1;
  }
  return s.length - lo;
}
function kthOfUnion(a, shift, b, k) {
  const n1 = a.length;
  const n2 = b.length;
  let lo = Math.max(0, k - n2);
  let hi = Math.min(k, n1);
  while (lo <= hi) {
    const i = lo + hi >>> 1;
    const j = k - i;
    const aLeft = i > 0 ? a[i - 1] - shift : -Infinity;
    const aRight = i < n1 ? a[i] - shift : Infinity;
    const bLeft = j > 0 ? b[j - 1] : -Infinity;
    const bRight = j < n2 ? b[j] : Infinity;
    if (aLeft > bRight) hi = i - 1;
    else if (bLeft > aRight) lo = i + 1;
    else return Math.max(aLeft, bLeft);
  }
  return NaN;
}
function exceedanceTest(canary, baseline, q, shift) {
  const n1 = canary.length;
  const n2 = baseline.length;
  const N = n1 + n2;
  if (n1 === 0 || n2 === 0) return { greater: 1, less: 1, threshold: NaN, canaryAbove: 0, baselineAbove: 0 };
  const rank = Math.min(N, Math.max(1, Math.ceil(q * N)));
  const threshold = kthOfUnion(canary, shift, baseline, rank);
  const a = countAbove(canary, shift, threshold);
  const b = countAbove(baseline, 0, threshold);
  const h = { total: N, successes: a + b, draws: n1 };
  return {
    greater: hypergeometricSf(a, h),
    less: hypergeometricCdf(a, h),
    threshold,
    canaryAbove: a,
    baselineAbove: b
  };
}
function exceedanceInterval(canary, baseline, q, alpha) {
  const n1 = canary.length;
  const n2 = baseline.length;
  if (n1 === 0 || n2 === 0) return { estimate: NaN, lower: -Infinity, upper: Infinity };
  const estimate = quantileSorted(canary, q) - quantileSorted(baseline, q);
  const sMin = canary[0] - baseline[n2 - 1] - 1;
  const sMax = canary[n1 - 1] - baseline[0] + 1;
  const bisect = (good, lo, hi) => {
    for (let i = 0; i < 60 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
      const mid = (lo + hi) / 2;
      if (good(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const lowerOk = (s) => exceedanceTest(canary, baseline, q, s).greater > alpha;
  const upperOk = (s) => exceedanceTest(canary, baseline, q, s).less > alpha;
  let lower;
  if (lowerOk(sMin)) lower = -Infinity;
  else if (!lowerOk(sMax)) lower = sMax;
  else lower = bisect(lowerOk, sMin, lowerOk(estimate) ? estimate : sMax);
  let upper;
  if (upperOk(sMax)) upper = Infinity;
  else if (!upperOk(sMin)) upper = sMin;
  else upper = -bisect((s) => upperOk(-s), -sMax, upperOk(estimate) ? -estimate : -sMin);
  return { estimate, lower, upper };
}
function absoluteDeviationsSorted(s) {
  const n = s.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const med = medianSorted(s);
  let p = 0;
  while (p < n && s[p] < med) p++;
  let i = p - 1;
  let j = p;
  let k = 0;
  while (i >= 0 && j < n) {
    const left = med - s[i];
    const right = s[j] - med;
    if (left <= right) {
      out[k++] = left;
      i--;
    } else {
      out[k++] = right;
      j++;
    }
  }
  while (i >= 0) out[k++] = med - s[i--];
  while (j < n) out[k++] = s[j++] - med;
  return out;
}
function spreadData(canary, baseline) {
  if (canary.length < 2 || baseline.length < 2) return null;
  const dc = absoluteDeviationsSorted(canary);
  const db = absoluteDeviationsSorted(baseline);
  if (dc[dc.length - 1] <= 0 && db[db.length - 1] <= 0) return null;
  return { canary: dc, baseline: db };
}
function spreadTest(data, shift) {
  if (shift === 0) return mannWhitneySorted(data.canary, data.baseline);
  const f = Math.exp(-shift);
  const scaled = new Float64Array(data.canary.length);
  for (let i = 0; i < scaled.length; i++) scaled[i] = data.canary[i] * f;
  return mannWhitneySorted(scaled, data.baseline);
}
function spreadInterval(data, alpha) {
  let minPos = Infinity;
  for (const d of [data.canary, data.baseline]) {
    for (let i = 0; i < d.length; i++) {
      if (d[i] > 0) {
        if (d[i] < minPos) minPos = d[i];
        break;
      }
    }
  }
  const floor = Math.log(minPos / 2);
  const toLog = (d) => {
    const out = new Float64Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i] > 0 ? Math.log(d[i]) : floor;
    return out;
  };
  return hodgesLehmannSorted(toLog(data.canary), toLog(data.baseline), alpha);
}

// src/analysis/judge/sequential.ts
function spent(alpha, t, spending) {
  if (t <= 0) return 0;
  if (t >= 1) return alpha;
  if (spending === "pocock") return alpha * Math.log(1 + (Math.E - 1) * t);
  return 2 * normalSf(-normalQuantile(alpha / 2) / Math.sqrt(t));
}
var GRID = 801;
var SPAN = 10;
function simpsonWeights(n, h) {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = (i === 0 || i === n - 1 ? 1 : i % 2 ? 4 : 2) * h / 3;
  return w;
}
function initialDensity(t, b, a = -Infinity) {
  const lo = Math.max(-SPAN * Math.sqrt(t), a);
  const hi = Math.min(b, SPAN * Math.sqrt(t));
  const h = (hi - lo) / (GRID - 1);
  const w = simpsonWeights(GRID, h);
  const x = new Float64Array(GRID);
  const wf = new Float64Array(GRID);
  const s = Math.sqrt(t);
  for (let i = 0; i < GRID; i++) {
    x[i] = lo + i * h;
    wf[i] = w[i] * normalPdf(x[i] / s) / s;
  }
  return { x, wf };
}
function crossingAndSlope(prev, dt, b) {
  const s = Math.sqrt(dt);
  let p = 0;
  let slope = 0;
  for (let i = 0; i < prev.x.length; i++) {
    const z = (b - prev.x[i]) / s;
    p += prev.wf[i] * normalSf(z);
    slope -= prev.wf[i] * normalPdf(z) / s;
  }
  return [p, slope];
}
function solveBoundary(prev, dt, target, lo, hi) {
  let b = Math.min(hi, Math.max(lo, -normalQuantile(target) * Math.sqrt(dt)));
  for (let it = 0; it < 200; it++) {
    const [p, slope] = crossingAndSlope(prev, dt, b);
    if (p > target) lo = b;
    else hi = b;
    let next = slope < 0 && p > 0 ? b - (Math.log(p) - Math.log(target)) * p / slope : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - b) < 1e-12 || hi - lo < 1e-12) return next;
    b = next;
  }
  return b;
}
function nextDensity(prev, dt, t, b, a = -Infinity) {
  const lo = Math.max(-SPAN * Math.sqrt(t), a);
  const hi = Math.min(b, SPAN * Math.sqrt(t));
  const h = (hi - lo) / (GRID - 1);
  const w = simpsonWeights(GRID, h);
  const s = Math.sqrt(dt);
  const x = new Float64Array(GRID);
  const wf = new Float64Array(GRID);
  const n = prev.x.length;
  const x0 = prev.x[0];
  const hp = (prev.x[n - 1] - x0) / (n - 1);
  const delta = hp / s;
  const q = Math.exp(-delta * delta);
  for (let i = 0; i < GRID; i++) {
    const y = lo + i * h;
    x[i] = y;
    const jStart = Math.max(0, Math.ceil((y - 12 * s - x0) / hp));
    const jEnd = Math.min(n - 1, Math.floor((y + 12 * s - x0) / hp));
    let f = 0;
    if (jStart <= jEnd) {
      const z0 = (y - (x0 + jStart * hp)) / s;
      let e = Math.exp(-0.5 * z0 * z0);
      let r = Math.exp(z0 * delta - 0.5 * delta * delta);
      for (let j = jStart; j <= jEnd; j++) {
        f += prev.wf[j] * e;
        e *= r;
        r *= q;
      }
    }
    wf[i] = w[i] * f / (s * Math.sqrt(2 * Math.PI));
  }
  return { x, wf };
}
function boundaries(alpha, looks, spending = "obrien_fleming", method = "group_sequential") {
  if (!Number.isInteger(looks) || looks < 1)
    throw new RangeError(`looks must be a positive integer, got ${looks}`);
  const key = `${alpha}|${looks}|${spending}|${method}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out = spendingBoundaries(
    alpha,
    Array.from({ length: looks }, (_, k) => (k + 1) / looks),
    spending,
    method
  );
  cache.set(key, out);
  return out;
}
function spendingBoundaries(alpha, times, spending = "obrien_fleming", method = "group_sequential") {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!times.length || times.some((t, i) => !(t > (i ? times[i - 1] : 0) && t <= 1))) {
    throw new RangeError(`times must increase within (0, 1], got ${times.join(", ")}`);
  }
  const looks = times.length;
  const cum = times.map((t) => spent(alpha, t, spending));
  const z = [];
  const nominal = [];
  if (method === "union_bound") {
    for (let k = 0; k < looks; k++) {
      const inc = cum[k] - (k ? cum[k - 1] : 0);
      nominal.push(inc);
      z.push(inc > 0 ? -normalQuantile(inc) : Infinity);
    }
    return { z, nominal, spent: cum };
  }
  let dens = null;
  let tPrev = 0;
  for (let k = 0; k < looks; k++) {
    const t = times[k];
    const inc = cum[k] - (k ? cum[k - 1] : 0);
    let b;
    if (!(inc > 1e-300)) b = Infinity;
    else if (!dens) b = -normalQuantile(inc) * Math.sqrt(t);
    else b = solveBoundary(dens, t - tPrev, inc, -SPAN * Math.sqrt(t), 2 * SPAN * Math.sqrt(t));
    const zk = b / Math.sqrt(t);
    z.push(zk);
    nominal.push(Number.isFinite(zk) ? normalSf(zk) : 0);
    dens = dens ? nextDensity(dens, t - tPrev, t, b) : initialDensity(t, b);
    tPrev = t;
  }
  return { z, nominal, spent: cum };
}
var cache = /* @__PURE__ */ new Map();

// src/analysis/judge/judge.ts
var JUDGE_DEFAULTS = {
  pass: 95,
  marginal: 75,
  confidence: 0.98,
  spending: "obrien_fleming",
  boundaries: "group_sequential"
};
var LATENCY_FLOOR = 1e-6;
function resolveJudgeSettings(options) {
  const problems = [];
  const pass = options.pass ?? JUDGE_DEFAULTS.pass;
  const marginal = options.marginal ?? JUDGE_DEFAULTS.marginal;
  const confidence = options.confidence ?? JUDGE_DEFAULTS.confidence;
  const spending = options.spending ?? JUDGE_DEFAULTS.spending;
  const method = options.boundaries ?? JUDGE_DEFAULTS.boundaries;
  const looks = options.looks;
  if (!Number.isInteger(looks) || looks < 1) problems.push(`looks must be a positive integer, got ${looks}`);
  if (!(pass >= 0 && pass <= 100)) problems.push(`pass must be within 0\u2026100, got ${pass}`);
  if (!(marginal >= 0 && marginal <= 100)) problems.push(`marginal must be within 0\u2026100, got ${marginal}`);
  if (marginal > pass) problems.push(`marginal (${marginal}) must not exceed pass (${pass})`);
  if (!(confidence >= 0.5 && confidence < 1))
    problems.push(`confidence must be within [0.5, 1), got ${confidence}`);
  if (!["obrien_fleming", "pocock"].includes(spending))
    problems.push(`spending must be obrien_fleming or pocock, got ${spending}`);
  if (!["group_sequential", "union_bound"].includes(method))
    problems.push(`boundaries must be group_sequential or union_bound, got ${method}`);
  if (!options.metrics.length) problems.push("at least one metric is needed");
  const names = /* @__PURE__ */ new Set();
  for (const m of options.metrics) {
    if (names.has(m.name)) problems.push(`metric ${m.name} appears twice`);
    names.add(m.name);
    if (m.kind !== "latency" && m.kind !== "count")
      problems.push(`metric ${m.name}: kind must be latency or count, got ${m.kind}`);
    const dir = m.direction ?? "higher_is_worse";
    if (dir !== "higher_is_worse" && dir !== "lower_is_worse")
      problems.push(`metric ${m.name}: direction must be higher_is_worse or lower_is_worse`);
    const tol = m.max_increase_pct ?? 0;
    if (!(tol >= 0 && Number.isFinite(tol)))
      problems.push(`metric ${m.name}: max_increase_pct must be \u2265 0, got ${tol}`);
    if (dir === "lower_is_worse" && !(tol < 100))
      problems.push(`metric ${m.name}: max_increase_pct must be < 100 when lower is worse`);
    const w = m.weight ?? 1;
    if (!(w > 0 && Number.isFinite(w))) problems.push(`metric ${m.name}: weight must be > 0, got ${w}`);
  }
  if (problems.length) throw new RangeError(`invalid judge settings: ${problems.join("; ")}`);
  const alphaMetric = (1 - confidence) / options.metrics.length;
  const metrics = options.metrics.map((m) => {
    const tests = m.kind === "latency" ? 4 : 1;
    const alphaPerTest = alphaMetric / tests;
    return {
      name: m.name,
      kind: m.kind,
      direction: m.direction ?? "higher_is_worse",
      maxIncreasePct: m.max_increase_pct ?? 0,
      weight: m.weight ?? 1,
      critical: m.critical ?? false,
      alphaPerTest,
      levels: boundaries(alphaPerTest, looks, spending, method).nominal
    };
  });
  return { looks, pass, marginal, confidence, spending, boundaries: method, metrics };
}
function isLatencyData(d) {
  const x = d;
  const list = (v) => Array.isArray(v) || v instanceof Float64Array;
  return !!x && list(x.canary) && list(x.baseline);
}
function countProblem(side) {
  const s = side;
  if (!s || typeof s !== "object") return "missing";
  const { events, trials } = s;
  if (!Number.isInteger(events) || !Number.isInteger(trials) || events < 0 || trials < 0)
    return `events ${events} / trials ${trials} are not non-negative integers`;
  if (events > trials) return `events ${events} exceed trials ${trials}`;
  return null;
}
function toRatio(spec, logRatio) {
  return Math.exp(spec.direction === "lower_is_worse" ? -logRatio : logRatio);
}
function toRatioInterval(spec, lo, hi) {
  return spec.direction === "lower_is_worse" ? [Math.exp(-hi), Math.exp(-lo)] : [Math.exp(lo), Math.exp(hi)];
}
function toValue(spec, y) {
  return Math.exp(spec.direction === "lower_is_worse" ? -y : y);
}
function testMessage(label, t, extra = "") {
  const est = Number.isNaN(t.estimate) ? "" : ` ${pct(t.estimate)}`;
  const iv = t.interval ? ` ${interval(t.interval[0], t.interval[1])}` : "";
  return `${label}${est}${iv} vs baseline${extra}, p=${pValue(t.p)}`;
}
function evaluateLatency(st, lookIdx, full) {
  const spec = st.spec;
  const level = spec.levels[lookIdx - 1];
  const tol = spec.maxIncreasePct / 100;
  const shift = Math.log(spec.direction === "lower_is_worse" ? 1 / (1 - tol) : 1 + tol);
  const cs = st.canary;
  const bs = st.baseline;
  const lowerWorse = spec.direction === "lower_is_worse";
  const out = [];
  const loc = locationTest(cs, bs, shift);
  {
    const failed = loc.greater <= level;
    const t = {
      test: "location",
      label: "median",
      method: `Mann\u2013Whitney U (${loc.method}${loc.tieSum ? ", ties" : ""}), Hodges\u2013Lehmann`,
      p: loc.greater,
      level,
      failed,
      estimate: NaN,
      interval: null,
      canary: toValue(spec, medianSorted(cs)),
      baseline: toValue(spec, medianSorted(bs)),
      message: ""
    };
    if (full || failed) {
      const e = locationInterval(cs, bs, level);
      t.estimate = toRatio(spec, e.estimate);
      t.interval = toRatioInterval(spec, e.lower, e.upper);
    }
    t.message = testMessage(t.label, t);
    out.push(t);
  }
  for (const q of [0.95, 0.99]) {
    const ex = exceedanceTest(cs, bs, q, shift);
    const failed = ex.greater <= level;
    const label = lowerWorse ? `p${Math.round((1 - q) * 100)}` : `p${Math.round(q * 100)}`;
    const t = {
      test: q === 0.95 ? "tail_p95" : "tail_p99",
      label,
      method: `exceedance of the pooled ${label} (Fisher exact)`,
      p: ex.greater,
      level,
      failed,
      estimate: NaN,
      interval: null,
      canary: toValue(spec, quantileSorted(cs, q)),
      baseline: toValue(spec, quantileSorted(bs, q)),
      message: ""
    };
    if (full || failed) {
      const e = exceedanceInterval(cs, bs, q, level);
      t.estimate = toRatio(spec, e.estimate);
      t.interval = toRatioInterval(spec, e.lower, e.upper);
    }
    t.message = testMessage(label, t);
    out.push(t);
  }
  {
    const sd = spreadData(cs, bs);
    const sp = sd ? spreadTest(sd, shift) : null;
    const p = sp ? sp.greater : 1;
    const failed = p <= level;
    const t = {
      test: "spread",
      label: "spread",
      method: sd ? `Mann\u2013Whitney on |ln x \u2212 median| (${sp.method})` : "no spread in the samples",
      p,
      level,
      failed,
      estimate: NaN,
      interval: null,
      canary: sd ? medianSorted(sd.canary) : NaN,
      baseline: sd ? medianSorted(sd.baseline) : NaN,
      message: ""
    };
    if (sd && (full || failed)) {
      const e = spreadInterval(sd, level);
      t.estimate = Math.exp(e.estimate);
      t.interval = [Math.exp(e.lower), Math.exp(e.upper)];
    }
    t.message = testMessage("spread", t);
    out.push(t);
  }
  return out;
}
function evaluateCount(st, lookIdx, full) {
  const spec = st.spec;
  const level = spec.levels[lookIdx - 1];
  const tol = spec.maxIncreasePct / 100;
  const lowerWorse = spec.direction === "lower_is_worse";
  const rho0 = lowerWorse ? 1 - tol : 1 + tol;
  const r = rateTest(st.strata, rho0);
  const p = lowerWorse ? r.less : r.greater;
  const failed = p <= level;
  const t = {
    test: "rate",
    label: "rate",
    method: `conditional rate-ratio test, ${st.strata.length} interval${st.strata.length === 1 ? "" : "s"} (${r.method})`,
    p,
    level,
    failed,
    estimate: NaN,
    interval: null,
    canary: r.canary.trials ? r.canary.events / r.canary.trials : NaN,
    baseline: r.baseline.trials ? r.baseline.events / r.baseline.trials : NaN,
    message: ""
  };
  if (full || failed) {
    const e = rateInterval(st.strata, level);
    t.estimate = e.estimate;
    t.interval = [e.lower, e.upper];
  }
  const rates = ` (${ratePct(r.canary.events, r.canary.trials)} vs ${ratePct(r.baseline.events, r.baseline.trials)})`;
  t.message = r.canary.events + r.baseline.events === 0 ? `rate 0 events on both sides (${r.canary.trials} vs ${r.baseline.trials} trials)` : testMessage("rate", t, rates);
  return [t];
}
function limitText(spec) {
  const sign = spec.direction === "lower_is_worse" ? "\u2212" : "+";
  return `limit ${sign}${value(spec.maxIncreasePct)} %`;
}
function createJudge(options) {
  const settings = resolveJudgeSettings(options);
  const states = settings.metrics.map((spec) => ({
    spec,
    canary: new Float64Array(0),
    baseline: new Float64Array(0),
    strata: [],
    dropped: 0,
    notes: [],
    failed: null
  }));
  const decisions = [];
  let lastIndex = 0;
  const addLatency = (st, d) => {
    const sign = st.spec.direction === "lower_is_worse" ? -1 : 1;
    const prep = (values) => {
      const out = new Float64Array(values.length);
      let k = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
          st.dropped++;
          continue;
        }
        out[k++] = sign * Math.log(Math.max(v, LATENCY_FLOOR));
      }
      const arr = k === out.length ? out : out.slice(0, k);
      arr.sort();
      return arr;
    };
    st.canary = mergeSorted(st.canary, prep(d.canary));
    st.baseline = mergeSorted(st.baseline, prep(d.baseline));
  };
  const look = (index, data, opts = {}) => {
    if (!Number.isInteger(index) || index < 1 || index > settings.looks) {
      throw new RangeError(`look index must be an integer within 1\u2026${settings.looks}, got ${index}`);
    }
    if (index <= lastIndex)
      throw new RangeError(`look ${index} comes after look ${lastIndex}: looks must increase`);
    lastIndex = index;
    const full = (opts.detail ?? "full") === "full";
    const final = index === settings.looks;
    const verdicts = [];
    for (const st of states) {
      const spec = st.spec;
      const batch = data[spec.name];
      if (batch !== void 0) {
        if (spec.kind === "latency") {
          if (isLatencyData(batch)) addLatency(st, batch);
          else {
            st.dropped++;
            st.notes.push(`look ${index}: expected { canary: number[], baseline: number[] }`);
          }
        } else {
          const b = batch;
          const problem = countProblem(b.canary) ?? countProblem(b.baseline);
          if (problem) {
            st.dropped++;
            st.notes.push(`look ${index}: batch refused: ${problem}`);
          } else {
            st.strata.push({ canary: { ...b.canary }, baseline: { ...b.baseline } });
          }
        }
      }
      const v = {
        metric: spec.name,
        kind: spec.kind,
        verdict: "no-data",
        weight: spec.weight,
        critical: spec.critical,
        n: { canary: 0, baseline: 0 },
        dropped: st.dropped,
        notes: [...st.notes],
        tests: [],
        message: ""
      };
      let hasData;
      if (spec.kind === "latency") {
        v.n = { canary: st.canary.length, baseline: st.baseline.length };
        hasData = st.canary.length > 0 && st.baseline.length > 0;
        if (hasData) v.tests = evaluateLatency(st, index, full);
      } else {
        const used = st.strata.filter((s) => s.canary.trials > 0 && s.baseline.trials > 0);
        let ce = 0;
        let be = 0;
        let cn = 0;
        let bn = 0;
        for (const s of used) {
          ce += s.canary.events;
          be += s.baseline.events;
          cn += s.canary.trials;
          bn += s.baseline.trials;
        }
        v.n = { canary: cn, baseline: bn };
        v.events = { canary: ce, baseline: be };
        hasData = used.length > 0;
        if (hasData) v.tests = evaluateCount(st, index, full);
      }
      const failing = v.tests.filter((t) => t.failed);
      if (!st.failed && failing.length) {
        st.failed = {
          look: index,
          message: `${spec.name}: ${failing.map((t) => t.message).join("; ")} (${limitText(spec)}, look ${index}/${settings.looks})`
        };
      }
      if (st.failed) {
        v.verdict = "fail";
        v.failedAtLook = st.failed.look;
        v.message = st.failed.message;
      } else if (hasData) {
        v.verdict = "pass";
        const shown = v.tests.filter(
          (t) => t.test === "location" || t.test === "tail_p95" || t.test === "rate"
        );
        v.message = `${spec.name}: not worse than baseline beyond the ${limitText(spec)}: ${shown.map((t) => t.message).join("; ")}`;
      } else {
        v.message = `${spec.name}: no data yet (canary ${v.n.canary}, baseline ${v.n.baseline} ${spec.kind === "latency" ? "samples" : "trials"})`;
      }
      verdicts.push(v);
    }
    const decision = decide(settings, index, final, verdicts);
    decisions.push(decision);
    return decision;
  };
  return { settings, look, decisions };
}
function decide(settings, index, final, metrics) {
  const at = `look ${index}/${settings.looks}`;
  const judged = metrics.filter((m) => m.verdict !== "no-data");
  const base = { look: index, looks: settings.looks, final, metrics };
  if (!judged.length)
    return {
      ...base,
      score: null,
      action: "no-data",
      reason: `${at}: no metric has data from both the canary and the baseline`
    };
  const total = judged.reduce((a, m) => a + m.weight, 0);
  const passed = judged.filter((m) => m.verdict === "pass").reduce((a, m) => a + m.weight, 0);
  const raw = 100 * passed / total;
  const score = Math.round(raw * 10) / 10;
  const failed = judged.filter((m) => m.verdict === "fail");
  const failures = failed.map((m) => m.message).join(" | ");
  const critical = failed.find((m) => m.critical);
  if (critical)
    return {
      ...base,
      score,
      action: "fail",
      reason: `critical metric ${critical.metric} failed (${at}): ${critical.message}`
    };
  if (raw < settings.marginal)
    return {
      ...base,
      score,
      action: "fail",
      reason: `score ${score} < marginal ${settings.marginal} (${at}): ${failures}`
    };
  if (!final) {
    const tail = failed.length ? `; failed so far: ${failures}` : "; no metric worse than baseline with confidence";
    return { ...base, score, action: "continue", reason: `${at}: score ${score}${tail}` };
  }
  if (raw >= settings.pass) {
    const tail = failed.length ? `; failed: ${failures}` : `: ${judged.map((m) => m.message).join(" | ")}`;
    return {
      ...base,
      score,
      action: "pass",
      reason: `score ${score} \u2265 pass ${settings.pass} (${at})${tail}`
    };
  }
  return {
    ...base,
    score,
    action: "marginal",
    reason: `score ${score} between marginal ${settings.marginal} and pass ${settings.pass} (${at}): ${failures}`
  };
}
function decisionForEvidence(d) {
  const walk = (v) => {
    if (typeof v === "number")
      return Number.isNaN(v) ? null : Number.isFinite(v) ? v : v > 0 ? "Infinity" : "-Infinity";
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(d);
}

// src/analysis/judge/samples.ts
function batchFromSamples(kind, canary, baseline) {
  if (!canary || !baseline) return void 0;
  if (kind === "latency") return { canary: canary.latenciesMs, baseline: baseline.latenciesMs };
  return {
    canary: { events: canary.errors, trials: canary.total },
    baseline: { events: baseline.errors, trials: baseline.total }
  };
}

// src/analysis/judge/evaluator.ts
function batchOf(m, meas) {
  if (!meas || meas.baselineProblem) return void 0;
  if (meas.samples && meas.baselineSamples)
    return batchFromSamples(m.kind, meas.samples, meas.baselineSamples);
  if (m.kind === "latency" && m.value) {
    const c = meas.values[m.value];
    const b = meas.baselineValues?.[m.value];
    if (c !== void 0 && b !== void 0) return { canary: [c], baseline: [b] };
  }
  if (m.kind === "count" && m.events && m.trials) {
    const side = (v) => v?.[m.events] !== void 0 && v[m.trials] !== void 0 ? { events: v[m.events], trials: v[m.trials] } : void 0;
    const c = side(meas.values);
    const b = side(meas.baselineValues);
    if (c && b) return { canary: c, baseline: b };
  }
  return void 0;
}
function judgeEvaluator(options) {
  return (spec) => {
    const looks = Math.max(1, Math.floor(spec.windowMs / spec.intervalMs));
    const judge = createJudge({
      ...options,
      looks,
      metrics: options.metrics.map(({ source: _s, value: _v, events: _e, trials: _t, ...m }) => m)
    });
    let latest = null;
    const failedMetric = (d) => d.metrics.find((m) => m.verdict === "fail")?.metric;
    const evaluator = {
      name: "judge",
      decisions: judge.decisions,
      onTick(tick) {
        if (tick.index > looks) return { decision: "continue", reason: "" };
        const data = {};
        for (const m of options.metrics) {
          data[m.name] = batchOf(
            m,
            tick.measurements.find((x) => x.metric === (m.source ?? m.name))
          );
        }
        latest = judge.look(tick.index, data);
        if (latest.action === "fail")
          return { decision: "failed", reason: latest.reason, metric: failedMetric(latest), rule: "judge" };
        return { decision: "continue", reason: latest.reason };
      },
      onWindowEnd() {
        const d = latest;
        if (!d) return { decision: "inconclusive", reason: "the judge saw no interval", rule: "judge" };
        switch (d.action) {
          case "pass":
            return { decision: "successful", reason: d.reason, rule: "judge" };
          case "fail":
            return { decision: "failed", reason: d.reason, metric: failedMetric(d), rule: "judge" };
          case "continue":
            return {
              decision: "inconclusive",
              reason: `the window ended at look ${d.look} of ${d.looks}: ${d.reason}`,
              rule: "judge"
            };
          default:
            return { decision: "inconclusive", reason: d.reason, rule: "judge" };
        }
      }
    };
    return evaluator;
  };
}

// src/analysis/evidence.ts
var iso = (ms) => new Date(ms).toISOString();
function analysisEvidence(a) {
  return {
    label: a.label,
    decision: a.decision,
    reason: a.reason,
    started_at: iso(a.startedAt),
    ended_at: iso(a.endedAt),
    ticks: a.ticks,
    summary: a.summary,
    measurements: a.measurements.map((m) => ({
      metric: m.metric,
      index: m.index,
      at: iso(m.at),
      duration_ms: Math.round(m.durationMs),
      phase: m.phase,
      values: m.values,
      ...m.baselineValues ? { baseline_values: m.baselineValues } : {},
      conditions: m.conditions,
      ...m.message ? { message: m.message } : {},
      ...m.detail ? { detail: m.detail } : {},
      ...m.baselineProblem ? { baseline_problem: m.baselineProblem } : {},
      ...m.samples ? {
        samples: {
          total: m.samples.total,
          errors: m.samples.errors,
          latencies_ms: m.samples.latenciesMs.map((x) => Math.round(x * 100) / 100)
        }
      } : {},
      ...m.baselineSamples ? {
        baseline_samples: {
          total: m.baselineSamples.total,
          errors: m.baselineSamples.errors,
          latencies_ms: m.baselineSamples.latenciesMs.map((x) => Math.round(x * 100) / 100)
        }
      } : {}
    })),
    decisions: a.decisions.map((d) => ({ ...d, at: iso(d.at) })),
    // The judge's decision at every look: per metric its verdict and every test (p-value, level,
    // estimate and interval); ±Infinity kept as strings.
    ...a.judge ? { judge: a.judge.map(decisionForEvidence) } : {}
  };
}

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

// src/analysis/providers/http.ts
import { setMaxListeners } from "node:events";

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
  const parent = deps.signal;
  const local = new AbortController();
  setMaxListeners(spec.concurrency + 10, local.signal);
  const onAbort = () => local.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener("abort", onAbort, { once: true });
  const signal = local.signal;
  const one = async () => {
    while (next < spec.samples) {
      next++;
      if (signal.aborted) return;
      try {
        const res = await deps.http.request({
          method: spec.method,
          url: target.url,
          headers: target.headers,
          timeoutMs: spec.timeoutMs,
          signal,
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
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(spec.concurrency, spec.samples)) }, one));
  } finally {
    parent?.removeEventListener("abort", onAbort);
  }
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
      // described, not quoted: an error page may echo a request header, and this text is shortened
      // before any redaction could see the whole of a secret in it
      `GET ${target.url} did not answer JSON (${/^\s*</.test(res.body) ? "an HTML or XML page" : "text"}, ${res.body.length} bytes)`
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
  const value2 = typeof raw === "string" ? Number(raw) : NaN;
  if (!Number.isFinite(value2))
    return { values: {}, inconclusive: `the query returned ${String(raw)} (not a finite number)` };
  return { values: { result: value2 }, detail: `result ${raw}` };
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
        [
          ...metric.conditions.map((c) => c.value),
          ...(metric.judge ?? []).flatMap(
            (j) => [j.value, j.events, j.trials].filter((v) => v !== void 0)
          )
        ],
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
function describeBaselineSource(metric) {
  const p = metric.provider;
  if (!p.baseline) return null;
  switch (p.kind) {
    case "http":
      return `${p.method} ${p.baseline.url} \xD7 ${p.samples}`;
    case "json":
      return `GET ${p.baseline.url}`;
    case "prometheus":
      return `${p.address} ${p.baseline.query}`;
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
      return decide2(breaches);
    },
    onWindowEnd() {
      const breaches = [];
      for (const [metric, state] of states) {
        const b = windowEnd(state, metric);
        if (b) breaches.push({ ...b, metric });
      }
      const v = decide2(breaches);
      return v.decision === "continue" ? { decision: "successful", reason: "every metric within its limits for the whole window" } : v;
    }
  };
}
function decide2(breaches) {
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
  const judge = judgeFor(spec);
  const evaluators = [
    limitsEvaluator(spec.metrics),
    ...judge ? [judge] : [],
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
      summary: summarize(spec.metrics, measurements),
      ...judge ? { judge: [...judge.decisions] } : {}
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
    const look = judge?.decisions.at(-1);
    if (look?.look === k) deps.logger?.info(`${opts.label} ${k}/${n}: judge ${look.action}: ${look.reason}`);
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
function judgeFor(spec) {
  const metrics = spec.metrics.flatMap((m) => m.judge ?? []);
  if (!spec.judge || !metrics.length) return void 0;
  return judgeEvaluator({ ...spec.judge, metrics })(spec);
}
function combine(evaluators, ask) {
  const verdicts = evaluators.map((e) => ({ ...ask(e), evaluator: e.name }));
  for (const rank of ["failed", "inconclusive", "successful"]) {
    const hits = verdicts.filter((v) => v.decision === rank && (rank !== "successful" || v.reason));
    if (hits.length) {
      return {
        ...hits[0],
        reason: hits.map((h) => rank === "successful" && h !== hits[0] ? `${h.evaluator}: ${h.reason}` : h.reason).join("; "),
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
  let baselineProblem;
  if (hasBaselineSource(metric)) {
    if (base.status === "fulfilled" && base.value) {
      baselineReading = base.value;
      baselineValues = base.value.values;
      if (base.value.inconclusive) baselineProblem = base.value.inconclusive;
      const bs = base.value.samples;
      if (bs && bs.total > 0 && bs.errors === bs.total)
        baselineProblem = `every sample failed (${base.value.detail ?? `${bs.total} samples`})`;
    } else if (base.status === "rejected") {
      if (!(base.reason instanceof ProviderError)) throw base.reason;
      baselineProblem = base.reason.message;
    }
  } else {
    const b = baselines?.[metric.name];
    if (b && "values" in b) baselineValues = b.values;
  }
  const ev = evaluateConditions(metric.conditions, reading, baselineValues);
  const unjudged = metric.judge?.length && baselineProblem;
  if (unjudged && ev.phase === "successful") {
    ev.phase = "inconclusive";
    ev.message = `baseline source: ${baselineProblem}`;
  }
  return {
    ...base0,
    phase: ev.phase,
    values: reading.values,
    ...baselineValues ? { baselineValues } : {},
    conditions: ev.conditions,
    ...ev.message ? { message: ev.message } : {},
    ...reading.detail ? { detail: reading.detail } : {},
    ...reading.samples ? { samples: reading.samples } : {},
    // Kept for the evidence; the judge skips a look whose baseline was unusable (`baselineProblem`).
    ...baselineReading?.samples ? { baselineSamples: baselineReading.samples } : {},
    ...unjudged ? { baselineProblem } : {}
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
  const shownOk = values || m.detail || "";
  return `${m.metric} ${MARK[m.phase]} ${m.phase === "successful" ? shownOk : m.message ?? values}`;
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
    mask: deps.redactor,
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
    const rendered = renderTemplate(this.templates[kind], vars);
    const text = this.deps.redactor ? this.deps.redactor.redact(rendered) : rendered;
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
function describeJudged(j) {
  const dir = j.direction === "lower_is_worse" ? "\u2212" : "+";
  const what = j.kind === "count" ? j.events ? `${j.events} out of ${j.trials}` : "errors out of requests" : j.value ? `${j.value}, one value per interval` : "every sample";
  const extra = [
    ...(j.weight ?? 1) !== 1 ? [`weight ${j.weight}`] : [],
    ...j.critical ? ["critical"] : []
  ];
  return `${j.name}: ${j.kind} (${what}), limit ${dir}${j.max_increase_pct ?? 0} %${extra.length ? `, ${extra.join(", ")}` : ""}`;
}
function describeJudge(spec) {
  const j = spec.judge;
  const judged = spec.metrics.flatMap((m) => m.judge ?? []);
  if (!j || !judged.length) return null;
  const bound = Math.round((1 - j.confidence) * 1e4) / 100;
  return `Judge: ${judged.length} judged metric${judged.length === 1 ? "" : "s"} compared with their baseline sources at each of the ${ticksIn(spec)} measurements; a canary no worse than its baseline is aborted with probability \u2264 ${bound} % per analysis (confidence ${j.confidence}); score pass ${j.pass}, marginal ${j.marginal}; ${j.spending} spending, ${j.boundaries} boundaries.`;
}
function judgeWarnings(spec) {
  const j = spec.judge;
  const judged = spec.metrics.flatMap((m) => (m.judge ?? []).map((x) => ({ m, x })));
  if (!j || !judged.length) return [];
  const n = ticksIn(spec);
  const out = [];
  let levels;
  try {
    const s = resolveJudgeSettings({ ...j, looks: n, metrics: judged.map(({ x }) => x) });
    levels = new Map(s.metrics.map((m) => [m.name, m.levels[m.levels.length - 1]]));
  } catch {
    return out;
  }
  for (const { m, x } of judged) {
    const perSide = m.provider.kind === "http" && !x.value ? m.provider.samples * n : null;
    if (perSide !== null && perSide < 200) {
      out.push(
        `${x.name}: ${m.provider.kind === "http" ? m.provider.samples : 1} samples \xD7 ${n} measurements = ${perSide} per side: the judge can only detect large regressions (raise samples; docs/judge.md#bench)`
      );
    }
    if (perSide === null && x.kind === "latency") {
      let c = 1;
      for (let i = 1; i <= n && c < 1e12; i++) c = c * (n + i) / i;
      const level = levels.get(x.name);
      if (1 / c > level) {
        out.push(
          `${x.name}: one value per interval and ${n} measurements per window: the judge can never fail it (smallest possible p-value ${Number((1 / c).toPrecision(2))} > its level ${Number(level.toPrecision(2))}); lengthen the window or shorten the interval`
        );
      }
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
  const expand = (text, p, secret = false) => {
    const r = expandEnv(text, ctx.env, ctx.redactor, { secret });
    if ("missing" in r) {
      problems.push({
        ...at(p),
        message: `uses \${${r.missing}}, but the environment has no ${r.missing} (set it in the step's env:)`
      });
      return text;
    }
    return r.value;
  };
  const expandHeaders = (h, p) => Object.fromEntries(
    Object.entries(h ?? {}).map(([k, v]) => [k, expand(v, [...p, k], isCredentialHeader(k))])
  );
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
    const judge2 = resolveMetricJudges(m);
    return { name: m.name, provider, conditions, limits: resolveLimits(m), ...judge2 ? { judge: judge2 } : {} };
  });
  let judge;
  const judged = metrics.flatMap((m) => m.judge ?? []);
  if (judged.length) {
    judge = {
      pass: cfg.judge?.pass ?? JUDGE_DEFAULTS.pass,
      marginal: cfg.judge?.marginal ?? JUDGE_DEFAULTS.marginal,
      confidence: cfg.judge?.confidence ?? JUDGE_DEFAULTS.confidence,
      spending: cfg.judge?.spending ?? JUDGE_DEFAULTS.spending,
      boundaries: cfg.judge?.boundaries ?? JUDGE_DEFAULTS.boundaries
    };
  }
  if (problems.length) throw new ConfigError(problems);
  return { intervalMs: cfg.interval, windowMs: cfg.window, metrics, ...judge ? { judge } : {} };
}
function resolveMetricJudges(m) {
  if (!m.judge?.length) return void 0;
  const names = judgedNames(m.name, m.judge);
  return m.judge.map((j, k) => {
    const value2 = j.value ?? (m.provider === "prometheus" && j.kind === "latency" ? "result" : void 0);
    return {
      name: names[k],
      source: m.name,
      kind: j.kind,
      direction: j.direction,
      max_increase_pct: j.max_increase_pct,
      weight: j.weight,
      critical: j.critical,
      ...value2 !== void 0 ? { value: value2 } : {},
      ...j.events !== void 0 ? { events: j.events } : {},
      ...j.trials !== void 0 ? { trials: j.trials } : {}
    };
  });
}

export {
  checkWebhookUrl,
  analysisEvidence,
  fmt,
  describeSource,
  describeBaselineSource,
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
  describeJudged,
  describeJudge,
  judgeWarnings,
  resolveAnalysis
};

/**
 * The test for count metrics (events out of trials: errors out of requests), made for rare and zero-heavy
 * events: the exact conditional test of a rate ratio, stratified by interval.
 *
 * Model: in interval t the canary sees E_ct events in n_ct trials and the baseline E_bt in n_bt, with rates
 * λ_c = ρ·λ_t and λ_b = λ_t (the rate may drift from interval to interval — traffic mix, a dependency's
 * hiccup — but the same for both sides, which run concurrently). Conditional on the interval's total
 * T_t = E_ct + E_bt, E_ct ~ Binomial(T_t, π_t(ρ)) with π_t(ρ) = ρ·n_ct / (ρ·n_ct + n_bt), independently
 * across intervals (exact for Poisson counts; for binomial counts the conditional law is hypergeometric,
 * less dispersed, so the test is conservative — negligibly at error rates of a few percent). The nuisance
 * rates λ_t disappear, so nothing is estimated from the baseline's (possibly zero) counts:
 *
 *   H0: ρ ≤ ρ0 (the canary is at most ρ0 times as error-prone)   p = P_ρ0(Σ E_ct ≥ observed)
 *
 * with the exact law of the sum of binomials (exact.ts, binomialSumPmf). An all-zero baseline with canary
 * events is thus an ordinary, decisive observation (p = Π π_t(ρ0)^T_t), never NaN and never a pass by
 * default; no events at all gives p = 1. The interval for ρ inverts the same test (exact, conservative).
 * Above MAX_EXACT_EVENTS events the normal approximation with continuity correction is used.
 *
 * References: J. Przyborowski, H. Wilenski, Biometrika 31 (1940) 313–323 (conditional test for two
 * Poisson means); N. E. Breslow, N. E. Day, Statistical Methods in Cancer Research II (1987), §2.3 and
 * §3.4 (exact conditional inference for rate ratios, stratified); J. J. Gart, Int. Stat. Rev. 38 (1970)
 * (exact interval for a common ratio).
 */
import { binomialSumPmf } from './exact.js';
import { normalCdf, normalSf } from './math.js';

export const MAX_EXACT_EVENTS = 1000;

export interface CountSide {
  events: number;
  trials: number;
}

export interface CountStratum {
  canary: CountSide;
  baseline: CountSide;
}

export interface RateTestResult {
  /** P_ρ0(S ≥ s): small when the canary has more events than ρ0 allows. */
  greater: number;
  /** P_ρ0(S ≤ s). */
  less: number;
  method: 'exact' | 'normal';
  /** Events and trials summed over the informative strata (both sides had trials). */
  canary: CountSide;
  baseline: CountSide;
}

/** Strata where both sides had trials (others carry no comparison). */
function informative(strata: readonly CountStratum[]): CountStratum[] {
  return strata.filter((s) => s.canary.trials > 0 && s.baseline.trials > 0);
}

function totals(strata: readonly CountStratum[]): { canary: CountSide; baseline: CountSide } {
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

/** The stratified conditional test of H0: ρ ≤ rho0 (greater) and of H0: ρ ≥ rho0 (less). */
export function rateTest(strata: readonly CountStratum[], rho0: number): RateTestResult {
  const used = informative(strata);
  const sum = totals(used);
  const s = sum.canary.events;
  const T = s + sum.baseline.events;
  if (T === 0) return { greater: 1, less: 1, method: 'exact', ...sum };
  const parts = used
    .map((st) => ({ n: st.canary.events + st.baseline.events, p: pi(st, rho0) }))
    .filter((x) => x.n > 0);
  if (T > MAX_EXACT_EVENTS) {
    let mean = 0;
    let variance = 0;
    for (const x of parts) {
      mean += x.n * x.p;
      variance += x.n * x.p * (1 - x.p);
    }
    if (variance <= 0)
      return { greater: s >= mean ? 1 : 0, less: s <= mean ? 1 : 0, method: 'normal', ...sum };
    const sd = Math.sqrt(variance);
    return {
      greater: Math.min(1, normalSf((s - 0.5 - mean) / sd)),
      less: Math.min(1, normalCdf((s + 0.5 - mean) / sd)),
      method: 'normal',
      ...sum,
    };
  }
  const pmf = binomialSumPmf(parts);
  let greater = 0;
  for (let k = pmf.length - 1; k >= s; k--) greater += pmf[k]!;
  let less = 0;
  for (let k = 0; k <= s; k++) less += pmf[k]!;
  return { greater: Math.min(1, greater), less: Math.min(1, less), method: 'exact', ...sum };
}

function pi(st: CountStratum, rho: number): number {
  if (rho === Infinity) return 1;
  const a = rho * st.canary.trials;
  return a / (a + st.baseline.trials);
}

export interface RateEstimate {
  /**
   * The conditional maximum-likelihood rate ratio: the ρ with Σ_t T_t·π_t(ρ) = observed canary events
   * (with one interval, the ratio of the two rates). Infinity with an all-zero baseline, 0 with an all-zero
   * canary, NaN with no events at all.
   */
  estimate: number;
  lower: number;
  upper: number;
}

function conditionalMle(used: readonly CountStratum[], s: number, T: number): number {
  if (T === 0) return NaN;
  if (s === 0) return 0;
  if (s === T) return Infinity;
  const expected = (x: number) => {
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

/**
 * Rate ratio with the interval {ρ : both one-sided tests at level alpha accept}. Both ends are searched
 * from `tested` (the ratio the decision tests), whose status is known exactly, so the lower end lies above
 * `tested` exactly when `greater` rejects it and the upper end below it exactly when `less` does.
 */
export function rateInterval(strata: readonly CountStratum[], alpha: number, tested = 1): RateEstimate {
  const used = informative(strata);
  const sum = totals(used);
  const T = sum.canary.events + sum.baseline.events;
  const estimate = conditionalMle(used, sum.canary.events, T);
  if (T === 0) return { estimate, lower: 0, upper: Infinity };
  // ln ρ over a wide bracket; greater(ρ) increases with ρ, less(ρ) decreases.
  const x0 = Math.log(tested);
  const LO = Math.min(-30, x0 - 1);
  const HI = Math.max(30, x0 + 1);
  const bisect = (good: (x: number) => boolean, bad: number, ok: number) => {
    for (let i = 0; i < 60 && Math.abs(ok - bad) > 1e-7; i++) {
      const mid = (bad + ok) / 2;
      if (good(mid)) ok = mid;
      else bad = mid;
    }
    return ok;
  };
  const lowOk = (x: number) => rateTest(used, Math.exp(x)).greater > alpha;
  const highOk = (x: number) => rateTest(used, Math.exp(x)).less > alpha;
  const atTested = rateTest(used, tested);
  const above = tested * (1 + Number.EPSILON);
  const below = tested * (1 - Number.EPSILON);
  let lower: number;
  if (sum.canary.events === 0) lower = 0;
  else if (atTested.greater > alpha)
    lower = lowOk(LO) ? 0 : Math.min(tested, Math.exp(bisect(lowOk, LO, x0)));
  else lower = lowOk(HI) ? Math.max(above, Math.exp(bisect(lowOk, x0, HI))) : Infinity;
  let upper: number;
  if (sum.baseline.events === 0) upper = Infinity;
  else if (atTested.less > alpha)
    upper = highOk(HI) ? Infinity : Math.max(tested, Math.exp(bisect(highOk, HI, x0)));
  else upper = highOk(LO) ? Math.min(below, Math.exp(bisect(highOk, x0, LO))) : 0;
  return { estimate, lower, upper };
}

/**
 * The canary judge (docs/judge.md): compares the canary with a concurrently running baseline, metric by
 * metric, at every look of an analysis, and decides continue / fail (abort) early, or pass / marginal /
 * fail at the last look. No I/O, no clock, no randomness: the same looks give the same decisions.
 *
 * Per metric, tests at a look use all the data seen so far (cumulative), so evidence builds up:
 * - `latency` (continuous samples): location (Mann–Whitney), tails p95 and p99 (exceedance tests),
 *   spread (deviation ranks) — latency.ts;
 * - `count` (events out of trials): stratified exact conditional rate-ratio test — count.ts.
 * Every test asks whether the canary is worse than the baseline by more than the metric's tolerance
 * (`max_increase_pct`), at the look's nominal level: the run's false-abort budget α = 1 − confidence is
 * split equally over the metrics, then over a metric's tests (Bonferroni), then over the looks by an
 * alpha-spending function (sequential.ts). A metric fails when one of its tests rejects; a failure is
 * final (later looks do not revive it).
 *
 * Scoring as in Kayenta: score = 100 × Σ weight of passing metrics / Σ weight of metrics with data.
 * Any look: a critical metric failing, or score < marginal → `fail`. Last look: score ≥ pass → `pass`,
 * ≥ marginal → `marginal`, else `fail`.
 */
import { rateInterval, rateTest, type CountSide, type CountStratum } from './count.js';
import { interval, pct, pValue, ratePct, value } from './format.js';
import { pairwiseBreakpoints, type Breakpoints } from './invert.js';
import {
  exceedanceInterval,
  exceedanceTest,
  type InvertedInterval,
  locationInterval,
  locationTest,
  medianSorted,
  mergeSorted,
  quantileSorted,
  spreadData,
  spreadInterval,
  spreadTest,
} from './latency.js';
import { boundaries, type BoundaryMethod, type Spending } from './sequential.js';

export type JudgeKind = 'latency' | 'count';
export type Direction = 'higher_is_worse' | 'lower_is_worse';

/** One judged metric, with the config's keys (`judge:` block of a metric, docs/judge.md#config). */
export interface JudgeMetric {
  name: string;
  kind: JudgeKind;
  /** Default higher_is_worse. */
  direction?: Direction;
  /** Tolerated relative change in the worse direction, in percent (default 0; < 100 when lower is worse). */
  max_increase_pct?: number;
  /** Default 1. */
  weight?: number;
  /** A critical metric that fails fails the run, whatever the score. Default false. */
  critical?: boolean;
}

/** The analysis-level settings (`judge:` block of an analysis) plus the planned number of looks. */
export interface JudgeOptions {
  /** Planned looks in the window: ⌊window / interval⌋. */
  looks: number;
  metrics: readonly JudgeMetric[];
  /** Default 95. */
  pass?: number;
  /** Default 75. */
  marginal?: number;
  /** 1 − the bound on the probability of failing a canary identical to its baseline. Default 0.98. */
  confidence?: number;
  /** Default obrien_fleming. */
  spending?: Spending;
  /** Default group_sequential. */
  boundaries?: BoundaryMethod;
}

export const JUDGE_DEFAULTS = {
  pass: 95,
  marginal: 75,
  confidence: 0.98,
  spending: 'obrien_fleming' as Spending,
  boundaries: 'group_sequential' as BoundaryMethod,
};

/** Latency values at or below this are treated as this (log scale needs positive values). */
export const LATENCY_FLOOR = 1e-6;

export interface ResolvedMetric {
  name: string;
  kind: JudgeKind;
  direction: Direction;
  maxIncreasePct: number;
  weight: number;
  critical: boolean;
  /** One-sided level of each of its tests over the whole analysis. */
  alphaPerTest: number;
  /** Nominal level of each test at each look (index 0 = look 1). */
  levels: number[];
}

export interface JudgeSettings {
  looks: number;
  pass: number;
  marginal: number;
  confidence: number;
  spending: Spending;
  boundaries: BoundaryMethod;
  metrics: ResolvedMetric[];
}

export interface LatencyData {
  canary: readonly number[] | Float64Array;
  baseline: readonly number[] | Float64Array;
}

export interface CountData {
  canary: CountSide;
  baseline: CountSide;
}

export type MetricData = LatencyData | CountData;

/** One interval's data: metric name → both sides' batch. A missing metric had no data this interval. */
export type LookData = Readonly<Record<string, MetricData | undefined>>;

export type TestId = 'location' | 'tail_p95' | 'tail_p99' | 'spread' | 'rate';

export interface TestOutcome {
  test: TestId;
  /** What messages call it: median, p95, p99 (p5, p1 when lower is worse), spread, rate. */
  label: string;
  method: string;
  /** One-sided p-value of "canary worse than baseline beyond the tolerance". */
  p: number;
  /** The nominal level this look tests at. */
  level: number;
  failed: boolean;
  /** canary / baseline as a ratio in the metric's own units (NaN when not computed). */
  estimate: number;
  /**
   * The ratios the test does not reject at this look's level on either side (confidence 1 − 2·level; null
   * when not computed). It inverts the test that decides, so its worse end lies beyond `limit` exactly
   * when the test rejected (`failed`).
   */
  interval: [number, number] | null;
  /** Whether each end of the interval is excluded (ties can make the set start just past a value). */
  open: [boolean, boolean];
  /** The ratio the test tests against: the tolerance (1.05 for +5 %; 0.95 for −5 % when lower is worse). */
  limit: number;
  /** The interval's worse end: `lower` when a higher ratio is worse (spread: always). */
  worse: 'lower' | 'upper';
  /** The statistic on each side: median, quantile (metric units), spread (median |ln x − median ln x|), rate. */
  canary: number;
  baseline: number;
  message: string;
}

export type MetricVerdictKind = 'pass' | 'fail' | 'no-data';

export interface MetricVerdict {
  metric: string;
  kind: JudgeKind;
  verdict: MetricVerdictKind;
  weight: number;
  critical: boolean;
  /** The look at which the metric failed (failures are final). */
  failedAtLook?: number;
  /** Samples (latency) or trials (count) per side, cumulative. */
  n: { canary: number; baseline: number };
  /** Events per side, cumulative (count metrics). */
  events?: { canary: number; baseline: number };
  /** Values dropped (non-finite or negative) and batches refused (malformed counts), cumulative. */
  dropped: number;
  notes: string[];
  tests: TestOutcome[];
  message: string;
}

export type JudgeAction = 'continue' | 'fail' | 'pass' | 'marginal' | 'no-data';

export interface JudgeDecision {
  look: number;
  looks: number;
  final: boolean;
  /** null when no metric has data. */
  score: number | null;
  /** `fail` at any look means abort now; `continue` only before the last look. */
  action: JudgeAction;
  reason: string;
  metrics: MetricVerdict[];
}

export interface LookOptions {
  /**
   * `full` (default): every test reports its estimate and interval. `minimal`: only failed tests do
   * (estimates NaN otherwise) — for simulations, the decisions are identical.
   */
  detail?: 'full' | 'minimal';
}

export interface Judge {
  readonly settings: JudgeSettings;
  /** Feed interval `index` (1-based, increasing, ≤ looks; gaps allowed) and get the decision. */
  look(index: number, data: LookData, opts?: LookOptions): JudgeDecision;
  readonly decisions: readonly JudgeDecision[];
}

export function resolveJudgeSettings(options: JudgeOptions): JudgeSettings {
  const problems: string[] = [];
  const pass = options.pass ?? JUDGE_DEFAULTS.pass;
  const marginal = options.marginal ?? JUDGE_DEFAULTS.marginal;
  const confidence = options.confidence ?? JUDGE_DEFAULTS.confidence;
  const spending = options.spending ?? JUDGE_DEFAULTS.spending;
  const method = options.boundaries ?? JUDGE_DEFAULTS.boundaries;
  const looks = options.looks;
  if (!Number.isInteger(looks) || looks < 1) problems.push(`looks must be a positive integer, got ${looks}`);
  if (!(pass >= 0 && pass <= 100)) problems.push(`pass must be within 0…100, got ${pass}`);
  if (!(marginal >= 0 && marginal <= 100)) problems.push(`marginal must be within 0…100, got ${marginal}`);
  if (marginal > pass) problems.push(`marginal (${marginal}) must not exceed pass (${pass})`);
  if (!(confidence >= 0.5 && confidence < 1))
    problems.push(`confidence must be within [0.5, 1), got ${confidence}`);
  if (!['obrien_fleming', 'pocock'].includes(spending))
    problems.push(`spending must be obrien_fleming or pocock, got ${spending}`);
  if (!['group_sequential', 'union_bound'].includes(method))
    problems.push(`boundaries must be group_sequential or union_bound, got ${method}`);
  if (!options.metrics.length) problems.push('at least one metric is needed');
  const names = new Set<string>();
  for (const m of options.metrics) {
    if (names.has(m.name)) problems.push(`metric ${m.name} appears twice`);
    names.add(m.name);
    if (m.kind !== 'latency' && m.kind !== 'count')
      problems.push(`metric ${m.name}: kind must be latency or count, got ${m.kind}`);
    const dir = m.direction ?? 'higher_is_worse';
    if (dir !== 'higher_is_worse' && dir !== 'lower_is_worse')
      problems.push(`metric ${m.name}: direction must be higher_is_worse or lower_is_worse`);
    const tol = m.max_increase_pct ?? 0;
    if (!(tol >= 0 && Number.isFinite(tol)))
      problems.push(`metric ${m.name}: max_increase_pct must be ≥ 0, got ${tol}`);
    if (dir === 'lower_is_worse' && !(tol < 100))
      problems.push(`metric ${m.name}: max_increase_pct must be < 100 when lower is worse`);
    const w = m.weight ?? 1;
    if (!(w > 0 && Number.isFinite(w))) problems.push(`metric ${m.name}: weight must be > 0, got ${w}`);
  }
  if (problems.length) throw new RangeError(`invalid judge settings: ${problems.join('; ')}`);
  const alphaMetric = (1 - confidence) / options.metrics.length;
  const metrics = options.metrics.map((m): ResolvedMetric => {
    const tests = m.kind === 'latency' ? 4 : 1;
    const alphaPerTest = alphaMetric / tests;
    return {
      name: m.name,
      kind: m.kind,
      direction: m.direction ?? 'higher_is_worse',
      maxIncreasePct: m.max_increase_pct ?? 0,
      weight: m.weight ?? 1,
      critical: m.critical ?? false,
      alphaPerTest,
      levels: boundaries(alphaPerTest, looks, spending, method).nominal,
    };
  });
  return { looks, pass, marginal, confidence, spending, boundaries: method, metrics };
}

interface MetricState {
  spec: ResolvedMetric;
  /** Latency: sorted ln values in the worse-is-higher orientation. */
  canary: Float64Array;
  baseline: Float64Array;
  /** Count: one stratum per look. */
  strata: CountStratum[];
  dropped: number;
  notes: string[];
  failed: { look: number; message: string } | null;
}

function isLatencyData(d: unknown): d is LatencyData {
  const x = d as LatencyData;
  const list = (v: unknown) => Array.isArray(v) || v instanceof Float64Array;
  return !!x && list(x.canary) && list(x.baseline);
}

function countProblem(side: unknown): string | null {
  const s = side as CountSide;
  if (!s || typeof s !== 'object') return 'missing';
  const { events, trials } = s;
  if (!Number.isInteger(events) || !Number.isInteger(trials) || events < 0 || trials < 0)
    return `events ${events} / trials ${trials} are not non-negative integers`;
  if (events > trials) return `events ${events} exceed trials ${trials}`;
  return null;
}

/** Maps a worse-is-higher ln-ratio back to the metric's ratio. */
function toRatio(spec: ResolvedMetric, logRatio: number): number {
  return Math.exp(spec.direction === 'lower_is_worse' ? -logRatio : logRatio);
}

/** Metric value from a worse-is-higher ln value. */
function toValue(spec: ResolvedMetric, y: number): number {
  return Math.exp(spec.direction === 'lower_is_worse' ? -y : y);
}

/** Whether an outcome's worse end lies beyond its limit (strictly, or at it and excluded). */
export function worseEndBeyondLimit(t: Pick<TestOutcome, 'interval' | 'open' | 'limit' | 'worse'>): boolean {
  if (!t.interval) return false;
  if (t.worse === 'lower') return t.interval[0] > t.limit || (t.interval[0] === t.limit && t.open[0]);
  return t.interval[1] < t.limit || (t.interval[1] === t.limit && t.open[1]);
}

/**
 * Sets an outcome's estimate and interval from an interval of worse-is-higher shifts. `mirror`: the
 * metric's ratio is e^(−shift) (lower is worse). The bound found beyond (or not beyond) the tested shift
 * stays so after the mapping: an end that lands on the limit by rounding is marked excluded when it was
 * beyond it, included when it was not.
 */
function setInterval(t: TestOutcome, iv: InvertedInterval, tested: number, mirror: boolean): void {
  const f = (x: number) => Math.exp(mirror ? -x : x);
  const lo = mirror ? iv.upper : iv.lower;
  const hi = mirror ? iv.lower : iv.upper;
  t.estimate = f(iv.estimate);
  t.interval = [f(lo.value), f(hi.value)];
  t.open = [lo.open, hi.open];
  const beyond = iv.lower.value > tested || (iv.lower.value === tested && iv.lower.open);
  const end = t.worse === 'lower' ? 0 : 1;
  if (t.interval[end] === t.limit) t.open[end] = beyond;
}

function testMessage(
  t: Pick<TestOutcome, 'label' | 'estimate' | 'interval' | 'open' | 'p' | 'worse' | 'failed' | 'limit'>,
  extra = '',
): string {
  const est = Number.isNaN(t.estimate) ? '' : ` ${pct(t.estimate)}`;
  const shownPct = Number(value((t.limit - 1) * 100));
  const iv = t.interval
    ? ` ${interval(t.interval[0], t.interval[1], t.open, { worse: t.worse, shownPct, beyond: t.failed })}`
    : '';
  return `${t.label}${est}${iv} vs baseline${extra}, p=${pValue(t.p)}`;
}

/** The samples of one look in the worse-is-higher log scale, with what every latency test needs. */
interface LatencyLook {
  spec: ResolvedMetric;
  level: number;
  /** ln(tolerance): the shift every test tests at. */
  shift: number;
  cs: Float64Array;
  bs: Float64Array;
  full: boolean;
  /** The pairwise differences, listed once for the location and tail intervals. */
  breakpoints: () => Breakpoints;
}

function outcome(
  fields: Pick<TestOutcome, 'test' | 'label' | 'method' | 'p' | 'canary' | 'baseline'>,
  look: LatencyLook,
  worse: 'lower' | 'upper',
  limit: number,
): TestOutcome {
  return {
    ...fields,
    level: look.level,
    failed: fields.p <= look.level,
    estimate: NaN,
    interval: null,
    open: [false, false],
    limit,
    worse,
    message: '',
  };
}

function locationOutcome(look: LatencyLook): TestOutcome {
  const { spec, cs, bs, shift } = look;
  const mirror = spec.direction === 'lower_is_worse';
  const loc = locationTest(cs, bs, shift);
  const t = outcome(
    {
      test: 'location',
      label: 'median',
      method: `Mann–Whitney U (${loc.method}${loc.tieSum ? ', ties' : ''}), Hodges–Lehmann`,
      p: loc.greater,
      canary: toValue(spec, medianSorted(cs)),
      baseline: toValue(spec, medianSorted(bs)),
    },
    look,
    mirror ? 'upper' : 'lower',
    toRatio(spec, shift),
  );
  if (look.full || t.failed)
    setInterval(t, locationInterval(cs, bs, look.level, shift, look.breakpoints()), shift, mirror);
  t.message = testMessage(t);
  return t;
}

function tailOutcome(look: LatencyLook, q: number): TestOutcome {
  const { spec, cs, bs, shift } = look;
  const mirror = spec.direction === 'lower_is_worse';
  const ex = exceedanceTest(cs, bs, q, shift);
  const label = mirror ? `p${Math.round((1 - q) * 100)}` : `p${Math.round(q * 100)}`;
  const t = outcome(
    {
      test: q === 0.95 ? 'tail_p95' : 'tail_p99',
      label,
      method: `exceedance of the pooled ${label} (Fisher exact)`,
      p: ex.greater,
      canary: toValue(spec, quantileSorted(cs, q)),
      baseline: toValue(spec, quantileSorted(bs, q)),
    },
    look,
    mirror ? 'upper' : 'lower',
    toRatio(spec, shift),
  );
  if (look.full || t.failed)
    setInterval(t, exceedanceInterval(cs, bs, q, look.level, shift, look.breakpoints()), shift, mirror);
  t.message = testMessage(t);
  return t;
}

function spreadOutcome(look: LatencyLook): TestOutcome {
  const { shift } = look;
  const sd = spreadData(look.cs, look.bs);
  const sp = sd ? spreadTest(sd, shift) : null;
  // more spread is worse in either direction: the ratio of the deviations is never mirrored
  const t = outcome(
    {
      test: 'spread',
      label: 'spread',
      method: sd ? `Mann–Whitney on |ln x − median| (${sp!.method})` : 'no spread in the samples',
      p: sp ? sp.greater : 1,
      canary: sd ? medianSorted(sd.canary) : NaN,
      baseline: sd ? medianSorted(sd.baseline) : NaN,
    },
    look,
    'lower',
    Math.exp(shift),
  );
  if (sd && (look.full || t.failed)) setInterval(t, spreadInterval(sd, look.level, shift), shift, false);
  // the metric's limit reads −x % when lower is worse; the spread's own limit is then 1 / (1 − x)
  const own = look.spec.direction === 'lower_is_worse' ? ` (limit +${value((t.limit - 1) * 100)} %)` : '';
  t.message = testMessage(t, own);
  return t;
}

function evaluateLatency(st: MetricState, lookIdx: number, full: boolean): TestOutcome[] {
  const spec = st.spec;
  const tol = spec.maxIncreasePct / 100;
  let listed: Breakpoints | undefined;
  const look: LatencyLook = {
    spec,
    level: spec.levels[lookIdx - 1]!,
    shift: Math.log(spec.direction === 'lower_is_worse' ? 1 / (1 - tol) : 1 + tol),
    cs: st.canary,
    bs: st.baseline,
    full,
    breakpoints: () => (listed ??= pairwiseBreakpoints(st.canary, st.baseline)),
  };
  return [locationOutcome(look), tailOutcome(look, 0.95), tailOutcome(look, 0.99), spreadOutcome(look)];
}

function evaluateCount(st: MetricState, lookIdx: number, full: boolean): TestOutcome[] {
  const spec = st.spec;
  const level = spec.levels[lookIdx - 1]!;
  const tol = spec.maxIncreasePct / 100;
  const lowerWorse = spec.direction === 'lower_is_worse';
  const rho0 = lowerWorse ? 1 - tol : 1 + tol;
  const r = rateTest(st.strata, rho0);
  const p = lowerWorse ? r.less : r.greater;
  const failed = p <= level;
  const t: TestOutcome = {
    test: 'rate',
    label: 'rate',
    method: `conditional rate-ratio test, ${st.strata.length} interval${st.strata.length === 1 ? '' : 's'} (${r.method})`,
    p,
    level,
    failed,
    estimate: NaN,
    interval: null,
    open: [false, false],
    limit: rho0,
    worse: lowerWorse ? 'upper' : 'lower',
    canary: r.canary.trials ? r.canary.events / r.canary.trials : NaN,
    baseline: r.baseline.trials ? r.baseline.events / r.baseline.trials : NaN,
    message: '',
  };
  if (full || failed) {
    const e = rateInterval(st.strata, level, rho0);
    t.estimate = e.estimate;
    t.interval = [e.lower, e.upper];
  }
  const rates = ` (${ratePct(r.canary.events, r.canary.trials)} vs ${ratePct(r.baseline.events, r.baseline.trials)})`;
  t.message =
    r.canary.events + r.baseline.events === 0
      ? `rate 0 events on both sides (${r.canary.trials} vs ${r.baseline.trials} trials)`
      : testMessage(t, rates);
  return [t];
}

function limitText(spec: ResolvedMetric): string {
  const sign = spec.direction === 'lower_is_worse' ? '−' : '+';
  return `limit ${sign}${value(spec.maxIncreasePct)} %`;
}

/** Adds a batch of latency samples to a metric's cumulative sorted log values; bad values are counted. */
function addLatency(st: MetricState, d: LatencyData): void {
  const sign = st.spec.direction === 'lower_is_worse' ? -1 : 1;
  const prep = (values: readonly number[] | Float64Array) => {
    const out = new Float64Array(values.length);
    let k = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
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
}

/** Takes one interval's batch into a metric's state, or notes why it was refused. */
function ingest(st: MetricState, batch: MetricData | undefined, index: number): void {
  if (batch === undefined) return;
  if (st.spec.kind === 'latency') {
    if (isLatencyData(batch)) addLatency(st, batch);
    else {
      st.dropped++;
      st.notes.push(`look ${index}: expected { canary: number[], baseline: number[] }`);
    }
    return;
  }
  const b = batch as CountData;
  const problem = countProblem(b.canary) ?? countProblem(b.baseline);
  if (problem) {
    st.dropped++;
    st.notes.push(`look ${index}: batch refused: ${problem}`);
  } else {
    st.strata.push({ canary: { ...b.canary }, baseline: { ...b.baseline } });
  }
}

/** Sample sizes (and events) of a metric, and its tests when both sides have data. */
function measure(st: MetricState, v: MetricVerdict, index: number, full: boolean): boolean {
  if (st.spec.kind === 'latency') {
    v.n = { canary: st.canary.length, baseline: st.baseline.length };
    const hasData = st.canary.length > 0 && st.baseline.length > 0;
    if (hasData) v.tests = evaluateLatency(st, index, full);
    return hasData;
  }
  const used = st.strata.filter((s) => s.canary.trials > 0 && s.baseline.trials > 0);
  const sum = (f: (s: CountStratum) => number) => used.reduce((a, s) => a + f(s), 0);
  v.n = { canary: sum((s) => s.canary.trials), baseline: sum((s) => s.baseline.trials) };
  v.events = { canary: sum((s) => s.canary.events), baseline: sum((s) => s.baseline.events) };
  if (used.length) v.tests = evaluateCount(st, index, full);
  return used.length > 0;
}

/** A metric's verdict at look `index` (its state takes the failure, which is final). */
function verdictAt(st: MetricState, index: number, looks: number, full: boolean): MetricVerdict {
  const spec = st.spec;
  const v: MetricVerdict = {
    metric: spec.name,
    kind: spec.kind,
    verdict: 'no-data',
    weight: spec.weight,
    critical: spec.critical,
    n: { canary: 0, baseline: 0 },
    dropped: st.dropped,
    notes: [...st.notes],
    tests: [],
    message: '',
  };
  const hasData = measure(st, v, index, full);
  const failing = v.tests.filter((t) => t.failed);
  if (!st.failed && failing.length) {
    st.failed = {
      look: index,
      message: `${spec.name}: ${failing.map((t) => t.message).join('; ')} (${limitText(spec)}, look ${index}/${looks})`,
    };
  }
  if (st.failed) {
    v.verdict = 'fail';
    v.failedAtLook = st.failed.look;
    v.message = st.failed.message;
  } else if (hasData) {
    v.verdict = 'pass';
    const shown = v.tests.filter((t) => t.test === 'location' || t.test === 'tail_p95' || t.test === 'rate');
    v.message = `${spec.name}: not worse than baseline beyond the ${limitText(spec)}: ${shown.map((t) => t.message).join('; ')}`;
  } else {
    v.message = `${spec.name}: no data yet (canary ${v.n.canary}, baseline ${v.n.baseline} ${spec.kind === 'latency' ? 'samples' : 'trials'})`;
  }
  return v;
}

export function createJudge(options: JudgeOptions): Judge {
  const settings = resolveJudgeSettings(options);
  const states: MetricState[] = settings.metrics.map((spec) => ({
    spec,
    canary: new Float64Array(0),
    baseline: new Float64Array(0),
    strata: [],
    dropped: 0,
    notes: [],
    failed: null,
  }));
  const decisions: JudgeDecision[] = [];
  let lastIndex = 0;

  const look = (index: number, data: LookData, opts: LookOptions = {}): JudgeDecision => {
    if (!Number.isInteger(index) || index < 1 || index > settings.looks) {
      throw new RangeError(`look index must be an integer within 1…${settings.looks}, got ${index}`);
    }
    if (index <= lastIndex)
      throw new RangeError(`look ${index} comes after look ${lastIndex}: looks must increase`);
    lastIndex = index;
    const full = (opts.detail ?? 'full') === 'full';
    const verdicts = states.map((st) => {
      ingest(st, data[st.spec.name], index);
      return verdictAt(st, index, settings.looks, full);
    });
    const decision = decide(settings, index, index === settings.looks, verdicts);
    decisions.push(decision);
    return decision;
  };

  return { settings, look, decisions };
}

function decide(
  settings: JudgeSettings,
  index: number,
  final: boolean,
  metrics: MetricVerdict[],
): JudgeDecision {
  const at = `look ${index}/${settings.looks}`;
  const judged = metrics.filter((m) => m.verdict !== 'no-data');
  const base = { look: index, looks: settings.looks, final, metrics };
  if (!judged.length)
    return {
      ...base,
      score: null,
      action: 'no-data',
      reason: `${at}: no metric has data from both the canary and the baseline`,
    };
  const total = judged.reduce((a, m) => a + m.weight, 0);
  const passed = judged.filter((m) => m.verdict === 'pass').reduce((a, m) => a + m.weight, 0);
  const raw = (100 * passed) / total;
  const score = Math.round(raw * 10) / 10;
  const failed = judged.filter((m) => m.verdict === 'fail');
  const failures = failed.map((m) => m.message).join(' | ');
  const critical = failed.find((m) => m.critical);
  if (critical)
    return {
      ...base,
      score,
      action: 'fail',
      reason: `critical metric ${critical.metric} failed (${at}): ${critical.message}`,
    };
  if (raw < settings.marginal)
    return {
      ...base,
      score,
      action: 'fail',
      reason: `score ${score} < marginal ${settings.marginal} (${at}): ${failures}`,
    };
  if (!final) {
    const tail = failed.length
      ? `; failed so far: ${failures}`
      : '; no metric worse than baseline with confidence';
    return { ...base, score, action: 'continue', reason: `${at}: score ${score}${tail}` };
  }
  if (raw >= settings.pass) {
    const tail = failed.length ? `; failed: ${failures}` : `: ${judged.map((m) => m.message).join(' | ')}`;
    return {
      ...base,
      score,
      action: 'pass',
      reason: `score ${score} ≥ pass ${settings.pass} (${at})${tail}`,
    };
  }
  return {
    ...base,
    score,
    action: 'marginal',
    reason: `score ${score} between marginal ${settings.marginal} and pass ${settings.pass} (${at}): ${failures}`,
  };
}

/** Replays a series of looks through a fresh judge (pure): one decision per look given. */
export function judgeSeries(
  options: JudgeOptions,
  looks: readonly { index: number; data: LookData }[],
  opts?: LookOptions,
): JudgeDecision[] {
  const judge = createJudge(options);
  return looks.map((l) => judge.look(l.index, l.data, opts));
}

/**
 * A JSON-safe copy of a decision for evidence files: JSON turns Infinity into null, which would hide an
 * unbounded interval (an all-zero baseline) — infinities become the strings "Infinity"/"-Infinity", NaN
 * (a value not computed) becomes null.
 */
export function decisionForEvidence(d: JudgeDecision): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number')
      return Number.isNaN(v) ? null : Number.isFinite(v) ? v : v > 0 ? 'Infinity' : '-Infinity';
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(d);
}

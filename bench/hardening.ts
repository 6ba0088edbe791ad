/**
 * `npm run hardening`: the whole hardening suite, counted.
 *
 *  1. the fault matrix (every case of __tests__/hardening/lib/faults*.ts) against the GitHub emulator,
 *     the sample service and real processes, for the four actions — GitHub failures, crashes and
 *     re-runs, answers cut mid-body or not JSON, looping and foreign pagination, creates whose answer
 *     is lost (every kind), cancellation during waits, hanging services and programs;
 *  2. ≥ 10,000 generated bad inputs, in-process: mutated and random configs (parseConfig) and command
 *     lines for every command (cli()); each must end clearly, never in an internal error or a hang;
 *  3. the corpus of inputs that exposed bugs, replayed;
 *  4. the injection scan (payloads in inputs and config values; a canary file must never appear);
 *  5. the secret scan (every scenario through the action bundle and the CLI host).
 *
 * `-- --stress` runs all of it three times in a row with one CPU-bound process per core beside it (a
 * shared, noisy runner); `-- --only <regex>` runs only the matrix cases whose id matches (no bad
 * inputs). Prints the counts and ends with
 *   hardening: faults=… bad_inputs=… wrong_outcomes=… secrets_found=… injections_fired=…
 *              lost_answer_duplicates=… stress_runs=<stressed runs with 0 wrong outcomes>/<stressed runs>
 * (figures per run; wrong outcomes, secrets, injections and duplicates summed over the runs) and exits
 * non-zero unless every one of those is 0 and every stressed run was clean. The bundles run from dist/
 * (`npm run package` first). Environment: HARDENING_SEED (default 1), HARDENING_INPUTS (default
 * 10000), HARDENING_CONCURRENCY (4).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fuzz, startFuzzEnv } from '../__tests__/hardening/lib/bad-input.js';
import { runCases, type Case, type CaseResult } from '../__tests__/hardening/lib/cases.js';
import { knownOpen, loadCorpus, replay } from '../__tests__/hardening/lib/corpus.js';
import { faultCases } from '../__tests__/hardening/lib/faults.js';
import { injectionCases } from '../__tests__/hardening/lib/injection.js';
import { lostTally } from '../__tests__/hardening/lib/lost-answers.js';
import { secretCases } from '../__tests__/hardening/lib/secrets.js';
import { removeWorkspaces, WAIT_BASE_MS } from '../__tests__/hardening/lib/world.js';
import { startStress } from './hardening-stress.js';

process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = String(WAIT_BASE_MS);
// The yaml library warns (process.emitWarning) about collection keys such as `? [a, b]`: counted, not printed.
let yamlWarnings = 0;
process.removeAllListeners('warning');
process.on('warning', () => void yamlWarnings++);
const args = process.argv.slice(2);
const stressed = args.includes('--stress');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new RegExp(args[onlyAt + 1] ?? '.') : null;
const seed = Number(process.env.HARDENING_SEED ?? 1);
const inputs = Number(process.env.HARDENING_INPUTS ?? 10_000);
const concurrency = Number(process.env.HARDENING_CONCURRENCY ?? 4);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Figures {
  faults: number;
  badInputs: number;
  wrong: number;
  secrets: number;
  injections: number;
  duplicates: number;
  ms: number;
}

function report(title: string, results: CaseResult[], cases: Case[], took: number): void {
  const failed = results.filter((r) => !r.ok);
  console.log(
    `${title}: ${results.length} cases, ${failed.length} wrong (pool of ${concurrency}: ${secs(took)})`,
  );
  for (const r of failed) {
    const c = cases.find((x) => x.id === r.id)!;
    console.log(`  ✗ ${r.id} — expected: ${c.expected}`);
    for (const v of r.violations) console.log(`      ${v.split('\n')[0]}`);
  }
}

/** 1, 4, 5: the fault matrix, the injection and the secret scans, in one pool (each case has its own world). */
async function matrix() {
  const t = performance.now();
  lostTally.cases = lostTally.lost = lostTally.duplicates = 0;
  const keep = (cs: Case[]) => (only ? cs.filter((c) => only.test(c.id)) : cs);
  const faults = keep(faultCases());
  const inj = { attempts: 0, fired: 0 };
  const injCases = keep(injectionCases(inj));
  const sec = { scanned: 0, found: 0 };
  const secCases = keep(secretCases(sec));
  // the slow ones (kill grace periods, bundles) first, so they overlap the rest
  const order = [...faults, ...injCases, ...secCases].sort((a, b) => Number(!!b.slow) - Number(!!a.slow));
  // every case shares this process's event loop: how long it was held up, to read timings by
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const results = await runCases(order, { concurrency });
  loop.disable();
  const resultOf = (cases: Case[]) => cases.map((c) => results[order.indexOf(c)]!);
  const took = performance.now() - t;
  const faultResults = resultOf(faults);
  report('fault matrix', faultResults, faults, took);
  console.log(
    `  event loop held up: p99 ${Math.round(loop.percentile(99) / 1e6)} ms, max ${Math.round(loop.max / 1e6)} ms (shared by every case of the pool)`,
  );
  const byAction = new Map<string, number>();
  for (const c of faults) byAction.set(c.action, (byAction.get(c.action) ?? 0) + 1);
  console.log(`  per action: ${[...byAction].map(([a, n]) => `${a} ${n}`).join(', ')}`);
  console.log(
    `  lost answers: ${lostTally.lost} creates applied with their answer lost (${lostTally.cases} cases), ${lostTally.duplicates} duplicates in GitHub's state`,
  );
  const injResults = resultOf(injCases);
  report('injection', injResults, injCases, took);
  console.log(`  ${inj.attempts} payloads delivered, ${inj.fired} fired`);
  const secResults = resultOf(secCases);
  report('secrets', secResults, secCases, took);
  console.log(
    `  ${sec.scanned} texts scanned (logs, summaries, outputs, evidence, GitHub records, webhook messages), ${sec.found} secrets found`,
  );
  // A fired injection or a found secret is counted once, in its own figure, not again as a wrong outcome.
  const wrong =
    faultResults.filter((r) => !r.ok).length +
    injResults.filter((r) => r.violations.some((v) => !/the canary file .* appeared/.test(v))).length +
    secResults.filter((r) => r.violations.some((v) => !/ contains /.test(v))).length;
  return {
    faults: faults.length,
    wrong,
    secrets: sec.found,
    injections: inj.fired,
    duplicates: lostTally.duplicates,
  };
}

/** 2 and 3: bad inputs, generated, and the corpus replayed. Returns how many and how many ended wrong. */
async function badInputs(): Promise<{ total: number; wrong: number }> {
  const t = performance.now();
  const corpus = loadCorpus();
  const env = await startFuzzEnv();
  const openBugs = new Map<string, number>();
  const corpusWrong: string[] = [];
  let fuzzed: Awaited<ReturnType<typeof fuzz>>;
  try {
    const configs = Math.round(inputs * 0.6);
    fuzzed = await fuzz(env, { configs, commandLines: inputs - configs, seed, concurrency: 4 });
    for (const e of corpus) {
      const v = await replay(e, env);
      if (e.open) {
        if (v.length === 0)
          console.log(`  corpus ${e.id}: now passes — mark it fixed (it was open: ${e.open})`);
        else openBugs.set(e.id, 0);
      } else if (v.length) corpusWrong.push(`${e.id}: ${v.join('; ')}`);
    }
  } finally {
    await env.close();
  }
  const total = fuzzed.configs + fuzzed.commandLines;
  console.log(
    `bad inputs: ${total} generated (${fuzzed.configs} configs, ${fuzzed.commandLines} command lines; seed ${seed}), ${fuzzed.wrong.length} wrong, ${fuzzed.unhandled.length} unhandled rejections (${secs(performance.now() - t)})`,
  );
  const outcomes = Object.entries(fuzzed.outcomes).sort((a, b) => b[1] - a[1]);
  console.log(`  outcomes: ${outcomes.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const shown = new Set<string>();
  for (const w of fuzzed.wrong) {
    const open = knownOpen(w.why, corpus);
    if (open) openBugs.set(open.id, (openBugs.get(open.id) ?? 0) + 1);
    const key = `${w.kind} ${w.outcome} ${(w.why ?? '').replace(/\d+/g, 'N').slice(0, 60)}`;
    if (shown.has(key)) continue;
    shown.add(key);
    console.log(
      `  ✗ ${w.kind} ${w.outcome}${open ? ` (open: ${open.id})` : ''}: ${(w.why ?? '').slice(0, 200)}`,
    );
    console.log(`      input: ${JSON.stringify(w.input).slice(0, 200)}`);
  }
  for (const u of fuzzed.unhandled) console.log(`  ✗ unhandled rejection: ${u.split('\n')[0]}`);
  console.log(
    `corpus: ${corpus.length} entries (${corpus.filter((e) => e.fixed).length} fixed, ${corpus.filter((e) => e.open).length} open), ${corpusWrong.length} fixed entries failing`,
  );
  for (const c of corpusWrong) console.log(`  ✗ ${c}`);
  for (const [id, n] of openBugs)
    if (n)
      console.log(
        `  open bug ${id}: ${n} generated input(s) hit it — ${corpus.find((x) => x.id === id)!.open}`,
      );
  return { total, wrong: fuzzed.wrong.length + fuzzed.unhandled.length + corpusWrong.length };
}

async function runOnce(): Promise<Figures> {
  const started = performance.now();
  const m = await matrix();
  const b = only ? { total: 0, wrong: 0 } : await badInputs();
  if (only) console.log(`bad inputs: not run (--only)`);
  if (yamlWarnings)
    console.log(`(the yaml library emitted ${yamlWarnings} process warnings about collection keys)`);
  yamlWarnings = 0;
  removeWorkspaces();
  const ms = performance.now() - started;
  console.log(`total ${secs(ms)}`);
  return { ...m, badInputs: b.total, wrong: m.wrong + b.wrong, ms };
}

const runs: Figures[] = [];
if (stressed) {
  const stress = startStress();
  try {
    for (let i = 1; i <= 3; i++) {
      console.log(`\n── stressed run ${i}/3 (${stress.processes} CPU-bound processes beside it) ──`);
      runs.push(await runOnce());
    }
  } finally {
    stress.stop();
  }
} else runs.push(await runOnce());

const sum = (k: keyof Figures) => runs.reduce((a, r) => a + r[k], 0);
const clean = (r: Figures) => r.wrong === 0 && r.secrets === 0 && r.injections === 0 && r.duplicates === 0;
const stressRuns = stressed ? `${runs.filter(clean).length}/${runs.length}` : '0/0';
if (stressed)
  console.log(
    `\nstressed runs: ${runs.map((r, i) => `#${i + 1} ${r.wrong} wrong, ${secs(r.ms)}`).join('; ')}`,
  );
console.log(
  `hardening: faults=${runs[0]!.faults} bad_inputs=${runs[0]!.badInputs} wrong_outcomes=${sum('wrong')} secrets_found=${sum('secrets')} injections_fired=${sum('injections')} lost_answer_duplicates=${sum('duplicates')} stress_runs=${stressRuns}`,
);
process.exit(runs.every(clean) ? 0 : 1);

/**
 * `npm run hardening`: the whole hardening suite, counted.
 *
 *  1. the fault matrix (every case of __tests__/hardening/lib/faults-*.ts) against the GitHub emulator,
 *     the sample service and real processes, for the four actions;
 *  2. ≥ 10,000 generated bad inputs, in-process: mutated and random configs (parseConfig) and command
 *     lines for every command (cli()); each must end clearly, never in an internal error or a hang;
 *  3. the corpus of inputs that exposed bugs, replayed;
 *  4. the injection scan (payloads in inputs and config values; a canary file must never appear);
 *  5. the secret scan (every scenario through the action bundle and the CLI host).
 *
 * Prints the counts and ends with
 *   hardening: faults=… bad_inputs=… wrong_outcomes=… secrets_found=… injections_fired=…
 * and exits non-zero unless the last three are 0. The bundles run from dist/ (`npm run package` first).
 * Environment: HARDENING_SEED (default 1), HARDENING_INPUTS (default 10000), HARDENING_CONCURRENCY (4).
 */
import { fuzz, startFuzzEnv } from '../__tests__/hardening/lib/bad-input.js';
import { runCases, type Case, type CaseResult } from '../__tests__/hardening/lib/cases.js';
import { knownOpen, loadCorpus, replay } from '../__tests__/hardening/lib/corpus.js';
import { faultCases } from '../__tests__/hardening/lib/faults.js';
import { injectionCases } from '../__tests__/hardening/lib/injection.js';
import { secretCases } from '../__tests__/hardening/lib/secrets.js';
import { removeWorkspaces, WAIT_BASE_MS } from '../__tests__/hardening/lib/world.js';

process.env.RELEASE_OPS_GITHUB_WAIT_BASE_MS = String(WAIT_BASE_MS);
// The yaml library warns (process.emitWarning) about collection keys such as `? [a, b]`: counted, not printed.
let yamlWarnings = 0;
process.removeAllListeners('warning');
process.on('warning', () => void yamlWarnings++);
const seed = Number(process.env.HARDENING_SEED ?? 1);
const inputs = Number(process.env.HARDENING_INPUTS ?? 10_000);
const concurrency = Number(process.env.HARDENING_CONCURRENCY ?? 4);
const started = performance.now();
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const wrong: string[] = [];
const openBugs = new Map<string, number>();

function report(title: string, results: CaseResult[], cases: Case[], took: number): void {
  const failed = results.filter((r) => !r.ok);
  console.log(
    `${title}: ${results.length} cases, ${failed.length} wrong (pool of ${concurrency}: ${secs(took)})`,
  );
  for (const r of failed) {
    const c = cases.find((x) => x.id === r.id)!;
    console.log(`  ✗ ${r.id} — expected: ${c.expected}`);
    for (const v of r.violations) console.log(`      ${v.split('\n')[0]}`);
    wrong.push(r.id);
  }
}

// 1, 4, 5: the fault matrix, the injection scan and the secret scan, in one pool (each case has its own
// emulator, service and workspace, so they do not interfere).
let t = performance.now();
const faults = faultCases();
const inj = { attempts: 0, fired: 0 };
const injCases = injectionCases(inj);
const sec = { scanned: 0, found: 0 };
const secCases = secretCases(sec);
const all = [...faults, ...injCases, ...secCases];
// the slow ones (kill grace periods, bundles) first, so they overlap the rest
const order = [...all].sort((a, b) => Number(Boolean(b.slow)) - Number(Boolean(a.slow)));
const results = await runCases(order, { concurrency });
const resultOf = (cases: Case[]) => cases.map((c) => results[order.indexOf(c)]!);
const faultResults = resultOf(faults);
const injResults = resultOf(injCases);
const secResults = resultOf(secCases);
const casesTook = performance.now() - t;
const byAction = new Map<string, number>();
for (const c of faults) byAction.set(c.action, (byAction.get(c.action) ?? 0) + 1);
report('fault matrix', faultResults, faults, casesTook);
console.log(`  per action: ${[...byAction].map(([a, n]) => `${a} ${n}`).join(', ')}`);

// 2 and 3. bad inputs, generated, and the corpus
t = performance.now();
const corpus = loadCorpus();
const env = await startFuzzEnv();
let fuzzed: Awaited<ReturnType<typeof fuzz>>;
const corpusWrong: string[] = [];
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
  wrong.push(`bad input: ${w.outcome}`);
  const key = `${w.kind} ${w.outcome} ${(w.why ?? '').replace(/\d+/g, 'N').slice(0, 60)}`;
  if (shown.has(key)) continue;
  shown.add(key);
  console.log(
    `  ✗ ${w.kind} ${w.outcome}${open ? ` (open: ${open.id})` : ''}: ${(w.why ?? '').slice(0, 200)}`,
  );
  console.log(`      input: ${JSON.stringify(w.input).slice(0, 200)}`);
}
for (const u of fuzzed.unhandled) wrong.push(`unhandled rejection: ${u.split('\n')[0]}`);
console.log(
  `corpus: ${corpus.length} entries (${corpus.filter((e) => e.fixed).length} fixed, ${corpus.filter((e) => e.open).length} open), ${corpusWrong.length} fixed entries failing`,
);
for (const c of corpusWrong) {
  console.log(`  ✗ ${c}`);
  wrong.push(`corpus ${c}`);
}
for (const [id, n] of openBugs) {
  const e = corpus.find((x) => x.id === id)!;
  if (n) console.log(`  open bug ${id}: ${n} generated input(s) hit it — ${e.open}`);
}

report('injection', injResults, injCases, casesTook);
console.log(`  ${inj.attempts} payloads delivered, ${inj.fired} fired`);
report('secrets', secResults, secCases, casesTook);
console.log(
  `  ${sec.scanned} texts scanned (logs, summaries, outputs, evidence, GitHub records, webhook messages), ${sec.found} secrets found`,
);
if (yamlWarnings)
  console.log(`(the yaml library emitted ${yamlWarnings} process warnings about collection keys)`);

removeWorkspaces();
// A fired injection or a found secret is counted once, in its own figure, not again as a wrong outcome.
const wrongOutcomes =
  faultResults.filter((r) => !r.ok).length +
  fuzzed.wrong.length +
  fuzzed.unhandled.length +
  corpusWrong.length +
  injResults.filter((r) => r.violations.some((v) => !/the canary file .* appeared/.test(v))).length +
  secResults.filter((r) => r.violations.some((v) => !/ contains /.test(v))).length;
console.log(`total ${secs(performance.now() - started)}`);
console.log(
  `hardening: faults=${faults.length} bad_inputs=${total} wrong_outcomes=${wrongOutcomes} secrets_found=${sec.found} injections_fired=${inj.fired}`,
);
process.exit(wrongOutcomes === 0 && sec.found === 0 && inj.fired === 0 ? 0 : 1);

/**
 * Bad input, generated: random and mutated configs (parseConfig) and random command lines for every
 * command (the CLI's `cli()`, in-process, which builds the same Context as the action). The oracle:
 * every input ends in a clear outcome — a ConfigError (CLI exit 2) or an ExternalError / failed result
 * (exit 1) with a message, or success — never an internal error, a stack trace or a hang.
 */
import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { cli } from '../../../src/cli/main.js';
import { parseConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';
import { startEmulator, type Emulator } from '../../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../../support/sample-service/index.js';
import { NODE, workspace } from './world.js';

/** A stack frame as V8 prints it: only a bug may show one. */
const STACK = /\n\s+at .+(\(|\s)[^\s()]+:\d+:\d+\)?/;
export const CANARY_FILE = 'PWNED';
/** Parsing is synchronous: a config that takes longer than this is a hang in the making. */
const CONFIG_BOUND_MS = 5000;

// ------------------------------------------------------------------------------------------------
// The fuzz environment: a workspace with a valid config for every command, the GitHub emulator, the
// sample service and a webhook that answers 200.

export interface FuzzEnv {
  dir: string;
  emu: Emulator;
  svc: SampleService;
  hookUrl: string;
  base: Record<string, unknown>;
  close(): Promise<void>;
}

export async function startFuzzEnv(): Promise<FuzzEnv> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const c1 = emu.seed.commit('feat: catalogue');
  emu.seed.release({ tag: 'v1.0.0', sha: c1 });
  const c2 = emu.seed.commit('feat: checkout');
  emu.seed.release({ tag: 'v1.1.0-rc1', sha: c2, prerelease: true, publishedAt: '2026-01-01T00:00:00Z' });
  emu.seed.release({ tag: 'v1.1.0', sha: c2 });
  emu.seed.checkRun(c2, { name: 'build', status: 'completed', conclusion: 'success' });
  const svc = await startSampleService({ version: 'v1.1.0' });
  const hook = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const dir = workspace('ro-fuzz-');
  mkdirSync(path.join(dir, 'a-file-not-a-dir'), { recursive: true });
  writeFileSync(path.join(dir, 'plain-file'), 'x');
  const base = baseConfig(svc.url);
  writeFileSync(path.join(dir, '.github/release-ops.yml'), stringify(base));
  return {
    dir,
    emu,
    svc,
    hookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/fuzz-hook`,
    base,
    async close() {
      await new Promise<void>((r) => {
        hook.close(() => r());
        hook.closeAllConnections();
      });
      await svc.close();
      await emu.close();
    },
  };
}

/** A valid config for every command, fast (tens of ms), harmless programs. */
export function baseConfig(svc: string): Record<string, unknown> {
  const health = (name: string) => ({
    name,
    provider: 'http',
    url: `${svc}/health`,
    samples: 1,
    timeout: '500ms',
    conditions: ['error_rate_pct <= 100'],
  });
  return {
    version: 1,
    gate: {
      concurrency: 2,
      checks: [
        {
          name: 'health',
          type: 'http',
          url: `${svc}/health`,
          samples: 2,
          request_timeout: '1s',
          p95_ms: 5000,
        },
        { name: 'smoke', type: 'command', run: [NODE, '-e', '0'], timeout: '10s' },
        {
          name: 'freeze',
          type: 'freeze',
          timezone: 'UTC',
          deny: [{ days: ['sun'], from: '00:00', to: '00:01' }],
        },
      ],
    },
    canary: {
      deploy: [NODE, '-e', '0', '{tag}', '{weight}'],
      rollback: [NODE, '-e', '0', '{previous_tag}'],
      steps: [{ weight: 50 }, { weight: 100 }],
      program_timeout: '10s',
      analysis: { interval: '20ms', window: '40ms', metrics: [health('health')] },
    },
    promote: { strategy: 'new-release', min_soak: '0s', skip_checks: ['soak'] },
    rollback: {
      run: [NODE, '-e', '0', '{to_tag}'],
      program_timeout: '10s',
      verify: { interval: '20ms', window: '40ms', metrics: [health('health')] },
      watch: { health_url: `${svc}/health`, interval: '20ms', window: '60ms' },
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Generators.

/** Values that break assumptions: wrong types, huge, negative, zero, unicode, shell and expression syntax. */
const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '-1s',
  '-5m',
  '0s',
  '0ms',
  '00:00',
  '24:00',
  '1e400',
  '99999999d',
  '31d',
  '9007199254740993',
  'NaN',
  'Infinity',
  'null',
  '~',
  'v1',
  'v1.0',
  '1.0.0-',
  'v01.0.0',
  '1.0.0-rc.01',
  '9007199254740993.0.0',
  'v1.0.0+',
  '日本語',
  'é',
  '🚀🚀',
  '\u0000',
  '\u202e',
  '\ud800',
  'a\nb',
  '\r\n',
  'x'.repeat(5000),
  `$(touch ${CANARY_FILE})`,
  `\`touch ${CANARY_FILE}\``,
  `; touch ${CANARY_FILE}`,
  `| touch ${CANARY_FILE}`,
  '${{ secrets.GITHUB_TOKEN }}',
  '${UNSET_VARIABLE_FOR_FUZZ}',
  '${PATH}',
  'http://',
  'https://',
  'ftp://example.test/',
  'http://127.0.0.1:1/',
  'file:///etc/passwd',
  '{weight}',
  '{unknown_placeholder}',
  '{',
  '}',
  'error_rate_pct <=',
  'p95_ms <= baseline * ',
  'result == 1e999',
  'a.b[0] != -1',
  'Europe/Nowhere',
  '__proto__',
  'constructor',
  '--help',
  '-',
];

const nastyString = fc.constantFrom(...NASTY_STRINGS);
const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      -0.5,
      0.1,
      1,
      100,
      101,
      1e308,
      -1e308,
      2 ** 53 + 1,
      Infinity,
      -Infinity,
      NaN,
    ),
    weight: 2,
  },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyScalar, weight: 6 },
  { arbitrary: fc.array(nastyScalar, { maxLength: 3 }), weight: 1 },
  {
    arbitrary: fc.dictionary(fc.constantFrom('a', 'name', 'type', 'url', 'x'), nastyScalar, { maxKeys: 2 }),
    weight: 1,
  },
  { arbitrary: fc.constant([[[[[[[[[[[]]]]]]]]]]]), weight: 1 },
);

type Path = (string | number)[];

/** Every path into a value (objects and arrays), for picking what to mutate. */
function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of entries) {
    out.push([...at, k]);
    paths(x, [...at, k], out);
  }
  return out;
}

type Mutation =
  | { kind: 'set'; pick: number; value: unknown }
  | { kind: 'delete'; pick: number }
  | { kind: 'add'; pick: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: nastyValue }),
    weight: 6,
  },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      pick: fc.nat(),
      key: fc.constantFrom('unknown_key', 'timeout', 'shell_', 'Name', 'weight', '__proto__', 'x'),
      value: nastyValue,
    }),
    weight: 1,
  },
);

const copy = (v: unknown): unknown => (v && typeof v === 'object' ? structuredClone(v) : v);

function mutate(base: unknown, muts: Mutation[]): unknown {
  const doc = structuredClone(base);
  for (const m of muts) {
    // never turn on a shell: with `shell: true` a command is the user's own shell code by design
    const all = paths(doc).filter((p) => p[p.length - 1] !== 'shell');
    if (!all.length) break;
    const p = all[m.pick % all.length]!;
    const parent = p.slice(0, -1).reduce<any>((o, k) => o[k], doc);
    const key = p[p.length - 1]!;
    // generated values may be shared (fc.constant, shrinking): copy them in, so no cycle can form
    if (m.kind === 'set') parent[key] = copy(m.value);
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else {
      const target = parent[key];
      if (target && typeof target === 'object' && !Array.isArray(target)) target[m.key] = copy(m.value);
      else parent[key] = { [m.key]: copy(m.value) };
    }
  }
  return doc;
}

/** Text-level damage: a character inserted, a cut, a line repeated, an indent changed. */
const textDamage = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      ':',
      '-',
      '*a',
      '&a',
      '!!',
      '|',
      '>',
      '{',
      '[',
      '"',
      "'",
      '\t',
      '#',
      '%',
      '@',
      '`',
      '? ',
      '\u0000',
    ),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat() }),
);

type Damage = { kind: 'insert'; at: number; text: string } | { kind: 'cut' | 'dup' | 'indent'; at: number };

function damage(text: string, d: Damage): string {
  const at = text.length ? d.at % text.length : 0;
  switch (d.kind) {
    case 'insert':
      return text.slice(0, at) + d.text + text.slice(at);
    case 'cut':
      return text.slice(0, at);
    case 'dup': {
      const lines = text.split('\n');
      const i = d.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    default: {
      const lines = text.split('\n');
      const i = d.at % lines.length;
      lines[i] = ' ' + lines[i];
      return lines.join('\n');
    }
  }
}

/** Fragments of YAML that exercise the parser itself. */
const YAML_SNIPPETS = [
  '*a',
  'gate: *undefined_anchor',
  'a: &a [*a]',
  'x: &x ["a","a","a","a","a","a","a","a","a"]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y,*y]\nw: [*z,*z,*z,*z,*z,*z,*z,*z,*z]',
  '['.repeat(2000) + ']'.repeat(2000),
  '{a: '.repeat(500) + '1' + '}'.repeat(500),
  'gate: !!binary aGVsbG8=',
  'gate: !!set {a, b}',
  'gate: !custom x',
  '? [a, b]\n: c',
  'gate: 1\ngate: 2',
  'gate: 1\n---\ncanary: 2',
  '%YAML 1.1\n---\ngate: yes',
  '\ufeffgate: {}',
  'canary: {deploy: [x], steps: [{weight: .nan}]}',
  'canary: {deploy: [x], steps: [{weight: .inf}]}',
  '- a\n- b',
  '"just a string"',
  '42',
  '',
  '# only a comment',
  'gate:\n\tchecks: []',
  '__proto__: {gate: {}}',
];

export function configText(full: Record<string, unknown>): fc.Arbitrary<string> {
  // One or two sections at a time: smaller documents, so more of them per second, each section still whole.
  const sections = fc
    .subarray(Object.keys(full), { minLength: 1, maxLength: 2 })
    .map((keys) => Object.fromEntries(keys.map((k) => [k, full[k]])));
  return sections.chain((base) =>
    fc.oneof(
      {
        arbitrary: fc
          .tuple(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean())
          .map(([m, json]) => {
            const doc = mutate(base, m);
            return json
              ? JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))
              : stringify(doc);
          }),
        weight: 6,
      },
      {
        arbitrary: fc
          .tuple(fc.array(mutation, { maxLength: 2 }), fc.array(textDamage, { minLength: 1, maxLength: 3 }))
          .map(([m, ds]) => ds.reduce((t, d) => damage(t, d), stringify(mutate(base, m)))),
        weight: 3,
      },
      { arbitrary: fc.constantFrom(...YAML_SNIPPETS), weight: 1 },
      { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', maxLength: 100 }), weight: 1 },
    ),
  );
}

// ------------------------------------------------------------------------------------------------
// The oracle.

export interface Judged {
  ok: boolean;
  /** clear-error (ConfigError), ok, or for the CLI `exit <code>`. */
  outcome: string;
  why?: string;
  ms: number;
}

export function judgeConfig(text: string): Judged {
  const started = performance.now();
  try {
    parseConfig(text, '.github/release-ops.yml');
    const ms = performance.now() - started;
    if (ms > CONFIG_BOUND_MS) return { ok: false, outcome: 'slow', why: `${Math.round(ms)} ms to parse`, ms };
    return { ok: true, outcome: 'valid', ms };
  } catch (err) {
    const ms = performance.now() - started;
    if (!(err instanceof ConfigError))
      return {
        ok: false,
        outcome: 'not a ConfigError',
        why: `${(err as Error)?.name}: ${(err as Error)?.message}`,
        ms,
      };
    if (!err.problems.length || err.problems.some((p) => !p.message))
      return { ok: false, outcome: 'ConfigError without problems', why: err.message, ms };
    if (STACK.test(err.message)) return { ok: false, outcome: 'stack trace', why: err.message, ms };
    if (ms > CONFIG_BOUND_MS)
      return { ok: false, outcome: 'slow', why: `${Math.round(ms)} ms to refuse it`, ms };
    return { ok: true, outcome: 'ConfigError', ms };
  }
}

export interface CliCase {
  argv: string[];
  token: boolean;
  repository: string;
}

const OPTIONS: Record<string, string[]> = {
  gate: ['config', 'config-inline', 'dry-run', 'artifacts-dir', 'check-name', 'freeze-override', 'sha'],
  canary: [
    'config',
    'config-inline',
    'dry-run',
    'artifacts-dir',
    'tag',
    'previous-tag',
    'environment',
    'on-failure',
    'webhook-url',
  ],
  promote: [
    'config',
    'config-inline',
    'dry-run',
    'artifacts-dir',
    'rc-tag',
    'version',
    'strategy',
    'min-soak',
    'skip-checks',
    'floating-tags',
    'generate-notes',
  ],
  rollback: [
    'config',
    'config-inline',
    'dry-run',
    'artifacts-dir',
    'mode',
    'from',
    'to',
    'reason',
    'severity',
    'environment',
    'strategy',
    'webhook-url',
    'hypercare-window',
    'hotfix',
  ],
  hotfix: ['config', 'config-inline', 'dry-run', 'artifacts-dir', 'from'],
};

/** Plausible values of each input, so that some runs get past validation into the engine. */
function plausible(env: FuzzEnv): Record<string, string[]> {
  return {
    config: [
      '.github/release-ops.yml',
      'missing.yml',
      'plain-file',
      'a-file-not-a-dir',
      '/etc/hostname',
      '\u0000',
    ],
    'dry-run': ['true', 'false', 'yes', 'maybe'],
    'artifacts-dir': ['out', 'a-file-not-a-dir/x', 'plain-file/sub', 'plain-file', 'sub\u0000dir'],
    'check-name': ['gate', 'a'.repeat(300)],
    'freeze-override': ['high', 'low', 'HIGH'],
    sha: ['a'.repeat(40), 'A'.repeat(40), 'g'.repeat(40), 'abc'],
    tag: ['v1.1.0', 'v9.9.9', 'v1.1.0-rc1'],
    'previous-tag': ['v1.0.0', 'v0.0.0'],
    environment: ['production', 'staging', 'a b'],
    'on-failure': ['abort', 'pause'],
    'webhook-url': [env.hookUrl, 'http://', 'true', 'hooks.slack.com/x'],
    'rc-tag': ['v1.1.0-rc1', 'v1.0.0-rc4', 'v1.1.0', '1.1.0-rc.1'],
    version: ['1.1.0', 'v1.1.0', '2.0.0', '1.1'],
    strategy: ['new-release', 'edit-release', 'redeploy', 'revert-commit', 'both'],
    'min-soak': ['0s', '1h', '0', '-1h', '31d'],
    'skip-checks': ['true', 'false', 'soak', 'commit-checks,soak', 'rc-release', 'ga-tag', 'none,soak'],
    'floating-tags': ['true', 'false'],
    'generate-notes': ['true', 'false'],
    mode: ['rollback', 'watch'],
    from: ['v1.1.0', 'v1.0.0', 'v1.1.0-rc1', 'v2.0.0'],
    to: ['v1.0.0', 'rc', 'v1.1.0', 'RC'],
    reason: ['checkout answers 500', 'multi\nline'],
    severity: ['high', 'critical'],
    'hypercare-window': ['auto', '1h', '2h'],
    hotfix: ['true', 'false'],
  };
}

export function cliCase(env: FuzzEnv): fc.Arbitrary<CliCase> {
  const good = plausible(env);
  const valueFor = (k: string): fc.Arbitrary<string> =>
    k === 'config-inline'
      ? configText(env.base)
      : fc.oneof(
          { arbitrary: fc.constantFrom(...(good[k] ?? ['x'])), weight: 4 },
          { arbitrary: nastyString, weight: 2 },
          { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
        );
  return fc
    .oneof(
      { arbitrary: fc.constantFrom(...Object.keys(OPTIONS)), weight: 12 },
      { arbitrary: fc.constantFrom('schema', 'nope', '--version', 'help', '--help', ''), weight: 1 },
    )
    .chain((cmd) =>
      fc.record({
        cmd: fc.constant(cmd),
        opts: fc.array(
          fc
            .constantFrom(...(OPTIONS[cmd] ?? ['x']), 'bogus')
            .chain((k) => fc.tuple(fc.constant(k), valueFor(k))),
          { maxLength: 6 },
        ),
        dry: fc.boolean(),
        token: fc.boolean(),
        repository: fc.constantFrom('acme/shop', 'acme/shop', 'acme', '', 'x/y/z', 'other/repo'),
        form: fc.constantFrom('eq', 'space'),
      }),
    )
    .map((c) => {
      const argv = [c.cmd];
      const seen = new Set<string>();
      for (const [k, v] of c.opts) {
        if (seen.has(k)) continue;
        seen.add(k);
        if (c.form === 'eq') argv.push(`--${k}=${v}`);
        else argv.push(`--${k}`, v);
      }
      if (c.dry && !seen.has('dry-run') && OPTIONS[c.cmd]) argv.push('--dry-run');
      return { argv, token: c.token, repository: c.repository };
    });
}

/** Runs one command line in-process and judges it. `boundMs` bounds it: longer is a hang. */
export async function judgeCli(
  c: CliCase,
  env: FuzzEnv,
  boundMs = 20_000,
): Promise<Judged & { stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctl = new AbortController();
  const started = performance.now();
  const run = cli({
    argv: c.argv,
    env: {
      PATH: process.env.PATH,
      OPS_ARTIFACTS_DIR: path.join(env.dir, 'artifacts'),
      ...(c.token
        ? {
            GITHUB_TOKEN: 'ghs_fuzzTok3n0123456789abcdefABCDEFGH',
            GITHUB_REPOSITORY: c.repository,
            GITHUB_API_URL: env.emu.url,
          }
        : {}),
    },
    cwd: env.dir,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    signal: ctl.signal,
  });
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    run.catch((err: unknown) => `threw ${(err as Error)?.stack ?? String(err)}`),
    new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), boundMs))),
  ]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  if (code === 'hang') {
    ctl.abort(new Error('fuzz bound reached'));
    await Promise.race([run.catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
    return { ok: false, outcome: 'hang', why: `no outcome within ${boundMs} ms`, ms, stderr };
  }
  if (typeof code === 'string') return { ok: false, outcome: 'threw', why: code, ms, stderr };
  const all = stdout + stderr;
  if (/internal error/.test(all))
    return { ok: false, outcome: 'internal error', why: firstLines(stderr), ms, stderr };
  if (STACK.test(all)) return { ok: false, outcome: 'stack trace', why: firstLines(all), ms, stderr };
  if (![0, 1, 2].includes(code))
    return { ok: false, outcome: `exit ${code}`, why: firstLines(stderr), ms, stderr };
  if (code !== 0 && stderr.trim() === '')
    return { ok: false, outcome: `exit ${code} without a message`, why: firstLines(stdout), ms, stderr };
  return { ok: true, outcome: `exit ${code}`, ms, stderr };
}

function firstLines(s: string): string {
  return s.split('\n').slice(0, 4).join(' | ').slice(0, 500);
}

export interface FuzzReport {
  configs: number;
  commandLines: number;
  wrong: { input: unknown; kind: 'config' | 'cli'; outcome: string; why?: string }[];
  outcomes: Record<string, number>;
  unhandled: string[];
}

/**
 * Generates and judges `configs` config texts and `commandLines` command lines (seeded, repeatable).
 * Unhandled promise rejections during the run are wrong outcomes too.
 */
export async function fuzz(
  env: FuzzEnv,
  o: { configs: number; commandLines: number; seed?: number; boundMs?: number; concurrency?: number },
): Promise<FuzzReport> {
  const report: FuzzReport = { configs: 0, commandLines: 0, wrong: [], outcomes: {}, unhandled: [] };
  const onUnhandled = (reason: unknown) => report.unhandled.push(String((reason as Error)?.stack ?? reason));
  process.on('unhandledRejection', onUnhandled);
  const note = (k: string) => (report.outcomes[k] = (report.outcomes[k] ?? 0) + 1);
  try {
    for (const text of fc.sample(configText(env.base), { numRuns: o.configs, seed: o.seed ?? 1 })) {
      report.configs++;
      const j = judgeConfig(text);
      note(`config ${j.outcome}`);
      if (!j.ok) report.wrong.push({ input: text, kind: 'config', outcome: j.outcome, why: j.why });
    }
    const cases = fc.sample(cliCase(env), { numRuns: o.commandLines, seed: (o.seed ?? 1) + 1 });
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        report.commandLines++;
        const j = await judgeCli(c, env, o.boundMs);
        note(`${c.argv[0]} ${j.outcome}`);
        if (!j.ok) report.wrong.push({ input: c, kind: 'cli', outcome: j.outcome, why: j.why });
      }
    };
    await Promise.all(Array.from({ length: o.concurrency ?? 4 }, worker));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  return report;
}

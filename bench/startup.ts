/**
 * Cold start of each action's dry run divided by bare `node -e 0`, next to the floors under it, all
 * measured interleaved in one loop so machine load affects each alike:
 *   - esm_floor:    an ES module bundle that imports node:fs and node:path and reads the config file —
 *                   what any action written as an ES module pays before its own code;
 *   - yaml_floor:   the same, parsing the config with the yaml library (positions for file:line);
 *   - config_floor: the same, through parseConfig: yaml, then the zod schema of the whole file (and
 *                   what the schema imports).
 * The floors are bundled with the actions' own esbuild options (scripts/bundle-options.mjs). Every run
 * must exit 0: a floor or an action that fails fast would look fast. The promote dry run reads its
 * release from GitHub, so it runs with a token against the GitHub emulator; the others run without one.
 * Also printed per action: the KB and files of JavaScript its dry run loads (counted on one more run). The node is RELEASE_OPS_NODE (e.g. the Node 24 the runner uses) or this one.
 * To measure a change side by side, copy dist/ aside before it and name the copy in
 * BENCH_STARTUP_BASELINE: each action of the copy is timed in the same loop (<action>_base_ratio).
 * Target: every action's ratio ≤ 1.3.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions, checkInputs } from '../scripts/bundle-options.mjs';
import { startEmulator, type Emulator } from '../support/github-emulator/index.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
const NODE = process.env.RELEASE_OPS_NODE || process.execPath;
const TOKEN = 'ghs_bench_startup';
const BASELINE = process.env.BENCH_STARTUP_BASELINE ? path.resolve(process.env.BENCH_STARTUP_BASELINE) : null;

const CONFIG = `gate:
  checks:
    - { name: health, type: http, url: "http://127.0.0.1:9/health" }
canary:
  deploy: [./deploy.sh, "{weight}"]
  steps: [{ weight: 10 }, { weight: 100 }]
  analysis:
    interval: 1s
    window: 5s
    metrics:
      - { name: health, provider: http, url: "http://127.0.0.1:9/health", conditions: ["error_rate_pct == 0"] }
promote: {}
rollback:
  run: [./deploy.sh, --rollback, "{to_tag}"]
`;

/** Each action's inputs; `github` runs it with a token against the emulator. */
const ACTIONS: Record<string, { inputs: Record<string, string>; github?: true }> = {
  'readiness-gate': { inputs: {} },
  'canary-promote': { inputs: { tag: 'v1.1.0', 'previous-tag': 'v1.0.0' } },
  'rc-to-ga': { inputs: { 'rc-tag': 'v1.1.0-rc1' }, github: true },
  'auto-rollback': { inputs: { from: 'v1.1.0', to: 'v1.0.0', reason: 'bench' } },
};

const FLOORS: Record<string, string> = {
  esm_floor: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
readFileSync(path.resolve('release-ops.yml'), 'utf8');`,
  yaml_floor: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
const doc = parseDocument(readFileSync(path.resolve('release-ops.yml'), 'utf8'), { lineCounter: new LineCounter() });
if (doc.errors.length > 0) process.exit(3);
doc.toJS();`,
  config_floor: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from './src/config/load.js';
parseConfig(readFileSync(path.resolve('release-ops.yml'), 'utf8'), 'release-ops.yml');`,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Resolves every module a run loads and appends its file to $RO_STARTUP_LOADED: registered with
 * --import on one extra, untimed run of each action, to count what its dry run really loads (the
 * chunks it imports statically and those it imports on the way: its config sections, Octokit).
 */
const LOADED_HOOK = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith('file:')) appendFileSync(process.env.RO_STARTUP_LOADED, r.url + '\\\\n');
  return r;
}\`));`;

/** KB and files of JavaScript one run loads (see LOADED_HOOK). */
async function loaded(file: string, cwd: string, env: Record<string, string>, log: string) {
  writeFileSync(log, '');
  const hook = `data:text/javascript,${encodeURIComponent(LOADED_HOOK)}`;
  await time(['--import', hook, file], cwd, { ...env, RO_STARTUP_LOADED: log }, `${file} (counted)`);
  const files = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((u) =>
    fileURLToPath(u),
  );
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  return { kb: Math.round(bytes / 1024), files: files.length };
}

/** Each floor bundled on its own, with the actions' options; returns name → entry file. */
async function buildFloors(dir: string): Promise<Record<string, string>> {
  const { build } = await import('esbuild');
  const files: Record<string, string> = {};
  for (const [name, contents] of Object.entries(FLOORS)) {
    const outdir = path.join(dir, name);
    const r = await build({
      ...bundleOptions(ROOT),
      stdin: { contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` },
      outdir,
      entryNames: 'index',
      legalComments: 'none',
    });
    checkInputs(r.metafile);
    // The bundle's directory must read as ES modules, as dist/ does through package.json.
    writeFileSync(path.join(outdir, 'package.json'), '{ "type": "module" }\n');
    files[name] = path.join(outdir, 'index.js');
  }
  return files;
}

/** The repository the promote dry run reads: a release candidate on a green commit. */
async function emulator(): Promise<Emulator> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const sha = emu.seed.commit('feat: checkout');
  emu.seed.release({ tag: 'v1.0.0', sha: emu.seed.commit('base'), publishedAt: '2025-12-01T00:00:00Z' });
  emu.seed.release({ tag: 'v1.1.0-rc1', sha, prerelease: true, body: '## RC1' });
  emu.seed.checkRun(sha, { name: 'build', status: 'completed', conclusion: 'success' });
  return emu;
}

/** Wall time of one run, from spawn to exit; a run that does not exit 0 stops the benchmark. */
function time(args: string[], cwd: string, env: Record<string, string>, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(NODE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${what} exited ${code}:\n${out.slice(-2000)}`));
    });
  });
}

export default async function startup(): Promise<string> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ro-startup-'));
  const emu = await emulator();
  try {
    const work = path.join(tmp, 'work');
    mkdirSync(work);
    writeFileSync(path.join(work, 'release-ops.yml'), CONFIG);
    const floors = await buildFloors(path.join(tmp, 'floors'));
    const baseEnv = { PATH: process.env.PATH ?? '', HOME: tmp, GITHUB_WORKSPACE: work };
    const runs: Record<string, () => Promise<number>> = {
      bare: () => time(['-e', '0'], work, baseEnv, 'node -e 0'),
    };
    for (const [name, file] of Object.entries(floors)) runs[name] = () => time([file], work, baseEnv, name);
    const counted: Record<string, { kb: number; files: number }> = {};
    for (const [action, spec] of Object.entries(ACTIONS)) {
      const env: Record<string, string> = {
        ...baseEnv,
        OPS_ARTIFACTS_DIR: path.join(tmp, 'artifacts'),
        'INPUT_DRY-RUN': 'true',
        INPUT_CONFIG: 'release-ops.yml',
      };
      if (spec.github) {
        Object.assign(env, { GITHUB_API_URL: emu.url, GITHUB_REPOSITORY: 'acme/shop' });
        env['INPUT_GITHUB-TOKEN'] = TOKEN;
      }
      for (const [k, v] of Object.entries(spec.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      const file = path.join(ROOT, 'dist', action, 'index.js');
      runs[action] = () => time([file], work, env, action);
      if (BASELINE) {
        const base = path.join(BASELINE, action, 'index.js');
        runs[`${action}@base`] = () => time([base], work, env, `${action} (baseline)`);
      }
      counted[action] = await loaded(file, work, env, path.join(tmp, 'loaded.txt'));
    }
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) for (const [k, run] of Object.entries(runs)) samples[k]!.push(await run());

    const bare = median(samples.bare!);
    const ratio = (k: string) => (median(samples[k]!) / bare).toFixed(2);
    const parts = [
      `node=${execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}`,
      `runs=${RUNS}`,
      `bare_ms=${bare.toFixed(1)}`,
    ];
    for (const name of Object.keys(floors)) parts.push(`${name}_ratio=${ratio(name)}`);
    for (const action of Object.keys(ACTIONS)) {
      const key = action.replace(/-/g, '_');
      parts.push(`${key}_ratio=${ratio(action)}`);
      if (BASELINE) parts.push(`${key}_base_ratio=${ratio(`${action}@base`)}`);
      parts.push(`${key}_kb=${counted[action]!.kb}`, `${key}_files=${counted[action]!.files}`);
    }
    return `bench startup: ${parts.join(' ')}`;
  } finally {
    await emu.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

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
 * Also printed per action: the KB and files loaded before its first line (the bundle and the chunks it
 * imports statically). The node is RELEASE_OPS_NODE (e.g. the Node 24 the runner uses) or this one.
 * Target: every action's ratio ≤ 1.3.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleOptions, checkInputs } from '../scripts/bundle-options.mjs';
import { startEmulator, type Emulator } from '../support/github-emulator/index.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
const NODE = process.env.RELEASE_OPS_NODE || process.execPath;
const TOKEN = 'ghs_bench_startup';

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
readFileSync(path.resolve('release-ops.yml'), 'utf8');`,
  yaml_floor: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
const doc = parseDocument(readFileSync(path.resolve('release-ops.yml'), 'utf8'), { lineCounter: new LineCounter() });
if (doc.errors.length > 0) process.exit(3);
doc.toJS();`,
  config_floor: `import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from './src/config/load.js';
parseConfig(readFileSync(path.resolve('release-ops.yml'), 'utf8'), 'release-ops.yml');`,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Bytes and files of a bundle plus every chunk it imports statically (what node loads before running it). */
function loaded(file: string, seen = new Set<string>()): { bytes: number; files: number } {
  if (seen.has(file)) return { bytes: 0, files: 0 };
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const total = { bytes: statSync(file).size, files: 1 };
  for (const m of text.matchAll(
    /^import\s[^'"]*?from\s*["'](\.[^"']+)["'];?$|^import\s*["'](\.[^"']+)["'];?$/gm,
  )) {
    const sub = loaded(path.resolve(path.dirname(file), (m[1] ?? m[2])!), seen);
    total.bytes += sub.bytes;
    total.files += sub.files;
  }
  return total;
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
      runs[action] = () => time([path.join(ROOT, 'dist', action, 'index.js')], work, env, action);
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
      const size = loaded(path.join(ROOT, 'dist', action, 'index.js'));
      parts.push(`${key}_ratio=${ratio(action)}`, `${key}_kb=${Math.round(size.bytes / 1024)}`);
      parts.push(`${key}_files=${size.files}`);
    }
    return `bench startup: ${parts.join(' ')}`;
  } finally {
    await emu.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Cold start of each bundle (a dry run, no token, no network) divided by bare `node -e 0`, measured
 * interleaved in the same run so machine load affects both alike; plus each bundle's size including
 * the chunks it imports statically. Target: every ratio ≤ 1.3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 21);

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

const BUNDLES: Record<string, Record<string, string>> = {
  'readiness-gate': {},
  'canary-promote': { tag: 'v1.1.0', 'previous-tag': 'v1.0.0' },
  'rc-to-ga': { 'rc-tag': 'v1.1.0-rc1' },
  'auto-rollback': { from: 'v1.1.0', to: 'v1.0.0', reason: 'bench' },
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Bytes of a bundle plus every chunk it imports statically (what node must load before running). */
function loadedSize(file: string, seen = new Set<string>()): number {
  if (seen.has(file)) return 0;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  let size = statSync(file).size;
  for (const m of text.matchAll(
    /^import\s[^'"]*?from\s*["'](\.[^"']+)["'];?$|^import\s*["'](\.[^"']+)["'];?$/gm,
  )) {
    size += loadedSize(path.resolve(path.dirname(file), (m[1] ?? m[2])!), seen);
  }
  return size;
}

/**
 * The floor every action shares: node plus reading and validating the config (the yaml library for
 * positions, zod for validation — both required). Bundled the same way as the actions, from an
 * inline entry, so the actions' ratios can be read against what they cannot avoid loading.
 */
async function buildFloor(dir: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(dir, 'floor.mjs');
  await build({
    stdin: {
      contents: `import { readFileSync } from 'node:fs';
import { parseConfig } from './src/config/load.js';
parseConfig(readFileSync('release-ops.yml', 'utf8'), 'release-ops.yml');`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

export default async function startup(): Promise<string> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ro-startup-'));
  writeFileSync(path.join(tmp, 'release-ops.yml'), CONFIG);
  const floor = await buildFloor(tmp);
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    GITHUB_WORKSPACE: tmp,
    OPS_ARTIFACTS_DIR: path.join(tmp, 'artifacts'),
  };
  const time = (args: string[], env: Record<string, string>) => {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, args, { cwd: tmp, env, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const samples: Record<string, number[]> = { bare: [], floor: [] };
  for (const b of Object.keys(BUNDLES)) samples[b] = [];
  for (let i = 0; i < RUNS; i++) {
    samples.bare!.push(time(['-e', '0'], baseEnv));
    samples.floor!.push(time([floor], baseEnv));
    for (const [b, inputs] of Object.entries(BUNDLES)) {
      const env: Record<string, string> = {
        ...baseEnv,
        'INPUT_DRY-RUN': 'true',
        INPUT_CONFIG: 'release-ops.yml',
      };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      samples[b]!.push(time([path.join(ROOT, 'dist', b, 'index.js')], env));
    }
  }
  const bare = median(samples.bare!);
  const parts = [
    `bare_ms=${bare.toFixed(1)}`,
    `config_floor_ratio=${(median(samples.floor!) / bare).toFixed(2)}`,
  ];
  for (const b of Object.keys(BUNDLES)) {
    const key = b.replace(/-/g, '_');
    parts.push(`${key}_ratio=${(median(samples[b]!) / bare).toFixed(2)}`);
    parts.push(`${key}_kb=${Math.round(loadedSize(path.join(ROOT, 'dist', b, 'index.js')) / 1024)}`);
  }
  return `bench startup: ${parts.join(' ')}`;
}

/**
 * Rollback overhead: time from the trigger to health restored (verification passed), minus the deploy
 * program's own time and minus the configured verification window — what release-ops itself adds
 * (resolving the target, the lock, spawning the program, the verification's probes). Target ≤ 2 s.
 *
 * Setup per run: the GitHub emulator with v1.0.0 and v1.1.0 (latest, deployed), the sample service
 * failing as v1.1.0, a rollback program that takes ~500 ms and redeploys the sample service, a 1 s
 * verification (probe every 200 ms). The engine runs with the real adapters and the real GitHub port
 * (its spacing between writes scaled to the emulator: 1 ms per GitHub second). The GitHub bookkeeping
 * (incident, comments, demotion, deployments) runs beside the recovery and is not on this path, except
 * the lock; `lock_writes` says how many spaced writes precede the program — on github.com, GitHub's
 * one-second spacing between writes adds (lock_writes − 1) s to the overhead.
 *
 * Prints: bench rollback: overhead_s=<median> overhead_max_s=… verify_s=<median verification time>
 *         program_s=… window_s=… lock_writes=… runs=N
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/adapters/clock.js';
import { fileSystem } from '../src/adapters/fs.js';
import { httpClient } from '../src/adapters/http.js';
import { processRunner } from '../src/adapters/process.js';
import { parseConfig } from '../src/config/load.js';
import { Redactor } from '../src/evidence/redact.js';
import { createGitHubPort } from '../src/github/create.js';
import { silentLogger } from '../src/ports/index.js';
import { runRollback } from '../src/rollback/run.js';
import { resolveRollback } from '../src/rollback/settings.js';
import { startEmulator } from '../support/github-emulator/index.js';
import { startSampleService } from '../support/sample-service/index.js';

const RUNS = Number(process.env.BENCH_ROLLBACK_RUNS ?? 5);
const WINDOW_MS = 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const PROGRAM = `const [url, tag] = process.argv.slice(2);
await new Promise((r) => setTimeout(r, 500)); // the deploy itself
const res = await fetch(url + '/control', { method: 'POST', body: JSON.stringify({ reset: true, version: tag }) });
process.exit(res.ok ? 0 : 1);
`;

async function once(
  dir: string,
): Promise<{ overheadMs: number; verifyMs: number; programMs: number; lockWrites: number }> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  const sample = await startSampleService({ version: 'v1.1.0' });
  try {
    emu.seed.release({ tag: 'v1.0.0', sha: emu.seed.commit('feat: login') });
    emu.seed.release({ tag: 'v1.1.0', sha: emu.seed.commit('feat: checkout') });
    sample.inject({ errorRatePct: 100 });
    const gh = await createGitHubPort({
      token: 'ghs_bench',
      owner: 'acme',
      repo: 'shop',
      baseUrl: emu.url,
      logger: silentLogger,
      retries: 0,
      retryAfterBaseMs: 1,
    });
    const d = await gh.createDeployment({ ref: 'v1.1.0', environment: 'production' });
    await gh.createDeploymentStatus(d.id, { state: 'success' });
    const yaml = `rollback:
  run: ${JSON.stringify([process.execPath, path.join(dir, 'deploy.mjs'), sample.url, '{to_tag}'])}
  verify:
    interval: 200ms
    window: ${WINDOW_MS}ms
    metrics:
      - { name: health, provider: http, url: "${sample.url}/health", samples: 2, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }
`;
    const { config, source } = parseConfig(yaml, 'bench.yml');
    const redactor = new Redactor();
    const settings = resolveRollback(
      config.rollback!,
      { from: 'v1.1.0', reason: 'bench', hotfix: false, dryRun: false },
      {
        env: {},
        redactor,
        source,
        cwd: dir,
        service: 'shop',
        run: { id: '1', eventName: 'push' },
      },
    );
    emu.resetRequests();
    const r = await runRollback(
      {
        gh,
        clock: systemClock,
        http: httpClient,
        process: processRunner,
        fs: fileSystem,
        logger: silentLogger,
        redactor,
        signal: new AbortController().signal,
        env: {},
      },
      settings,
    );
    if (r.result !== 'rolled-back' || !r.timings.healthRestoredAt || r.timings.programMs === undefined) {
      throw new Error(`the rollback did not complete: ${r.result} — ${r.message}`);
    }
    const restored =
      Date.parse(r.timings.healthRestoredAt) - Date.parse(r.timings.triggeredAt ?? r.timings.startedAt);
    // writes before the program: the tag object, the owner ref and the lock (the 2nd ref created)
    const refCreations = emu.requests.flatMap((q, i) =>
      q.method === 'POST' && /\/git\/refs$/.test(q.path) ? [i] : [],
    );
    const lockAt = refCreations[1] ?? -1;
    const lockWrites = emu.requests.slice(0, lockAt + 1).filter((q) => q.method !== 'GET').length;
    return {
      overheadMs: restored - r.timings.programMs - WINDOW_MS,
      verifyMs: r.timings.verifyMs ?? 0,
      programMs: r.timings.programMs,
      lockWrites,
    };
  } finally {
    await sample.close();
    await emu.close();
  }
}

export default async function rollback(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-bench-rollback-'));
  writeFileSync(path.join(dir, 'deploy.mjs'), PROGRAM);
  await once(dir); // warm-up: module loading, JIT
  const runs: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(dir));
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return [
    'bench rollback:',
    `overhead_s=${s(median(runs.map((r) => r.overheadMs)))}`,
    `overhead_max_s=${s(Math.max(...runs.map((r) => r.overheadMs)))}`,
    `verify_s=${s(median(runs.map((r) => r.verifyMs)))}`,
    `program_s=${s(median(runs.map((r) => r.programMs)))}`,
    `window_s=${s(WINDOW_MS)}`,
    `lock_writes=${median(runs.map((r) => r.lockWrites))}`,
    `runs=${RUNS}`,
  ].join(' ');
}

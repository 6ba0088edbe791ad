/**
 * bench http-probe: how accurate and how fast the readiness gate's `http` check is.
 *
 * A loopback server answers every request after a known delay. On that endpoint, in the same run and
 * with the same number of connections:
 * - p95_error_pct: the http check's nearest-rank p95 against the known delay, |p95 − delay| / delay;
 * - rps_ratio: the http check's request rate divided by autocannon's (an established load tool).
 * Targets: rps_ratio ≥ 0.8, p95_error_pct ≤ 5. Takes about 10 s.
 * The delay is long (200 ms) so that scheduling noise on a busy machine stays small next to it. The line
 * also gives the server's own p95 (arrival to response end) during the probe's run: on a loaded machine
 * the server's timers fire late, and that lateness is latency the probe rightly measures — the gap
 * between probe_p95_ms and server_p95_ms is what the probe and the loopback hop add. autocannon reports
 * no p95; its mean and p97.5 are printed for comparison.
 *
 *   npx tsx -e "import('./bench/http-probe.ts').then(async m => console.log(await m.default()))"
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { systemClock } from '../src/adapters/clock.js';
import { fileSystem } from '../src/adapters/fs.js';
import { httpClient } from '../src/adapters/http.js';
import { processRunner } from '../src/adapters/process.js';
import { parseConfig } from '../src/config/load.js';
import type { HttpCheckConfig } from '../src/config/schema/gate.js';
import { Redactor } from '../src/evidence/redact.js';
import { httpCheck } from '../src/gate/checks/http.js';
import { sha256File } from '../src/gate/hash.js';
import { silentLogger } from '../src/ports/index.js';

/** The server's added delay, ms. */
const DELAY_MS = 200;
/** Connections (the check's concurrency) for both tools. */
const CONNECTIONS = 20;
/** How long each tool is measured. */
const SECONDS = 3;

interface AutocannonResult {
  requests: { total: number };
  latency: { average: number; p97_5: number };
  duration: number;
  errors: number;
  non2xx: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
}) => Promise<AutocannonResult>;

// autocannon ships no type declarations: load it through require with the shape used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function probe(url: string, samples: number) {
  const { config } = parseConfig(
    `gate:\n  checks:\n    - { name: bench, type: http, url: "${url}", samples: ${samples}, concurrency: ${CONNECTIONS} }\n`,
    'bench',
  );
  const check = config.gate!.checks[0] as HttpCheckConfig;
  const out = await httpCheck.run(check, {
    process: processRunner,
    http: httpClient,
    clock: systemClock,
    fs: fileSystem,
    hashFile: sha256File,
    github: null,
    redactor: new Redactor(),
    env: {},
    cwd: process.cwd(),
    logger: silentLogger,
    selfNames: [],
    signal: new AbortController().signal,
    deadline: Date.now() + 120_000,
    timeoutMs: 120_000,
    attempt: 1,
  });
  const data = out.data as {
    samples_ok: number;
    samples_sent: number;
    elapsed_ms: number;
    latency_ms: { p95: number; mean: number };
  };
  if (!out.ok || data.samples_ok !== samples) throw new Error(`the probe failed: ${out.detail}`);
  return {
    rps: (data.samples_sent * 1000) / data.elapsed_ms,
    p95: data.latency_ms.p95,
    mean: data.latency_ms.mean,
  };
}

/**
 * The delayed endpoint runs in its own process, so that its timers do not queue behind the client's
 * work: the delay it adds stays the known one, and what the probe measures on top is the probe's.
 */
const SERVER = `
const http = require('node:http');
let handled = [];
const server = http.createServer((req, res) => {
  if (req.url === '/stats') {
    // The server's own view: request arrival to response end, nearest-rank p95. Resets the record.
    const s = handled.sort((a, b) => a - b);
    handled = [];
    return res.end(JSON.stringify({ count: s.length, p95: s[Math.max(1, Math.ceil(0.95 * s.length)) - 1] ?? null }));
  }
  const t0 = performance.now();
  setTimeout(() => {
    res.end('ok');
    handled.push(performance.now() - t0);
  }, ${DELAY_MS});
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function startServer(): Promise<{ url: string; serverP95: () => Promise<number>; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)));
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  const base = `http://127.0.0.1:${port}`;
  const serverP95 = async () =>
    (JSON.parse((await httpClient.request({ url: `${base}/stats` })).body) as { p95: number }).p95;
  return { url: `${base}/health`, serverP95, stop: () => child.kill('SIGKILL') };
}

export default async function httpProbeBench(): Promise<string> {
  const { url, serverP95, stop } = await startServer();
  try {
    // Warm both up (connections, JIT), then measure each for the same time on the same endpoint.
    await probe(url, CONNECTIONS * 4);
    await autocannon({ url, connections: CONNECTIONS, amount: CONNECTIONS * 4 });
    const expectedRps = (CONNECTIONS * 1000) / DELAY_MS;
    await serverP95();
    const ours = await probe(url, Math.round(expectedRps * SECONDS));
    const serverSide = await serverP95();
    const ac = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
    if (ac.errors > 0 || ac.non2xx > 0)
      throw new Error(`autocannon saw ${ac.errors} errors and ${ac.non2xx} non-2xx answers`);
    const acRps = ac.requests.total / ac.duration;
    const rpsRatio = ours.rps / acRps;
    const p95ErrorPct = (Math.abs(ours.p95 - DELAY_MS) / DELAY_MS) * 100;
    return [
      `bench http-probe: rps_ratio=${rpsRatio.toFixed(2)} p95_error_pct=${p95ErrorPct.toFixed(1)}`,
      `delay_ms=${DELAY_MS} connections=${CONNECTIONS} probe_rps=${ours.rps.toFixed(0)}`,
      `autocannon_rps=${acRps.toFixed(0)} probe_p95_ms=${ours.p95} probe_mean_ms=${ours.mean.toFixed(1)}`,
      // How late the server itself was (its timers on a busy machine): the part of the error that is not the probe's.
      `server_p95_ms=${serverSide.toFixed(1)}`,
      `autocannon_mean_ms=${ac.latency.average.toFixed(1)} autocannon_p97_5_ms=${ac.latency.p97_5}`,
    ].join(' ');
  } finally {
    stop();
  }
}

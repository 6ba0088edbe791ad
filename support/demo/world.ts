/**
 * The demo's world, on 127.0.0.1 only: the GitHub API emulator seeded with the shop's releases, the
 * sample service with steady user traffic, a Slack-compatible webhook that keeps what it is sent, and
 * a workspace that looks like the shop's repository checkout (config, deploy program, smoke test,
 * backup manifest, a clean git working copy). Used by `npm run demo` and the go-live composite test.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startEmulator, type Emulator } from '../github-emulator/index.js';
import { startSampleService, startTraffic, type SampleService } from '../sample-service/index.js';
import { REPO_ROOT } from './runner.js';

export const OWNER = 'acme';
export const REPO = 'shop';
/** A token-shaped string: the emulator accepts any; it must never show up in any output. */
export const FAKE_TOKEN = 'ghs_demoToken0000000000000000000000000000';

export interface Webhook {
  url: string;
  messages: { at: number; text: string }[];
  close(): Promise<void>;
}

/** A Slack-compatible incoming webhook: POST {"text": …} → 200 "ok". */
export async function startWebhook(): Promise<Webhook> {
  const messages: Webhook['messages'] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      try {
        const body = JSON.parse(raw) as { text?: unknown };
        if (req.method === 'POST' && typeof body.text === 'string') {
          messages.push({ at: Date.now(), text: body.text });
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
      } catch {
        // fall through
      }
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T0DEMO/B0DEMO/demo-webhook`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface World {
  emu: Emulator;
  service: SampleService;
  webhook: Webhook;
  /** Commit sha of each release tag the world created. */
  commits: Map<string, string>;
  /** A new release candidate: a commit, its green CI check run, a published prerelease with assets. */
  cutRc(tag: string, message: string): string;
  close(): Promise<void>;
}

export function assetsFor(tag: string): { name: string; data: Buffer; contentType: string }[] {
  const tarball = Buffer.from(`shop ${tag} build\n`.repeat(512));
  const sum = createHash('sha256').update(tarball).digest('hex');
  return [
    { name: 'shop-linux-x64.tar.gz', data: tarball, contentType: 'application/gzip' },
    {
      name: 'checksums.txt',
      data: Buffer.from(`${sum}  shop-linux-x64.tar.gz\n`),
      contentType: 'text/plain',
    },
  ];
}

/**
 * Starts the emulator (v1.0.0 live and latest; v1.1.0-rc1 published as a prerelease), the service
 * running v1.0.0 with user traffic, and the webhook.
 */
export async function startWorld(opts: { metricsWindowMs?: number } = {}): Promise<World> {
  const emu = await startEmulator({ owner: OWNER, repo: REPO });
  const commits = new Map<string, string>();
  const hour = 3600_000;
  const v100 = emu.seed.commit('feat: checkout');
  emu.seed.checkRun(v100, { name: 'ci', conclusion: 'success' });
  emu.seed.release({
    tag: 'v1.0.0',
    sha: v100,
    name: 'v1.0.0',
    body: '## Shop 1.0.0\n\n- Checkout\n- Order history',
    createdAt: new Date(Date.now() - 72 * hour),
    publishedAt: new Date(Date.now() - 72 * hour),
    assets: assetsFor('v1.0.0'),
  });
  commits.set('v1.0.0', v100);
  const cutRc = (tag: string, message: string): string => {
    const sha = emu.seed.commit(message);
    emu.seed.checkRun(sha, { name: 'ci', conclusion: 'success' });
    emu.seed.release({
      tag,
      sha,
      name: tag,
      body: `## Shop ${tag}\n\n- ${message}`,
      prerelease: true,
      makeLatest: 'false',
      assets: assetsFor(tag),
    });
    commits.set(tag, sha);
    return sha;
  };
  cutRc('v1.1.0-rc1', 'feat: gift cards');

  const service = await startSampleService({
    version: 'v1.0.0',
    metricsWindowMs: opts.metricsWindowMs ?? 1000,
  });
  const stopTraffic = startTraffic(service.url, { intervalMs: 8 });
  const webhook = await startWebhook();
  return {
    emu,
    service,
    webhook,
    commits,
    cutRc,
    async close() {
      await stopTraffic();
      await Promise.all([service.close(), emu.close(), webhook.close()]);
    },
  };
}

/** Timings of the demo config: the runbooks' minutes, scaled down to a few hundred milliseconds. */
export interface Timings {
  interval: string;
  window: string;
  pause: string;
  watchWindow: string;
  sustainedFor: string;
}

export const DEMO_TIMINGS: Timings = {
  interval: '200ms',
  window: '800ms',
  pause: '200ms',
  watchWindow: '10s',
  sustainedFor: '600ms',
};

/** The shop's `.github/release-ops.yml`, pointing at this run's service. */
export function demoConfig(serviceUrl: string, t: Timings = DEMO_TIMINGS): string {
  const deploy = (tag: string, weight: string) =>
    `[node, ops/deploy.mjs, --url, "${serviceUrl}", --tag, "${tag}", --weight, "${weight}"]`;
  return `# .github/release-ops.yml of acme/shop, written by the demo for this run's service (${serviceUrl}).
# The runbooks' minutes are scaled down: ${t.interval} here stands for 30s–60s, ${t.window} for a 5–10 minute window.
version: 1
gate:                                   # the recovery playbook's and go-live runbook's pre-deploy checklist
  concurrency: 1                        # one check at a time: the latency budget measures the service, not this machine
  checks:
    - { name: smoke, type: command, run: [node, ops/smoke.mjs, "${serviceUrl}"], timeout: 30s }
    - { name: health-p95, type: http, url: "${serviceUrl}/health", samples: 50, concurrency: 5, p95_ms: 120, retries: 1 }
    - { name: ready, type: http, url: "${serviceUrl}/ready", expect_json: [{ path: ready, equals: true }] }
    - { name: working-copy, type: git, branch: main, clean: true }
    - { name: backup, type: backup-manifest, path: backups/manifest.json, max_age: 24h }
    - { name: ci-green, type: github-checks, wait: 5s, poll_interval: 500ms }
    - { name: no-friday-deploys, type: freeze, timezone: Europe/Madrid, deny: [{ days: [fri] }], severity: warning }
canary:                                 # the go-live runbook: 10 % → 25 % → 100 %, the cutover runbook's thresholds
  deploy: ${deploy('{tag}', '{weight}')}
  rollback: ${deploy('{previous_tag}', '100')}
  steps: [{ weight: 10, pause: ${t.pause} }, { weight: 25, pause: ${t.pause} }, { weight: 100 }]
  program_timeout: 30s
  environment: production
  analysis:
    interval: ${t.interval}
    window: ${t.window}
    metrics:
      - { name: cutover, provider: json, url: "${serviceUrl}/metrics.json", conditions: ["error_rate_pct <= 2.0", "p95_ms <= 1200"], consecutive_failures: 1 }
      - { name: health, provider: http, url: "${serviceUrl}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 2 }
promote:                                # the release runbook: a new GA tag and release reusing the RC's notes and assets
  strategy: new-release
rollback:                               # the release runbook, the release and incident flow, the go-live runbook
  run: ${deploy('{to_tag}', '100')}
  program_timeout: 30s
  environment: production
  verify:
    interval: ${t.interval}
    window: ${t.window}
    metrics:
      - { name: health, provider: http, url: "${serviceUrl}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }
      - { name: cutover, provider: json, url: "${serviceUrl}/metrics.json", conditions: ["error_rate_pct <= 2.0"], consecutive_failures: 1 }
  watch:                                # the release runbook's hypercare, the incident flow's panic button
    health_url: "${serviceUrl}/health"
    ready_url: "${serviceUrl}/ready"
    interval: ${t.interval}
    window: ${t.watchWindow}
    consecutive_failures: 2
    metrics:
      - { name: errors, provider: json, url: "${serviceUrl}/metrics.json", conditions: ["error_rate_pct <= 5"], sustained_for: ${t.sustainedFor} }
  incident:
    labels: [incident]
    severity: high
    impact: "all tenants: a share of checkout requests fail"
`;
}

/** How each build of the shop behaves once deployed (read by ops/deploy.mjs). */
export const BUILDS = {
  'v1.2.0-rc1': {
    defect: 'leaks database connections: its error rate climbs in the hours after go-live',
  },
  'v1.3.0-rc1': {
    defect: 'its connection pool is too small: 8 % of requests fail once it takes 25 % of the traffic',
    inject_at: { '25': { errorRatePct: 8 } },
  },
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    'git',
    ['-c', 'user.name=Shop Ops', '-c', 'user.email=ops@shop.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, stdio: 'pipe' },
  );

/**
 * The shop's checkout: `.github/release-ops.yml`, `ops/` (deploy program, sample-service driver,
 * smoke test, builds), a fresh backup with its manifest (git-ignored), one commit on main.
 */
export function createWorkspace(dir: string, config: string): void {
  mkdirSync(path.join(dir, '.github'), { recursive: true });
  mkdirSync(path.join(dir, 'ops'), { recursive: true });
  mkdirSync(path.join(dir, 'backups'), { recursive: true });
  writeFileSync(path.join(dir, '.github/release-ops.yml'), config);
  copyFileSync(path.join(REPO_ROOT, 'support/demo/ops/deploy.mjs'), path.join(dir, 'ops/deploy.mjs'));
  copyFileSync(path.join(REPO_ROOT, 'support/demo/ops/smoke.mjs'), path.join(dir, 'ops/smoke.mjs'));
  copyFileSync(
    path.join(REPO_ROOT, 'support/sample-service/deploy.mjs'),
    path.join(dir, 'ops/sample-deploy.mjs'),
  );
  writeFileSync(path.join(dir, 'ops/builds.json'), JSON.stringify(BUILDS, null, 2) + '\n');
  writeFileSync(path.join(dir, '.gitignore'), 'backups/\nartifacts/\n');
  // the recovery playbook: the pre-deploy backup and its manifest (backup_manifest_validate.py's input)
  const dump = Buffer.from('-- shop database dump\n' + 'INSERT INTO orders VALUES (1);\n'.repeat(2000));
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '_');
  const dumpName = `pre_deploy_${stamp}.dump`;
  writeFileSync(path.join(dir, 'backups', dumpName), dump);
  writeFileSync(
    path.join(dir, 'backups/manifest.json'),
    JSON.stringify(
      {
        created_at: new Date().toISOString(),
        files: [
          { path: dumpName, size: dump.length, sha256: createHash('sha256').update(dump).digest('hex') },
        ],
      },
      null,
      2,
    ),
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'shop: release-ops config');
}

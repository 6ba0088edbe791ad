/**
 * A production world for the rollback's integration tests: the GitHub emulator seeded with releases
 * (v0.9.0, v1.0.0, v1.1.0-rc1, v1.1.0 latest and deployed), the sample service running the bad v1.1.0,
 * the real GitHub port, and the rollback command run through a real Context — as the action would,
 * except that the port spaces writes 1 ms apart instead of GitHub's 1 s.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rollbackCommand from '../../src/commands/rollback.js';
import { createContext } from '../../src/commands/context.js';
import type { Outcome } from '../../src/commands/types.js';
import { createGitHubPort } from '../../src/github/create.js';
import { silentLogger, type GitHubPort } from '../../src/ports/index.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { flow, RecordingLogger } from './helpers.js';

export interface World {
  emu: Emulator;
  sample: SampleService;
  gh: GitHubPort;
  dir: string;
  /** Lines the rollback program appended: one per run, `<to_tag> <from_tag>`. */
  programRuns(): string[];
  config(extra?: { verify?: string; watch?: string; run?: boolean; more?: string }): string;
  run(
    inputs: Record<string, string>,
    o?: { runId?: string; event?: string; config?: string; gh?: GitHubPort },
  ): Promise<Outcome & { log: string[] }>;
  port(): Promise<GitHubPort>;
  close(): Promise<void>;
}

/** A rollback program: records its run, then redeploys the sample service at the target tag (POST /control). */
const COUNTING_DEPLOY = `import { appendFileSync } from 'node:fs';
const [countFile, url] = process.argv.slice(2);
appendFileSync(countFile, process.env.RELEASE_OPS_TO_TAG + ' ' + process.env.RELEASE_OPS_FROM_TAG + '\\n');
const res = await fetch(new URL('/control', url), { method: 'POST', body: JSON.stringify({ reset: true, version: process.env.RELEASE_OPS_TO_TAG }) });
console.log('control', res.status);
process.exit(res.ok ? 0 : 1);
`;

export async function world(
  o: { immutableReleases?: boolean; firstReleaseOnly?: boolean } = {},
): Promise<World> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop', immutableReleases: o.immutableReleases });
  const c1 = emu.seed.commit('feat: catalogue');
  emu.seed.release({ tag: 'v0.9.0', sha: c1, body: '0.9.0 notes', publishedAt: '2025-12-01T00:00:00Z' });
  if (!o.firstReleaseOnly) {
    const c2 = emu.seed.commit('feat: login');
    emu.seed.release({ tag: 'v1.0.0', sha: c2, body: '1.0.0 notes', publishedAt: '2025-12-15T00:00:00Z' });
    const c3 = emu.seed.commit('feat: new checkout');
    emu.seed.release({ tag: 'v1.1.0-rc1', sha: c3, prerelease: true, publishedAt: '2026-01-03T00:00:00Z' });
    emu.seed.release({
      tag: 'v1.1.0',
      sha: c3,
      body: '## v1.1.0\n- new checkout',
      publishedAt: '2026-01-05T08:00:00Z',
    });
  }
  const gh = await port(emu);
  if (!o.firstReleaseOnly) {
    const d = await gh.createDeployment({ ref: 'v1.1.0', environment: 'production', description: 'go-live' });
    await gh.createDeploymentStatus(d.id, { state: 'success' });
  }
  const sample = await startSampleService({ version: 'v1.1.0' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-rollback-'));
  const countFile = path.join(dir, 'program-runs.txt');
  writeFileSync(countFile, '');
  writeFileSync(path.join(dir, 'deploy.mjs'), COUNTING_DEPLOY);
  const w: World = {
    emu,
    sample,
    gh,
    dir,
    programRuns: () => readFileSync(countFile, 'utf8').split('\n').filter(Boolean),
    config(extra = {}) {
      const program = [process.execPath, path.join(dir, 'deploy.mjs'), countFile, sample.url];
      return [
        'rollback:',
        ...(extra.run === false ? [] : [`  run: ${flow(program)}`]),
        '  program_timeout: 20s',
        '  verify:',
        extra.verify ??
          [
            '    interval: 100ms',
            '    window: 300ms',
            '    metrics:',
            `      - { name: health, provider: http, url: "${sample.url}/health", samples: 2, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`,
          ].join('\n'),
        '  watch:',
        extra.watch ??
          [
            `    health_url: "${sample.url}/health"`,
            `    ready_url: "${sample.url}/ready"`,
            '    interval: 100ms',
            '    window: 1s',
          ].join('\n'),
        '  incident: { labels: [incident], impact: "all tenants: checkout answers 500" }',
        ...(extra.more ? [extra.more] : []),
        '',
      ].join('\n');
    },
    async run(inputs, ro = {}) {
      const cwd = dir;
      writeFileSync(path.join(cwd, 'ro.yml'), ro.config ?? w.config());
      const logger = new RecordingLogger();
      const all: Record<string, string> = { config: 'ro.yml', ...inputs };
      const ctx = createContext({
        host: 'action',
        specs: rollbackCommand.inputs,
        get: (n) => all[n],
        logger,
        env: {
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_RUN_ID: ro.runId ?? '4242',
          GITHUB_EVENT_NAME: ro.event ?? 'workflow_dispatch',
          GITHUB_ACTOR: 'octocat',
          OPS_ARTIFACTS_DIR: path.join(cwd, 'artifacts'),
        },
        cwd,
        signal: new AbortController().signal,
      });
      const portToUse = ro.gh ?? gh;
      const outcome = await rollbackCommand.run({ ...ctx, github: async () => portToUse });
      return { ...outcome, log: logger.lines };
    },
    port: () => port(emu),
    async close() {
      await sample.close();
      await emu.close();
    },
  };
  return w;
}

function port(emu: Emulator): Promise<GitHubPort> {
  return createGitHubPort({
    token: 'ghs_emulatortoken',
    owner: 'acme',
    repo: 'shop',
    baseUrl: emu.url,
    logger: silentLogger,
    retries: 0,
    retryAfterBaseMs: 1,
  });
}

export function appendLine(file: string, line: string): void {
  appendFileSync(file, line + '\n');
}

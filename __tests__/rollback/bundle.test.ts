import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { runBundle } from '../helpers/run-bundle.js';
import { flow } from './helpers.js';

/** dist/auto-rollback/index.js run as the runner runs it: INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY. */
const WEBHOOK = 'https://hooks.example.test/services/T0001/B0001/bundle-webhook-secret';
let emu: Emulator;
let sample: SampleService;
beforeAll(async () => {
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  emu.seed.release({ tag: 'v1.0.0', sha: emu.seed.commit('feat: login') });
  emu.seed.release({ tag: 'v1.1.0', sha: emu.seed.commit('feat: checkout') });
  sample = await startSampleService({ version: 'v1.1.0' });
});
afterAll(async () => {
  await sample.close();
  await emu.close();
});

function workspace(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-rollback-bundle-'));
  const program = [
    process.execPath,
    '-e',
    `fetch(process.argv[1], { method: 'POST', body: JSON.stringify({ reset: true, version: process.env.RELEASE_OPS_TO_TAG }) })`,
    `${sample.url}/control`,
  ];
  writeFileSync(
    path.join(dir, 'release-ops.yml'),
    `rollback:
  run: ${flow(program)}
  verify:
    interval: 100ms
    window: 300ms
    metrics:
      - { name: health, provider: http, url: "${sample.url}/health", samples: 2, conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }
`,
  );
  return dir;
}

describe('auto-rollback bundle', () => {
  it('dry-run against GitHub: resolves the target, plans every write, writes nothing, masks the webhook', async () => {
    emu.resetRequests();
    const r = await runBundle('auto-rollback', {
      cwd: workspace(),
      inputs: {
        config: 'release-ops.yml',
        'dry-run': 'true',
        reason: 'checkout 500s',
        'github-token': 'ghs_bundletoken',
        'webhook-url': WEBHOOK,
      },
      env: {
        GITHUB_API_URL: emu.url,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '77',
        GITHUB_EVENT_NAME: 'workflow_dispatch',
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({
      result: 'dry-run',
      'from-tag': 'v1.1.0',
      'to-tag': 'v1.0.0',
      'rolled-back': 'false',
      'report-path': '',
    });
    expect(r.summary).toContain('DRY-RUN LOCK create refs/release-ops/rollback/v1.1.0/lock-1');
    expect(r.summary).toContain('DRY-RUN NOTIFY POST to the webhook (URL masked)');
    expect(r.summary).toMatch(/a run would write `\S*rollback_report_\d{8}T\d{6}Z\.json`/);
    expect(emu.requests.filter((q) => q.method !== 'GET')).toEqual([]);
    expect(r.stdout).toContain(`::add-mask::${WEBHOOK}`);
    const leaked = [r.summary, JSON.stringify(r.outputs), r.stdout.replace(/^::add-mask::.*$/gm, '')].join(
      '\n',
    );
    expect(leaked).not.toContain('bundle-webhook-secret');
    expect(leaked).not.toContain('ghs_bundletoken');
  });

  it('without a token: redeploys, verifies, writes the evidence and the job summary', async () => {
    sample.inject({ errorRatePct: 100 });
    const cwd = workspace();
    const r = await runBundle('auto-rollback', {
      cwd,
      inputs: {
        config: 'release-ops.yml',
        from: 'v1.1.0',
        to: 'v1.0.0',
        reason: 'canary aborted',
        'github-token': '',
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs).toMatchObject({
      result: 'rolled-back',
      'rolled-back': 'true',
      'from-tag': 'v1.1.0',
      'to-tag': 'v1.0.0',
      reason: 'canary aborted',
    });
    expect(existsSync(path.resolve(cwd, r.outputs['report-path']!))).toBe(true);
    expect(r.summary).toContain('## auto-rollback: v1.1.0 → v1.0.0');
    expect(r.summary).toContain('| program | ✅ done |');
    expect(r.summary).toContain('**Result: rolled-back** ✅');
    expect(sample.version).toBe('v1.0.0');
  });
});

/** The canary-promote bundle run as the runner runs it: inputs, outputs, job summary, masking, SIGTERM. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { runBundle } from '../helpers/run-bundle.js';
import { canaryYaml } from './helpers.js';

let svc: SampleService;
let emu: Emulator;
beforeAll(async () => {
  svc = await startSampleService({ version: 'v1.0.0' });
  emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  // both tags exist: the canary resolves each before anything runs
  emu.seed.tag('v1.0.0', emu.seed.commit('feat: login'));
  emu.seed.tag('v1.1.0', emu.seed.commit('feat'));
});
afterAll(async () => {
  await svc.close();
  await emu.close();
});

const TOKEN = 'ghs_bundleToken0123456789abcdef';
const health = () =>
  `      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`;
const env = () => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_API_URL: emu.url,
  RELEASE_OPS_GITHUB_WAIT_BASE_MS: '1',
  GITHUB_RUN_ID: '7',
  GITHUB_SERVER_URL: 'https://github.example',
});

describe('dist/canary-promote', () => {
  it('rolls back a bad canary: outputs, job summary with sparklines, failed step, token masked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-bundle-canary-'));
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 50 }, { weight: 100 }]',
      deployArgs: ['--inject-at', '50={"errorRatePct":100}'],
      metrics: health(),
    });
    writeFileSync(path.join(dir, 'ro.yml'), yaml);
    const r = await runBundle('canary-promote', {
      cwd: dir,
      inputs: {
        config: 'ro.yml',
        tag: 'v1.1.0',
        'previous-tag': 'v1.0.0',
        'github-token': TOKEN,
        'artifacts-dir': 'out',
      },
      env: env(),
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs).toMatchObject({ result: 'rolled-back', 'failed-step': '1' });
    expect(r.outputs.reason).toContain(
      'health: error_rate_pct 100 != 0 on 2 consecutive measurements (limit 1)',
    );
    expect(r.outputs['deployment-id']).toMatch(/^\d+$/);
    expect(r.outputs['report-path']).toBe(path.join(dir, 'out', readdirSync(path.join(dir, 'out'))[0]!));
    expect(r.summary).toContain('**Result: rolled-back** ❌');
    expect(r.summary).toContain('| Step | Weight | Deploy | Pause | Analysis | Measurements | Took |');
    expect(r.summary).toMatch(/\| health\.error_rate_pct \| [▁█]+ \|/);
    expect(r.commands.find((c) => c.command === 'error')?.message).toContain(
      'canary rolled-back: step 1 (50%) analysis failed',
    );
    const d = emu.state.deployments.find((x) => String(x.id) === r.outputs['deployment-id'])!;
    expect(d.statuses.at(-1)!.state).toBe('failure');
    expect(d.statuses[0]!.log_url).toBe('https://github.example/acme/shop/actions/runs/7');
    // The token is registered with the runner (::add-mask::) and appears nowhere else.
    const shown = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(r.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(shown + r.summary + readFileSync(r.outputs['report-path']!, 'utf8')).not.toContain(TOKEN);
  });

  it('SIGTERM mid-rollout: records the cancel (deployment error, evidence) and exits failed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-bundle-cancel-'));
    writeFileSync(
      path.join(dir, 'ro.yml'),
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 50 }, { weight: 100 }]',
        metrics: health(),
        window: '20s',
      }),
    );
    const r = await runBundle('canary-promote', {
      cwd: dir,
      inputs: {
        config: 'ro.yml',
        tag: 'v1.1.0',
        'previous-tag': 'v1.0.0',
        'github-token': TOKEN,
        'artifacts-dir': 'out',
      },
      env: env(),
      signalAfterMs: 3000,
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('aborted');
    expect(r.outputs.reason).toMatch(
      /^the run was cancelled \(received SIGTERM\) during .*; nothing was rolled back$/,
    );
    const d = emu.state.deployments.find((x) => String(x.id) === r.outputs['deployment-id'])!;
    expect(d.statuses.at(-1)!.state).toBe('error');
    const evidence = JSON.parse(readFileSync(r.outputs['report-path']!, 'utf8'));
    expect(evidence).toMatchObject({ result: 'aborted', details: { cancelled: true } });
  });
});

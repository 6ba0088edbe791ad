/**
 * canary rollout against the sample service with injected faults: real processes (deploy.mjs drives
 * the service), real HTTP, real clock at intervals of 100 ms.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCanary, type CanaryRun } from '../../src/canary/run.js';
import { startSampleService, startTraffic, type SampleService } from '../../support/sample-service/index.js';
import {
  canaryYaml,
  decisions,
  quietLogger,
  realDeps,
  settingsFrom,
  startGitHub,
  type GitHubWorld,
} from './helpers.js';

let svc: SampleService;
let gh: GitHubWorld;
beforeAll(async () => {
  svc = await startSampleService({ version: 'v1.0.0', metricsWindowMs: 250 });
  gh = await startGitHub();
});
afterAll(async () => {
  await svc.close();
  await gh.close();
});
/** The deployment a run recorded, as the emulator holds it. */
const deploymentOf = (run: CanaryRun) => gh.emu.state.deployments.find((d) => d.id === run.deployment.id)!;
afterEach(() => {
  svc.reset();
  svc.setVersion('v1.0.0');
});

const health = (limits = 'consecutive_failures: 2', conditions = '["error_rate_pct == 0"]') =>
  `      - { name: health, provider: http, url: "${'URL'}/health", samples: 5, conditions: ${conditions}, ${limits} }`;
const withUrl = (s: string) => s.replace(/URL/g, svc.url);

describe('canary rollout with the sample service', () => {
  it('promotes a healthy release through every step: deploy programs, GitHub deployment, messages', async () => {
    const s = settingsFrom(canaryYaml({ url: svc.url, metrics: withUrl(health()) }));
    const before = gh.emu.state.deployments.length;
    const run = await runCanary(s, realDeps({ github: gh.github }));
    expect(run).toMatchObject({
      result: 'promoted',
      cancelled: false,
      reason: 'v1.1.0 promoted to 100% in 3 steps',
    });
    expect(run.failedStep).toBeUndefined();
    expect(svc.version).toBe('v1.1.0');
    expect(
      run.steps.map((x) => [x.step, x.weight, x.deploy!.ok, x.analysis!.decision, x.analysis!.ticks]),
    ).toEqual([
      [1, 10, true, 'successful', 3],
      [2, 25, true, 'successful', 3],
      [3, 100, true, 'successful', 3],
    ]);
    expect(run.steps[1]!.deploy!.argv.slice(-4)).toEqual(['--version', 'v1.1.0', '--weight', '25']);
    expect(gh.emu.state.deployments.length).toBe(before + 1);
    expect(deploymentOf(run)).toMatchObject({
      ref: 'v1.1.0',
      environment: 'production',
      production_environment: true,
    });
    expect(deploymentOf(run).statuses.map((x) => [x.state, x.description])).toEqual([
      ['in_progress', 'starting canary of v1.1.0'],
      ['in_progress', 'step 1/3: 10% of traffic on v1.1.0'],
      ['in_progress', 'step 2/3: 25% of traffic on v1.1.0'],
      ['in_progress', 'step 3/3: 100% of traffic on v1.1.0'],
      ['success', 'promoted: v1.1.0 at 100%, analysis passed'],
    ]);
    expect(run.messages.map((m) => m.kind)).toEqual(['start', 'healthy', 'complete']);
    expect(run.messages[1]!.text).toBe(
      'shop canary healthy (error/latency within guardrails). Proceeding to rolling rollout 25% -> 100%.',
    );
  });

  it('a sustained error rate aborts at the expected measurement, rolls back, and verifies', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        deployArgs: ['--inject-at', '25={"errorRatePct":100}'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps({ github: gh.github }));
    expect(run.result).toBe('rolled-back');
    expect(run.failedStep).toBe(2);
    const step2 = run.steps[1]!;
    expect(step2.analysis!.ticks).toBe(3); // every measurement fails from the first: limit 2 → decided at the third
    expect(step2.analysis!.measurements.map((m) => m.phase)).toEqual(['failed', 'failed', 'failed']);
    expect(run.reason).toBe(
      'step 2 (25%) analysis failed: health: error_rate_pct 100 != 0 on 3 consecutive measurements (limit 2); rolled back to v1.0.0 and verified healthy',
    );
    expect(run.steps).toHaveLength(2);
    expect(run.rollback!.argv).toContain('v1.0.0');
    expect(run.verify!.decision).toBe('successful');
    expect(svc.version).toBe('v1.0.0');
    expect(deploymentOf(run).statuses.at(-1)).toMatchObject({
      state: 'failure',
      description: 'aborted at step 2/3 (25%): rolled back to v1.0.0, verified',
    });
    expect(run.messages.map((m) => m.kind)).toEqual(['start', 'healthy', 'abort']);
    // worded for its cause: a failed analysis, with the measured value, the condition and the limit
    expect(run.messages[2]!.text).toBe(
      'shop rollout of v1.1.0 aborted at 25%: the analysis failed (health: error_rate_pct 100 != 0 on 3 consecutive measurements (limit 2)). Rollback in progress to v1.0.0.',
    );
    expect(decisions(run)).toEqual(['continue', 'abort', 'rolled-back']);
  });

  it('one blip does not abort', async () => {
    // The first measurement of step 1 (its 5 samples) fails; the rest are healthy.
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        deployArgs: ['--inject-at', '10={"failNext":5}'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run.result).toBe('promoted');
    expect(run.steps[0]!.analysis!.measurements.map((m) => m.phase)).toEqual([
      'failed',
      'successful',
      'successful',
    ]);
    expect(run.steps[0]!.analysis!.measurements[0]!.message).toBe('error_rate_pct 100 != 0');
  });

  it('a latency regression against the baseline measured before the rollout aborts (p95_ms <= baseline * 1.5)', async () => {
    // The stable version answers in ~30 ms, the new one in ~600 ms: the regression is far beyond any
    // delay a busy machine adds to either reading, and it starts when the deploy program of step 1 has
    // injected it (the program's exit, not a timer), so both measurements of the step see it.
    svc.inject({ latencyMs: 30 });
    const metrics = withUrl(
      health('consecutive_failures: 1', '["p95_ms <= baseline * 1.5"]').replace(
        'samples: 5',
        'samples: 3, concurrency: 3',
      ),
    );
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 25 }, { weight: 100 }]',
        deployArgs: ['--inject-at', '25={"latencyMs":600}'],
        metrics,
        interval: '200ms',
        window: '600ms',
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run.baselines!.health).toMatchObject({
      values: expect.objectContaining({ p95_ms: expect.any(Number) }),
    });
    const base = (run.baselines!.health as { values: Record<string, number> }).values.p95_ms!;
    expect(base).toBeGreaterThanOrEqual(30);
    expect(base * 1.5).toBeLessThan(600); // the limit the regression breaks, whatever the machine added
    expect(run.result).toBe('rolled-back');
    expect(run.failedStep).toBe(1);
    const step1 = run.steps[0]!.analysis!;
    expect(step1.measurements.map((m) => m.phase)).toEqual(['failed', 'failed']);
    expect(step1.measurements.every((m) => m.values.p95_ms! >= 600)).toBe(true);
    expect(run.reason).toMatch(
      /^step 1 \(25%\) analysis failed: health: p95_ms \d+(\.\d+)? > \d+(\.\d+)? \(baseline \d+(\.\d+)? × 1\.5\) on 2 consecutive measurements \(limit 1\)/,
    );
  });

  it('the metrics endpoint going down is caught by the inconclusive limit', async () => {
    const stop = startTraffic(svc.url, { intervalMs: 5 });
    try {
      const metrics = `      - { name: cutover, provider: json, url: "${svc.url}/metrics.json", conditions: ["error_rate_pct <= 2.0", "p95_ms <= 1200"], consecutive_failures: 2, inconclusive_limit: 1, preflight: false }`; // the limit, not the preflight read, is under test
      const s = settingsFrom(
        canaryYaml({
          url: svc.url,
          steps: '[{ weight: 10 }, { weight: 100 }]',
          deployArgs: ['--inject-at', '10={"metricsDown":true}'],
          metrics,
        }),
      );
      const run = await runCanary(s, realDeps());
      expect(run.failedStep).toBe(1);
      expect(run.steps[0]!.analysis!.measurements.map((m) => m.phase)).toEqual(['error', 'error']);
      expect(run.reason).toMatch(
        /^step 1 \(10%\) analysis inconclusive: cutover: 2 inconclusive measurements \(limit 1\); last: GET http:\/\/127\.0\.0\.1:\d+\/metrics\.json answered 503/,
      );
      expect(run.result).toBe('rolled-back'); // the rollback resets the service, and the verification reads its metrics again
      expect(run.verify!.decision).toBe('successful');
    } finally {
      await stop();
    }
  });

  it('a breach during the bake aborts at once: the analysis runs from the deploy, not after the pause', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 25, pause: 30s }, { weight: 100 }]',
        deployArgs: ['--inject-at', '25={"errorRatePct":100}'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run).toMatchObject({ result: 'rolled-back', failedStep: 1 });
    const a = run.steps[0]!.analysis!;
    // the window of step 1 is its 30 s pause (300 measurements at 100 ms); the third failed one decides
    expect(a.measurements.map((m) => m.phase)).toEqual(['failed', 'failed', 'failed']);
    // decided at its third measurement: the step ended long before its pause would have
    expect(run.steps[0]!.endedAt - run.steps[0]!.startedAt).toBeLessThan(30_000);
    expect(run.reason).toMatch(
      /^step 1 \(25%\) analysis failed: health: error_rate_pct 100 != 0 on 3 consecutive/,
    );
  });

  it('a healthy step passes only after its pause and its window have both elapsed healthy', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10, pause: 600ms }, { weight: 100 }]',
        metrics: withUrl(health()),
        interval: '100ms',
        window: '300ms',
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run.result).toBe('promoted');
    // step 1: measured for its 600 ms pause (the longer), step 2 for its 300 ms window
    expect(run.steps.map((r) => r.analysis!.measurements.length)).toEqual([6, 3]);
    expect(run.steps.every((r) => r.analysis!.measurements.every((m) => m.phase === 'successful'))).toBe(
      true,
    );
  });

  it('on_inconclusive: pause ends the run paused after the step, for a person to resume, promote or abort', async () => {
    const stop = startTraffic(svc.url, { intervalMs: 5 });
    try {
      const metrics = `      - { name: cutover, provider: json, url: "${svc.url}/metrics.json", conditions: ["error_rate_pct <= 2.0"], inconclusive_limit: 1 }`;
      const s = settingsFrom(
        canaryYaml({
          url: svc.url,
          steps: '[{ weight: 10 }, { weight: 100 }]',
          deployArgs: ['--inject-at', '10={"metricsDown":true}'],
          metrics,
          extra: '  on_inconclusive: pause',
        }),
      );
      const run = await runCanary(s, realDeps({ github: gh.github }));
      expect(run).toMatchObject({ result: 'paused', resumeStep: 2 });
      expect(run.failedStep).toBeUndefined();
      expect(run.rollback).toBeUndefined();
      expect(svc.version).toBe('v1.1.0');
      expect(deploymentOf(run).statuses.at(-1)).toMatchObject({
        state: 'in_progress',
        description: expect.stringMatching(
          /^paused after step 1\/2 \(10%\): the analysis was inconclusive: cutover: 2 inconclusive measurements/,
        ),
      });
      expect(decisions(run)).toEqual(['pause']);
      expect(run.messages.map((m) => m.kind)).toEqual(['start', 'paused']);
    } finally {
      await stop();
    }
  });

  it('a deploy program that fails aborts and rolls back', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        deployArgs: ['--exit-at', '100=3'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run).toMatchObject({ result: 'rolled-back', failedStep: 2 });
    expect(run.steps[1]).toMatchObject({
      outcome: 'deploy-failed',
      deploy: { ok: false, exit: 'exit code 3' },
    });
    expect(run.steps[1]!.analysis).toBeUndefined();
    expect(run.reason).toBe(
      'the deploy program failed at step 2 (100%): exit code 3; rolled back to v1.0.0 and verified healthy',
    );
  });

  it('a deploy program that hangs is killed at program_timeout with its process group, then rolled back', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-hang-'));
    const pidFile = path.join(dir, 'pids');
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 10 }, { weight: 100 }]',
      deployArgs: ['--hang-at', '10', '--pid-file', pidFile],
      metrics: withUrl(health()),
    }).replace('program_timeout: 10s', 'program_timeout: 3s');
    const run = await runCanary(settingsFrom(yaml), realDeps());
    expect(run).toMatchObject({ result: 'rolled-back', failedStep: 1 });
    expect(run.steps[0]!.deploy).toMatchObject({ ok: false, timedOut: true });
    expect(run.reason).toMatch(
      /^the deploy program failed at step 1 \(10%\): timed out after 3s \(process group killed\); rolled back/,
    );
    const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    // SIGKILL is delivered at once, but a loaded machine may take a moment to tear the processes down.
    const alive = () => pids.filter((pid) => /^\d+ \(.*\) [^ZX]/.test(safeStat(pid)));
    for (let i = 0; i < 40 && alive().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toEqual([]);
  });

  it('on-failure pause stops without rolling back', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 25 }, { weight: 100 }]',
        deployArgs: ['--inject-at', '25={"errorRatePct":100}'],
        metrics: withUrl(health()),
      }),
      { onFailure: 'pause' },
    );
    const run = await runCanary(s, realDeps({ github: gh.github }));
    expect(run).toMatchObject({ result: 'aborted', failedStep: 1, resumeStep: 1 });
    expect(run.rollback).toBeUndefined();
    expect(svc.version).toBe('v1.1.0');
    expect(deploymentOf(run).statuses.at(-1)!.state).toBe('failure');
    expect(deploymentOf(run).statuses.at(-1)!.description).toMatch(/^paused at 25% \(step 1\/2\): /);
    expect(run.journal.filter((e) => e.kind === 'decision').at(-1)!.detail).toContain(
      'rollout paused at 25%, not rolled back (on-failure: pause)',
    );
    expect(run.messages.at(-1)).toMatchObject({ kind: 'paused' });
    expect(run.messages.at(-1)!.text).toContain(
      'shop rollout of v1.1.0 paused at 25% (step 1): the analysis failed: health: error_rate_pct 100 != 0',
    );
  });

  it('a rollback program that fails ends rollback-failed', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        deployArgs: ['--exit-at', '10=1'],
        rollbackArgs: ['--exit', '4'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run.result).toBe('rollback-failed');
    expect(run.reason).toBe(
      'the deploy program failed at step 1 (10%): exit code 1; the rollback program failed: exit code 4',
    );
  });

  it('without a rollback program, abort stops and says nothing was rolled back', async () => {
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        noRollback: true,
        deployArgs: ['--exit-at', '10=1'],
        metrics: withUrl(health()),
      }),
    );
    const run = await runCanary(s, realDeps());
    expect(run.result).toBe('aborted');
    expect(run.reason).toContain(
      'no rollback program is configured (canary.rollback): nothing was rolled back',
    );
  });

  it('a baseline that cannot be measured stops the rollout before anything is deployed', async () => {
    const metrics = `      - { name: latency, provider: json, url: "${svc.url}/metrics.json", conditions: ["p95_ms <= baseline * 1.5"], preflight: false }`; // the baseline step, not the preflight read
    const run = await runCanary(settingsFrom(canaryYaml({ url: svc.url, metrics })), realDeps()); // no traffic: p95_ms is null
    expect(run.result).toBe('aborted');
    expect(run.steps).toEqual([]);
    expect(svc.version).toBe('v1.0.0');
    expect(run.reason).toBe(
      'the baseline could not be measured before the rollout (latency: no baseline value for p95_ms (p95_ms is null, not a number)); nothing was deployed',
    );
  });

  it('cancellation during an analysis stops at once: deployment status error, nothing rolled back', async () => {
    const ctl = new AbortController();
    const lines: string[] = [];
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        metrics: withUrl(health()),
        window: '2s',
      }),
    );
    const logger = quietLogger(lines);
    const run = await runCanary(s, {
      ...realDeps({ github: gh.github, signal: ctl.signal }),
      logger: {
        ...logger,
        info: (m) => (
          logger.info(m),
          m.startsWith('step 1 (10%) 1/') && ctl.abort(new Error('received SIGTERM'))
        ),
      },
    });
    expect(run).toMatchObject({ result: 'aborted', cancelled: true, failedStep: 1 });
    expect(run.reason).toBe(
      'the run was cancelled (received SIGTERM) during the analysis of step 1 (10%); nothing was rolled back',
    );
    expect(run.rollback).toBeUndefined();
    expect(deploymentOf(run).statuses.at(-1)).toMatchObject({
      state: 'error',
      description: 'cancelled at step 1/2 (10%)',
    });
    expect(run.steps[0]!.outcome).toBe('cancelled');
    expect(run.steps[0]!.analysis).toMatchObject({ decision: 'cancelled', ticks: 1 });
  });

  it('cancellation while the deploy program runs kills its process group', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-cancel-'));
    const pidFile = path.join(dir, 'pids');
    const ctl = new AbortController();
    const s = settingsFrom(
      canaryYaml({
        url: svc.url,
        steps: '[{ weight: 10 }, { weight: 100 }]',
        deployArgs: ['--hang-at', '10', '--pid-file', pidFile],
        metrics: withUrl(health()),
      }),
    );
    const poll = setInterval(() => {
      if (safeStat(0, pidFile)) ctl.abort(new Error('received SIGINT'));
    }, 20);
    const run = await runCanary(s, realDeps({ signal: ctl.signal }));
    clearInterval(poll);
    expect(run).toMatchObject({ result: 'aborted', cancelled: true, failedStep: 1 });
    expect(run.steps[0]!.deploy).toMatchObject({ cancelled: true, exit: 'cancelled (process group killed)' });
    const pids = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    // SIGKILL is delivered at once, but a loaded machine may take a moment to tear the processes down.
    const alive = () => pids.filter((pid) => /^\d+ \(.*\) [^ZX]/.test(safeStat(pid)));
    for (let i = 0; i < 40 && alive().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toEqual([]);
  });
});

function safeStat(pid: number, file = `/proc/${pid}/stat`): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

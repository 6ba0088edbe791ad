/**
 * canary-promote with the judge, end to end through the CLI host: two sample services — the stable
 * version as the baseline, the canary driven by the deploy program — real processes, real HTTP, real
 * clock at intervals of 400 ms. The canary's tail regression stays under the fixed thresholds; the judge
 * catches it, the rollout rolls back, and the judge's message is in the `reason` output and the evidence.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/main.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { DEPLOY, flow } from './helpers.js';

/** Both versions when healthy: 30–34 ms, 1 % errors. */
const HEALTHY = { latencyMs: 30, latencyJitterMs: 4, errorRatePct: 1 };
/**
 * The bad release: 5–59 ms — the same median (32 ms), a p95 of 56 instead of 34 ms (+65 %): a tail and
 * spread regression that a median test (Kayenta's Mann–Whitney) cannot see and p95_ms <= 500 does not catch.
 */
const TAIL = { latencyMs: 5, latencyJitterMs: 54 };

let stable: SampleService;
let canary: SampleService;
beforeAll(async () => {
  stable = await startSampleService({ version: 'v1.0.0', seed: 11 });
  canary = await startSampleService({ version: 'v1.0.0', seed: 12 });
  stable.inject(HEALTHY);
  canary.inject(HEALTHY);
});
afterAll(async () => {
  await stable.close();
  await canary.close();
});

function config(): string {
  const deploy = [
    process.execPath,
    DEPLOY,
    '--url',
    canary.url,
    '--version',
    '{tag}',
    '--weight',
    '{weight}',
    '--inject-at',
    `50=${JSON.stringify(TAIL)}`,
  ];
  // The rollback restores the previous version as it was: healthy, like the stable one.
  const rollback = [
    process.execPath,
    DEPLOY,
    '--url',
    canary.url,
    '--version',
    '{previous_tag}',
    '--reset',
    '--weight',
    '0',
    '--inject-at',
    `0=${JSON.stringify(HEALTHY)}`,
  ];
  return `canary:
  deploy: ${flow(deploy)}
  rollback: ${flow(rollback)}
  steps: [{ weight: 25 }, { weight: 50 }, { weight: 100 }]
  program_timeout: 10s
  analysis:
    interval: 400ms
    window: 2s
    judge: { confidence: 0.99 }
    metrics:
      - name: web
        provider: http
        url: ${canary.url}/checkout
        baseline: { url: ${stable.url}/checkout }
        samples: 50
        concurrency: 10
        timeout: 2s
        conditions: ["error_rate_pct <= 5", "p95_ms <= 500"]
        judge: { kind: latency, max_increase_pct: 10 }
`;
}

describe('canary-promote with the judge (two sample services)', () => {
  it("a tail regression under the thresholds is caught by the judge: rolled-back, the judge's message in reason and evidence", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-judge-'));
    writeFileSync(path.join(dir, 'release-ops.yml'), config());
    let stdout = '';
    let stderr = '';
    const code = await cli({
      argv: [
        'canary',
        '--config',
        'release-ops.yml',
        '--artifacts-dir',
        'evidence',
        '--tag',
        'v1.1.0',
        '--previous-tag',
        'v1.0.0',
      ],
      env: { PATH: process.env.PATH, GITHUB_ACTOR: 'ana' },
      cwd: dir,
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    if (process.env.JUDGE_TEST_DEBUG) console.log(stdout, stderr);
    expect(code).toBe(1);
    expect(stderr).toContain('canary rolled-back: step 2 (50%) analysis failed: score 0 < marginal 75');
    expect(stdout).toContain('result=rolled-back');
    expect(stdout).toContain('failed-step=2');
    // The reason output: the judge's decision, with the effect size and its interval, the limit and the look.
    const reason = /^\s*reason=(.*)$/m.exec(stdout)![1]!;
    expect(reason).toMatch(
      /^step 2 \(50%\) analysis failed: score 0 < marginal 75 \(look [1-5]\/5\): web: .*(p95|p99|spread) \+\d+ % [[(]\+[\d.]+ %, \+[\d.]+ %[\])] vs baseline, p=\S+.* \(limit \+10 %, look [1-5]\/5\); rolled back to v1\.0\.0 and verified healthy$/,
    );
    expect(canary.version).toBe('v1.0.0');

    const files = readdirSync(path.join(dir, 'evidence'));
    expect(files).toHaveLength(1);
    const e = JSON.parse(readFileSync(path.join(dir, 'evidence', files[0]!), 'utf8'));
    expect(e.result).toBe('rolled-back');
    expect(e.reason).toBe(reason);
    expect(e.settings.analysis.judge).toEqual({
      pass: 95,
      marginal: 75,
      confidence: 0.99,
      spending: 'obrien_fleming',
      boundaries: 'group_sequential',
    });
    expect(e.settings.analysis.metrics[0].judge).toEqual([
      expect.objectContaining({ name: 'web', source: 'web', kind: 'latency', max_increase_pct: 10 }),
    ]);

    // Step 1 (healthy pair): the judge looked 5 times and passed; the fixed thresholds passed too.
    const [s1, s2] = e.details.steps;
    expect(s1.analysis.decision).toBe('successful');
    expect(s1.analysis.judge.map((d: { look: number }) => d.look)).toEqual([1, 2, 3, 4, 5]);
    expect(s1.analysis.judge.at(-1)).toMatchObject({ action: 'pass', score: 100, final: true });

    // Step 2: every measurement within the thresholds — only the judge saw the regression.
    expect(s2.analysis.decision).toBe('failed');
    expect(s2.analysis.measurements.every((m: { phase: string }) => m.phase === 'successful')).toBe(true);
    expect(s2.analysis.measurements[0].baseline_samples.total).toBe(50);
    const last = s2.analysis.judge.at(-1);
    expect(last.action).toBe('fail');
    expect(s2.analysis.judge).toHaveLength(s2.analysis.ticks);
    const verdict = last.metrics[0];
    expect(verdict).toMatchObject({ metric: 'web', kind: 'latency', verdict: 'fail' });
    expect(verdict.n.canary).toBe(50 * s2.analysis.ticks);
    // Each test with its p-value, the look's level, the estimate and its interval.
    const failed = verdict.tests.filter((t: { failed: boolean }) => t.failed);
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) {
      expect(t.p).toBeLessThanOrEqual(t.level);
      expect(t.interval[0]).toBeGreaterThan(1.1); // worse than the baseline by more than the 10 % allowed
      expect(reason).toContain(t.message);
    }
    expect(s2.analysis.decisions.at(-1)).toMatchObject({
      decision: 'failed',
      evaluator: 'judge',
      rule: 'judge',
    });
    expect(
      e.journal.filter((d: { kind: string }) => d.kind === 'decision').map((d: { name: string }) => d.name),
    ).toEqual(['continue', 'abort', 'rolled-back']);

    // The verification after the rollback: the canary is the stable version again; the judge passes it.
    expect(e.details.verify.decision).toBe('successful');
    expect(e.details.verify.judge.at(-1).action).toBe('pass');

    // The report: the judge's verdict per metric and the score, per step.
    expect(stdout).toMatch(/Judge, look 5\/5: \**pass\**, score 100/);
    expect(stdout).toMatch(/Judge, look [1-5]\/5: \**fail\**, score 0/);
    expect(stdout).toMatch(
      /web\s+latency\s+\**✗ fail\** at look [1-5]\s+\d+ vs \d+ samples\s+(p95|p99|spread) \+/,
    );
  }, 30_000);
});

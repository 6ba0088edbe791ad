/** `release-ops canary` end to end through the CLI host: plan, exit codes, outputs, evidence, webhook, config errors. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/main.js';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { startSampleService, type SampleService } from '../../support/sample-service/index.js';
import { canaryYaml } from './helpers.js';

let svc: SampleService;
let hook: http.Server;
let hookUrl: string;
const posts: string[] = [];
let hookStatus = 200;
beforeAll(async () => {
  svc = await startSampleService({ version: 'v1.0.0' });
  hook = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => {
      posts.push(b);
      res.writeHead(hookStatus).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/s3cr3t-w3bh00k`;
});
afterAll(async () => {
  await svc.close();
  await new Promise<void>((r) => hook.close(() => r()));
});
afterEach(() => {
  svc.reset();
  svc.setVersion('v1.0.0');
  posts.length = 0;
  hookStatus = 200;
});

const health = () =>
  `      - { name: health, provider: http, url: "${svc.url}/health", conditions: ["error_rate_pct == 0"], consecutive_failures: 1 }`;

/** The decisions in an evidence file's journal, in order. */
const decided = (e: { journal: { kind: string; name: string }[] }) =>
  e.journal.filter((x) => x.kind === 'decision').map((x) => x.name);

async function canary(yaml: string, args: string[], extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ro-canary-'));
  writeFileSync(path.join(dir, 'release-ops.yml'), yaml);
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const code = await cli({
    argv: ['canary', '--config', 'release-ops.yml', '--artifacts-dir', 'evidence', ...args],
    env: { PATH: process.env.PATH, GITHUB_ACTOR: 'ana' },
    cwd: dir,
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
  });
  const evidenceDir = path.join(dir, 'evidence');
  let files: string[] = [];
  try {
    files = readdirSync(evidenceDir);
  } catch {
    /* none written */
  }
  return {
    code,
    stdout,
    stderr,
    dir,
    files,
    evidence: files[0] ? JSON.parse(readFileSync(path.join(evidenceDir, files[0]), 'utf8')) : null,
  };
}

describe('release-ops canary', () => {
  it('--dry-run prints the plan and the worst-case duration, and runs nothing', async () => {
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 10, pause: 5m }, { weight: 25, pause: 5m }, { weight: 100 }]',
      metrics: health(),
      interval: '30s',
      window: '5m',
    });
    const r = await canary(yaml, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0', '--dry-run']);
    expect(r.code).toBe(0);
    expect(svc.version).toBe('v1.0.0');
    expect(r.files).toEqual([]);
    expect(r.stdout).toContain('canary-promote plan: v1.1.0 → production');
    expect(r.stdout).toMatch(
      /# step 2\n\s+\S+ \S+deploy\.mjs --url http:\/\/127\.0\.0\.1:\d+ --version v1\.1\.0 --weight 25\n/,
    );
    expect(r.stdout).toContain('10 measurements, every 30s for 5m');
    expect(r.stdout).toContain('fails on the 2nd consecutive failed measurement (consecutive_failures 1)');
    expect(r.stdout).toMatch(/on-failure: abort — runs `.*--version v1\.0\.0 --reset`/);
    expect(r.stdout).toContain('GitHub deployment tracking: skipped (no GitHub token)');
    expect(r.stdout).toContain('start: ro-canary-');
    // the steps it would take, and the file it would write
    expect(r.stdout).toMatch(/deploy \(step 2\): would run \S+ \S+deploy\.mjs .* --weight 25/);
    expect(r.stdout).toContain('Would write the evidence file evidence/canary_report_<UTC>.json.');
    // a tick's slowest measurement: 5 samples × 5s timeout = 25s ≤ 30s, so an analysis is 10 × 30s + 25s = 5m25s;
    // the 5m pauses are analysed (the window is the longer of the pause and 5m):
    // 3 × (10s program_timeout + 5m25s) + rollback 10s + verification 5m25s = 22m20s
    expect(r.stdout).toContain('Worst-case duration: 22m20s');
  });

  it('promoted: exit 0, outputs, evidence with every measurement, and the four-message flow posted to the webhook (masked)', async () => {
    const yaml = canaryYaml({ url: svc.url, steps: '[{ weight: 50 }, { weight: 100 }]', metrics: health() });
    const r = await canary(yaml, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0', '--webhook-url', hookUrl]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Result: promoted');
    expect(r.stdout).toContain('result=promoted');
    expect(r.stdout).toContain('failed-step=\n');
    expect(r.stdout).toContain('deployment-id=\n');
    expect(r.stdout).toContain('deployment tracking is off: no GitHub token');
    expect(r.stdout).toMatch(/health\.error_rate_pct\s+▁▁▁▁▁▁/);
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatch(/^canary_report_\d{8}T\d{6}Z\.json$/);
    expect(r.stdout).toContain(`report-path=${path.join(r.dir, 'evidence', r.files[0]!)}`);
    const e = r.evidence;
    // the shared envelope: who ran it, the build, the journal; the canary's own record in details
    expect(evidenceProblems(e)).toEqual([]);
    expect(e).toMatchObject({
      command: 'canary',
      run: { actor: 'ana', dry_run: false },
      build: { tag: 'v1.1.0' },
      result: 'promoted',
      details: { previous_tag: 'v1.0.0', failed_step: null },
    });
    expect(e.details.steps).toHaveLength(2);
    expect(e.details.steps[0].pause_ms).toBe(0);
    expect(e.details.steps[0].analysis.measurements).toHaveLength(3);
    expect(e.details.steps[0].analysis.measurements[0]).toMatchObject({
      metric: 'health',
      index: 1,
      phase: 'successful',
      values: { error_rate_pct: 0 },
    });
    expect(e.details.steps[0].analysis.measurements[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(decided(e)).toEqual(['continue', 'continue', 'promote']);
    expect(posts.map((p) => JSON.parse(p).text)).toEqual([
      expect.stringMatching(/release v1\.1\.0 started \(canary phase, production\)\. Decision owner: ana\./),
      expect.stringMatching(/canary healthy .* Proceeding to rolling rollout 100% -> 100%\./),
      expect.stringMatching(/release v1\.1\.0 go-live complete\./),
    ]);
    const everything = r.stdout + r.stderr + JSON.stringify(e);
    expect(everything).not.toContain('s3cr3t-w3bh00k');
    expect(e.settings.webhook).toBe('set (masked)');
  });

  it('aborted and rolled back: exit 1 with result, failed-step and reason; a failing webhook does not fail anything more', async () => {
    hookStatus = 404; // not retried (retries with backoff are tested in notify.test.ts with a FakeClock)
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 50 }, { weight: 100 }]',
      deployArgs: ['--inject-at', '50={"errorRatePct":100}'],
      metrics: health(),
    });
    const r = await canary(yaml, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0', '--webhook-url', hookUrl]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('result=rolled-back');
    expect(r.stdout).toContain('failed-step=1');
    expect(r.stdout).toContain(
      'reason=step 1 (50%) analysis failed: health: error_rate_pct 100 != 0 on 2 consecutive measurements (limit 1); rolled back to v1.0.0 and verified healthy',
    );
    expect(r.stderr).toContain('canary rolled-back: step 1 (50%)');
    expect(r.stderr).toContain(
      'could not be posted to the webhook after 1 attempt(s): the webhook answered 404',
    );
    expect(
      r.evidence.details.messages.map((m: { kind: string; webhook: { delivered: boolean } }) => [
        m.kind,
        m.webhook.delivered,
      ]),
    ).toEqual([
      ['start', false],
      ['abort', false],
    ]);
    expect(evidenceProblems(r.evidence)).toEqual([]);
    expect(r.evidence.details.rollback).toMatchObject({ ok: true, exit: 'exit code 0' });
    expect(r.evidence.details.verify.decision).toBe('successful');
    expect(JSON.stringify(r.evidence) + r.stderr).not.toContain('s3cr3t-w3bh00k');
  });

  it('a smoke test as a metric (the command provider) runs in the workspace, stops the canary at the step it fails, and verifies the rollback', async () => {
    // five requests to /health; prints how many were not 200 (the program a runbook's smoke step runs)
    const smoke = `const url = process.argv[2];
let bad = 0;
for (let i = 0; i < 5; i++) if ((await fetch(url)).status !== 200) bad++;
console.log(JSON.stringify({ bad }));
`;
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 10 }, { weight: 50 }, { weight: 100 }]',
      deployArgs: ['--inject-at', '50={"errorRatePct":100}'],
      metrics: `      - { name: smoke, provider: command, run: ["${process.execPath}", smoke.mjs, "${svc.url}/health"], conditions: ["exit_code == 0", "bad == 0"], timeout: 10s }`,
    });
    const r = await canary(yaml, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0'], { 'smoke.mjs': smoke });
    expect(r.stderr).not.toContain('needs a process runner');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('result=rolled-back');
    expect(r.stdout).toContain('failed-step=2');
    const measured = (a: { measurements: { values: Record<string, number> }[] }) =>
      a.measurements.map((m) => m.values);
    const steps = r.evidence.details.steps as { analysis: Parameters<typeof measured>[0] }[];
    expect(measured(steps[0]!.analysis)).toContainEqual({ exit_code: 0, bad: 0 });
    expect(measured(steps[1]!.analysis)).toContainEqual({ exit_code: 0, bad: 5 });
    expect(r.evidence.details.verify.decision).toBe('successful');
    expect(measured(r.evidence.details.verify)).toContainEqual({ exit_code: 0, bad: 0 });
  });

  it('the on-failure input overrides the config', async () => {
    const yaml = canaryYaml({
      url: svc.url,
      steps: '[{ weight: 50 }, { weight: 100 }]',
      deployArgs: ['--exit-at', '50=2'],
      metrics: health(),
    });
    const r = await canary(yaml, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0', '--on-failure', 'pause']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('result=aborted');
    expect(r.evidence.details.rollback).toBeNull();
  });

  it('config and input problems exit 2 with file, line and key', async () => {
    const noSection = await canary('version: 1\n', ['--tag', 'v1.1.0']);
    expect(noSection.code).toBe(2);
    expect(noSection.stderr).toContain('release-ops.yml:1:1: no canary: section');

    const typo = canaryYaml({ url: svc.url, metrics: health() })
      .replace("'{weight}'", "'{wieght}'")
      .replace('"{weight}"', '"{wieght}"');
    const bad = await canary(typo, ['--tag', 'v1.1.0', '--previous-tag', 'v1.0.0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /release-ops\.yml:2:\d+ canary\.deploy: unknown placeholder \{wieght\}; known: \{weight\}, \{step\}, \{tag\}, \{previous_tag\}/,
    );

    const noPrevious = await canary(canaryYaml({ url: svc.url, metrics: health() }), ['--tag', 'v1.1.0']);
    expect(noPrevious.code).toBe(2);
    expect(noPrevious.stderr).toContain(
      'input previous-tag: canary.rollback uses {previous_tag}, but no previous tag is known',
    );

    const badEnum = await canary(canaryYaml({ url: svc.url, metrics: health() }), [
      '--tag',
      'v1.1.0',
      '--on-failure',
      'retry',
    ]);
    expect(badEnum.code).toBe(2);
    expect(badEnum.stderr).toContain('input on-failure: expected one of abort, pause, found "retry"');

    const noTag = await canary(canaryYaml({ url: svc.url, metrics: health() }), []);
    expect(noTag.code).toBe(2);
    expect(noTag.stderr).toContain('input tag: is required');
  });
});

/** Fault cases for readiness-gate: GitHub failures around the PR check, a hanging service, a hanging program, a cancelled job. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, saysCancelled, Violations } from './expect.js';
import { startLossyProxy } from './lossy-proxy.js';
import { fileWritten, goneWithin, startEntry } from './signals.js';
import {
  configs,
  flow,
  NODE,
  openWorld,
  port,
  runInProcess,
  runnerEnv,
  TOKEN,
  WAIT_BASE_MS,
  workspace,
  type InProcessRun,
  type World,
} from './world.js';

const CHECK_RUNS = /\/check-runs$/;
const LIST_CHECK_RUNS = /\/commits\/[^/]+\/check-runs$/;
const LIST_STATUSES = /\/commits\/[^/]+\/statuses$/;

async function gate(w: World, baseUrl = w.emu.url): Promise<InProcessRun> {
  return runInProcess('gate', {
    inputs: { sha: w.facts.sha!, 'github-token': TOKEN },
    env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
    cwd: w.dir,
    gh: await port(baseUrl),
    token: TOKEN,
  });
}

const gateRuns = (w: World) => w.emu.state.checkRuns.filter((c) => c.name === 'readiness-gate');
const posts = (w: World, re: RegExp) => w.emu.requests.filter((r) => r.method === 'POST' && re.test(r.path));
const gets = (w: World, re: RegExp) =>
  w.emu.requests.filter((r) => r.method === 'GET' && re.test(r.path.split('?')[0]!));

function evidenceOf(w: World): Record<string, any> | null {
  const dir = path.join(w.dir, 'artifacts');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.startsWith('gate_report_'));
  if (!files.length) return null;
  const ev = JSON.parse(readFileSync(path.join(dir, files.sort().at(-1)!), 'utf8'));
  // the envelope's result, and the gate's own facts (checks, github, cancelled) from its details
  return { ...ev.details, result: ev.result };
}

/** PASS, one check run named readiness-gate concluding success, evidence written. */
function passed(v: Violations, w: World, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('result', r.outcome?.outputs.result, 'PASS');
  v.eq('exit code', r.outcome?.exitCode, 0);
  v.eq(
    'gate check runs (conclusion)',
    gateRuns(w).map((c) => c.conclusion),
    ['success'],
  );
  v.ok(evidenceOf(w)?.result === 'PASS', 'the evidence file says PASS');
}

/** A transient GitHub failure of `spec` is retried and the gate passes as if nothing happened. */
function transient(
  id: string,
  what: string,
  spec: FaultSpec,
  count: (w: World) => number,
  expectedCount: number,
): Case {
  return {
    id: `readiness-gate/${id}`,
    action: 'readiness-gate',
    fault: what,
    expected: `retried (${expectedCount} requests to the endpoint); PASS; one check run; evidence written`,
    async run() {
      const w = await openWorld('readiness-gate');
      try {
        w.writeConfig(configs.gate(w));
        w.emu.faults.add(spec);
        const r = await bounded(30_000, this.id, () => gate(w));
        const v = new Violations();
        passed(v, w, r);
        v.eq('requests to the faulted endpoint', count(w), expectedCount);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

export function gateCases(): Case[] {
  return [
    transient(
      'github-500-create-check-run',
      'POST check-runs answers 500 once',
      { method: 'POST', path: CHECK_RUNS, kind: 'status', status: 500, times: 1 },
      (w) => posts(w, CHECK_RUNS).length,
      2,
    ),
    transient(
      'github-502-list-check-runs',
      'GET commits/{sha}/check-runs (github-checks) answers 502 once',
      { method: 'GET', path: LIST_CHECK_RUNS, kind: 'status', status: 502, times: 1 },
      (w) => gets(w, LIST_CHECK_RUNS).length,
      2,
    ),
    transient(
      'github-503-list-statuses',
      'GET commits/{sha}/statuses answers 503 twice',
      { method: 'GET', path: LIST_STATUSES, kind: 'status', status: 503, times: 2 },
      (w) => gets(w, LIST_STATUSES).length,
      3,
    ),
    transient(
      'primary-rate-limit-list-check-runs',
      'GET check-runs: primary rate limit exhausted (403, x-ratelimit-remaining 0, reset in 1 s)',
      { method: 'GET', path: LIST_CHECK_RUNS, kind: 'rate-limit', retryAfterS: 1, times: 1 },
      (w) => gets(w, LIST_CHECK_RUNS).length,
      2,
    ),
    {
      id: 'readiness-gate/github-slow',
      action: 'readiness-gate',
      fault: 'every GitHub request answers 100 ms late',
      expected: 'the same outcome as on a fast GitHub: PASS, one check run',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({ kind: 'latency', latencyMs: 100 });
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          passed(v, w, r);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/secondary-rate-limit-create-check-run',
      action: 'readiness-gate',
      fault: 'POST check-runs: 403 secondary rate limit with retry-after: 20',
      expected: `waited retry-after × base (${20 * WAIT_BASE_MS} ms here) before the one retry; 2 requests; PASS`,
      async run() {
        const w = await openWorld('readiness-gate');
        const proxy = await startLossyProxy(w.emu.url);
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({
            method: 'POST',
            path: CHECK_RUNS,
            kind: 'secondary-rate-limit',
            retryAfterS: 20,
            times: 1,
          });
          const r = await bounded(30_000, this.id, () => gate(w, proxy.url));
          const v = new Violations();
          passed(v, w, r);
          const tries = proxy.seen.filter((s) => s.method === 'POST' && CHECK_RUNS.test(s.path));
          v.eq('POST check-runs requests', tries.length, 2);
          if (tries.length === 2)
            v.ok(
              tries[1]!.at - tries[0]!.at >= 20 * WAIT_BASE_MS * 0.9,
              `waited ${Math.round(tries[1]!.at - tries[0]!.at)} ms, less than retry-after (${20 * WAIT_BASE_MS} ms)`,
            );
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/github-500-persistent-create-check-run',
      action: 'readiness-gate',
      fault: 'POST check-runs answers 500 every time',
      expected:
        '1 + 3 retries, then stops (not hammered); the verdict stands (PASS, exit 0); the evidence records the GitHub error',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({ method: 'POST', path: CHECK_RUNS, kind: 'status', status: 500 });
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'PASS');
          v.eq('exit code', r.outcome?.exitCode, 0);
          v.eq('POST check-runs requests', posts(w, CHECK_RUNS).length, 4);
          const ev = evidenceOf(w);
          v.eq('evidence github.kind', ev?.github?.kind, 'none');
          v.match('evidence github.error', ev?.github?.error, /HTTP 500 .*after 3 retries/);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/github-403-create-check-run',
      action: 'readiness-gate',
      fault: 'POST check-runs answers 403 (a token without checks: write, e.g. a fork PR)',
      expected: 'not retried; falls back to a commit status readiness-gate = success; PASS',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({ method: 'POST', path: CHECK_RUNS, kind: 'status', status: 403 });
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'PASS');
          v.eq('POST check-runs requests', posts(w, CHECK_RUNS).length, 1);
          v.eq(
            'commit statuses named readiness-gate',
            w.emu.state.statuses.filter((s) => s.context === 'readiness-gate').map((s) => s.state),
            ['success'],
          );
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/github-422-create-check-run',
      action: 'readiness-gate',
      fault: 'POST check-runs answers 422 (GitHub refuses the check run)',
      expected: 'not retried; the verdict stands (PASS, exit 0); the evidence records the refusal',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({ method: 'POST', path: CHECK_RUNS, kind: 'status', status: 422 });
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'PASS');
          v.eq('exit code', r.outcome?.exitCode, 0);
          v.eq('POST check-runs requests', posts(w, CHECK_RUNS).length, 1);
          v.match('evidence github.error', evidenceOf(w)?.github?.error, /HTTP 422/);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/crash-before-check-run-then-rerun',
      action: 'readiness-gate',
      fault: 'GitHub goes down at the gate’s only write (the check run); the job is re-run',
      expected:
        'first run: verdict PASS recorded in the evidence, GitHub error noted; re-run: exactly one check run, success',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(configs.gate(w));
          w.emu.faults.add({ method: 'POST', path: CHECK_RUNS, kind: 'crash' });
          const first = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('first run result', first.outcome?.outputs.result, 'PASS');
          v.eq('check runs after the crash', gateRuns(w).length, 0);
          v.eq('first evidence github.kind', evidenceOf(w)?.github?.kind, 'none');
          w.emu.faults.clear();
          const again = await bounded(30_000, this.id, () => gate(w));
          passed(v, w, again);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/health-endpoint-hangs',
      action: 'readiness-gate',
      fault: 'the health endpoint answers after 8 s; request_timeout 300ms',
      expected:
        'the sample fails on its own timeout (“no complete response within 300ms”), sampling stops; FAIL; well before the 8 s answer',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          w.writeConfig(
            [
              'gate:',
              '  checks:',
              `    - { name: health, type: http, url: "${w.svc.url}/health", samples: 5, request_timeout: 300ms }`,
              '',
            ].join('\n'),
          );
          w.svc.inject({ latencyMs: 8000 });
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'FAIL');
          v.eq('failed', r.outcome?.outputs.failed, 'health');
          const check = evidenceOf(w)?.checks?.[0];
          v.match('health detail', check?.detail, /no complete response within 300ms/);
          v.eq('samples sent (stopped at the first failure)', check?.measurements?.samples_sent, 1);
          v.ok(
            r.durationMs < 7500,
            `the gate took ${Math.round(r.durationMs)} ms: it waited for the hung answer`,
          );
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/command-ignores-sigterm',
      action: 'readiness-gate',
      slow: true,
      fault: 'a command check hangs, ignores SIGTERM, and has a child; timeout 2s',
      expected:
        'FAIL (timeout); the whole process group is killed (SIGKILL after the grace), no process left',
      async run() {
        const w = await openWorld('readiness-gate');
        const pidFile = path.join(w.dir, 'pids');
        try {
          const script = [
            "const { spawn } = require('node:child_process');",
            "process.on('SIGTERM', () => {});",
            "const c = spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { stdio: 'ignore' });",
            `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + c.pid);`,
            'setInterval(() => {}, 1000);',
          ].join('\n');
          w.writeConfig(
            [
              'gate:',
              '  checks:',
              `    - { name: stuck, type: command, run: ${flow([NODE, '-e', script])}, timeout: 2s }`,
              '',
            ].join('\n'),
          );
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'FAIL');
          const check = evidenceOf(w)?.checks?.[0];
          v.eq('timed out', check?.timed_out, true);
          v.match('detail', check?.detail, /timed out after 2s/);
          const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split(' ').map(Number) : [];
          v.eq('pids recorded', pids.length, 2);
          v.eq('processes still running', await goneWithin(pids), []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/job-cancelled',
      action: 'readiness-gate',
      slow: true,
      fault: 'SIGTERM to the bundle while a command check runs (a cancelled job)',
      expected:
        'exit 1, result FAIL (“the job was cancelled”), evidence written with cancelled: true, the program’s group killed',
      async run() {
        const w = await openWorld('readiness-gate');
        const pidFile = path.join(w.dir, 'pids');
        try {
          const script = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
          w.writeConfig(
            [
              'gate:',
              '  checks:',
              `    - { name: long, type: command, run: ${flow([NODE, '-e', script])}, timeout: 1m }`,
              '',
            ].join('\n'),
          );
          const run = startEntry('readiness-gate', {
            cwd: w.dir,
            inputs: { 'github-token': '' },
            env: { GITHUB_REPOSITORY: 'acme/shop' },
            boundMs: 30_000,
          });
          // the job is cancelled once the check's program runs (it wrote its pid)
          const pid = Number(await fileWritten(pidFile).catch(() => '0'));
          run.child.kill('SIGTERM');
          const r = await run.done;
          const v = new Violations();
          v.eq('exit code', r.exitCode, 1);
          v.eq('result', r.outputs.result, 'FAIL');
          const ev = evidenceOf(w);
          v.ok(saysCancelled(ev), 'the evidence records the cancel');
          v.match('step failure message', /^::error[^:]*::(.*)$/m.exec(r.stdout)?.[1], /cancelled/);
          v.ok(pid > 0, 'the program started');
          v.eq('processes still running', await goneWithin([pid]), []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'readiness-gate/backup-manifest-lists-files-outside-the-workspace',
      action: 'readiness-gate',
      fault:
        'a backup manifest lists ../../…/passwd, an absolute path and a symbolic link, each leading out of the workspace to a readable file',
      expected:
        'FAIL; each listed file "outside the workspace", its size and hash neither read nor shown (detail, evidence, check run)',
      async run() {
        const w = await openWorld('readiness-gate');
        try {
          const away = workspace('ro-hard-away-');
          const secret = 'root:x:0:0:root:/root:/bin/bash\n';
          writeFileSync(path.join(away, 'passwd'), secret);
          const hash = createHash('sha256').update(secret).digest('hex');
          mkdirSync(path.join(w.dir, 'backup'));
          symlinkSync(path.join(away, 'passwd'), path.join(w.dir, 'backup/link'));
          const listed = [
            path.relative(path.join(w.dir, 'backup'), path.join(away, 'passwd')),
            path.join(away, 'passwd'),
            'link',
          ];
          writeFileSync(
            path.join(w.dir, 'backup/manifest.json'),
            JSON.stringify({
              created_at: new Date().toISOString(),
              files: listed.map((p) => ({ path: p, sha256: 'f'.repeat(64), size: 1 })),
            }),
          );
          w.writeConfig(
            'gate:\n  checks:\n    - { name: backup, type: backup-manifest, path: backup/manifest.json }\n',
          );
          const r = await bounded(30_000, this.id, () => gate(w));
          const v = new Violations();
          v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
          v.eq('result', r.outcome?.outputs.result, 'FAIL');
          const ev = evidenceOf(w);
          const files = (ev?.checks?.[0]?.measurements?.files ?? []) as Record<string, unknown>[];
          v.eq(
            'problems in the evidence',
            files.map((f) => f.problem),
            listed.map(() => 'outside the workspace'),
          );
          const texts = JSON.stringify([ev, gateRuns(w).map((c) => c.output), r.log]);
          v.ok(!texts.includes(hash.slice(0, 12)), 'a hash prefix of the file outside was shown');
          v.ok(
            !new RegExp(`size ${secret.length} B|"size":\\s*${secret.length}\\b`).test(texts),
            'the size of the file outside was shown',
          );
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
  ];
}

/**
 * Fault cases for canary-promote: GitHub failures around the deployment, a crash and a re-run, a
 * hanging health endpoint, a hanging deploy program, one that ignores SIGTERM, a failing webhook and a
 * cancelled job.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, saysCancelled, Violations } from './expect.js';
import { startLossyProxy } from './lossy-proxy.js';
import { fileWritten, goneWithin, startEntry } from './signals.js';
import {
  configs,
  DEPLOY,
  NODE,
  openWorld,
  port,
  runInProcess,
  runnerEnv,
  TOKEN,
  WAIT_BASE_MS,
  type InProcessRun,
  type World,
} from './world.js';

const DEPLOYMENTS = /\/deployments$/;
const STATUSES = /\/deployments\/\d+\/statuses$/;
const LATEST = /\/releases\/latest$/;

async function canary(
  w: World,
  o: { baseUrl?: string; inputs?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<InProcessRun> {
  return runInProcess('canary', {
    inputs: { tag: 'v1.1.0', 'previous-tag': 'v1.0.0', 'github-token': TOKEN, ...o.inputs },
    env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
    cwd: w.dir,
    gh: await port(o.baseUrl ?? w.emu.url),
    token: TOKEN,
    signal: o.signal,
  });
}

/** A tag's deployments: the ledger names the tag in the payload (the ref is the commit). */
const deploymentsOf = (w: World, tag = 'v1.1.0') =>
  w.emu.state.deployments.filter(
    (d) => ((d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref) === tag,
  );
const states = (w: World, ref = 'v1.1.0') => deploymentsOf(w, ref).map((d) => d.statuses.map((s) => s.state));
const count = (w: World, method: string, re: RegExp) =>
  w.emu.requests.filter((r) => r.method === method && re.test(r.path.split('?')[0]!)).length;
const PROMOTED_STATES = ['in_progress', 'in_progress', 'in_progress', 'success'];

/** An evidence file with the canary's details beside the envelope's fields. */
const flat = (e: Record<string, any>) => ({ ...e, ...e.details });

function evidence(r: InProcessRun): Record<string, any> | null {
  const file = r.outcome?.outputs['report-path'];
  return file && existsSync(file) ? flat(JSON.parse(readFileSync(file, 'utf8'))) : null;
}

function promoted(v: Violations, w: World, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('result', r.outcome?.outputs.result, 'promoted');
  v.eq('exit code', r.outcome?.exitCode, 0);
  v.eq('deployments of v1.1.0 and their statuses', states(w), [PROMOTED_STATES]);
  v.eq('deployment-id output', r.outcome?.outputs['deployment-id'], String(deploymentsOf(w)[0]?.id));
  v.ok(evidence(r)?.result === 'promoted', 'the evidence says promoted');
}

function transient(
  id: string,
  what: string,
  spec: FaultSpec,
  method: string,
  re: RegExp,
  expected: number,
  inputs = {},
): Case {
  return {
    id: `canary-promote/${id}`,
    action: 'canary-promote',
    fault: what,
    expected: `retried (${expected} requests to the endpoint); promoted; one deployment with every status`,
    async run() {
      const w = await openWorld('canary-promote');
      try {
        w.writeConfig(configs.canary(w));
        w.emu.faults.add(spec);
        const r = await bounded(30_000, this.id, () => canary(w, { inputs }));
        const v = new Violations();
        promoted(v, w, r);
        v.eq('requests to the faulted endpoint', count(w, method, re), expected);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** A loopback webhook that answers with the next status of `plan` (the last one repeats). */
async function webhook(plan: number[]): Promise<{ url: string; hits: number[]; close(): Promise<void> }> {
  const hits: number[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = plan[Math.min(hits.length, plan.length - 1)]!;
      hits.push(status);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/hardening-hook`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A program that ignores SIGTERM and starts a child that does too; both pids go to `pidFile`. */
export function stubbornProgram(pidFile: string): string[] {
  const script = [
    "const { spawn } = require('node:child_process');",
    "process.on('SIGTERM', () => {});",
    "const c = spawn(process.execPath, ['-e', \"process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)\"], { stdio: 'ignore' });",
    `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + c.pid);`,
    'setInterval(() => {}, 1000);',
  ].join('\n');
  return [NODE, '-e', script];
}

export async function pidsGone(pidFile: string): Promise<{ pids: number[]; alive: number[] }> {
  const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number) : [];
  return { pids, alive: await goneWithin(pids) };
}

export function canaryCases(): Case[] {
  return [
    transient(
      'github-500-create-deployment',
      'POST deployments answers 500 once',
      { method: 'POST', path: DEPLOYMENTS, kind: 'status', status: 500, times: 1 },
      'POST',
      DEPLOYMENTS,
      2,
    ),
    transient(
      'github-502-deployment-status',
      'POST deployments/{id}/statuses answers 502 twice',
      { method: 'POST', path: STATUSES, kind: 'status', status: 502, times: 2 },
      'POST',
      STATUSES,
      6,
    ),
    transient(
      'github-503-latest-release',
      'GET releases/latest (previous-tag not given) answers 503 once',
      { method: 'GET', path: LATEST, kind: 'status', status: 503, times: 1 },
      'GET',
      LATEST,
      2,
      { 'previous-tag': '' },
    ),
    {
      id: 'canary-promote/github-slow',
      action: 'canary-promote',
      fault: 'every GitHub request answers 100 ms late',
      expected: 'the same outcome as on a fast GitHub: promoted, one deployment with every status in order',
      async run() {
        const w = await openWorld('canary-promote');
        try {
          w.writeConfig(configs.canary(w));
          w.emu.faults.add({ kind: 'latency', latencyMs: 100 });
          const r = await bounded(30_000, this.id, () => canary(w));
          const v = new Violations();
          promoted(v, w, r);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/secondary-rate-limit-deployment-status',
      action: 'canary-promote',
      fault: 'POST deployment statuses: 403 secondary rate limit with retry-after: 20',
      expected: 'waited retry-after × base before the one retry; promoted; every status recorded once',
      async run() {
        const w = await openWorld('canary-promote');
        const proxy = await startLossyProxy(w.emu.url);
        try {
          w.writeConfig(configs.canary(w));
          w.emu.faults.add({
            method: 'POST',
            path: STATUSES,
            kind: 'secondary-rate-limit',
            retryAfterS: 20,
            times: 1,
          });
          const r = await bounded(30_000, this.id, () => canary(w, { baseUrl: proxy.url }));
          const v = new Violations();
          promoted(v, w, r);
          const tries = proxy.seen.filter((s) => s.method === 'POST' && STATUSES.test(s.path));
          v.eq('POST statuses requests (4 statuses + 1 retry)', tries.length, 5);
          if (tries.length >= 2)
            v.ok(
              tries[1]!.at - tries[0]!.at >= 20 * WAIT_BASE_MS * 0.9,
              `waited ${Math.round(tries[1]!.at - tries[0]!.at)} ms, less than retry-after`,
            );
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/crash-before-deployment-status-then-rerun',
      action: 'canary-promote',
      fault:
        'GitHub goes down at the second deployment status (after the deployment was created); the job is re-run',
      expected:
        "first run: the rollout goes on without tracking (promoted, tracking failure noted); re-run: marks the crashed attempt's deployment error (stale: an earlier attempt of this run), then one new deployment with every status, success — one deployment per run, nothing duplicated within a run",
      async run() {
        const w = await openWorld('canary-promote');
        try {
          w.writeConfig(configs.canary(w));
          w.emu.faults.add({ method: 'POST', path: STATUSES, kind: 'crash', afterRequests: 1 });
          const first = await bounded(30_000, this.id, () => canary(w));
          const v = new Violations();
          v.eq('first run result', first.outcome?.outputs.result, 'promoted');
          v.ok(
            first.log.some((l) => /could not set deployment status/.test(l)),
            'the first run reports that tracking failed',
          );
          w.emu.faults.clear();
          const again = await bounded(30_000, this.id, () => canary(w));
          v.eq('re-run result', again.outcome?.outputs.result, 'promoted');
          const all = states(w);
          v.eq('deployments of v1.1.0 (one per run)', all.length, 2);
          v.eq("the re-run's deployment statuses", all[1], PROMOTED_STATES);
          // as far as GitHub got, then `error` from the re-run: the attempt that left it in_progress has ended
          v.eq("the crashed run's statuses", all[0], ['in_progress', 'error']);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/health-endpoint-hangs',
      action: 'canary-promote',
      fault: 'the health endpoint answers after 8 s during step 1; metric timeout 200ms',
      expected:
        'the probe fails on its own timeout (a timeout is an error sample: error_rate_pct 100) → step 1 failed → rollback program (which clears the fault) → verified; rolled-back, exit 1, well under the hung answer’s time',
      async run() {
        const w = await openWorld('canary-promote');
        try {
          w.writeConfig(
            configs.canary(w, {
              deploy: [
                NODE,
                DEPLOY,
                '--url',
                w.svc.url,
                '--version',
                '{tag}',
                '--weight',
                '{weight}',
                '--inject-at',
                '50={"latencyMs":8000}',
              ],
              metrics: `      - { name: health, provider: http, url: "${w.svc.url}/health", samples: 1, timeout: 200ms, conditions: ["error_rate_pct == 0"] }`,
            }),
          );
          const r = await bounded(30_000, this.id, () => canary(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rolled-back');
          v.eq('failed-step', r.outcome?.outputs['failed-step'], '1');
          v.match(
            'reason',
            r.outcome?.outputs.reason,
            /step 1 \(50%\) analysis failed: health: error_rate_pct 100 != 0/,
          );
          const m = evidence(r)?.steps?.[0]?.analysis?.measurements?.[0];
          v.match('the failed measurement says why', JSON.stringify(m), /1× timeout/);
          v.eq('exit code', r.outcome?.exitCode, 1);
          v.eq('deployment statuses', states(w)[0]?.at(-1), 'failure');
          v.ok(r.durationMs < 7500, `took ${Math.round(r.durationMs)} ms: waited for the hung answer`);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/deploy-hangs',
      action: 'canary-promote',
      fault: 'the deploy program hangs at 50% (and its child); program_timeout 2s',
      expected:
        'killed with its process group at the timeout; step 1 failed → rollback → verified; rolled-back; no process left',
      async run() {
        const w = await openWorld('canary-promote');
        const pidFile = path.join(w.dir, 'pids');
        try {
          w.writeConfig(
            configs.canary(w, {
              deploy: [
                NODE,
                DEPLOY,
                '--url',
                w.svc.url,
                '--version',
                '{tag}',
                '--weight',
                '{weight}',
                '--hang-at',
                '50',
                '--pid-file',
                pidFile,
              ],
              rollback: ['true'],
              timeout: '2s',
            }),
          );
          const r = await bounded(30_000, this.id, () => canary(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rolled-back');
          v.match(
            'reason',
            r.outcome?.outputs.reason,
            /deploy program failed at step 1 \(50%\): timed out after 2s \(process group killed\)/,
          );
          const p = await pidsGone(pidFile);
          v.eq('pids recorded', p.pids.length, 2);
          v.eq('processes still running', p.alive, []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/deploy-ignores-sigterm',
      action: 'canary-promote',
      slow: true,
      fault: 'the deploy program ignores SIGTERM, and so does its child; program_timeout 2s',
      expected: 'SIGKILL to the group after the grace period; no process left; rollback runs; rolled-back',
      async run() {
        const w = await openWorld('canary-promote');
        const pidFile = path.join(w.dir, 'pids');
        try {
          w.writeConfig(
            configs.canary(w, { deploy: stubbornProgram(pidFile), rollback: ['true'], timeout: '2s' }),
          );
          const r = await bounded(30_000, this.id, () => canary(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rolled-back');
          v.match('reason', r.outcome?.outputs.reason, /timed out after 2s \(process group killed\)/);
          const p = await pidsGone(pidFile);
          v.eq('pids recorded', p.pids.length, 2);
          v.eq('processes still running', p.alive, []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/webhook-500-once',
      action: 'canary-promote',
      fault: 'the webhook answers 500 to its first post',
      expected: 'that message is retried and delivered; every message delivered; promoted',
      async run() {
        const w = await openWorld('canary-promote');
        const hook = await webhook([500, 200]);
        try {
          w.writeConfig(configs.canary(w));
          const r = await bounded(30_000, this.id, () => canary(w, { inputs: { 'webhook-url': hook.url } }));
          const v = new Violations();
          promoted(v, w, r);
          const sent = (evidence(r)?.messages ?? []) as {
            kind: string;
            webhook?: { delivered: boolean; attempts: number };
          }[];
          v.eq(
            'messages (kind, delivered, attempts)',
            sent.map((m) => [m.kind, m.webhook?.delivered, m.webhook?.attempts]),
            [
              ['start', true, 2],
              ['healthy', true, 1],
              ['complete', true, 1],
            ],
          );
          v.eq('webhook answers', hook.hits, [500, 200, 200, 200]);
          return v.list;
        } finally {
          await hook.close();
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/webhook-404',
      action: 'canary-promote',
      fault: 'the webhook answers 404 (a wrong URL)',
      expected: 'not retried (a wrong URL does not heal); the rollout is not failed by it; promoted',
      async run() {
        const w = await openWorld('canary-promote');
        const hook = await webhook([404]);
        try {
          w.writeConfig(configs.canary(w));
          const r = await bounded(30_000, this.id, () => canary(w, { inputs: { 'webhook-url': hook.url } }));
          const v = new Violations();
          promoted(v, w, r);
          v.eq('webhook answers (one per message)', hook.hits, [404, 404, 404]);
          return v.list;
        } finally {
          await hook.close();
          await w.close();
        }
      },
    },
    {
      id: 'canary-promote/job-cancelled',
      action: 'canary-promote',
      slow: true,
      fault: 'SIGTERM to the bundle while the deploy program hangs at 50%',
      expected:
        'exit 1, result aborted, deployment status error, evidence written with cancelled: true, the program’s group killed, nothing rolled back',
      async run() {
        const w = await openWorld('canary-promote');
        const pidFile = path.join(w.dir, 'pids');
        try {
          w.writeConfig(
            configs.canary(w, {
              deploy: [
                NODE,
                DEPLOY,
                '--url',
                w.svc.url,
                '--version',
                '{tag}',
                '--weight',
                '{weight}',
                '--hang-at',
                '50',
                '--pid-file',
                pidFile,
              ],
            }),
          );
          const run = startEntry('canary-promote', {
            cwd: w.dir,
            inputs: {
              tag: 'v1.1.0',
              'previous-tag': 'v1.0.0',
              'github-token': TOKEN,
              'artifacts-dir': 'out',
            },
            env: runnerEnv(w.emu),
            boundMs: 30_000,
          });
          // the job is cancelled once the deploy program hangs at 50% (it wrote its pids)
          await fileWritten(pidFile).catch(() => '');
          run.child.kill('SIGTERM');
          const r = await run.done;
          const v = new Violations();
          v.eq('exit code', r.exitCode, 1);
          v.eq('result', r.outputs.result, 'aborted');
          v.match(
            'reason',
            r.outputs.reason,
            /^the run was cancelled \(received SIGTERM\).*nothing was rolled back$/,
          );
          v.eq('last deployment status', states(w)[0]?.at(-1), 'error');
          const file = r.outputs['report-path'];
          const ev = file && existsSync(file) ? flat(JSON.parse(readFileSync(file, 'utf8'))) : null;
          v.ok(saysCancelled(ev), 'the evidence records the cancel');
          v.eq('rollback program run', ev?.rollback ?? null, null);
          const p = await pidsGone(pidFile);
          v.eq('pids recorded', p.pids.length, 2);
          v.eq('processes still running', p.alive, []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
  ];
}

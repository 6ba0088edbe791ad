/**
 * Fault cases for auto-rollback: GitHub failures at each kind of write, the lock held or left behind,
 * a write whose answer was lost, a crash before each kind of write and a re-run, a hanging health
 * endpoint during the verification, a hanging or SIGTERM-deaf program, a failing webhook, a cancelled job.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BANNER_START } from '../../../src/rollback/banner.js';
import { parseState } from '../../../src/rollback/incident.js';
import type { FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, Violations } from './expect.js';
import { pidsGone, stubbornProgram } from './faults-canary.js';
import { startLossyProxy } from './lossy-proxy.js';
import { fileWritten, startEntry } from './signals.js';
import {
  configs,
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

const ISSUES = /\/issues$/;
const COMMENTS = /\/issues\/\d+\/comments$/;
const ISSUE = /\/issues\/\d+$/;
const RELEASE_ID = /\/releases\/\d+$/;
const MATCHING = /\/git\/matching-refs\//;
const TAGS = /\/git\/tags$/;
const REFS = /\/git\/refs$/;
const REF = /\/git\/refs\/.+/;
const DEPLOYMENTS = /\/deployments$/;
const STATUSES = /\/deployments\/\d+\/statuses$/;

async function rollback(
  w: World,
  o: { baseUrl?: string; inputs?: Record<string, string>; runId?: string } = {},
): Promise<InProcessRun> {
  return runInProcess('rollback', {
    inputs: { from: 'v1.1.0', reason: 'checkout answers 500', 'github-token': TOKEN, ...o.inputs },
    env: runnerEnv(w.emu, {
      OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts'),
      ...(o.runId ? { GITHUB_RUN_ID: o.runId } : {}),
    }),
    cwd: w.dir,
    gh: await port(o.baseUrl ?? w.emu.url),
    token: TOKEN,
  });
}

async function world(o: Parameters<typeof configs.rollback>[1] = {}): Promise<World> {
  const w = await openWorld('auto-rollback');
  w.writeConfig(configs.rollback(w, o));
  w.svc.inject({ errorRatePct: 100 }); // v1.1.0 is failing
  return w;
}

const release = (w: World, tag: string) => w.emu.state.releases.find((r) => r.tag_name === tag);
const incidents = (w: World) => w.emu.state.issues.filter((i) => i.labels.includes('incident'));
const lockRefs = (w: World) => [...w.emu.state.refs.keys()].filter((r) => r.startsWith('refs/release-ops/'));
/** A tag's deployments: the ledger names the tag in the payload (the ref is the commit). */
const deploymentsOf = (w: World, tag: string) =>
  w.emu.state.deployments.filter(
    (d) => ((d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref) === tag,
  );
const count = (w: World, method: string, re: RegExp) =>
  w.emu.requests.filter((q) => q.method === method && re.test(q.path.split('?')[0]!)).length;

/** The converged, rolled-back state: every piece once, nothing lost. */
function rolledBackState(v: Violations, w: World): void {
  const bad = release(w, 'v1.1.0');
  v.eq('v1.1.0 prerelease', bad?.prerelease, true);
  v.eq('banners on v1.1.0', (bad?.body ?? '').split(BANNER_START).length - 1, 1);
  v.eq('latest release', w.emu.latestRelease()?.tag_name, 'v1.0.0');
  const list = incidents(w);
  v.eq('incidents', list.length, 1);
  v.eq('incident phase', parseState(list[0]?.body ?? null)?.phase, 'rolled-back');
  const markers = (list[0]?.comments ?? []).map((c) => /release-ops:step (\S+ \S+)/.exec(c.body)?.[1]);
  v.eq(
    'duplicated step comments',
    markers.filter((m, i) => m && markers.indexOf(m) !== i),
    [],
  );
  const target = deploymentsOf(w, 'v1.0.0');
  v.eq(
    'deployments of v1.0.0 (last status)',
    target.map((d) => d.statuses.at(-1)?.state),
    ['success'],
  );
  v.eq(
    'deployment of v1.1.0 (last status)',
    deploymentsOf(w, 'v1.1.0').map((d) => d.statuses.at(-1)?.state),
    ['inactive'],
  );
  v.eq('lock refs left', lockRefs(w), []);
  v.eq('sample service version', w.svc.version, 'v1.0.0');
}

function rolledBack(v: Violations, w: World, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('result', r.outcome?.outputs.result, 'rolled-back');
  v.eq('exit code', r.outcome?.exitCode, 0);
  rolledBackState(v, w);
}

function evidence(r: InProcessRun | { outputs: Record<string, string> }): Record<string, any> | null {
  const file = 'ctx' in r ? r.outcome?.outputs['report-path'] : r.outputs['report-path'];
  return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function transient(
  id: string,
  what: string,
  spec: FaultSpec,
  method: string,
  re: RegExp,
  expected: number,
): Case {
  return {
    id: `auto-rollback/${id}`,
    action: 'auto-rollback',
    fault: what,
    expected: `retried (${expected} requests to the endpoint); rolled-back; every record once`,
    async run() {
      const w = await world();
      try {
        w.emu.faults.add(spec);
        const r = await bounded(30_000, this.id, () => rollback(w));
        const v = new Violations();
        rolledBack(v, w, r);
        v.eq('requests to the faulted endpoint', count(w, method, re), expected);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** The kinds of write a rollback makes, each as the requests that carry it. */
const WRITES: { name: string; method: string; path: RegExp; nth?: number }[] = [
  { name: 'lock-tag-object', method: 'POST', path: TAGS },
  { name: 'lock-owner-ref', method: 'POST', path: REFS },
  { name: 'lock-ref', method: 'POST', path: REFS, nth: 2 },
  { name: 'create-issue', method: 'POST', path: ISSUES },
  { name: 'issue-comment', method: 'POST', path: COMMENTS },
  { name: 'demote-release', method: 'PATCH', path: RELEASE_ID },
  { name: 'create-deployment', method: 'POST', path: DEPLOYMENTS },
  { name: 'deployment-status', method: 'POST', path: STATUSES },
  { name: 'last-deployment-status', method: 'POST', path: STATUSES, nth: 3 },
  { name: 'update-issue', method: 'PATCH', path: ISSUE },
  { name: 'release-lock', method: 'DELETE', path: REF },
];

function crashBefore(wr: (typeof WRITES)[number]): Case {
  return {
    id: `auto-rollback/crash-before-${wr.name}-then-rerun`,
    action: 'auto-rollback',
    fault: `the process dies just before the ${wr.nth ? `#${wr.nth} ` : ''}${wr.method} ${wr.path.source} write (GitHub unreachable from there on); the same workflow run is re-run`,
    expected:
      'the first run stops (an error, or rollback-failed); the re-run converges: rolled-back (or nothing-to-do), one incident, one banner, one target deployment ending success, no duplicated comment, no lock left',
    async run() {
      const w = await world();
      try {
        w.emu.faults.add({
          method: wr.method,
          path: wr.path,
          kind: 'crash',
          afterRequests: (wr.nth ?? 1) - 1,
        });
        const first = await bounded(60_000, this.id, () => rollback(w));
        const v = new Violations();
        v.ok(w.emu.faults.crashed, 'the crash fired');
        if (wr.name !== 'release-lock') {
          v.ok(first.error !== undefined || first.outcome?.exitCode === 1, 'the first run did not stop');
        }
        w.emu.faults.clear();
        const again = await bounded(60_000, this.id, () => rollback(w));
        v.eq('re-run error', again.error === undefined ? undefined : String(again.error), undefined);
        v.match('re-run result', again.outcome?.outputs.result, /^(rolled-back|nothing-to-do)$/);
        rolledBackState(v, w);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** Seeds a rollback lock of v1.1.0 held by `runKey` since `startedAt`. */
async function seedLock(w: World, runKey: string, startedAt: number): Promise<void> {
  const gh = await port(w.emu.url);
  const sha = await gh.createTagObject({
    tag: `release-ops-rollback-${runKey}`,
    message: 'lock',
    objectSha: w.facts.sha!,
  });
  const prefix = 'refs/release-ops/rollback/v1.1.0/';
  await gh.createRef(`${prefix}owner-${startedAt}-${runKey}-abcdef`, sha);
  await gh.createRef(`${prefix}lock-1`, sha);
  w.emu.resetRequests();
}

async function failingWebhook(): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      hits++;
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T1/B1/rollback-hook`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export function rollbackCases(): Case[] {
  return [
    transient(
      'github-500-create-issue',
      'POST issues (the incident) answers 500 once',
      { method: 'POST', path: ISSUES, kind: 'status', status: 500, times: 1 },
      'POST',
      ISSUES,
      2,
    ),
    transient(
      'github-502-update-release',
      'PATCH releases/{id} (demote and banner) answers 502 once',
      { method: 'PATCH', path: RELEASE_ID, kind: 'status', status: 502, times: 1 },
      'PATCH',
      RELEASE_ID,
      2,
    ),
    transient(
      'github-503-matching-refs',
      'GET git/matching-refs (previous stable, the lock) answers 503 twice',
      { method: 'GET', path: MATCHING, kind: 'status', status: 503, times: 2 },
      'GET',
      MATCHING,
      // previous stable and the lock, plus the ledger's look at the restored build's tags
      6,
    ),
    {
      id: 'auto-rollback/github-slow',
      action: 'auto-rollback',
      fault:
        'every GitHub request answers 100 ms late (the record and recovery tracks interleave differently)',
      expected: 'the same outcome as on a fast GitHub: rolled-back, every record once',
      async run() {
        const w = await world();
        try {
          w.emu.faults.add({ kind: 'latency', latencyMs: 100 });
          const r = await bounded(60_000, this.id, () => rollback(w));
          const v = new Violations();
          rolledBack(v, w, r);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/secondary-rate-limit-issue-comment',
      action: 'auto-rollback',
      fault: 'POST issue comments: 403 secondary rate limit with retry-after: 20',
      expected: 'waited retry-after × base before the one retry; rolled-back; no duplicated comment',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          w.emu.faults.add({
            method: 'POST',
            path: COMMENTS,
            kind: 'secondary-rate-limit',
            retryAfterS: 20,
            times: 1,
          });
          const r = await bounded(30_000, this.id, () => rollback(w, { baseUrl: proxy.url }));
          const v = new Violations();
          rolledBack(v, w, r);
          const tries = proxy.seen.filter((s) => s.method === 'POST' && COMMENTS.test(s.path));
          const comments = incidents(w)[0]?.comments.length ?? 0;
          v.eq('POST comment requests (comments + 1 retry)', tries.length, comments + 1);
          if (tries.length >= 2)
            v.ok(tries[1]!.at - tries[0]!.at >= 20 * WAIT_BASE_MS * 0.9, 'waited less than retry-after');
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/422-lock-held-by-another-run',
      action: 'auto-rollback',
      fault: 'another run holds the rollback lock (its lock-1 ref exists: createRef would answer 422)',
      expected:
        'result busy, exit 0; no program, no release or incident write; only its own claim, deleted again',
      async run() {
        const w = await world();
        try {
          await seedLock(w, 'run999', Date.now());
          const r = await bounded(30_000, this.id, () => rollback(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'busy');
          v.eq('exit code', r.outcome?.exitCode, 0);
          v.match('message', r.log.join('\n'), /another run is handling this rollback of v1\.1\.0 \(run999/);
          v.eq('release writes', count(w, 'PATCH', RELEASE_ID), 0);
          v.eq('incidents', incidents(w).length, 0);
          v.eq('sample service version (no program ran)', w.svc.version, 'v1.1.0');
          v.eq('lock refs (the other run’s only)', lockRefs(w).length, 2);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/422-lock-left-by-this-run',
      action: 'auto-rollback',
      fault: 'an earlier attempt of this workflow run (GITHUB_RUN_ID 4242) crashed holding the lock',
      expected: 'the re-run takes its own lock over (lock-2), rolls back, and removes every lock ref',
      async run() {
        const w = await world();
        try {
          await seedLock(w, 'run4242', Date.now() - 60_000);
          const r = await bounded(30_000, this.id, () => rollback(w));
          const v = new Violations();
          rolledBack(v, w, r);
          v.match('log', r.log.join('\n'), /taking over the lock of an earlier attempt of this run/);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/lost-response-lock-owner-ref',
      action: 'auto-rollback',
      fault: 'POST git/refs (the lock owner ref) is applied but its answer is lost (502); the retry gets 422',
      expected: 'the 422 is recognised as this run’s own ref: rolled-back in the same run, no lock left',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          proxy.lose({ method: 'POST', path: REFS });
          const r = await bounded(30_000, this.id, () => rollback(w, { baseUrl: proxy.url }));
          const v = new Violations();
          v.eq('answers lost', proxy.lost.length, 1);
          rolledBack(v, w, r);
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/lost-response-lock-ref',
      action: 'auto-rollback',
      fault: 'POST git/refs (lock-1) is applied but its answer is lost (502); the retry gets 422',
      expected: 'the run finds lock-1 is its own: rolled-back, no lock left',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          proxy.lose({ method: 'POST', path: REFS, afterRequests: 1 });
          const r = await bounded(30_000, this.id, () => rollback(w, { baseUrl: proxy.url }));
          const v = new Violations();
          v.eq('answers lost', proxy.lost.length, 1);
          rolledBack(v, w, r);
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    ...WRITES.map(crashBefore),
    {
      id: 'auto-rollback/verify-endpoint-hangs',
      action: 'auto-rollback',
      fault: 'after the redeploy, /health answers after 8 s; verification timeout 200ms',
      expected:
        'each probe fails on its own timeout; verification failed → rollback-failed, loudly (exit 1), target deployment failure, incident rollback-failed; well under the hung answer’s time',
      async run() {
        const w = await world({
          run: [NODE, '-e', '0'],
          verify: [
            '    interval: 50ms',
            '    window: 100ms',
            '    metrics:',
            '      - { name: health, provider: http, url: "SVC/health", samples: 1, timeout: 200ms, conditions: ["error_rate_pct == 0"] }',
          ].join('\n'),
        });
        try {
          w.writeConfig(
            readFileSync(path.join(w.dir, '.github/release-ops.yml'), 'utf8').replace('SVC', w.svc.url),
          );
          w.svc.inject({ errorRatePct: 0, latencyMs: 8000 });
          const r = await bounded(30_000, this.id, () => rollback(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rollback-failed');
          v.eq('exit code', r.outcome?.exitCode, 1);
          v.match('fail message', r.outcome?.failMessage, /health did not verify/);
          v.match(
            'the verification says why',
            JSON.stringify(evidence(r)?.details?.verify?.measurements ?? null),
            /1× timeout/,
          );
          v.eq(
            'target deployment last status',
            deploymentsOf(w, 'v1.0.0').map((d) => d.statuses.at(-1)?.state),
            ['failure'],
          );
          v.eq('incident phase', parseState(incidents(w)[0]?.body ?? null)?.phase, 'rollback-failed');
          v.ok(r.durationMs < 7500, `took ${Math.round(r.durationMs)} ms: waited for the hung answer`);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/program-hangs',
      action: 'auto-rollback',
      fault: 'the rollback program hangs (with a child); program_timeout 2s',
      expected:
        'killed with its process group at the timeout; rollback-failed (exit 1), target deployment failure; no process left',
      async run() {
        const pidFile = path.join('PIDDIR', 'pids');
        const w = await world({
          run: [
            NODE,
            '-e',
            "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(process.argv[1], process.pid + ' ' + c.pid); setInterval(() => {}, 1000)",
            pidFile,
          ],
          timeout: '2s',
        });
        try {
          const real = path.join(w.dir, 'pids');
          w.writeConfig(
            readFileSync(path.join(w.dir, '.github/release-ops.yml'), 'utf8').replace(pidFile, real),
          );
          const r = await bounded(30_000, this.id, () => rollback(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rollback-failed');
          v.match('fail message', r.outcome?.failMessage, /timed out after 2s \(process group killed\)/);
          v.eq(
            'target deployment last status',
            deploymentsOf(w, 'v1.0.0').map((d) => d.statuses.at(-1)?.state),
            ['failure'],
          );
          const p = await pidsGone(real);
          v.eq('pids recorded', p.pids.length, 2);
          v.eq('processes still running', p.alive, []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/program-ignores-sigterm',
      action: 'auto-rollback',
      slow: true,
      fault: 'the rollback program ignores SIGTERM, and so does its child; program_timeout 2s',
      expected: 'SIGKILL to the group after the grace period; no process left; rollback-failed',
      async run() {
        const w = await world({ run: stubbornProgram('PIDFILE'), timeout: '2s' });
        try {
          const real = path.join(w.dir, 'pids');
          w.writeConfig(
            readFileSync(path.join(w.dir, '.github/release-ops.yml'), 'utf8').replace('PIDFILE', real),
          );
          const r = await bounded(30_000, this.id, () => rollback(w));
          const v = new Violations();
          v.eq('result', r.outcome?.outputs.result, 'rollback-failed');
          v.match('fail message', r.outcome?.failMessage, /timed out after 2s \(process group killed\)/);
          const p = await pidsGone(real);
          v.eq('pids recorded', p.pids.length, 2);
          v.eq('processes still running', p.alive, []);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/webhook-failing',
      action: 'auto-rollback',
      fault: 'the webhook answers 500 to every post',
      expected:
        'retried (3 attempts), then recorded as not delivered; the rollback is not failed by it: rolled-back',
      async run() {
        const w = await world();
        const hook = await failingWebhook();
        try {
          const r = await bounded(30_000, this.id, () =>
            rollback(w, { inputs: { 'webhook-url': hook.url } }),
          );
          const v = new Violations();
          rolledBack(v, w, r);
          v.eq('webhook attempts', hook.hits(), 3);
          const notify = (evidence(r)?.journal ?? []).find((s: { name: string }) => s.name === 'notify');
          v.match('notify step', notify?.detail, /NOT delivered to the webhook \(the webhook answered 500\)/);
          return v.list;
        } finally {
          await hook.close();
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/job-cancelled',
      action: 'auto-rollback',
      slow: true,
      fault: 'SIGTERM to the bundle while the rollback program hangs; then the job is re-run',
      expected:
        'exit 1; the program’s group killed; target deployment status error; evidence written; the incident, if opened, stays in progress; the re-run finishes the rollback',
      async run() {
        const w = await world({
          run: [
            NODE,
            '-e',
            "require('node:fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)",
            'PIDFILE',
          ],
        });
        const real = path.join(w.dir, 'pids');
        try {
          const cfg = path.join(w.dir, '.github/release-ops.yml');
          w.writeConfig(readFileSync(cfg, 'utf8').replace('PIDFILE', real));
          const run = startEntry('auto-rollback', {
            cwd: w.dir,
            inputs: {
              from: 'v1.1.0',
              reason: 'checkout answers 500',
              'github-token': TOKEN,
              'artifacts-dir': 'out',
            },
            env: runnerEnv(w.emu),
            boundMs: 30_000,
          });
          // the job is cancelled once the rollback program runs (it wrote its pid)
          await fileWritten(real).catch(() => '');
          run.child.kill('SIGTERM');
          const r = await run.done;
          const v = new Violations();
          v.eq('exit code', r.exitCode, 1);
          v.eq('result', r.outputs.result, 'rollback-failed');
          v.eq(
            'target deployment last status',
            deploymentsOf(w, 'v1.0.0').map((d) => d.statuses.at(-1)?.state),
            ['error'],
          );
          v.ok(evidence(r) !== null, 'evidence written');
          // the incident and the program are parallel tracks: cancelled as the program starts, the
          // incident may not be open yet; one that is stays in progress
          const phase = parseState(incidents(w)[0]?.body ?? null)?.phase;
          v.ok(
            incidents(w).length === 0 || phase === 'in-progress',
            `incident phase: expected in-progress (or no incident yet), got ${phase}`,
          );
          const p = await pidsGone(real);
          v.eq('processes still running', p.alive, []);
          v.eq('lock refs left', lockRefs(w), []);
          // the re-run, with a program that works
          w.writeConfig(configs.rollback(w));
          const again = await bounded(30_000, this.id, () => rollback(w));
          v.eq('re-run result', again.outcome?.outputs.result, 'rolled-back');
          v.eq(
            'incident phase after the re-run',
            parseState(incidents(w)[0]?.body ?? null)?.phase,
            'rolled-back',
          );
          v.eq('incidents', incidents(w).length, 1);
          v.eq(
            'deployments of v1.0.0 (last status)',
            deploymentsOf(w, 'v1.0.0').map((d) => d.statuses.at(-1)?.state),
            ['success'],
          );
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'auto-rollback/evidence-dir-unwritable-after-rollback',
      action: 'auto-rollback',
      fault: 'the evidence directory cannot be made (a file is in the way) once the rollback is done',
      expected:
        'rolled-back, exit 0, every output and the report as without the fault (report-path empty); a warning says the evidence was not written',
      async run() {
        const w = await world();
        try {
          writeFileSync(path.join(w.dir, 'in-the-way'), 'a file, not a directory\n');
          const r = await bounded(30_000, this.id, async () =>
            runInProcess('rollback', {
              inputs: { from: 'v1.1.0', reason: 'checkout answers 500', 'github-token': TOKEN },
              env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'in-the-way', 'evidence') }),
              cwd: w.dir,
              gh: await port(w.emu.url),
              token: TOKEN,
            }),
          );
          const v = new Violations();
          rolledBack(v, w, r);
          const out = r.outcome?.outputs ?? {};
          v.eq(
            'outputs',
            [out['rolled-back'], out['from-tag'], out['to-tag'], out['report-path']],
            ['true', 'v1.1.0', 'v1.0.0', ''],
          );
          v.ok((out['incident-url'] ?? '') !== '', 'the incident-url output is empty');
          v.ok((r.outcome?.report.blocks.length ?? 0) > 3, 'the report is missing');
          v.ok(
            r.log.some(
              (l) => l.startsWith('warn: ') && /cannot write the evidence file .*its outcome stands/.test(l),
            ),
            'no warning that the evidence was not written',
          );
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
  ];
}

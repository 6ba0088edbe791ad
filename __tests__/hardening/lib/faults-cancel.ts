/**
 * Cancellation during waits, for every action: the job is cancelled (SIGTERM: the run's signal fires)
 * while the run waits on GitHub's secondary rate limit (`retry-after: 60`, a real minute), on a slow
 * answer (held for a minute), or on a canary step's pause (a 10-minute bake). Each case cancels on
 * an event — the port saying it waits, the emulator receiving the request, the bake's first
 * measurement — and expects the run to end within the promise (evidence and the deployment status
 * `error` written within 5 s of the signal), never to sit out the wait.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FaultSpec, RequestMatch } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, evidenceReason, saysCancelled, Violations } from './expect.js';
import { actionWorld } from './faults-answers.js';
import { startEntry, within } from './signals.js';
import {
  configs,
  port,
  RecordingLogger,
  runInProcess,
  runnerEnv,
  TOKEN,
  type ActionName,
  type CommandName,
  type InProcessRun,
  type World,
} from './world.js';

/** What the run promises after a cancel: its evidence and the deployment status `error` within 5 s. */
export const CANCEL_PROMISE_MS = 5_000;

const COMMAND: Record<ActionName, CommandName> = {
  'readiness-gate': 'gate',
  'canary-promote': 'canary',
  'rc-to-ga': 'promote',
  'auto-rollback': 'rollback',
};
const INPUTS: Record<ActionName, (w: World) => Record<string, string>> = {
  'readiness-gate': (w) => ({ sha: w.facts.sha! }),
  'canary-promote': () => ({ tag: 'v1.1.0', 'previous-tag': 'v1.0.0' }),
  'rc-to-ga': () => ({ 'rc-tag': 'v1.0.0-rc1' }),
  'auto-rollback': () => ({ from: 'v1.1.0', reason: 'checkout answers 500' }),
};

/** When the case cancels: a line the port or the run logs, or a request the emulator receives. */
type Trigger = { log: RegExp } | { request: RequestMatch };

interface CancelSpec {
  action: ActionName;
  id: string;
  fault: string;
  /** The wait: a GitHub fault, or a config with a pause. */
  faultSpec?: FaultSpec;
  config?: (w: World) => string;
  trigger: Trigger;
  /** Milliseconds per second GitHub asks to wait: 1000 (real) for rate-limit waits, else the fast default. */
  waitBaseMs?: number;
  expect: (v: Violations, w: World, r: InProcessRun) => void;
}

interface Cancelled {
  run: InProcessRun;
  /** From the cancel to the end of the run. */
  afterCancelMs: number;
  cancelled: boolean;
}

/** Runs the action with GitHub's real waits (1 s per second asked), cancelling it when `trigger` happens. */
async function runCancelled(w: World, s: CancelSpec): Promise<Cancelled> {
  const ctl = new AbortController();
  let cancelledAt = 0;
  const cancel = () => {
    if (ctl.signal.aborted) return;
    cancelledAt = performance.now();
    ctl.abort(new Error('received SIGTERM'));
  };
  const onLine = (line: string) => {
    if ('log' in s.trigger && s.trigger.log.test(line)) cancel();
  };
  if ('request' in s.trigger) void w.emu.waitForRequest(s.trigger.request).then(cancel);
  const gh = await port(w.emu.url, {
    signal: ctl.signal,
    waitBaseMs: s.waitBaseMs,
    logger: new RecordingLogger(onLine),
  });
  const run = await runInProcess(COMMAND[s.action], {
    inputs: { ...INPUTS[s.action](w), 'github-token': TOKEN },
    env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
    cwd: w.dir,
    gh,
    token: TOKEN,
    signal: ctl.signal,
    onLog: onLine,
  });
  return { run, afterCancelMs: performance.now() - cancelledAt, cancelled: cancelledAt > 0 };
}

function cancelCase(s: CancelSpec): Case {
  return {
    id: `${s.action}/${s.id}`,
    action: s.action,
    fault: s.fault,
    expected: `the wait is given up at once: the run records the cancel (evidence${
      s.action === 'canary-promote' || s.action === 'auto-rollback' ? ', deployment status error' : ''
    }) and ends within ${CANCEL_PROMISE_MS / 1000} s of it`,
    async run() {
      const w = await actionWorld(s.action);
      try {
        if (s.config) w.writeConfig(s.config(w));
        if (s.faultSpec) w.emu.faults.add(s.faultSpec);
        const c = await bounded(45_000, this.id, () => runCancelled(w, s));
        const v = new Violations();
        v.ok(c.cancelled, 'the run ended before the event the case cancels on');
        v.ok(
          c.afterCancelMs <= CANCEL_PROMISE_MS,
          `the run ended ${Math.round(c.afterCancelMs)} ms after the cancel (promise: ${CANCEL_PROMISE_MS} ms)`,
        );
        s.expect(v, w, c.run);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

function evidenceFile(w: World, r: InProcessRun): Record<string, any> | null {
  const file = r.outcome?.outputs['report-path'];
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const dir = path.join(w.dir, 'artifacts');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  return files.length ? JSON.parse(readFileSync(path.join(dir, files.sort().at(-1)!), 'utf8')) : null;
}

const tagOf = (d: { payload: unknown; ref: string }) =>
  (d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref;
const lastStates = (w: World, tag: string) =>
  w.emu.state.deployments.filter((d) => tagOf(d) === tag).map((d) => d.statuses.at(-1)?.state);

/** A cancelled canary: aborted, its deployment `error`, evidence with cancelled: true, nothing rolled back. */
function canaryCancelled(v: Violations, w: World, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('exit code', r.outcome?.exitCode, 1);
  v.eq('result', r.outcome?.outputs.result, 'aborted');
  v.match(
    'reason',
    r.outcome?.outputs.reason,
    /^the run was cancelled \(received SIGTERM\).*nothing was rolled back$/,
  );
  v.eq('deployments of v1.1.0 (last status)', lastStates(w, 'v1.1.0'), ['error']);
  const ev = evidenceFile(w, r);
  v.ok(saysCancelled(ev), 'the evidence records the cancel');
  v.eq('rollback program run', ev?.rollback ?? null, null);
}

/**
 * A cancelled rollback: rollback-failed, evidence that says so, no lock left, and the target's
 * deployment `error` — when the run had created it (`created`), or whichever it had created.
 */
function rollbackCancelled(v: Violations, w: World, r: InProcessRun, created: boolean): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('exit code', r.outcome?.exitCode, 1);
  v.eq('result', r.outcome?.outputs.result, 'rollback-failed');
  const states = lastStates(w, 'v1.0.0');
  v.eq('deployments of v1.0.0 (last status)', states, created ? ['error'] : states.map(() => 'error'));
  v.ok(saysCancelled(evidenceFile(w, r)), 'the evidence records the cancel');
  const locks = [...w.emu.state.refs.keys()].filter((k) => k.startsWith('refs/release-ops/'));
  v.eq('lock refs left', locks, []);
}

/** A cancelled promotion: an error that says so, the evidence of the writes made, no publish. */
function promoteCancelled(v: Violations, w: World, r: InProcessRun): void {
  v.match('error', r.error ? String((r.error as Error).message) : `exit ${r.outcome?.exitCode}`, /cancelled/);
  v.match('evidence reason', evidenceReason(evidenceFile(w, r)), /cancelled/);
  const published = w.emu.state.releases.filter((x) => x.tag_name === 'v1.0.0' && !x.draft);
  v.eq('GA releases published', published.length, 0);
}

/** A cancelled gate: FAIL, evidence with cancelled: true. */
function gateCancelled(v: Violations, w: World, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('exit code', r.outcome?.exitCode, 1);
  v.eq('result', r.outcome?.outputs.result, 'FAIL');
  v.ok(saysCancelled(evidenceFile(w, r)), 'the evidence records the cancel');
}

const STATUSES = /\/deployments\/\d+\/statuses$/;
const WAITING_60 = /waiting 60s as GitHub asks/;

/** What the last CLI cancel measured (the jest test prints it): ms from the signal to each record. */
export const cliCancelTimes: { evidenceMs?: number; errorStatusMs?: number; exitMs?: number } = {};

/**
 * The product's promise, end to end: SIGTERM to the CLI (`release-ops canary`) during a canary's
 * pause — sent when the bake's first measurement is logged — and the evidence file and the deployment
 * status `error` are written within 5 s of the signal (the file's time, the status's time in the
 * emulator's state).
 */
export function cliCancelCase(): Case {
  return {
    id: 'canary-promote/cli-sigterm-during-pause',
    action: 'canary-promote',
    slow: true,
    fault: 'SIGTERM to the CLI process (release-ops canary) during the 10-minute pause of step 1 (50%)',
    expected: `exit 1; evidence written and the deployment status error recorded within ${CANCEL_PROMISE_MS / 1000} s of the signal; nothing rolled back`,
    async run() {
      const w = await actionWorld('canary-promote');
      try {
        w.writeConfig(configs.canary(w, { steps: '[{ weight: 50, pause: 10m }, { weight: 100 }]' }));
        const out = path.join(w.dir, 'out');
        const cli = startEntry('cli', {
          cwd: w.dir,
          argv: ['canary', '--tag', 'v1.1.0', '--previous-tag', 'v1.0.0', '--artifacts-dir', out],
          env: { ...runnerEnv(w.emu), GITHUB_TOKEN: TOKEN },
          boundMs: 45_000,
        });
        const v = new Violations();
        const bake = await within(
          30_000,
          'the first measurement of the pause',
          cli.line(/step 1 \(50%\) 1\/\d+: /),
        ).catch((e: Error) => v.ok(false, e.message));
        // the status `error` is the first status posted after the signal: its arrival is timed
        w.emu.resetRequests();
        const statusPosted = w.emu
          .waitForRequest({ method: 'POST', path: STATUSES })
          .then(() => performance.now());
        const signalledAt = Date.now();
        const signalled = performance.now();
        cli.child.kill('SIGTERM');
        const r = await cli.done;
        if (!bake) return v.list;
        const files = existsSync(out) ? readdirSync(out).map((f) => path.join(out, f)) : [];
        const ev = files.length ? JSON.parse(readFileSync(files[0]!, 'utf8')) : null;
        const last = w.emu.state.deployments
          .filter((d) => d.environment === 'production')
          .at(-1)
          ?.statuses.at(-1);
        cliCancelTimes.evidenceMs = files.length ? statSync(files[0]!).mtimeMs - signalledAt : undefined;
        cliCancelTimes.errorStatusMs = last?.state === 'error' ? (await statusPosted) - signalled : undefined;
        cliCancelTimes.exitMs = r.exitedAt - signalled;
        v.eq('exit code', r.exitCode, 1);
        v.ok(saysCancelled(ev), 'the evidence records the cancel');
        v.eq('last deployment status', last?.state, 'error');
        for (const [what, ms] of [
          ['the evidence file', cliCancelTimes.evidenceMs],
          ['the deployment status error', cliCancelTimes.errorStatusMs],
        ] as const)
          v.ok(
            ms !== undefined && ms <= CANCEL_PROMISE_MS,
            `${what} written ${ms === undefined ? 'never' : `${Math.round(ms)} ms`} after the signal (promise: ${CANCEL_PROMISE_MS} ms)`,
          );
        v.eq('rollback program run', ev?.rollback ?? ev?.details?.rollback ?? null, null);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

export function cancelCases(): Case[] {
  return [
    cliCancelCase(),
    cancelCase({
      action: 'canary-promote',
      id: 'cancel-during-secondary-rate-limit-wait',
      fault:
        'the job is cancelled while the run waits out a secondary rate limit (POST deployment status, retry-after: 60)',
      faultSpec: { method: 'POST', path: STATUSES, kind: 'secondary-rate-limit', retryAfterS: 60, times: 1 },
      trigger: { log: WAITING_60 },
      waitBaseMs: 1000,
      expect: canaryCancelled,
    }),
    cancelCase({
      action: 'canary-promote',
      id: 'cancel-during-slow-answer',
      fault: 'the job is cancelled while GitHub holds its answer to the first deployment status for a minute',
      faultSpec: { method: 'POST', path: STATUSES, kind: 'latency', latencyMs: 60_000, times: 1 },
      trigger: { request: { method: 'POST', path: STATUSES } },
      expect: canaryCancelled,
    }),
    cancelCase({
      action: 'canary-promote',
      id: 'cancel-during-step-pause',
      fault: 'the job is cancelled during the 10-minute pause (the bake, analysed) of step 1 (50%)',
      config: (w) => configs.canary(w, { steps: '[{ weight: 50, pause: 10m }, { weight: 100 }]' }),
      // the bake has begun: its first measurement is logged
      trigger: { log: /step 1 \(50%\) 1\/\d+: / },
      expect: canaryCancelled,
    }),
    cancelCase({
      action: 'auto-rollback',
      id: 'cancel-during-secondary-rate-limit-wait',
      fault:
        "the job is cancelled while the run waits out a secondary rate limit on the target deployment's first status (retry-after: 60)",
      faultSpec: { method: 'POST', path: STATUSES, kind: 'secondary-rate-limit', retryAfterS: 60, times: 1 },
      trigger: { log: WAITING_60 },
      waitBaseMs: 1000,
      expect: (v, w, r) => rollbackCancelled(v, w, r, true),
    }),
    cancelCase({
      action: 'auto-rollback',
      id: 'cancel-during-slow-answer',
      fault:
        "the job is cancelled while GitHub holds its answer to the target deployment's first status for a minute",
      faultSpec: { method: 'PATCH', path: /\/releases\/\d+$/, kind: 'latency', latencyMs: 60_000, times: 1 },
      trigger: { request: { method: 'PATCH', path: /\/releases\/\d+$/ } },
      expect: (v, w, r) => rollbackCancelled(v, w, r, false),
    }),
    cancelCase({
      action: 'rc-to-ga',
      id: 'cancel-during-secondary-rate-limit-wait',
      fault:
        'the job is cancelled while the run waits out a secondary rate limit on the draft release (retry-after: 60)',
      faultSpec: {
        method: 'POST',
        path: /\/releases$/,
        kind: 'secondary-rate-limit',
        retryAfterS: 60,
        times: 1,
      },
      trigger: { log: WAITING_60 },
      waitBaseMs: 1000,
      expect: promoteCancelled,
    }),
    cancelCase({
      action: 'readiness-gate',
      id: 'cancel-during-slow-answer',
      fault:
        'the job is cancelled while GitHub holds its answer to the check-runs read (github-checks) for a minute',
      faultSpec: {
        method: 'GET',
        path: /\/commits\/[^/]+\/check-runs$/,
        kind: 'latency',
        latencyMs: 60_000,
        times: 1,
      },
      trigger: { request: { method: 'GET', path: /\/commits\/[^/]+\/check-runs$/ } },
      expect: gateCancelled,
    }),
  ];
}

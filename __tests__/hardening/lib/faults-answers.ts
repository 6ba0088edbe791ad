/**
 * GitHub's answers are untrusted input, for every action: an answer cut off mid-body, an HTML page
 * where JSON belongs, a pagination Link that loops back or points at another host. A read that
 * cannot be trusted is retried; when it stays bad the run ends with an ExternalError (the gate: its
 * GitHub check fails) before any write that would act on it — never on an empty or partial list, never
 * on a release with undefined fields. One that recovers on a retry leaves the outcome of a clean run.
 * A create whose answer is lost (applied, then a 502 or a reset) leaves one object, in every action.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ExternalError } from '../../../src/errors.js';
import type { FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, Violations } from './expect.js';
import { lostAnswers, tallyLost } from './lost-answers.js';
import {
  configs,
  openWorld,
  port,
  runInProcess,
  runnerEnv,
  TOKEN,
  type ActionName,
  type CommandName,
  type InProcessRun,
  type World,
} from './world.js';

const COMMAND: Record<ActionName, CommandName> = {
  'readiness-gate': 'gate',
  'canary-promote': 'canary',
  'rc-to-ga': 'promote',
  'auto-rollback': 'rollback',
};

/** A world for `action` with its config written (and, for a rollback, the live build failing). */
export async function actionWorld(action: ActionName): Promise<World> {
  const w = await openWorld(action);
  const text =
    action === 'readiness-gate'
      ? configs.gate(w)
      : action === 'canary-promote'
        ? configs.canary(w)
        : action === 'rc-to-ga'
          ? configs.promote()
          : configs.rollback(w);
  w.writeConfig(text);
  if (action === 'auto-rollback') w.svc.inject({ errorRatePct: 100 });
  return w;
}

/** The action's command in-process, with its usual inputs, against the emulator (or `baseUrl`). */
export async function runAction(
  action: ActionName,
  w: World,
  o: { inputs?: Record<string, string>; baseUrl?: string } = {},
): Promise<InProcessRun> {
  const inputs: Record<string, string> = {
    'readiness-gate': { sha: w.facts.sha! },
    'canary-promote': { tag: 'v1.1.0', 'previous-tag': 'v1.0.0' },
    'rc-to-ga': { 'rc-tag': 'v1.0.0-rc1' },
    'auto-rollback': { from: 'v1.1.0', reason: 'checkout answers 500' },
  }[action];
  return runInProcess(COMMAND[action], {
    inputs: { ...inputs, 'github-token': TOKEN, ...o.inputs },
    env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
    cwd: w.dir,
    gh: await port(o.baseUrl ?? w.emu.url),
    token: TOKEN,
  });
}

const writes = (w: World) =>
  w.emu.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.operationId ?? q.path}`);

/** What an action must not have done when a read it needed could not be trusted. */
function actedOn(action: ActionName, w: World): string[] {
  const acted: string[] = [];
  switch (action) {
    case 'canary-promote':
      if (w.emu.state.deployments.length) acted.push('a deployment was created');
      if (w.svc.version !== 'v1.0.0') acted.push(`the deploy program ran (service at ${w.svc.version})`);
      break;
    case 'rc-to-ga':
      for (const wr of writes(w)) acted.push(`wrote ${wr}`);
      break;
    case 'auto-rollback': {
      if (w.emu.state.issues.length) acted.push('an incident was opened');
      const bad = w.emu.state.releases.find((r) => r.tag_name === 'v1.1.0');
      if (bad?.prerelease) acted.push('v1.1.0 was demoted');
      if (w.svc.version !== 'v1.1.0') acted.push(`the rollback program ran (service at ${w.svc.version})`);
      const locks = [...w.emu.state.refs.keys()].filter((r) => r.startsWith('refs/release-ops/'));
      if (locks.length) acted.push(`lock refs left: ${locks.join(', ')}`);
      break;
    }
    case 'readiness-gate':
      break;
  }
  return acted;
}

/** The run ended on the untrusted read: an ExternalError naming it (the gate: its check failed on it). */
function endedOnBadRead(v: Violations, action: ActionName, r: InProcessRun, said: RegExp): void {
  if (action === 'readiness-gate') {
    v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
    v.eq('result', r.outcome?.outputs.result, 'FAIL');
    v.eq('failed checks', r.outcome?.outputs.failed, 'ci');
    v.eq('exit code', r.outcome?.exitCode, 1);
    return;
  }
  v.ok(
    r.error instanceof ExternalError,
    `an ExternalError, got ${r.error ? String(r.error) : `exit ${r.outcome?.exitCode}`}`,
  );
  v.match('what it says', (r.error as Error | undefined)?.message, said);
}

interface Untrusted {
  action: ActionName;
  id: string;
  fault: string;
  spec: FaultSpec;
  said: RegExp;
  inputs?: Record<string, string>;
}

const BAD_SHAPE = /not the shape GitHub documents/;
const NOT_FOLLOWED = /not followed/;

/** A read that stays untrusted: the run ends on it, having acted on nothing. */
function untrusted(u: Untrusted): Case {
  return {
    id: `${u.action}/${u.id}`,
    action: u.action,
    fault: u.fault,
    expected:
      u.action === 'readiness-gate'
        ? 'read again, then the GitHub check fails on it (FAIL, exit 1): never a PASS on an answer that was not read whole'
        : 'read again, then an ExternalError naming the answer; nothing acted on (no deployment, no tag, no incident, no demotion, no program run, no lock left)',
    async run() {
      const w = await actionWorld(u.action);
      try {
        w.emu.faults.add(u.spec);
        const r = await bounded(30_000, this.id, () => runAction(u.action, w, { inputs: u.inputs }));
        const v = new Violations();
        v.ok(
          w.emu.requests.some((q) => q.fault === u.spec.kind),
          `the fault never fired: ${u.spec.kind}`,
        );
        endedOnBadRead(v, u.action, r, u.said);
        for (const a of actedOn(u.action, w)) v.ok(false, a);
        if (u.action === 'readiness-gate')
          v.match('the check says why', JSON.stringify(r.outcome?.report ?? r.log), u.said);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** The outcome of a clean run, per action. */
function cleanOutcome(v: Violations, action: ActionName, r: InProcessRun): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  const expected = {
    'readiness-gate': ['result', 'PASS', 0],
    'canary-promote': ['result', 'promoted', 0],
    'rc-to-ga': ['ga-tag', 'v1.0.0', 0],
    'auto-rollback': ['result', 'rolled-back', 0],
  } as const;
  const [key, value, code] = expected[action];
  v.eq(key, r.outcome?.outputs[key], value);
  v.eq('exit code', r.outcome?.exitCode, code);
}

/** A read cut off (or not JSON) once: read again, and the run ends as a clean one. */
function recovers(
  action: ActionName,
  id: string,
  fault: string,
  spec: FaultSpec,
  inputs?: Record<string, string>,
): Case {
  return {
    id: `${action}/${id}`,
    action,
    fault,
    expected: 'read again, and the outcome of a clean run',
    async run() {
      const w = await actionWorld(action);
      try {
        w.emu.faults.add({ ...spec, times: 1 });
        const r = await bounded(30_000, this.id, () => runAction(action, w, { inputs }));
        const v = new Violations();
        v.ok(
          w.emu.requests.some((q) => q.fault === spec.kind),
          `the fault never fired: ${spec.kind}`,
        );
        cleanOutcome(v, action, r);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** A loopback host that records whatever reaches it (a pagination Link must never lead there). */
async function foreignHost(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} authorization=${req.headers.authorization ? 'sent' : 'none'}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A Link to another host: not followed, the token never sent there; the run ends on it. */
function foreignLink(action: ActionName, id: string, what: string, pathRe: RegExp): Case {
  return {
    id: `${action}/${id}`,
    action,
    fault: `${what}: the answer's Link rel="next" points at another host`,
    expected:
      'the link is not followed (nothing reaches the other host, the token least of all); an ExternalError; nothing acted on',
    async run() {
      const w = await actionWorld(action);
      const other = await foreignHost();
      try {
        w.emu.faults.add({ method: 'GET', path: pathRe, kind: 'foreign-link', linkTo: other.url });
        const r = await bounded(30_000, this.id, () => runAction(action, w));
        const v = new Violations();
        v.ok(
          w.emu.requests.some((q) => q.fault === 'foreign-link'),
          'the fault never fired: foreign-link',
        );
        v.eq('requests that reached the other host', other.seen, []);
        endedOnBadRead(v, action, r, /another host/);
        for (const a of actedOn(action, w)) v.ok(false, a);
        return v.list;
      } finally {
        await other.close();
        await w.close();
      }
    },
  };
}

/** A create of `action`'s run whose answer is lost once: one object in GitHub's state, the run's outcome unchanged. */
function lostCreate(
  action: ActionName,
  name: string,
  spec: Omit<FaultSpec, 'kind'>,
  objects: (w: World) => number,
): Case[] {
  return (['bad-gateway', 'reset'] as const).map((lostAs) => ({
    id: `${action}/lost-answer-${name}:${lostAs}`,
    action,
    fault: `${spec.method} ${spec.path?.source}: GitHub applies the ${name} create, then its answer is lost (${lostAs === 'reset' ? 'a reset connection' : "a proxy's 502"})`,
    expected: `the outcome of a clean run, with exactly one ${name} in GitHub's state (found by its marker, not made twice)`,
    async run() {
      const w = await actionWorld(action);
      try {
        w.emu.faults.add({ ...spec, kind: 'lost-answer', lostAs, times: 1 });
        const r = await bounded(30_000, this.id, () => runAction(action, w));
        const v = new Violations();
        cleanOutcome(v, action, r);
        tallyLost(v, w.emu, `${name}s`, objects(w));
        v.ok(lostAnswers(w.emu) === 1, `answers lost: ${lostAnswers(w.emu)}`);
        return v.list;
      } finally {
        await w.close();
      }
    },
  }));
}

const tagOf = (d: { payload: unknown; ref: string }) =>
  (d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref;

export function answerCases(): Case[] {
  return [
    // readiness-gate: the github-checks check reads check runs and statuses
    untrusted({
      action: 'readiness-gate',
      id: 'cut-body-list-check-runs',
      fault: 'GET commits/{sha}/check-runs: every answer cut off mid-body (a reset)',
      spec: { method: 'GET', path: /\/commits\/[^/]+\/check-runs$/, kind: 'cut-body' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'readiness-gate',
      id: 'invalid-json-list-statuses',
      fault: 'GET commits/{sha}/statuses: 200 with an HTML page',
      spec: { method: 'GET', path: /\/commits\/[^/]+\/statuses$/, kind: 'invalid-json' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'readiness-gate',
      id: 'loop-link-list-check-runs',
      fault: 'GET commits/{sha}/check-runs: Link rel="next" back at the same page',
      spec: { method: 'GET', path: /\/commits\/[^/]+\/check-runs$/, kind: 'loop-link' },
      said: NOT_FOLLOWED,
    }),
    recovers('readiness-gate', 'cut-body-once-list-statuses', 'GET commits/{sha}/statuses: cut off once', {
      method: 'GET',
      path: /\/commits\/[^/]+\/statuses$/,
      kind: 'cut-body',
    }),
    ...lostCreate(
      'readiness-gate',
      'check-run',
      { method: 'POST', path: /\/check-runs$/ },
      (w) => w.emu.state.checkRuns.filter((c) => c.name === 'readiness-gate').length,
    ),

    // canary-promote
    untrusted({
      action: 'canary-promote',
      id: 'invalid-json-latest-release',
      fault: 'GET releases/latest (previous-tag not given): 200 with an HTML page',
      spec: { method: 'GET', path: /\/releases\/latest$/, kind: 'invalid-json' },
      said: BAD_SHAPE,
      inputs: { 'previous-tag': '' },
    }),
    untrusted({
      action: 'canary-promote',
      id: 'cut-body-list-deployments',
      fault: 'GET deployments (the ledger of the environment): every answer cut off mid-body',
      spec: { method: 'GET', path: /\/deployments$/, kind: 'cut-body' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'canary-promote',
      id: 'loop-link-list-issues',
      fault: 'GET issues (is the build marked rolled back?): Link rel="next" back at the same page',
      spec: { method: 'GET', path: /\/issues$/, kind: 'loop-link' },
      said: NOT_FOLLOWED,
    }),
    recovers(
      'canary-promote',
      'cut-body-once-latest-release',
      'GET releases/latest (previous-tag not given): cut off once',
      { method: 'GET', path: /\/releases\/latest$/, kind: 'cut-body' },
      { 'previous-tag': '' },
    ),
    ...lostCreate(
      'canary-promote',
      'deployment',
      { method: 'POST', path: /\/deployments$/ },
      (w) => w.emu.state.deployments.filter((d) => tagOf(d) === 'v1.1.0').length,
    ),

    // rc-to-ga
    untrusted({
      action: 'rc-to-ga',
      id: 'cut-body-matching-refs',
      fault: 'GET git/matching-refs (the tags of the version): every answer cut off mid-body',
      spec: { method: 'GET', path: /\/git\/matching-refs\//, kind: 'cut-body' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'rc-to-ga',
      id: 'invalid-json-release-by-tag',
      fault: 'GET releases/tags/v1.0.0-rc1: 200 with an HTML page',
      spec: { method: 'GET', path: /\/releases\/tags\//, kind: 'invalid-json' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'rc-to-ga',
      id: 'loop-link-list-issues',
      fault: 'GET issues (is the build marked rolled back?): Link rel="next" back at the same page',
      spec: { method: 'GET', path: /\/issues$/, kind: 'loop-link' },
      said: NOT_FOLLOWED,
    }),
    foreignLink('rc-to-ga', 'foreign-link-list-deployments', 'GET deployments (the soak)', /\/deployments$/),
    recovers(
      'rc-to-ga',
      'invalid-json-once-release-by-tag',
      'GET releases/tags/v1.0.0-rc1: an HTML page once',
      {
        method: 'GET',
        path: /\/releases\/tags\//,
        kind: 'invalid-json',
      },
    ),
    ...lostCreate(
      'rc-to-ga',
      'draft-release',
      { method: 'POST', path: /\/releases$/ },
      (w) => w.emu.state.releases.filter((r) => r.tag_name === 'v1.0.0').length,
    ),
    ...lostCreate('rc-to-ga', 'ga-tag-ref', { method: 'POST', path: /\/git\/refs$/ }, (w) =>
      w.emu.state.refs.has('refs/tags/v1.0.0') ? 1 : 0,
    ),

    // auto-rollback
    untrusted({
      action: 'auto-rollback',
      id: 'cut-body-list-issues',
      fault: 'GET issues (open incidents: the cascade guard): every answer cut off mid-body',
      spec: { method: 'GET', path: /\/issues$/, kind: 'cut-body' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'auto-rollback',
      id: 'invalid-json-release-by-tag',
      fault: 'GET releases/tags/…: 200 with an HTML page',
      spec: { method: 'GET', path: /\/releases\/tags\//, kind: 'invalid-json' },
      said: BAD_SHAPE,
    }),
    untrusted({
      action: 'auto-rollback',
      id: 'loop-link-list-deployments',
      fault: 'GET deployments (the ledger): Link rel="next" back at the same page',
      spec: { method: 'GET', path: /\/deployments$/, kind: 'loop-link' },
      said: NOT_FOLLOWED,
    }),
    foreignLink('auto-rollback', 'foreign-link-list-issues', 'GET issues (open incidents)', /\/issues$/),
    recovers('auto-rollback', 'cut-body-once-list-issues', 'GET issues (open incidents): cut off once', {
      method: 'GET',
      path: /\/issues$/,
      kind: 'cut-body',
    }),
    ...lostCreate(
      'auto-rollback',
      'incident-issue',
      { method: 'POST', path: /\/issues$/ },
      (w) => w.emu.state.issues.filter((i) => i.labels.includes('incident')).length,
    ),
    ...lostCreate(
      'auto-rollback',
      'target-deployment',
      { method: 'POST', path: /\/deployments$/ },
      (w) => w.emu.state.deployments.filter((d) => tagOf(d) === 'v1.0.0').length,
    ),
    ...lostCreate(
      'auto-rollback',
      'incident-comment',
      { method: 'POST', path: /\/issues\/\d+\/comments$/ },
      (w) => {
        // the first comment of the incident, whose answer was lost: once
        const comments = w.emu.state.issues.find((i) => i.labels.includes('incident'))?.comments ?? [];
        const body = (c: { body: string }) => c.body.replace(/^<!-- release-ops:create \S+ -->\n/, '');
        return comments.filter((c) => comments[0] && body(c) === body(comments[0])).length;
      },
    ),
  ];
}

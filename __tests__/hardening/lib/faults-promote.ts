/**
 * Fault cases for rc-to-ga: GitHub failures at each write, a 422 already_exists (a concurrent run, or a
 * write whose answer was lost and was sent again), a crash before each kind of write and a re-run, and a
 * cancelled job. The end state is checked byte for byte: one published GA release, no draft, every asset.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator, FaultSpec } from '../../../support/github-emulator/index.js';
import type { Case } from './cases.js';
import { bounded, evidenceReason, Violations, writesDone } from './expect.js';
import { startLossyProxy } from './lossy-proxy.js';
import { startEntry, within } from './signals.js';
import {
  configs,
  openWorld,
  port,
  runInProcess,
  runnerEnv,
  TOKEN,
  WAIT_BASE_MS,
  type InProcessRun,
  type World,
} from './world.js';

const RELEASES = /\/releases$/;
const TAGS = /\/git\/tags$/;
const REFS = /\/git\/refs$/;
const MATCHING = /\/git\/matching-refs\//;
const UPLOADS = /\/uploads\/.*\/assets$/;
const RELEASE_ID = /\/releases\/\d+$/;

async function promote(w: World, o: { baseUrl?: string; signal?: AbortSignal } = {}): Promise<InProcessRun> {
  return runInProcess('promote', {
    inputs: { 'rc-tag': 'v1.0.0-rc1', 'github-token': TOKEN },
    env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
    cwd: w.dir,
    gh: await port(o.baseUrl ?? w.emu.url),
    token: TOKEN,
    signal: o.signal,
  });
}

async function world(): Promise<World> {
  const w = await openWorld('rc-to-ga');
  w.writeConfig(configs.promote());
  return w;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The GA state: one published, non-prerelease v1.0.0 with the RC's assets byte for byte, no draft, tag at the RC commit. */
export function gaViolations(v: Violations, emu: Emulator, rcSha: string): void {
  const all = emu.state.releases.filter((r) => r.tag_name === 'v1.0.0');
  v.eq(
    'GA releases (draft flags)',
    all.map((r) => r.draft),
    [false],
  );
  const ga = all.find((r) => !r.draft);
  const rc = emu.state.releases.find((r) => r.tag_name === 'v1.0.0-rc1')!;
  const bytes = (id: number | undefined) =>
    emu.state.assets
      .filter((a) => a.release_id === id && a.state === 'uploaded')
      .map((a) => `${a.name} ${sha256(Buffer.concat(a.chunks))}`)
      .sort();
  v.eq('GA assets (name sha256)', bytes(ga?.id), bytes(rc.id));
  v.eq('GA prerelease', ga?.prerelease, false);
  const ref = emu.state.refs.get('refs/tags/v1.0.0');
  const obj = ref ? emu.state.tags.get(ref) : undefined;
  v.eq('tag v1.0.0 → commit', obj ? obj.object.sha : ref, rcSha);
  v.eq('latest release', emu.latestRelease()?.tag_name, 'v1.0.0');
}

function promotedIn(v: Violations, r: InProcessRun, changed = 'true'): void {
  v.eq('error', r.error === undefined ? undefined : String(r.error), undefined);
  v.eq('exit code', r.outcome?.exitCode, 0);
  v.eq('ga-tag', r.outcome?.outputs['ga-tag'], 'v1.0.0');
  v.eq('changed', r.outcome?.outputs.changed, changed);
}

const writes = (emu: Emulator) => emu.requests.filter((q) => q.method !== 'GET');
const count = (emu: Emulator, method: string, re: RegExp) =>
  emu.requests.filter((q) => q.method === method && re.test(q.path.split('?')[0]!)).length;

function transient(
  id: string,
  what: string,
  spec: FaultSpec,
  method: string,
  re: RegExp,
  expected: number,
): Case {
  return {
    id: `rc-to-ga/${id}`,
    action: 'rc-to-ga',
    fault: what,
    expected: `retried (${expected} requests to the endpoint); promoted in the same run; one GA release with every asset`,
    async run() {
      const w = await world();
      try {
        w.emu.faults.add(spec);
        const r = await bounded(30_000, this.id, () => promote(w));
        const v = new Violations();
        promotedIn(v, r);
        gaViolations(v, w.emu, w.facts.sha!);
        v.eq('requests to the faulted endpoint', count(w.emu, method, re), expected);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

/** Converged re-run: promoted (or converged), the GA state is whole, and a third run writes nothing. */
async function rerunConverges(v: Violations, w: World): Promise<void> {
  const again = await promote(w);
  v.eq('re-run error', again.error === undefined ? undefined : String(again.error), undefined);
  v.eq('re-run exit code', again.outcome?.exitCode, 0);
  gaViolations(v, w.emu, w.facts.sha!);
  w.emu.resetRequests();
  const third = await promote(w);
  v.eq('third run changed', third.outcome?.outputs.changed, 'false');
  v.eq(
    'third run writes',
    writes(w.emu).map((q) => `${q.method} ${q.operationId}`),
    [],
  );
}

/** The writes of a promotion, in order, each as the requests that carry it. */
const WRITES: { name: string; method: string; path: RegExp; nth?: number }[] = [
  { name: 'create-tag-object', method: 'POST', path: TAGS },
  { name: 'create-ref', method: 'POST', path: REFS },
  { name: 'create-draft-release', method: 'POST', path: RELEASES },
  { name: 'upload-asset', method: 'POST', path: UPLOADS },
  { name: 'upload-asset-2', method: 'POST', path: UPLOADS, nth: 2 },
  { name: 'publish', method: 'PATCH', path: RELEASE_ID },
];

function crashBefore(wr: (typeof WRITES)[number]): Case {
  return {
    id: `rc-to-ga/crash-before-${wr.name}-then-rerun`,
    action: 'rc-to-ga',
    fault: `the process dies just before the ${wr.nth ? `#${wr.nth} ` : ''}${wr.method} ${wr.path.source} write (GitHub unreachable from there on); the job is re-run`,
    expected:
      'the first run fails with a clear error and leaves evidence; the re-run completes the promotion: one published GA release, no draft, every asset byte for byte; a third run writes nothing',
    async run() {
      const w = await world();
      try {
        w.emu.faults.add({
          method: wr.method,
          path: wr.path,
          kind: 'crash',
          afterRequests: (wr.nth ?? 1) - 1,
        });
        const first = await bounded(60_000, this.id, () => promote(w));
        const v = new Violations();
        v.ok(w.emu.faults.crashed, 'the crash fired');
        v.match(
          'first run error',
          first.error ? String((first.error as Error).message) : undefined,
          /could not reach GitHub|failed to upload/,
        );
        const files = existsSync(path.join(w.dir, 'artifacts'))
          ? readdirSync(path.join(w.dir, 'artifacts'))
          : [];
        v.eq('evidence files of the failed run', files.length, 1);
        w.emu.faults.clear();
        await rerunConverges(v, w);
        return v.list;
      } finally {
        await w.close();
      }
    },
  };
}

export function promoteCases(): Case[] {
  return [
    transient(
      'github-500-create-release',
      'POST releases answers 500 once',
      { method: 'POST', path: RELEASES, kind: 'status', status: 500, times: 1 },
      'POST',
      RELEASES,
      2,
    ),
    transient(
      'github-502-create-tag-object',
      'POST git/tags answers 502 once',
      { method: 'POST', path: TAGS, kind: 'status', status: 502, times: 1 },
      'POST',
      TAGS,
      2,
    ),
    transient(
      'github-503-matching-refs',
      'GET git/matching-refs answers 503 twice',
      { method: 'GET', path: MATCHING, kind: 'status', status: 503, times: 2 },
      'GET',
      MATCHING,
      // the RC lookup (two 503s, then the answer), the rolled-back check and the promotion's own lookup
      5,
    ),
    transient(
      'github-500-publish',
      'PATCH releases/{id} (publish) answers 500 once',
      { method: 'PATCH', path: RELEASE_ID, kind: 'status', status: 500, times: 1 },
      'PATCH',
      RELEASE_ID,
      2,
    ),
    {
      id: 'rc-to-ga/github-slow',
      action: 'rc-to-ga',
      fault: 'every GitHub request (and asset storage) answers 100 ms late',
      expected: 'the same outcome as on a fast GitHub: promoted, one GA release with every asset',
      async run() {
        const w = await world();
        try {
          w.emu.faults.add({ kind: 'latency', latencyMs: 100 });
          const r = await bounded(30_000, this.id, () => promote(w));
          const v = new Violations();
          promotedIn(v, r);
          gaViolations(v, w.emu, w.facts.sha!);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/secondary-rate-limit-create-ref',
      action: 'rc-to-ga',
      fault: 'POST git/refs: 403 secondary rate limit with retry-after: 20',
      expected: 'waited retry-after × base before the one retry; 2 requests; promoted',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          w.emu.faults.add({
            method: 'POST',
            path: REFS,
            kind: 'secondary-rate-limit',
            retryAfterS: 20,
            times: 1,
          });
          const r = await bounded(30_000, this.id, () => promote(w, { baseUrl: proxy.url }));
          const v = new Violations();
          promotedIn(v, r);
          gaViolations(v, w.emu, w.facts.sha!);
          const tries = proxy.seen.filter((s) => s.method === 'POST' && REFS.test(s.path));
          v.eq('POST git/refs requests', tries.length, 2);
          if (tries.length === 2)
            v.ok(tries[1]!.at - tries[0]!.at >= 20 * WAIT_BASE_MS * 0.9, 'waited less than retry-after');
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/github-502-upload-asset',
      action: 'rc-to-ga',
      fault: 'the first asset upload answers 502 (a streamed body cannot be sent twice)',
      expected:
        'not resent; the run fails naming the upload and saying to re-run; evidence written; the re-run uploads what is missing and converges',
      async run() {
        const w = await world();
        try {
          w.emu.faults.add({ method: 'POST', path: UPLOADS, kind: 'status', status: 502, times: 1 });
          const first = await bounded(30_000, this.id, () => promote(w));
          const v = new Violations();
          v.match(
            'first run error',
            first.error ? (first.error as Error).message : undefined,
            /GitHub failed to upload asset .*HTTP 502.* rerun/,
          );
          v.eq('upload requests', count(w.emu, 'POST', UPLOADS), 1);
          await rerunConverges(v, w);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/422-ga-tag-created-concurrently',
      action: 'rc-to-ga',
      fault:
        'another run creates v1.0.0 at the RC commit between this run’s look and its createRef (422 Reference already exists)',
      expected:
        'the 422 is recognised as the same tag: the run converges in place — one GA release, every asset',
      async run() {
        const w = await world();
        try {
          w.emu.faults.add({ method: 'POST', path: REFS, kind: 'latency', latencyMs: 300, times: 1 });
          const racer = setInterval(() => {
            if (
              w.emu.requests.some((q) => q.method === 'POST' && REFS.test(q.path)) &&
              !w.emu.state.refs.has('refs/tags/v1.0.0')
            ) {
              w.emu.seed.tag('v1.0.0', w.facts.sha!, { annotated: true });
              clearInterval(racer);
            }
          }, 5);
          const r = await bounded(30_000, this.id, () => promote(w)).finally(() => clearInterval(racer));
          const v = new Violations();
          promotedIn(v, r);
          gaViolations(v, w.emu, w.facts.sha!);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/lost-response-create-ref',
      action: 'rc-to-ga',
      fault:
        'POST git/refs is applied but its answer is lost (502); Octokit sends it again and gets 422 Reference already exists',
      expected: 'the 422 is recognised as this run’s own tag: promoted in the same run; one GA release',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          proxy.lose({ method: 'POST', path: REFS });
          const r = await bounded(30_000, this.id, () => promote(w, { baseUrl: proxy.url }));
          const v = new Violations();
          v.eq('answers lost', proxy.lost.length, 1);
          promotedIn(v, r);
          gaViolations(v, w.emu, w.facts.sha!);
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/lost-response-publish',
      action: 'rc-to-ga',
      fault: 'PATCH releases/{id} (publish) is applied but its answer is lost (502); Octokit sends it again',
      expected: 'the repeated PATCH is harmless: promoted; one GA release',
      async run() {
        const w = await world();
        const proxy = await startLossyProxy(w.emu.url);
        try {
          proxy.lose({ method: 'PATCH', path: RELEASE_ID });
          const r = await bounded(30_000, this.id, () => promote(w, { baseUrl: proxy.url }));
          const v = new Violations();
          v.eq('answers lost', proxy.lost.length, 1);
          promotedIn(v, r);
          gaViolations(v, w.emu, w.facts.sha!);
          return v.list;
        } finally {
          await proxy.close();
          await w.close();
        }
      },
    },
    ...WRITES.map(crashBefore),
    {
      id: 'rc-to-ga/job-cancelled',
      action: 'rc-to-ga',
      slow: true,
      fault: 'SIGTERM to the bundle while an asset upload is in flight (GitHub holds its answer 10 s)',
      expected:
        'no further write after the one in flight; exit 1 with “cancelled”; evidence written (with the writes made); the re-run completes the promotion',
      async run() {
        const w = await world();
        try {
          w.emu.faults.add({ method: 'POST', path: UPLOADS, kind: 'latency', latencyMs: 10_000, times: 1 });
          const run = startEntry('rc-to-ga', {
            cwd: w.dir,
            inputs: { 'rc-tag': 'v1.0.0-rc1', 'github-token': TOKEN, 'artifacts-dir': 'out' },
            env: runnerEnv(w.emu),
            boundMs: 30_000,
          });
          // the job is cancelled once the emulator holds the first upload (its answer 10 s away)
          await within(
            20_000,
            'the first upload',
            w.emu.waitForRequest({ method: 'POST', path: UPLOADS }),
          ).catch(() => undefined);
          run.child.kill('SIGTERM');
          const r = await run.done;
          const v = new Violations();
          v.eq('exit code', r.exitCode, 1);
          v.match('failure', /^::error[^:]*::(.*)$/m.exec(r.stdout)?.[1], /cancelled/);
          v.eq('uploads made (the one in flight)', count(w.emu, 'POST', UPLOADS), 1);
          v.eq('publish requests', count(w.emu, 'PATCH', RELEASE_ID), 0);
          const dir = path.join(w.dir, 'out');
          const files = existsSync(dir) ? readdirSync(dir) : [];
          const ev = files.length ? JSON.parse(readFileSync(path.join(dir, files[0]!), 'utf8')) : null;
          v.match('evidence reason', evidenceReason(ev), /cancelled/);
          v.ok(writesDone(ev).includes('createRelease'), 'the evidence lists the writes made');
          w.emu.faults.clear();
          await rerunConverges(v, w);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
    {
      id: 'rc-to-ga/upper-case-rc-label-by-version',
      action: 'rc-to-ga',
      fault: 'version 1.0.0 with tags v1.0.0-rc1 and a newer v1.0.0-RC2 (an upper-case label)',
      expected: 'RC2 is the highest RC (the label compares whatever its case): v1.0.0 is cut from its commit',
      async run() {
        const w = await world();
        try {
          const rc2 = w.emu.seed.commit('fix: tenant filter, again');
          w.emu.seed.release({
            tag: 'v1.0.0-RC2',
            sha: rc2,
            prerelease: true,
            body: '## RC2',
            publishedAt: new Date(Date.now() - 30 * 3_600_000),
          });
          w.emu.seed.checkRun(rc2, { name: 'build', status: 'completed', conclusion: 'success' });
          const r = await bounded(30_000, this.id, async () =>
            runInProcess('promote', {
              inputs: { version: '1.0.0', 'github-token': TOKEN },
              env: runnerEnv(w.emu, { OPS_ARTIFACTS_DIR: path.join(w.dir, 'artifacts') }),
              cwd: w.dir,
              gh: await port(w.emu.url),
              token: TOKEN,
            }),
          );
          const v = new Violations();
          promotedIn(v, r);
          const ref = w.emu.state.refs.get('refs/tags/v1.0.0');
          const obj = ref ? w.emu.state.tags.get(ref) : undefined;
          v.eq('tag v1.0.0 → commit', obj ? obj.object.sha : ref, rc2);
          return v.list;
        } finally {
          await w.close();
        }
      },
    },
  ];
}

import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { evidenceProblems } from '../../src/evidence/envelope.js';
import { BANNER_START } from '../../src/rollback/banner.js';
import { parseState } from '../../src/rollback/incident.js';
import type { Emulator } from '../../support/github-emulator/index.js';
import { world, type World } from './world.js';

const worlds: World[] = [];
async function open(o: Parameters<typeof world>[0] = {}): Promise<World> {
  const w = await world(o);
  worlds.push(w);
  return w;
}
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const release = (emu: Emulator, tag: string) => emu.state.releases.find((r) => r.tag_name === tag)!;
const incidents = (emu: Emulator) => emu.state.issues.filter((i) => i.labels.includes('incident'));
/** A tag's deployments: the ledger names the tag in the payload (the ref is the commit). */
const deploymentsOf = (emu: Emulator, tag: string) =>
  emu.state.deployments.filter(
    (d) => ((d.payload as { release_ops?: { tag?: string } }).release_ops?.tag ?? d.ref) === tag,
  );
const lockRefs = (emu: Emulator) =>
  [...emu.state.refs.keys()].filter((r) => r.startsWith('refs/release-ops/'));
const writes = (emu: Emulator) => emu.requests.filter((r) => r.method !== 'GET');

async function latestTag(w: World): Promise<string | undefined> {
  return (await w.gh.getLatestRelease())?.tagName;
}

describe('auto-rollback against the GitHub emulator and the sample service', () => {
  it('failed canary (if: failure()) → rollback → health verified', async () => {
    const w = await open();
    w.sample.inject({ errorRatePct: 100 }); // v1.1.0 is failing its health checks
    const out = await w.run(
      { reason: 'canary of v1.1.0 aborted: health error_rate_pct 100 != 0' },
      { event: 'push' },
    );

    expect(out.exitCode).toBe(0);
    expect(out.outputs).toMatchObject({
      'rolled-back': 'true',
      'from-tag': 'v1.1.0',
      'to-tag': 'v1.0.0',
      result: 'rolled-back',
    });
    expect(w.sample.version).toBe('v1.0.0');
    expect(w.programRuns()).toEqual(['v1.0.0 v1.1.0']);

    const bad = release(w.emu, 'v1.1.0');
    expect(bad.prerelease).toBe(true);
    expect(bad.body!.startsWith(BANNER_START)).toBe(true);
    expect(bad.body).toContain('canary of v1.1.0 aborted');
    expect(await latestTag(w)).toBe('v1.0.0');
    expect(w.emu.state.refs.has('refs/tags/v1.1.0')).toBe(true);

    expect(deploymentsOf(w.emu, 'v1.1.0')[0]!.statuses.map((s) => s.state)).toEqual(['success', 'failure']);
    const target = deploymentsOf(w.emu, 'v1.0.0');
    expect(target).toHaveLength(1);
    expect(target[0]!.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);

    const [issue, ...others] = incidents(w.emu);
    expect(others).toEqual([]);
    expect(issue!.labels.sort()).toEqual(['incident', 'severity:high']);
    expect(issue!.body).toContain('all tenants: checkout answers 500');
    expect(parseState(issue!.body)).toMatchObject({ from: 'v1.1.0', to: 'v1.0.0', phase: 'rolled-back' });
    expect(issue!.comments.length).toBeGreaterThanOrEqual(8);
    expect(out.outputs['incident-url']).toMatch(new RegExp(`/issues/${issue!.number}$`));
    expect(lockRefs(w.emu)).toEqual([]);

    const evidence = JSON.parse(readFileSync(out.outputs['report-path']!, 'utf8'));
    expect(out.outputs['report-path']).toMatch(/rollback_report_\d{8}T\d{6}Z\.json$/);
    expect(evidenceProblems(evidence)).toEqual([]);
    expect(evidence).toMatchObject({
      command: 'rollback',
      result: 'rolled-back',
      run: { actor: 'octocat', url: 'https://github.com/acme/shop/actions/runs/4242', dry_run: false },
      build: { tag: 'v1.1.0', sha: await w.gh.resolveTagCommit('v1.1.0') },
      details: { from_tag: 'v1.1.0', to_tag: 'v1.0.0', severity: 'high', severity_source: 'config' },
    });
    expect(evidence.details.verify.decision).toBe('successful');
    expect(evidence.details.verify.measurements.length).toBe(3);
    expect(evidence.journal.map((e: { name: string }) => e.name)).toEqual(
      expect.arrayContaining(['lock', 'incident', 'demote', 'banner', 'latest', 'program', 'verify']),
    );
    expect(JSON.stringify(evidence)).not.toContain('ghs_emulatortoken');
    // the message links the incident and the run, and says it was an automatic rollback
    const notify = evidence.journal.find((e: { name: string }) => e.name === 'notify');
    expect(notify.detail).toContain(`Incident: ${out.outputs['incident-url']}`);
    expect(notify.detail).toContain('Run: https://github.com/acme/shop/actions/runs/4242');
    expect(notify.detail).toContain('rollout aborted due to canary of v1.1.0 aborted');
  });

  it('manual dispatch to a named tag, with a severity and the impact as typed', async () => {
    const w = await open();
    const out = await w.run({
      from: 'v1.1.0',
      to: 'v0.9.0',
      reason: 'data corruption in store flow',
      severity: 'critical',
      // free text from a form: a marker, a mention and a link must not survive into the issue
      impact: 'store 12 <!-- release-ops:state {} --> @acme/ops\nsee https://status.example/x',
    });
    expect(out.outputs).toMatchObject({ result: 'rolled-back', 'to-tag': 'v0.9.0' });
    expect(await latestTag(w)).toBe('v0.9.0');
    expect(w.programRuns()).toEqual(['v0.9.0 v1.1.0']);
    expect(deploymentsOf(w.emu, 'v1.1.0')[0]!.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    const issue = incidents(w.emu)[0]!;
    expect(issue.labels).toContain('severity:critical');
    expect(release(w.emu, 'v1.0.0').prerelease).toBe(false); // untouched
    const impact = /\| Impact \(tenant \/ store \/ user\) \| (.*) \|/.exec(issue.body!)![1]!;
    expect(impact).toContain('store 12');
    expect(impact).not.toMatch(/<!--|(^|[^\u200b])@acme|[^`]https:\/\/status/);
    expect(issue.body).not.toContain('all tenants: checkout answers 500'); // the input wins over the config
    expect(issue.body).toContain('| Started by | manual rollback by octocat |');
    // worded as a manual rollback, linking the incident and the run
    const message = issue.comments.find((c) => c.body.includes('release-ops:step notify done'))!.body;
    expect(message).toContain('shop v1.1.0 rolled back by hand by octocat: data corruption in store flow');
    expect(message).not.toContain('rollout aborted');
    expect(message).toContain('/issues/');
    expect(message).toContain('actions/runs/4242');
  });

  it('nothing to roll back to (the first release) is a clear error, and nothing is written', async () => {
    const w = await open({ firstReleaseOnly: true });
    w.emu.resetRequests();
    await expect(w.run({ reason: 'x' })).rejects.toThrow(
      /there is no stable release below v0.9.0: it is the first release, so there is nothing to roll back to/,
    );
    expect(writes(w.emu)).toEqual([]);
    expect(w.programRuns()).toEqual([]);
  });

  it('works on a repository with immutable releases (never deletes a tag or a release)', async () => {
    const w = await open({ immutableReleases: true });
    expect(release(w.emu, 'v1.1.0').immutable).toBe(true);
    const out = await w.run({ reason: 'latency +80 %' });
    expect(out.outputs.result).toBe('rolled-back');
    const bad = release(w.emu, 'v1.1.0');
    expect(bad).toMatchObject({ immutable: true, prerelease: true, tag_name: 'v1.1.0' });
    expect(bad.body).toContain(BANNER_START);
    expect(await latestTag(w)).toBe('v1.0.0');
    expect(w.emu.state.releases).toHaveLength(4);
  });

  it('two runs at once act once', async () => {
    const w = await open();
    const gh2 = await w.port();
    const [a, b] = await Promise.all([
      w.run({ from: 'v1.1.0', reason: 'dispatch A' }, { runId: '501' }),
      w.run({ from: 'v1.1.0', reason: 'dispatch B' }, { runId: '502', gh: gh2 }),
    ]);
    const results = [a.outputs.result, b.outputs.result].sort();
    expect(results[1]).toBe('rolled-back');
    expect(['busy', 'nothing-to-do']).toContain(results[0]);
    expect(a.exitCode + b.exitCode).toBe(0);
    expect(w.programRuns()).toHaveLength(1);
    expect(incidents(w.emu)).toHaveLength(1);
    expect(deploymentsOf(w.emu, 'v1.0.0')).toHaveLength(1);
    expect(release(w.emu, 'v1.1.0').body!.split(BANNER_START)).toHaveLength(2);
    const loser = a.outputs.result === 'rolled-back' ? b : a;
    if (loser.outputs.result === 'busy')
      expect(loser.log.join('\n')).toMatch(/another run is handling this rollback of v1.1.0/);
    expect(lockRefs(w.emu)).toEqual([]);
  });

  it('a re-run after a crash at each step converges', async () => {
    // The GitHub server crashes at the first write of each kind (each step), then at the last one (the
    // lock's release); a re-run of the same workflow run converges to one rolled-back state.
    const fast = (w: World) =>
      w.config({
        run: false,
        verify: [
          '    interval: 50ms',
          '    window: 100ms',
          '    metrics:',
          `      - { name: health, provider: http, url: "${w.sample.url}/health", samples: 1, conditions: ["error_rate_pct == 0"] }`,
        ].join('\n'),
      });
    const clean = await open();
    clean.emu.resetRequests();
    expect((await clean.run({ from: 'v1.1.0', reason: 'bad' }, { config: fast(clean) })).outputs.result).toBe(
      'rolled-back',
    );
    const seen = new Set<string>();
    const points: number[] = [];
    clean.emu.requests.forEach((r, i) => {
      const kind = `${r.method} ${r.operationId}`;
      if (r.method !== 'GET' && !seen.has(kind)) {
        seen.add(kind);
        points.push(i);
      }
    });
    points.push(clean.emu.requests.length - 1);
    expect(seen.size).toBeGreaterThanOrEqual(8);
    for (const n of points) {
      const w = await open();
      w.emu.resetRequests();
      w.emu.faults.add({ kind: 'crash', afterRequests: n });
      const first: unknown = await w
        .run({ from: 'v1.1.0', reason: 'bad' }, { runId: '9001', config: fast(w) })
        .catch((e: unknown) => e);
      expect({ n, crashed: w.emu.faults.crashed }).toEqual({ n, crashed: true });
      // a crash while releasing the lock does not fail a finished rollback (the re-run sweeps the lock)
      const release_ = clean.emu.requests[n]!.operationId === 'git/delete-ref';
      if (!(first instanceof Error))
        expect({ n, exit: (first as { exitCode: number }).exitCode }).toEqual({ n, exit: release_ ? 0 : 1 });
      w.emu.faults.clear();
      const again = await w.run({ from: 'v1.1.0', reason: 'bad' }, { runId: '9001', config: fast(w) });
      expect({ n, result: again.outputs.result }).toEqual({
        n,
        result: expect.stringMatching(/^(rolled-back|nothing-to-do)$/),
      });
      expect({ n, bad: release(w.emu, 'v1.1.0').prerelease, latest: await latestTag(w) }).toEqual({
        n,
        bad: true,
        latest: 'v1.0.0',
      });
      expect({ n, banners: release(w.emu, 'v1.1.0').body!.split(BANNER_START).length - 1 }).toEqual({
        n,
        banners: 1,
      });
      const [issue, ...more] = incidents(w.emu);
      expect({ n, incidents: more.length + 1, phase: parseState(issue!.body)?.phase }).toEqual({
        n,
        incidents: 1,
        phase: 'rolled-back',
      });
      const markers = issue!.comments.map((c) => /release-ops:step (\S+ \S+)/.exec(c.body)?.[1]);
      expect({ n, duplicates: markers.filter((m, i) => markers.indexOf(m) !== i) }).toEqual({
        n,
        duplicates: [],
      });
      const target = deploymentsOf(w.emu, 'v1.0.0');
      expect({ n, deployments: target.length, last: target[0]?.statuses.at(-1)?.state }).toEqual({
        n,
        deployments: 1,
        last: 'success',
      });
      expect({ n, locks: lockRefs(w.emu) }).toEqual({ n, locks: [] });
      await w.close();
      worlds.splice(worlds.indexOf(w), 1);
    }
  }, 60_000);

  it('watch mode rolls back when injected errors trip the trigger, and not on a healthy service', async () => {
    const w = await open();
    w.emu.resetRequests();
    const quiet = await w.run({ mode: 'watch', 'hypercare-window': '1h' }, { event: 'schedule' });
    expect(quiet.exitCode).toBe(0);
    expect(quiet.outputs).toMatchObject({ result: 'healthy', 'rolled-back': 'false' });
    expect(writes(w.emu)).toEqual([]);
    const quietEvidence = JSON.parse(readFileSync(quiet.outputs['report-path']!, 'utf8'));
    expect(evidenceProblems(quietEvidence)).toEqual([]);
    expect(quietEvidence.details.hypercare_window).toBe('1h');
    expect(quietEvidence.details.watch.measurements.length).toBe(20); // health + ready, every 100ms for 1s

    w.sample.inject({ errorRatePct: 100 });
    // the severity matrix per trigger: health down is critical
    const matrix = w.config({
      watch: [
        `    health_url: "${w.sample.url}/health"`,
        `    ready_url: "${w.sample.url}/ready"`,
        '    interval: 100ms',
        '    window: 1s',
        '    severity: { health: critical, ready: high }',
      ].join('\n'),
    });
    const fired = await w.run(
      { mode: 'watch', 'hypercare-window': 'T+72h' },
      { event: 'schedule', config: matrix },
    );
    expect(fired.outputs).toMatchObject({ result: 'rolled-back', 'from-tag': 'v1.1.0', 'to-tag': 'v1.0.0' });
    expect(fired.outputs.reason).toBe(
      'health: error_rate_pct 100 != 0 on 3 consecutive measurements (limit 2)',
    );
    const evidence = JSON.parse(readFileSync(fired.outputs['report-path']!, 'utf8'));
    expect(evidenceProblems(evidence)).toEqual([]);
    expect(evidence.details.watch.decision).toBe('failed');
    expect(evidence.details.watch.ticks).toBe(3);
    expect(evidence.details).toMatchObject({
      severity: 'critical',
      severity_source: 'trigger',
      trigger: 'health',
    });
    expect(evidence.settings.severity_by_trigger).toEqual([
      { name: 'health', severity: 'critical' },
      { name: 'ready', severity: 'high' },
    ]);
    expect(w.sample.version).toBe('v1.0.0');
    expect(deploymentsOf(w.emu, 'v1.1.0')[0]!.statuses.map((s) => s.state)).toEqual(['success', 'failure']);
    const issue = incidents(w.emu)[0]!;
    expect(issue.body).toContain('Hypercare window | 72h');
    expect(issue.labels).toContain('severity:critical');
    expect(issue.body).toContain('| Started by | the hypercare watch (trigger health) |');
  });
});

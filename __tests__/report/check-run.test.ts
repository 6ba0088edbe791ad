/**
 * The live check run against the GitHub emulator (real HTTP through the Octokit port): created in
 * progress at the start, updated as the journal records steps and decisions — at least once per
 * rollout step, never more than once per interval, never more than once per entry — and completed with
 * the final summary. GitHub failing is a warning, never a failed run. Time is a FakeClock; the trailing
 * update's timer is fired by the test when the clock says it is due.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { createGitHubPort } from '../../src/github/create.js';
import { Journal } from '../../src/journal/journal.js';
import type { GitHubPort, Logger } from '../../src/ports/index.js';
import { mermaidChart, type ChartInput } from '../../src/report/chart.js';
import { CHECK_TEXT_MAX, liveCheckRun, type LiveView } from '../../src/report/check-run.js';
import { startEmulator, type Emulator } from '../../support/github-emulator/index.js';

const TOKEN = 'ghs_liveCheckRunToken0000000000000000';
let emu: Emulator;
let gh: GitHubPort;
let clock: FakeClock;
let warnings: string[];
const logger: Logger = { info() {}, debug() {}, error() {}, warn: (m) => warnings.push(m) };

/** Timers on the fake clock: due callbacks run when the test says time has passed. */
function fakeTimers(c: FakeClock) {
  let timers: { due: number; fn: () => void }[] = [];
  return {
    schedule: (fn: () => void, ms: number) => {
      const t = { due: c.now() + ms, fn };
      timers.push(t);
      return () => void (timers = timers.filter((x) => x !== t));
    },
    runDue() {
      const due = timers.filter((t) => t.due <= c.now());
      timers = timers.filter((t) => t.due > c.now());
      for (const t of due) t.fn();
    },
    get count() {
      return timers.length;
    },
  };
}

const checkRequests = (method: string) =>
  emu.requests.filter((r) => r.method === method && /\/check-runs(\/\d+)?$/.test(r.path.split('?')[0]!));

beforeAll(async () => {
  clock = new FakeClock();
  emu = await startEmulator({ owner: 'acme', repo: 'shop', token: TOKEN, now: () => new Date(clock.now()) });
  gh = await createGitHubPort({
    token: TOKEN,
    owner: emu.owner,
    repo: emu.repo,
    baseUrl: emu.url,
    logger,
    retries: 1,
    retryAfterBaseMs: 2,
  });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  warnings = [];
  emu.faults.clear();
});

const STEPS = [
  { step: 1, weight: 10 },
  { step: 2, weight: 25 },
  { step: 3, weight: 100 },
];

/** A canary rollout's state as the runbook would keep it, and the view rendered from it. */
function rollout() {
  const state = { step: 0, phase: 'starting', points: [] as ChartInput['points'] };
  const chart = (): ChartInput => ({
    title: 'checkout p95 latency (ms)',
    threshold: { value: 500, label: '≤ 500 ms' },
    points: state.points,
    steps: STEPS,
  });
  const render = (): LiveView => {
    const w = STEPS.find((s) => s.step === state.step)?.weight;
    return {
      title: state.step ? `step ${state.step}/3 at ${w}%: ${state.phase}` : 'starting',
      summary: `Canary v2.0.0 — step ${state.step}/3: ${state.phase}`,
      text: mermaidChart(chart()),
    };
  };
  return { state, chart, render };
}

describe('the live check run in the emulator', () => {
  it('is created in progress, updated at least once per step, and ends with the final summary', async () => {
    const sha = emu.seed.commit('feat: new checkout');
    const timers = fakeTimers(clock);
    const r = rollout();
    const posts = checkRequests('POST').length;
    const patches = checkRequests('PATCH').length;
    const live = liveCheckRun(
      { github: gh, clock, logger },
      {
        name: 'release-ops canary',
        headSha: sha,
        detailsUrl: 'https://github.com/acme/shop/actions/runs/7',
        minIntervalMs: 30_000,
        render: r.render,
        schedule: timers.schedule,
      },
    );
    await live.start();
    const run = () => emu.state.checkRuns.find((c) => c.head_sha === sha)!;
    expect(run()).toMatchObject({ name: 'release-ops canary', status: 'in_progress', conclusion: null });
    expect(run().details_url).toBe('https://github.com/acme/shop/actions/runs/7');

    const journal = new Journal(clock, logger);
    journal.subscribe(live.listener);
    // every update GitHub received, with the step it belongs to and when
    const seen: { title: string; at: number; step: number }[] = [];
    let entries = 0;
    const observe = async () => {
      await live.settled();
      const n = checkRequests('PATCH').length - patches;
      while (seen.length < n) seen.push({ title: run().output.title!, at: clock.now(), step: r.state.step });
    };
    journal.subscribe(() => void entries++);

    for (const { step, weight } of STEPS) {
      r.state.step = step;
      r.state.phase = 'deploying';
      await journal.step('deploy', async () => {
        clock.advance(4_000);
        return { status: 'done', detail: `v2.0.0 at ${weight}%` };
      }, { step }); // prettier-ignore
      await observe();
      r.state.phase = 'analysing';
      await journal.step('analysis', async () => {
        // five measurements a minute apart; the trailing update fires when its timer is due
        for (let k = 0; k < 5; k++) {
          clock.advance(60_000);
          r.state.points.push({ at: clock.now(), value: 0.06 + 0.01 * (k % 2), step });
          timers.runDue();
          await observe();
        }
        return { status: 'done', detail: 'successful' };
      }, { step }); // prettier-ignore
      await observe();
      r.state.phase = step < 3 ? 'next step' : 'promoted';
      await journal.decide(step < 3 ? 'continue' : 'promote', 'analysis successful', { step });
      await observe();
    }
    const jobSummary = [
      '## Canary v2.0.0: promoted',
      '',
      '| step | weight | analysis |',
      '| --- | --- | --- |',
      ...STEPS.map((s) => `| ${s.step} | ${s.weight}% | successful |`),
      '',
      mermaidChart(r.chart()),
    ].join('\n');
    await live.finish('success', {
      title: 'v2.0.0 promoted to 100%',
      summary: jobSummary,
      text: mermaidChart(r.chart()),
    });

    // at least one update per step, each showing that step
    for (const { step } of STEPS)
      expect(seen.some((u) => u.step === step && u.title.startsWith(`step ${step}/3`))).toBe(true);
    // never more than one update per 30 s, never more than one per step or decision entry
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.at - seen[i - 1]!.at).toBeGreaterThanOrEqual(30_000);
    expect(seen.length).toBeLessThanOrEqual(entries);
    // the last one is the final summary, completed
    expect(run()).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run().output).toMatchObject({ title: 'v2.0.0 promoted to 100%', summary: jobSummary });
    expect(run().output.text).toContain('xychart-beta');
    // the requests GitHub saw: one create, the updates seen, and the final one
    expect(checkRequests('POST').length - posts).toBe(1);
    expect(checkRequests('PATCH').length - patches).toBe(seen.length + 1);
    expect(live.stats).toEqual({ created: 1, updated: seen.length + 1, failed: 0 });
    expect(warnings).toEqual([]);
    expect(timers.count).toBe(0);
  });

  it('a chatty journal stays within the interval: entries too soon wait for their timer or the next entry', async () => {
    const sha = emu.seed.commit('feat: chatty');
    const timers = fakeTimers(clock);
    let n = 0;
    const live = liveCheckRun(
      { github: gh, clock, logger },
      {
        name: 'release-ops canary',
        headSha: sha,
        render: () => ({ title: `entry ${n}`, summary: `${n}` }),
        schedule: timers.schedule,
      },
    );
    await live.start();
    const journal = new Journal(clock, logger);
    journal.subscribe(live.listener);
    const patches = checkRequests('PATCH').length;
    // two hours, an entry every 5 s: 1440 entries
    for (n = 1; n <= 1440; n++) {
      clock.advance(5_000);
      await journal.note(`poll ${n}`, { status: 'done', detail: 'still fine' });
      timers.runDue();
      await live.settled(); // 5 s pass between entries: whatever was sent has arrived
    }
    await live.settled();
    const updates = checkRequests('PATCH').length - patches;
    // one update per 30 s (default interval) at most: 2 h / 30 s = 240
    expect(updates).toBeLessThanOrEqual(240);
    expect(updates).toBeGreaterThanOrEqual(239);
    const run = emu.state.checkRuns.find((c) => c.head_sha === sha)!;
    expect(run.output.title).toBe('entry 1440');
    await live.finish('success', { title: 'done', summary: 'all done' });
    expect(checkRequests('PATCH').length - patches).toBe(updates + 1);
  });

  it('an entry that came too soon is sent by its timer once the interval has passed', async () => {
    const sha = emu.seed.commit('feat: trailing');
    const timers = fakeTimers(clock);
    let title = 'created';
    const live = liveCheckRun(
      { github: gh, clock, logger },
      {
        name: 'release-ops canary',
        headSha: sha,
        minIntervalMs: 30_000,
        render: () => ({ title, summary: '' }),
        schedule: timers.schedule,
      },
    );
    await live.start();
    const journal = new Journal(clock, logger);
    journal.subscribe(live.listener);
    const run = () => emu.state.checkRuns.find((c) => c.head_sha === sha)!;
    clock.advance(1_000);
    title = 'step 1 deployed';
    await journal.note('deploy', { status: 'done', detail: 'at 10%' }, { step: 1 });
    await live.settled();
    expect(run().output.title).toBe('created'); // too soon after the create
    expect(timers.count).toBe(1);
    clock.advance(10_000);
    timers.runDue(); // not due yet
    await live.settled();
    expect(run().output.title).toBe('created');
    clock.advance(20_000);
    timers.runDue();
    await live.settled();
    expect(run().output.title).toBe('step 1 deployed');
    await live.finish('failure', { title: 'rolled back', summary: 'step 1 failed' });
    expect(run()).toMatchObject({ status: 'completed', conclusion: 'failure' });
  });
});

describe('best effort', () => {
  it('failing updates are warnings; the run goes on; after three in a row it waits for the end', async () => {
    const sha = emu.seed.commit('feat: flaky');
    const live = liveCheckRun(
      { github: gh, clock, logger },
      {
        name: 'release-ops canary',
        headSha: sha,
        minIntervalMs: 1_000,
        render: () => ({ title: 't', summary: 's' }),
      },
    );
    await live.start();
    const journal = new Journal(clock, logger);
    journal.subscribe(live.listener);
    const fault = emu.faults.add({
      kind: 'status',
      status: 500,
      method: 'PATCH',
      path: /\/check-runs\/\d+$/,
    });
    const patches = checkRequests('PATCH').length;
    for (let i = 0; i < 6; i++) {
      clock.advance(2_000);
      await journal.decide('continue', 'fine', { step: 1 });
      await live.settled();
    }
    expect(live.stats.failed).toBe(3);
    expect(warnings.filter((w) => w.includes('an update failed (the run goes on)'))).toHaveLength(3);
    expect(warnings.at(-1)).toContain('no more updates until the run ends');
    const attempts = checkRequests('PATCH').length - patches;
    fault.remove();
    await live.finish('success', { title: 'done', summary: 'final' });
    expect(checkRequests('PATCH').length - patches).toBe(attempts + 1);
    expect(emu.state.checkRuns.find((c) => c.head_sha === sha)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
  });

  it('a check run that could not be created is created completed at the end', async () => {
    const sha = emu.seed.commit('feat: no checks permission at first');
    const fault = emu.faults.add({
      kind: 'status',
      status: 403,
      method: 'POST',
      path: /\/check-runs$/,
      times: 1,
    });
    const live = liveCheckRun(
      { github: gh, clock, logger },
      { name: 'release-ops canary', headSha: sha, render: () => ({ title: 't', summary: 's' }) },
    );
    await live.start();
    expect(fault.fired).toBe(1);
    expect(warnings[0]).toMatch(/creating the check run failed \(the run goes on\)/);
    const journal = new Journal(clock, logger);
    journal.subscribe(live.listener);
    const patches = checkRequests('PATCH').length;
    clock.advance(60_000);
    await journal.decide('continue', 'fine');
    await live.settled();
    expect(checkRequests('PATCH').length).toBe(patches); // nothing to update
    await live.finish('neutral', { title: 'paused', summary: 'waiting for a person' });
    expect(emu.state.checkRuns.filter((c) => c.head_sha === sha)).toMatchObject([
      {
        status: 'completed',
        conclusion: 'neutral',
        output: { title: 'paused', summary: 'waiting for a person' },
      },
    ]);
  });

  it('clips what GitHub would refuse, after masking', async () => {
    const sha = emu.seed.commit('feat: long summary');
    const secret = 'hunter2-hunter2';
    const long = `${secret} ${'x'.repeat(70_000)}`;
    const live = liveCheckRun(
      { github: gh, clock, logger },
      {
        name: 'release-ops canary',
        headSha: sha,
        render: () => ({ title: 'line one\nline two', summary: long, text: long }),
        redact: (s) => s.split(secret).join('***'),
      },
    );
    await live.start();
    const run = emu.state.checkRuns.find((c) => c.head_sha === sha)!;
    expect(run.output.title).toBe('line one line two');
    expect(run.output.summary!.length).toBe(CHECK_TEXT_MAX);
    expect(run.output.summary!.startsWith('*** x')).toBe(true);
    expect(run.output.summary).toMatch(/clipped: the whole text is in the job summary\)$/);
    expect(warnings).toEqual([]);
    await live.finish('cancelled', { title: 'cancelled', summary: 'cancelled by a person' });
  });
});

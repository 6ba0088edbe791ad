/**
 * bench canary-api: what a 2-hour canary spends of GitHub's budget. A repository's GITHUB_TOKEN gets
 * 1,000 REST requests an hour, and GitHub asks for at most 500 content-creating requests an hour.
 *
 * The rollout: six steps (5 → 10 → 25 → 50 → 75 → 100 %), each baking 20 minutes with its analysis
 * measuring every 30 s from the moment it is deployed — 2 hours, 240 measurements — against the GitHub
 * API emulator through the real port (Octokit), with its deployment, its statuses and the live check
 * run, as the action runs it. Time is a fake clock (the 2 hours pass in seconds; the check run's
 * trailing-update timer runs on it too); the metric is read for real from the sample service.
 *
 * Counted: what the rollout itself sends (the deployment, its statuses, the check run and its updates).
 * Not counted: the command's reads before it starts (the tag's commit, the build live in the
 * environment, stale deployments: a handful of GETs, once per run).
 *
 * Side by side: the live check run as shipped (at most one update per 30 s) and unthrottled (one
 * update per journal entry): `requests_per_hour` must stay far under 1,000, `writes_per_hour` under 500.
 */
import { processRunner } from '../src/adapters/process.js';
import { FakeClock } from '../src/adapters/clock.js';
import { httpClient } from '../src/adapters/http.js';
import { canaryLiveView } from '../src/canary/live.js';
import { canaryReport } from '../src/canary/report.js';
import { runCanary } from '../src/canary/run.js';
import { resolveCanary } from '../src/canary/settings.js';
import { parseConfig } from '../src/config/load.js';
import { Redactor } from '../src/evidence/redact.js';
import { createGitHubPort } from '../src/github/create.js';
import { silentLogger } from '../src/ports/index.js';
import { startEmulator } from '../support/github-emulator/index.js';
import { startSampleService, type SampleService } from '../support/sample-service/index.js';

const HOURS = 2;
const STEPS = [5, 10, 25, 50, 75, 100];
const PAUSE_MIN = (HOURS * 60) / STEPS.length;

/** A fake clock whose timers fire as its time passes (the live check run's trailing updates). */
class BenchClock extends FakeClock {
  private timers: { at: number; fn: () => void }[] = [];
  schedule = (fn: () => void, ms: number) => {
    const t = { at: this.now() + ms, fn };
    this.timers.push(t);
    return () => void (this.timers = this.timers.filter((x) => x !== t));
  };
  override async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await super.sleep(ms, signal);
    const due = this.timers.filter((t) => t.at <= this.now());
    this.timers = this.timers.filter((t) => t.at > this.now());
    for (const t of due) t.fn();
  }
}

interface Spent {
  requests: number;
  writes: number;
  checkRunUpdates: number;
  statuses: number;
  hours: number;
}

async function rollout(svc: SampleService, minIntervalMs: number | undefined): Promise<Spent> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  try {
    const v100 = emu.seed.commit('feat: login');
    emu.seed.release({ tag: 'v1.0.0', sha: v100 });
    const sha = emu.seed.commit('feat: checkout');
    emu.seed.tag('v1.1.0', sha);
    const clock = new BenchClock();
    const github = await createGitHubPort({
      token: 'ghs_bench0123456789',
      owner: 'acme',
      repo: 'shop',
      baseUrl: emu.url,
      logger: silentLogger,
    });
    const noop = JSON.stringify([process.execPath, '-e', '0']);
    const yaml = `canary:
  deploy: ${noop}
  rollback: ${noop}
  steps: [${STEPS.map((w) => `{ weight: ${w}, pause: ${PAUSE_MIN}m }`).join(', ')}]
  analysis:
    interval: 30s
    window: 5m
    metrics:
      - { name: health, provider: http, url: "${svc.url}/health", samples: 5, conditions: ["error_rate_pct <= 2"], consecutive_failures: 2 }
`;
    const { config, source } = parseConfig(yaml, 'bench.yml');
    const redactor = new Redactor();
    const s = resolveCanary(config.canary!, {
      tag: 'v1.1.0',
      sha,
      previousTag: 'v1.0.0',
      env: {},
      redactor,
      source,
      cwd: process.cwd(),
      facts: { service: 'shop', repository: 'acme/shop', owner: 'bench' },
    });
    const live = canaryLiveView(
      s,
      { github, clock, logger: silentLogger },
      { schedule: clock.schedule, ...(minIntervalMs === undefined ? {} : { minIntervalMs }) },
    );
    const before = emu.requests.length;
    const started = clock.now();
    await live.start();
    const run = await runCanary(s, {
      clock,
      http: httpClient,
      process: processRunner,
      logger: silentLogger,
      redactor,
      signal: new AbortController().signal,
      github,
      live: live.live,
    });
    await live.finish(run, canaryReport(s, run));
    if (run.result !== 'promoted') throw new Error(`expected the rollout to be promoted: ${run.reason}`);
    const seen = emu.requests.slice(before);
    const path = (r: { path: string }) => r.path.split('?')[0]!;
    return {
      requests: seen.length,
      writes: seen.filter((r) => r.method !== 'GET').length,
      checkRunUpdates: seen.filter((r) => r.method === 'PATCH' && /\/check-runs\/\d+$/.test(path(r))).length,
      statuses: seen.filter((r) => r.method === 'POST' && /\/deployments\/\d+\/statuses$/.test(path(r)))
        .length,
      hours: (clock.now() - started) / 3_600_000,
    };
  } finally {
    await emu.close();
  }
}

export default async function canaryApi(): Promise<string> {
  const svc = await startSampleService({ version: 'v1.1.0' });
  try {
    const shipped = await rollout(svc, undefined);
    const every = await rollout(svc, 0);
    const perHour = (n: number, h: number) => Math.round(n / h);
    return (
      `bench canary-api: rollout_hours=${shipped.hours.toFixed(2)} requests=${shipped.requests} ` +
      `requests_per_hour=${perHour(shipped.requests, shipped.hours)} writes_per_hour=${perHour(shipped.writes, shipped.hours)} ` +
      `check_run_updates=${shipped.checkRunUpdates} deployment_statuses=${shipped.statuses} ` +
      `unthrottled_requests=${every.requests} unthrottled_check_run_updates=${every.checkRunUpdates} ` +
      `budget_share=${(perHour(shipped.requests, shipped.hours) / 1000).toFixed(3)}`
    );
  } finally {
    await svc.close();
  }
}

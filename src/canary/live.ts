/**
 * The canary's live view: a check run named "release-ops canary" on the build's commit (and so on its
 * pull request), created when the rollout starts, updated from the journal at each step and decision
 * with the report so far — its charts included — and completed with the final summary. It follows the
 * journal like deployment tracking and messages (src/report/check-run.ts does the sending: best effort,
 * at most one update per entry and per interval). Without a token or a resolved commit there is none.
 */
import type { JournalEntry } from '../journal/journal.js';
import { textChart } from '../report/chart.js';
import {
  liveCheckRun,
  type LiveCheckRun,
  type LiveCheckRunOptions,
  type LiveConclusion,
  type LiveView,
} from '../report/check-run.js';
import { toMarkdown, type ReportDoc } from '../report/doc.js';
import type { Clock, GitHubPort, Logger } from '../ports/index.js';
import { canaryReport, chartInputs } from './report.js';
import type { CanaryRun, RolloutDeps } from './run.js';
import type { CanarySettings } from './settings.js';

export const CHECK_RUN_NAME = 'release-ops canary';

/** What the last entry says, for the check run's title. */
function headline(s: CanarySettings, e: JournalEntry | undefined): string {
  const where = `${s.tag} → ${s.environment}`;
  if (!e) return `canary ${where}: starting`;
  const step = e.step !== undefined ? `step ${e.step}/${s.steps.length}: ` : '';
  return `canary ${where}: ${step}${e.kind === 'decision' ? e.name : `${e.name} ${e.status}`}`;
}

function view(s: CanarySettings, run: CanaryRun | undefined): LiveView {
  if (!run) return { title: headline(s, undefined), summary: 'The rollout is starting.' };
  const charts = chartInputs(s, run).map((c) => textChart(c));
  return {
    title: headline(s, run.journal.at(-1)),
    summary: toMarkdown(canaryReport(s, run)),
    ...(charts.length ? { text: charts.join('\n\n') } : {}),
  };
}

export interface CanaryLiveView {
  /** For RolloutDeps.live: subscribes the check run to the run's journal. */
  live: NonNullable<RolloutDeps['live']>;
  start(): Promise<void>;
  /** Completes the check run with the final report (the job summary). */
  finish(run: CanaryRun, report: ReportDoc): Promise<void>;
  readonly check: LiveCheckRun;
}

export function canaryLiveView(
  s: CanarySettings,
  deps: { github: GitHubPort; clock: Clock; logger: Logger; redact?: (t: string) => string },
  opts: Pick<LiveCheckRunOptions, 'detailsUrl' | 'minIntervalMs' | 'schedule'> = {},
): CanaryLiveView {
  let now: (() => CanaryRun) | undefined;
  const check = liveCheckRun(deps, {
    name: CHECK_RUN_NAME,
    headSha: s.sha,
    ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
    ...(opts.minIntervalMs !== undefined ? { minIntervalMs: opts.minIntervalMs } : {}),
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    ...(deps.redact ? { redact: deps.redact } : {}),
    render: () => view(s, now?.()),
  });
  return {
    check,
    live: (snapshot) => {
      now = snapshot;
      return [check.listener];
    },
    start: () => check.start(),
    finish: async (run, report) => {
      const conclusion: LiveConclusion =
        run.result === 'promoted'
          ? 'success'
          : run.result === 'paused'
            ? 'neutral'
            : run.cancelled
              ? 'cancelled'
              : 'failure';
      await check.finish(conclusion, {
        title: `${report.title}: ${run.result}`,
        summary: toMarkdown(report),
      });
    },
  };
}

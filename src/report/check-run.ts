/**
 * A live view of a run on the commit (and its pull request): a check run named after the action
 * (e.g. "release-ops canary"), created `in_progress` when the run starts, updated as the journal records
 * each step and decision — title, summary and the chart so far, from the caller's `render()` — and
 * completed by `finish()` with the run's final title and summary (the job summary).
 *
 * GitHub's budget: a repository's token gets 1,000 REST requests an hour, and GitHub asks for at most
 * 80 content-creating requests a minute and 500 an hour. The view therefore sends at most one update per
 * step or decision entry, and never more than one per `minIntervalMs` (default 30 s) apart from the final
 * one: a 2-hour rollout costs at most 2 h / 30 s = 240 updates (120 an hour), however chatty its journal.
 * An entry that comes too soon is not lost: the latest one is sent when the interval has passed (a timer),
 * or with the next entry, or in the final update.
 *
 * Best effort: the live view must never fail or slow the run. Updates are sent in the background, one
 * at a time (a newer view replaces one still waiting), and a failure is a warning; after three failed
 * updates in a row the view stops updating until `finish()`, which always tries once. If the check run
 * could not be created at the start, `finish()` creates it completed. A dry run should not start one (it
 * writes nothing).
 */
import { errorMessage } from '../errors.js';
import type { JournalListener } from '../journal/journal.js';
import type { Clock, GitHubPort, Logger } from '../ports/index.js';

export interface LiveView {
  title: string;
  summary: string;
  text?: string;
}

export type LiveConclusion = 'success' | 'failure' | 'cancelled' | 'neutral';

export interface LiveCheckRunOptions {
  /** The check run's name: the action's, e.g. "release-ops canary". */
  name: string;
  /** The build's commit. */
  headSha: string;
  /** The run's page (shown as "Details"). */
  detailsUrl?: string;
  /** Least time between two updates, final excepted (default 30 000). */
  minIntervalMs?: number;
  /** The view now: title, summary (Markdown) and text (e.g. the chart so far). */
  render: () => LiveView;
  /** Masks secrets in what is sent (before it is clipped to GitHub's limits). */
  redact?: (text: string) => string;
  /**
   * Calls `fn` after `ms` (the trailing update of an entry that came too soon); returns a cancel.
   * Default: an unref'd timer. Tests pass their own to fire it when they choose.
   */
  schedule?: (fn: () => void, ms: number) => () => void;
}

export interface LiveCheckRunStats {
  /** Check runs created (0 or 1). */
  created: number;
  /** Updates sent, the final one included. */
  updated: number;
  /** Requests that failed (each one a warning). */
  failed: number;
}

export interface LiveCheckRun {
  start(): Promise<void>;
  listener: JournalListener;
  finish(conclusion: LiveConclusion, final: LiveView): Promise<void>;
  /** Resolves when every update asked for so far has been sent (or has failed). */
  settled(): Promise<void>;
  readonly stats: Readonly<LiveCheckRunStats>;
}

/** GitHub's limits on a check run's output (characters). */
export const CHECK_TITLE_MAX = 255;
export const CHECK_TEXT_MAX = 65_535;
const CLIPPED = '\n\n… (clipped: the whole text is in the job summary)';
const MAX_FAILURES_IN_A_ROW = 3;

function clip(text: string, max: number, tail: string): string {
  if (text.length <= max) return text;
  return text.slice(0, max - tail.length) + tail;
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, Math.max(0, ms));
  t.unref?.();
  return () => clearTimeout(t);
};

/** The live view's state machine; `liveCheckRun` hands out its public face. */
class LiveCheckRunState {
  readonly stats: LiveCheckRunStats = { created: 0, updated: 0, failed: 0 };
  private id: number | null = null;
  private finished = false;
  private lastSentAt = -Infinity;
  private failuresInARow = 0;
  /** An entry's view not sent yet (it came too soon), and the timer that will send it. */
  private pending: LiveView | null = null;
  private cancelTimer: (() => void) | null = null;
  /** The view waiting for the update in flight to end: a newer one replaces it. */
  private mailbox: LiveView | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly minInterval: number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;

  constructor(
    private readonly deps: { github: GitHubPort; clock: Clock; logger: Logger },
    private readonly opts: LiveCheckRunOptions,
  ) {
    this.minInterval = opts.minIntervalMs ?? 30_000;
    this.schedule = opts.schedule ?? defaultSchedule;
  }

  /** Redacted, one-line title, everything clipped to GitHub's limits. */
  private shape(v: LiveView): LiveView {
    const redact = this.opts.redact ?? ((s: string) => s);
    const title = redact(v.title).replace(/\s+/g, ' ').trim() || this.opts.name;
    return {
      title: clip(title, CHECK_TITLE_MAX, '…'),
      summary: clip(redact(v.summary), CHECK_TEXT_MAX, CLIPPED),
      ...(v.text !== undefined ? { text: clip(redact(v.text), CHECK_TEXT_MAX, CLIPPED) } : {}),
    };
  }

  private warn(what: string, err: unknown): void {
    this.stats.failed++;
    this.deps.logger.warn(
      `live check run ${this.opts.name}: ${what} failed (the run goes on): ${errorMessage(err)}`,
    );
  }

  private render(): LiveView | null {
    try {
      return this.opts.render();
    } catch (err) {
      this.warn('rendering the view', err);
      return null;
    }
  }

  /** Queues an update: one request at a time, the newest view wins. */
  private send(view: LiveView): void {
    this.lastSentAt = this.deps.clock.now();
    this.mailbox = view;
    this.chain = this.chain.then(() => this.deliver());
  }

  private async deliver(): Promise<void> {
    const v = this.mailbox;
    this.mailbox = null;
    if (!v || this.id === null || this.finished) return;
    try {
      await this.deps.github.updateCheckRun(this.id, { status: 'in_progress', ...this.shape(v) });
      this.stats.updated++;
      this.failuresInARow = 0;
    } catch (err) {
      this.failuresInARow++;
      this.warn('an update', err);
      if (this.failuresInARow === MAX_FAILURES_IN_A_ROW)
        this.deps.logger.warn(`live check run ${this.opts.name}: no more updates until the run ends`);
    }
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** The trailing update: sends the pending view once the interval has passed. */
  private flush(): void {
    this.cancelTimer = null;
    if (!this.pending || this.finished || this.id === null) return;
    const wait = this.lastSentAt + this.minInterval - this.deps.clock.now();
    if (wait > 0) {
      this.cancelTimer = this.schedule(() => this.flush(), wait);
      return;
    }
    const v = this.pending;
    this.pending = null;
    this.send(v);
  }

  readonly listener: JournalListener = (entry) => {
    if (this.finished || this.id === null || this.failuresInARow >= MAX_FAILURES_IN_A_ROW) return;
    if (entry.kind !== 'step' && entry.kind !== 'decision') return;
    const view = this.render();
    if (!view) return;
    const wait = this.lastSentAt + this.minInterval - this.deps.clock.now();
    if (wait <= 0) {
      this.clearTimer();
      this.pending = null;
      this.send(view);
    } else {
      this.pending = view;
      if (!this.cancelTimer) this.cancelTimer = this.schedule(() => this.flush(), wait);
    }
  };

  settled(): Promise<void> {
    return this.chain;
  }

  private async create(view: LiveView, final?: LiveConclusion): Promise<void> {
    const run = await this.deps.github.createCheckRun({
      name: this.opts.name,
      headSha: this.opts.headSha,
      ...(final ? { status: 'completed' as const, conclusion: final } : { status: 'in_progress' as const }),
      ...(this.opts.detailsUrl ? { detailsUrl: this.opts.detailsUrl } : {}),
      ...this.shape(view),
    });
    this.id = run.id;
    this.stats.created++;
  }

  async start(): Promise<void> {
    try {
      await this.create(this.render() ?? { title: this.opts.name, summary: '' });
      this.lastSentAt = this.deps.clock.now();
    } catch (err) {
      this.warn('creating the check run', err);
    }
  }

  async finish(conclusion: LiveConclusion, final: LiveView): Promise<void> {
    this.finished = true;
    this.clearTimer();
    this.pending = null;
    await this.chain;
    try {
      if (this.id === null) await this.create(final, conclusion);
      else {
        await this.deps.github.updateCheckRun(this.id, {
          status: 'completed',
          conclusion,
          ...this.shape(final),
        });
        this.stats.updated++;
      }
    } catch (err) {
      this.warn('the final update', err);
    }
  }
}

export function liveCheckRun(
  deps: { github: GitHubPort; clock: Clock; logger: Logger },
  opts: LiveCheckRunOptions,
): LiveCheckRun {
  const live = new LiveCheckRunState(deps, opts);
  return {
    stats: live.stats,
    listener: live.listener,
    start: () => live.start(),
    finish: (conclusion, final) => live.finish(conclusion, final),
    settled: () => live.settled(),
  };
}

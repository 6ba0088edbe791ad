/**
 * The journal: the ordered record of one run, shared by every runbook (gate, canary, promote,
 * rollback, hotfix, status). Three kinds of entry:
 *   - `step`: a named stage of the runbook and how it ended (`done`, `already` — found done by an
 *     earlier run, `skipped`, `planned` — a dry run's "would do", `failed`);
 *   - `decision`: what the run decided (`continue`, `promote`, `abort`, `pause`, `rolled-back`, …)
 *     and why;
 *   - `effect`: a change made outside the run (a tag, a release, a deployment, a program run) — or,
 *     in a dry run, the change it would make (`planned`).
 *
 * Reports and evidence are rendered from the entries. Deployment tracking, notifications and
 * incident comments subscribe to them instead of being called at each state change: a listener sees
 * every entry once, in order, after it is recorded. A listener that throws fails the run (it is the
 * runbook's own side effect); one that must not (a best-effort message) catches inside.
 */
import { errorMessage } from '../errors.js';
import type { Clock, Logger } from '../ports/index.js';

export type EntryKind = 'step' | 'decision' | 'effect';
export type EntryStatus = 'done' | 'already' | 'skipped' | 'planned' | 'failed';

export interface JournalEntry {
  kind: EntryKind;
  /** The step's or effect's name, or the decision (`continue`, `abort`, …). */
  name: string;
  status: EntryStatus;
  /** One line a person reads: what happened, or why it was decided. */
  detail: string;
  /** When it started (ms since the epoch). */
  at: number;
  durationMs: number;
  /** The canary step it belongs to, when there is one. */
  step?: number;
  /** Facts a listener or the evidence needs (weights, tags, URLs); never rendered as prose. */
  data?: Record<string, unknown>;
}

export interface StepOutcome {
  status: EntryStatus;
  detail: string;
  data?: Record<string, unknown>;
}

export type JournalListener = (entry: JournalEntry) => void | Promise<void>;

export class Journal {
  readonly entries: JournalEntry[] = [];
  private readonly listeners: JournalListener[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** A dry run: effects are recorded as `planned` and their work is not done. */
    readonly dryRun = false,
  ) {}

  /** Adds a listener for every entry recorded from now on; returns the function that removes it. */
  subscribe(listener: JournalListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Runs one named step and records how it ended; a thrown error is recorded as `failed` and rethrown. */
  async step(
    name: string,
    fn: () => Promise<StepOutcome>,
    extra: { step?: number } = {},
  ): Promise<StepOutcome> {
    const started = this.clock.now();
    let outcome: StepOutcome;
    try {
      outcome = await fn();
    } catch (err) {
      await this.record(
        { kind: 'step', name, status: 'failed', detail: errorMessage(err), ...extra },
        started,
      );
      throw err;
    }
    await this.record({ kind: 'step', name, ...outcome, ...extra }, started);
    return outcome;
  }

  /** Records a step settled without work (a plan line, a skip, a step found done). */
  async note(name: string, outcome: StepOutcome, extra: { step?: number } = {}): Promise<void> {
    await this.record({ kind: 'step', name, ...outcome, ...extra }, this.clock.now());
  }

  /** Records a decision and its reason. */
  async decide(
    decision: string,
    reason: string,
    extra: { step?: number; data?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.record(
      { kind: 'decision', name: decision, status: 'done', detail: reason, ...extra },
      this.clock.now(),
    );
  }

  /**
   * A change outside the run. In a dry run `fn` is not called and the effect is recorded `planned`
   * with `detail`; otherwise `fn` does it and returns what it did (or throws: recorded `failed`).
   * `extra.data` (the change's arguments) is recorded in every case.
   */
  async effect<T>(
    name: string,
    detail: string,
    fn: () => Promise<{ value: T; outcome: StepOutcome }>,
    extra: { step?: number; data?: Record<string, unknown> } = {},
  ): Promise<T | undefined> {
    const started = this.clock.now();
    if (this.dryRun) {
      await this.record({ kind: 'effect', name, status: 'planned', detail, ...extra }, started);
      return undefined;
    }
    try {
      const { value, outcome } = await fn();
      await this.record({ kind: 'effect', name, ...outcome, ...extra }, started);
      return value;
    } catch (err) {
      await this.record(
        { kind: 'effect', name, status: 'failed', detail: `${detail}: ${errorMessage(err)}`, ...extra },
        started,
      );
      throw err;
    }
  }

  /** The entries of one kind, in order. */
  of(kind: EntryKind): JournalEntry[] {
    return this.entries.filter((e) => e.kind === kind);
  }

  /** The last decision recorded, if any. */
  lastDecision(): JournalEntry | undefined {
    return this.of('decision').at(-1);
  }

  private async record(e: Omit<JournalEntry, 'at' | 'durationMs'>, started: number): Promise<void> {
    const entry: JournalEntry = { ...e, at: started, durationMs: Math.max(0, this.clock.now() - started) };
    this.entries.push(entry);
    const where = entry.step !== undefined ? ` (step ${entry.step})` : '';
    const line =
      entry.kind === 'decision'
        ? `decision: ${entry.name}${where} — ${entry.detail}`
        : `${entry.name}${where}: ${entry.status} — ${entry.detail}`;
    // a failed entry is a warning: the run's outcome, reported once by the command, is the error
    if (entry.status === 'failed') this.logger.warn(line);
    else this.logger.info(line);
    for (const listener of [...this.listeners]) await listener(entry);
  }
}

/** The JSON form of the entries, as every evidence file records them (snake_case, ISO times). */
export function journalEvidence(entries: readonly JournalEntry[]) {
  return entries.map((e) => ({
    kind: e.kind,
    name: e.name,
    status: e.status,
    detail: e.detail,
    at: new Date(e.at).toISOString(),
    duration_ms: e.durationMs,
    ...(e.step !== undefined ? { step: e.step } : {}),
    ...(e.data ? { data: e.data } : {}),
  }));
}

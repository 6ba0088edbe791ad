/**
 * Every step of a rollback is recorded here: what it did (`done`), found already done (`already`),
 * did not need (`skipped`), would do (`planned`, dry-run) or failed at. The journal feeds the
 * report, the evidence file and the incident comments (one per step, see incident.ts).
 */
import { errorMessage } from '../errors.js';
import type { Clock, Logger } from '../ports/index.js';
import type { StepRecord, StepStatus } from './types.js';

export interface StepOutcome {
  status: StepStatus;
  detail: string;
}

export class Journal {
  readonly steps: StepRecord[] = [];
  /** Called after each recorded step (the incident comment); its failures are the caller's. */
  onRecord?: (record: StepRecord) => Promise<void>;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Runs one step and records it; a thrown error is recorded as `failed` and rethrown. */
  async step(name: string, fn: () => Promise<StepOutcome>): Promise<StepOutcome> {
    const started = this.clock.now();
    let outcome: StepOutcome;
    try {
      outcome = await fn();
    } catch (err) {
      await this.record(name, { status: 'failed', detail: errorMessage(err) }, started, false);
      throw err;
    }
    await this.record(name, outcome, started, true);
    return outcome;
  }

  /** Records a step decided without work (a plan line, a skip). */
  async note(name: string, outcome: StepOutcome, notify = true): Promise<void> {
    await this.record(name, outcome, this.clock.now(), notify);
  }

  private async record(name: string, o: StepOutcome, started: number, notify: boolean): Promise<void> {
    const rec: StepRecord = {
      step: name,
      status: o.status,
      detail: o.detail,
      startedAt: new Date(started).toISOString(),
      durationMs: Math.max(0, this.clock.now() - started),
    };
    this.steps.push(rec);
    const line = `${name}: ${o.status} — ${o.detail}`;
    if (o.status === 'failed') this.logger.error(line);
    else this.logger.info(line);
    if (notify && this.onRecord && o.status !== 'planned') await this.onRecord(rec);
  }
}

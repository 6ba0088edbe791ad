/**
 * The sampling pool behind the gate's http check and the analysis's http provider: `samples` requests,
 * at most `concurrency` in flight. One listener on the caller's signal fans out to every request in
 * flight (so 64 concurrent requests never trip Node's 10-listener warning). Worker k starts k ms after
 * the first, so the first answers do not all arrive (and wait on each other) at once, and a worker sends
 * its next request only after the I/O already waiting is handled, so answers that arrive together are
 * each timed when they arrive, not after the requests sent in between. The start-up spacing waits on
 * the caller's clock when it gives one (the gate, whose time limits run on it) and on the event loop's
 * timers otherwise (the analysis, whose clock schedules the measurements: a measurement's own spacing
 * is not a wait of the run). `stopAfter` ends sampling early (the gate stops once the failures it
 * tolerates are exceeded).
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../ports/index.js';

export interface SamplePoolOptions<S> {
  samples: number;
  concurrency: number;
  /** The caller's signal: aborting it aborts every request in flight and sends no more. */
  signal?: AbortSignal;
  /** The clock the start-up spacing waits on (the event loop's timers without one). */
  clock?: Pick<Clock, 'sleep'>;
  /**
   * Sends request `i` (0-based, in sending order) with the pool's signal. A failed request is a sample
   * like any other; undefined records nothing (the request was aborted).
   */
  send(i: number, signal: AbortSignal): Promise<S | undefined>;
  /** Called with each sample as it is recorded; true sends no more. */
  stopAfter?(sample: S): boolean;
}

/** Every recorded sample, in the order they completed. */
export async function samplePool<S>(o: SamplePoolOptions<S>): Promise<S[]> {
  const out: S[] = [];
  let sent = 0;
  let stopped = false;
  const local = new AbortController();
  setMaxListeners(o.concurrency + 10, local.signal);
  const onAbort = () => local.abort(o.signal?.reason);
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });

  const worker = async (k: number) => {
    if (k > 0)
      await (o.clock ? o.clock.sleep(k, local.signal) : delay(k, undefined, { signal: local.signal })).catch(
        () => undefined,
      );
    for (let first = true; ; first = false) {
      if (!first && o.concurrency > 1) await nextTurn();
      if (stopped || sent >= o.samples || local.signal.aborted) return;
      const s = await o.send(sent++, local.signal);
      if (s === undefined) continue;
      out.push(s);
      if (o.stopAfter?.(s)) stopped = true;
    }
  };
  try {
    const workers = Math.max(1, Math.min(o.concurrency, o.samples));
    await Promise.all(Array.from({ length: workers }, (_, k) => worker(k)));
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  return out;
}

/** Resolves once the I/O already waiting has been handled (one turn of the event loop). */
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

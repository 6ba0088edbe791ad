import { describe, expect, it } from '@jest/globals';
import { Journal, journalEvidence, type JournalEntry } from '../../src/journal/journal.js';

function clock() {
  let t = 1_700_000_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms), sleep: async () => {} } as any;
}
const logger = () => {
  const lines: string[] = [];
  return {
    lines,
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    error: (m: string) => lines.push(`error ${m}`),
    debug: () => {},
  } as any;
};

describe('the journal', () => {
  it('records steps, decisions and effects in order and tells each listener once, in order', async () => {
    const c = clock();
    const j = new Journal(c, logger());
    const seen: string[] = [];
    j.subscribe((e) => void seen.push(`${e.kind}:${e.name}:${e.status}`));
    await j.step('resolve', async () => {
      c.advance(250);
      return { status: 'done', detail: 'v1.1.0 is abc123' };
    });
    await j.decide('continue', 'step 1 healthy', { step: 1 });
    const v = await j.effect('tag', 'create tag v1.1.0', async () => ({
      value: 42,
      outcome: { status: 'done', detail: 'tagged' },
    }));
    expect(v).toBe(42);
    expect(seen).toEqual(['step:resolve:done', 'decision:continue:done', 'effect:tag:done']);
    expect(j.entries[0]!.durationMs).toBe(250);
    expect(j.lastDecision()!.detail).toBe('step 1 healthy');
    expect(j.of('effect')).toHaveLength(1);
  });

  it('in a dry run records an effect as planned and never does it', async () => {
    const j = new Journal(clock(), logger(), true);
    let did = false;
    const v = await j.effect('release', 'publish v1.1.0', async () => {
      did = true;
      return { value: 1, outcome: { status: 'done', detail: 'x' } };
    });
    expect(did).toBe(false);
    expect(v).toBeUndefined();
    expect(j.entries.map((e: JournalEntry) => [e.kind, e.status, e.detail])).toEqual([
      ['effect', 'planned', 'publish v1.1.0'],
    ]);
  });

  it('records a failing step or effect as failed and rethrows; a listener error fails the run', async () => {
    const log = logger();
    const j = new Journal(clock(), log);
    await expect(j.step('deploy', async () => Promise.reject(new Error('exit 3')))).rejects.toThrow('exit 3');
    await expect(j.effect('tag', 'create tag', async () => Promise.reject(new Error('422')))).rejects.toThrow(
      '422',
    );
    expect(j.entries.map((e) => [e.name, e.status, e.detail])).toEqual([
      ['deploy', 'failed', 'exit 3'],
      ['tag', 'failed', 'create tag: 422'],
    ]);
    expect(log.lines[0]).toMatch(/^warn deploy: failed/);
    const off = j.subscribe(() => {
      throw new Error('comment failed');
    });
    await expect(j.decide('abort', 'x')).rejects.toThrow('comment failed');
    off();
    await j.decide('abort', 'y');
    expect(journalEvidence(j.entries).at(-1)).toMatchObject({
      kind: 'decision',
      name: 'abort',
      detail: 'y',
      duration_ms: 0,
    });
  });
});

/** The shape of a hardening case, shared by the fault matrix, the injection and the secret scans. */
import type { ActionName } from './world.js';

export interface Case {
  /** `<action>/<fault>`: unique, stable (the report and the tests name cases by it). */
  id: string;
  action: ActionName | 'cli' | 'config';
  /** The fault or input, in words. */
  fault: string;
  /** The expected outcome, in words. */
  expected: string;
  /** Takes seconds (a kill grace period, a bundle): left out of the jest sample. */
  slow?: boolean;
  /** Runs the case; returns every way the outcome differs from the expected one (empty: as expected). */
  run(): Promise<string[]>;
}

export interface CaseResult {
  id: string;
  ok: boolean;
  violations: string[];
  ms: number;
}

/** Runs cases, at most `concurrency` at a time; a case that throws is a wrong outcome (its error is the violation). */
export async function runCases(
  cases: Case[],
  o: { concurrency?: number; onResult?: (r: CaseResult, c: Case) => void } = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      const started = performance.now();
      let violations: string[];
      try {
        violations = await c.run();
      } catch (err) {
        violations = [`threw: ${(err as Error)?.stack ?? String(err)}`];
      }
      const r = { id: c.id, ok: violations.length === 0, violations, ms: performance.now() - started };
      results[i] = r;
      o.onResult?.(r, c);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.concurrency ?? 1, cases.length)) }, worker));
  return results;
}

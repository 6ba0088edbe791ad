/**
 * Expected outcomes as data: a case collects every way its outcome differs from what it expects
 * (an empty list is a pass), so the bench can count wrong outcomes and jest can show all of them.
 */
import { isDeepStrictEqual } from 'node:util';

export class Violations {
  readonly list: string[] = [];
  eq(what: string, actual: unknown, expected: unknown): this {
    if (!isDeepStrictEqual(actual, expected))
      this.list.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
    return this;
  }
  ok(cond: unknown, what: string): this {
    if (!cond) this.list.push(what);
    return this;
  }
  match(what: string, actual: string | undefined, re: RegExp): this {
    if (actual === undefined || !re.test(actual))
      this.list.push(`${what}: expected ${re}, got ${show(actual)}`);
    return this;
  }
  notContains(what: string, text: string, secret: string): this {
    if (secret && text.includes(secret)) this.list.push(`${what} contains ${show(secret.slice(0, 12))}…`);
    return this;
  }
}

export function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** Runs `f` with a time bound; a case that does not finish in time is a hang, which is a wrong outcome. */
export async function bounded<T>(ms: number, what: string, f: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      f(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: no outcome within ${ms} ms (a hang)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every start or end of `secret` at least `min` characters long that `text` contains (longest first):
 * what a clip or a cut line keeps of a secret that redaction could no longer find whole.
 */
export function secretFragments(text: string, secret: string, min = 4): string[] {
  const found: string[] = [];
  for (let k = secret.length; k >= min; k--) {
    const start = secret.slice(0, k);
    const end = secret.slice(-k);
    if (text.includes(start)) found.push(start);
    if (end !== start && text.includes(end)) found.push(end);
  }
  return found;
}

/**
 * Whether an evidence file records a cancelled run: `cancelled: true` (at the top or in the
 * envelope's `details`), or a reason that says the run was cancelled.
 */
export function saysCancelled(ev: Record<string, any> | null | undefined): boolean {
  if (!ev) return false;
  if (ev.cancelled === true || ev.details?.cancelled === true) return true;
  return /\bcancelled\b/.test(String(ev.reason ?? ev.error ?? ''));
}

/** The reason or error an evidence file gives (the envelope's `reason`, or an older file's `error`). */
export const evidenceReason = (ev: Record<string, any> | null | undefined): string | undefined =>
  ev ? (ev.reason ?? ev.error ?? undefined) : undefined;

/** The writes an evidence file records as done: the journal's effects (or an older file's `result.writes`). */
export function writesDone(ev: Record<string, any> | null | undefined): string[] {
  if (!ev) return [];
  const journal = Array.isArray(ev.journal) ? ev.journal : [];
  const effects = journal
    .filter((e: any) => e.kind === 'effect' && e.status === 'done')
    .map((e: any) => e.name);
  const older = (ev.result?.writes ?? []).filter((x: any) => x.status === 'done').map((x: any) => x.call);
  return [...effects, ...older];
}

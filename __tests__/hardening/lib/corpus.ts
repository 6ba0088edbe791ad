/**
 * The corpus: every generated (or hand-made) input that exposed a bug, kept as a JSON file in
 * __tests__/hardening/corpus/ and replayed by corpus.test.ts and the bench. An entry is `fixed` (the
 * replay must pass) or `open` (the bug is in a file this suite may not edit; the replay is expected to
 * fail until it is fixed, and `signature` recognises that bug among generated inputs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { judgeCli, judgeConfig, type FuzzEnv } from './bad-input.js';
import { ROOT } from './world.js';

export interface CorpusEntry {
  id: string;
  kind: 'config' | 'cli';
  /** config: the text. */
  input?: string;
  /** cli: the command line; `token` adds GITHUB_TOKEN / GITHUB_REPOSITORY / GITHUB_API_URL. */
  argv?: string[];
  token?: boolean;
  found: string;
  expect: { outcome?: 'ConfigError' | 'valid'; exit?: number; stderr?: string };
  fixed?: string;
  open?: string;
  /** For open entries: matches the wrong outcome's `why`, to recognise the same bug in generated input. */
  signature?: string;
}

export const CORPUS_DIR = path.join(ROOT, '__tests__/hardening/corpus');

export function loadCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(CORPUS_DIR, f), 'utf8')) as CorpusEntry);
}

/** Replays one entry; returns how its outcome differs from the expected one. */
export async function replay(e: CorpusEntry, env: FuzzEnv | null): Promise<string[]> {
  const out: string[] = [];
  if (e.kind === 'config') {
    const j = judgeConfig(e.input ?? '');
    if (!j.ok) out.push(`${j.outcome}: ${j.why}`);
    else if (e.expect.outcome && j.outcome !== e.expect.outcome)
      out.push(`expected ${e.expect.outcome}, got ${j.outcome}`);
    return out;
  }
  if (!env) return ['a cli entry needs the fuzz environment'];
  const j = await judgeCli({ argv: e.argv ?? [], token: e.token ?? false, repository: 'acme/shop' }, env);
  if (!j.ok) out.push(`${j.outcome}: ${j.why}`);
  if (e.expect.exit !== undefined && j.outcome !== `exit ${e.expect.exit}`)
    out.push(`expected exit ${e.expect.exit}, got ${j.outcome}: ${j.stderr.slice(0, 300)}`);
  if (e.expect.stderr && !new RegExp(e.expect.stderr).test(j.stderr))
    out.push(`stderr does not match /${e.expect.stderr}/: ${j.stderr.slice(0, 300)}`);
  return out;
}

/** The open bug a wrong outcome is an instance of, if any. */
export function knownOpen(why: string | undefined, corpus: CorpusEntry[]): CorpusEntry | undefined {
  return corpus.find((e) => e.open && e.signature && why !== undefined && new RegExp(e.signature).test(why));
}

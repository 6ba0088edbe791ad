import path from 'node:path';
import type { Clock, FileSystem } from '../ports/index.js';
import type { Redactor } from './redact.js';

export const EVIDENCE_SCHEMA_VERSION = 1;

/** `20260105T100000Z`: sortable, file-name safe, UTC. */
export function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes `<dir>/<prefix>_<UTC timestamp>.json` with the evidence, redacted, and returns its path.
 * Directory defaults to $OPS_ARTIFACTS_DIR, then ./artifacts (seed 001).
 */
export async function writeEvidence(
  deps: { fs: FileSystem; clock: Clock; redactor: Redactor },
  opts: { dir: string; prefix: string; data: object },
): Promise<string> {
  await deps.fs.mkdirp(opts.dir);
  const file = path.join(opts.dir, `${opts.prefix}_${utcStamp(deps.clock.now())}.json`);
  const body = { schema_version: EVIDENCE_SCHEMA_VERSION, ...opts.data };
  await deps.fs.writeFile(file, JSON.stringify(deps.redactor.redactDeep(body), null, 2) + '\n');
  return file;
}

export function artifactsDir(env: Record<string, string | undefined>, input?: string): string {
  return input || env.OPS_ARTIFACTS_DIR || './artifacts';
}

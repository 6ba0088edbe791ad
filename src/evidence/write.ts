import path from 'node:path';
import { ConfigError, ExternalError } from '../errors.js';
import type { Clock, FileSystem, Logger } from '../ports/index.js';
import type { Redactor } from './redact.js';

/** `20260105T100000Z`: sortable, file-name safe, UTC. */
export function utcStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes `<dir>/<prefix>_<UTC timestamp>.json` with the evidence, redacted, and returns its path.
 * Directory defaults to $OPS_ARTIFACTS_DIR, then ./artifacts (the recovery playbook). A directory that cannot be
 * made or written (a file in the way, no permission) is an ExternalError that says so.
 *
 * Commands pass their Context, with its logger: the evidence is written after the work is done (a
 * rollback completed, a release published), and that outcome stands. Then a failure to write is a
 * warning, and the path returned is '' — the command still returns its exit code, its outputs
 * (`report-path` empty) and its report. Without a logger the ExternalError is thrown.
 */
export async function writeEvidence(
  deps: { fs: FileSystem; clock: Clock; redactor: Redactor; logger?: Logger },
  opts: { dir: string; prefix: string; data: object },
): Promise<string> {
  const file = path.join(opts.dir, `${opts.prefix}_${utcStamp(deps.clock.now())}.json`);
  // the envelope names its own schema (`schema`, see envelope.ts)
  const text = JSON.stringify(deps.redactor.redactDeep(opts.data), null, 2) + '\n';
  try {
    await deps.fs.mkdirp(opts.dir);
    await deps.fs.writeFile(file, text);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message ?? String(err);
    const hint = 'set artifacts-dir (or OPS_ARTIFACTS_DIR) to a directory the job can create and write';
    const message = `cannot write the evidence file ${JSON.stringify(file)} (${why})`;
    if (!deps.logger) throw new ExternalError(message, { hint, cause: err });
    deps.logger.warn(`${message}: no evidence for this run, its outcome stands (${hint})`);
    return '';
  }
  return file;
}

/** The evidence directory: input artifacts-dir, else $OPS_ARTIFACTS_DIR, else ./artifacts. */
export function artifactsDir(env: Record<string, string | undefined>, input?: string): string {
  const dir = input || env.OPS_ARTIFACTS_DIR || './artifacts';
  if (dir.includes('\0')) {
    throw input
      ? ConfigError.input('artifacts-dir', 'contains a NUL character, which no path may hold')
      : new ConfigError({
          file: 'environment OPS_ARTIFACTS_DIR',
          message: 'contains a NUL character, which no path may hold',
        });
  }
  return dir;
}

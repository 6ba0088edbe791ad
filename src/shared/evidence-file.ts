/**
 * A command's evidence file once its work is done: written (redacted) into the evidence directory, or
 * in a dry run only named. Either way the log says where. A file that cannot be written is a warning
 * (the command's outcome stands) and the note is null.
 */
import path from 'node:path';
import { utcStamp, writeEvidence } from '../evidence/write.js';
import type { Clock, FileSystem, Logger } from '../ports/index.js';
import type { Redactor } from '../evidence/redact.js';

/** Where the evidence went: the file written, the file a run would write (dry run), or nothing. */
export type EvidenceNote = { written: string } | { wouldWrite: string } | null;

export async function recordEvidenceFile(
  deps: { fs: FileSystem; clock: Clock; redactor: Redactor; logger: Logger },
  o: { dir: string; prefix: string; dryRun: boolean; data: () => object },
): Promise<EvidenceNote> {
  if (o.dryRun) {
    const would = path.join(o.dir, `${o.prefix}_${utcStamp(deps.clock.now())}.json`);
    deps.logger.info(`dry run: no evidence written (a run would write ${would})`);
    return { wouldWrite: would };
  }
  const file = await writeEvidence(deps, { dir: o.dir, prefix: o.prefix, data: o.data() });
  if (file) deps.logger.info(`evidence: ${file}`);
  return file ? { written: file } : null;
}

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { FileHasher } from './types.js';

/**
 * The real FileHasher: streams the file through sha256 in chunks, so a multi-gigabyte database dump
 * never sits in memory. Aborts with the signal.
 */
export const sha256File: FileHasher = async (file, signal) => {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        size += chunk.length;
        hash.update(chunk);
      }
    },
    { signal },
  );
  return { sha256: hash.digest('hex'), size };
};

import { promises as fsp } from 'node:fs';
import type { FileSystem } from '../ports/index.js';

export const fileSystem: FileSystem = {
  readFile: (p) => fsp.readFile(p),
  writeFile: (p, d) => fsp.writeFile(p, d),
  mkdirp: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
  realpath: (p) => fsp.realpath(p).catch(() => null),
  stat: async (p) => {
    try {
      const s = await fsp.stat(p);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile() };
    } catch {
      return null;
    }
  },
};

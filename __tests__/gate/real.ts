/** Real adapters (processes, sockets, files, the system clock) for the gate's integration tests. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/adapters/clock.js';
import { fileSystem } from '../../src/adapters/fs.js';
import { httpClient } from '../../src/adapters/http.js';
import { processRunner } from '../../src/adapters/process.js';
import { Redactor } from '../../src/evidence/redact.js';
import { sha256File } from '../../src/gate/hash.js';
import type { GateDeps } from '../../src/gate/types.js';
import { silentLogger } from '../../src/ports/index.js';

export function realDeps(over: Partial<GateDeps> = {}): GateDeps {
  return {
    process: processRunner,
    http: httpClient,
    clock: systemClock,
    fs: fileSystem,
    hashFile: sha256File,
    github: null,
    redactor: new Redactor(),
    env: {},
    cwd: process.cwd(),
    logger: silentLogger,
    selfNames: ['readiness-gate'],
    ...over,
  };
}

/** A loopback HTTP server; `close()` also drops connections a hanging handler keeps open. */
export async function serve(
  handler: http.RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Whether a process is still running (a zombie waiting to be reaped counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

const made: string[] = [];
/** A fresh temporary directory, removed by `removeTempDirs()` (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

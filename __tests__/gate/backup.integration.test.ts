import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../../src/gate/hash.js';
import { runGate } from '../../src/gate/run.js';
import { gateOf } from './fakes.js';
import { realDeps, removeTempDirs, tempDir } from './real.js';

/** A backup directory as seed 001's backup_create.py leaves it: the files and manifest.json. */
function backup(createdAt: string): { dir: string; dump: Buffer } {
  const dir = tempDir('ro-gate-backup-');
  mkdirSync(path.join(dir, 'pre_deploy/media'), { recursive: true });
  const dump = randomBytes(3 * 1024 * 1024 + 17);
  const media = Buffer.from('media archive\n');
  writeFileSync(path.join(dir, 'pre_deploy/db.dump'), dump);
  writeFileSync(path.join(dir, 'pre_deploy/media/files.tar'), media);
  const entry = (p: string, b: Buffer) => ({
    path: p,
    sha256: createHash('sha256').update(b).digest('hex'),
    size: b.length,
  });
  writeFileSync(
    path.join(dir, 'pre_deploy/manifest.json'),
    JSON.stringify({
      created_at: createdAt,
      name: 'pre_deploy_20260105_0900',
      files: [entry('db.dump', dump), entry('media/files.tar', media)],
    }),
  );
  return { dir, dump };
}

const CHECK =
  'checks:\n  - { name: backup, type: backup-manifest, path: pre_deploy/manifest.json, max_age: 24h }\n';

afterAll(removeTempDirs);

describe('backup-manifest check on real files', () => {
  it('hashes a file as a stream to the same digest as sha256 over its bytes', async () => {
    const { dir, dump } = backup(new Date().toISOString());
    const h = await sha256File(path.join(dir, 'pre_deploy/db.dump'));
    expect(h).toEqual({ sha256: createHash('sha256').update(dump).digest('hex'), size: dump.length });
  });

  it('passes a fresh backup whose files match the manifest', async () => {
    const { dir } = backup(new Date(Date.now() - 3_600_000).toISOString());
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir }));
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass', detail: '2 files, 3 MiB verified; age 1h ≤ 24h' });
    expect(r.verdicts[0]!.data).toMatchObject({
      base_dir: 'pre_deploy',
      verified_bytes: 3 * 1024 * 1024 + 17 + 14,
    });
  });

  it('fails when a byte of the dump changed (same size) and when the backup is too old', async () => {
    const { dir, dump } = backup(new Date(Date.now() - 30 * 3_600_000).toISOString());
    dump[1000] = dump[1000]! ^ 0xff;
    writeFileSync(path.join(dir, 'pre_deploy/db.dump'), dump);
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir }));
    expect(r.verdicts[0]!.verdict).toBe('fail');
    expect(r.verdicts[0]!.detail).toMatch(
      /^age 30h > 24h; db\.dump: sha256 [0-9a-f]{12}… differs from the listed [0-9a-f]{12}…$/,
    );
  });
});

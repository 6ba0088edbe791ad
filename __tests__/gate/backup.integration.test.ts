import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../../src/gate/hash.js';
import { FakeClock } from '../../src/adapters/clock.js';
import { runGate } from '../../src/gate/runner.js';
import { gateOf } from './fakes.js';
import { realDeps, removeTempDirs, tempDir } from './real.js';

/** A backup directory as the recovery playbook's backup_create.py leaves it: the files and manifest.json. */
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
    // the age is read on a clock held still, so a slow machine cannot make it 1h0m1s
    const now = Date.now();
    const { dir } = backup(new Date(now - 3_600_000).toISOString());
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir, clock: new FakeClock(now) }));
    expect(r.verdicts[0]).toMatchObject({ verdict: 'pass', detail: '2 files, 3 MiB verified; age 1h ≤ 24h' });
    expect(r.verdicts[0]!.data).toMatchObject({
      base_dir: 'pre_deploy',
      verified_bytes: 3 * 1024 * 1024 + 17 + 14,
    });
  });

  it('fails when a byte of the dump changed (same size) and when the backup is too old', async () => {
    const now = Date.now();
    const { dir, dump } = backup(new Date(now - 30 * 3_600_000).toISOString());
    dump[1000] = dump[1000]! ^ 0xff;
    writeFileSync(path.join(dir, 'pre_deploy/db.dump'), dump);
    const r = await runGate(gateOf(CHECK), realDeps({ cwd: dir, clock: new FakeClock(now) }));
    expect(r.verdicts[0]!.verdict).toBe('fail');
    expect(r.verdicts[0]!.detail).toMatch(
      /^age 30h > 24h; db\.dump: sha256 [0-9a-f]{12}… differs from the listed [0-9a-f]{12}…$/,
    );
  });

  it('refuses listed files outside the workspace — by ../, absolute or through a symbolic link — without reading them', async () => {
    const { dir } = backup(new Date().toISOString());
    const outside = tempDir('ro-gate-outside-');
    const secret = Buffer.from('root:x:0:0:root:/root:/bin/bash\n');
    writeFileSync(path.join(outside, 'passwd'), secret);
    symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'pre_deploy/link'));
    symlinkSync(outside, path.join(dir, 'pre_deploy/linkdir'));
    const listed = [
      path.relative(path.join(dir, 'pre_deploy'), path.join(outside, 'passwd')), // ../../ro-gate-outside-…/passwd
      path.join(outside, 'passwd'),
      'link',
      'linkdir/passwd',
    ];
    const wrong = { sha256: '0'.repeat(64), size: 1 };
    writeFileSync(
      path.join(dir, 'pre_deploy/manifest.json'),
      JSON.stringify({
        created_at: new Date().toISOString(),
        files: listed.map((p) => ({ path: p, ...wrong })),
      }),
    );
    const check = 'checks:\n  - { name: backup, type: backup-manifest, path: pre_deploy/manifest.json }\n';
    const r = await runGate(gateOf(check), realDeps({ cwd: dir }));
    const v = r.verdicts[0]!;
    expect(v.verdict).toBe('fail');
    const files = (v.data as { files: Record<string, unknown>[] }).files;
    expect(files.map((f) => f.problem)).toEqual(listed.map(() => 'outside the workspace'));
    // nothing about the file itself: neither its size nor its hash
    for (const f of files)
      expect(Object.keys(f).sort()).toEqual(['expected_sha256', 'expected_size', 'path', 'problem']);
    expect(v.detail).not.toMatch(new RegExp(`size ${secret.length}|sha256 [0-9a-f]{12}`));
    expect(v.detail).toContain(`${listed[0]}: outside the workspace`);

    // A manifest (or base_dir) outside the workspace is refused the same way.
    const away = `checks:\n  - { name: backup, type: backup-manifest, path: ${JSON.stringify(path.join(outside, 'passwd'))} }\n`;
    const r2 = await runGate(gateOf(away), realDeps({ cwd: dir }));
    expect(r2.verdicts[0]).toMatchObject({ verdict: 'fail' });
    expect(r2.verdicts[0]!.detail).toMatch(/outside the workspace \(set root/);

    // An absolute root allows what is under it: the files are then checked (and found wrong).
    const rooted = `checks:\n  - { name: backup, type: backup-manifest, path: pre_deploy/manifest.json, root: ${JSON.stringify(path.dirname(outside))} }\n`;
    const r3 = await runGate(gateOf(rooted), realDeps({ cwd: dir }));
    const files3 = (r3.verdicts[0]!.data as { files: Record<string, unknown>[] }).files;
    expect(files3.map((f) => f.problem)).toEqual(listed.map(() => 'size'));
  });
});

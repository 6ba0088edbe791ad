/**
 * The `assets` step: each RC asset copied to the GA release — streamed, its sha256 computed on the
 * way, size and digest verified after the upload. An asset already there with the same content is
 * kept; a copy that does not match (an interrupted upload, other bytes) is replaced.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { ExternalError } from '../errors.js';
import type { StepOutcome } from '../journal/journal.js';
import type { GitHubPort, Release, ReleaseAsset } from '../ports/github.js';
import type { AssetRecord, PromoteRun } from './run.js';
import { write } from './write.js';

/** The RC's assets that `ga` does not hold with the same content. */
export function missingAssets(rc: Release, ga: Release): ReleaseAsset[] {
  return rc.assets.filter((a) => !ga.assets.some((g) => g.name === a.name && sameContent(a, g)));
}

/** A dry run that would create the GA release: each copy planned against the draft to be. */
export async function planCopies(run: PromoteRun, rc: Release, target: string): Promise<StepOutcome> {
  for (const a of rc.assets) await copyOne(run, a, target, null);
  return summary(run.p.assets);
}

export async function copyAssets(run: PromoteRun, rc: Release, ga: Release): Promise<StepOutcome> {
  for (const a of rc.assets) {
    const existing = ga.assets.find((g) => g.name === a.name);
    if (existing && sameContent(a, existing)) {
      run.p.assets.push({
        name: a.name,
        size: a.size,
        sha256: hex(existing.digest ?? a.digest),
        action: 'present',
      });
      continue;
    }
    if (existing) {
      run.p.recovered.push(
        `asset ${a.name} on the GA release did not match the RC's (size ${existing.size}/${a.size}) and is replaced`,
      );
      await write(
        run,
        'deleteReleaseAsset',
        { id: existing.id, name: existing.name, reason: 'size or digest differs from the RC asset' },
        () => run.gh.deleteReleaseAsset(existing.id),
        () => `asset ${existing.id} deleted`,
      );
    }
    await copyOne(run, a, ga.id, ga, existing ? 'replaced' : 'copied');
  }
  return summary(run.p.assets);
}

/** One upload (planned in a dry run, when `ga` is null or not yet there). */
async function copyOne(
  run: PromoteRun,
  a: ReleaseAsset,
  target: string | number,
  ga: Release | null,
  action: 'copied' | 'replaced' = 'copied',
): Promise<void> {
  const args = {
    release: target,
    name: a.name,
    label: a.label,
    content_type: a.contentType,
    size: a.size,
    from: `asset ${a.id} (streamed)`,
  };
  const copied = await write(
    run,
    'uploadReleaseAsset',
    args,
    () => copyAsset(run.gh, a, ga!),
    (v) => `asset ${v.asset.id}, sha256 ${v.sha256}`,
  );
  run.p.assets.push(
    copied
      ? { name: a.name, size: a.size, sha256: copied.sha256, action }
      : { name: a.name, size: a.size, sha256: hex(a.digest), action: 'planned' },
  );
}

function summary(assets: AssetRecord[]): StepOutcome {
  if (assets.length === 0) return { status: 'skipped', detail: 'the RC has no assets' };
  const counts = (['copied', 'replaced', 'present', 'planned'] as const)
    .map((k) => [k, assets.filter((a) => a.action === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const status = assets.every((a) => a.action === 'present')
    ? 'already'
    : assets.some((a) => a.action === 'planned')
      ? 'planned'
      : 'done';
  return { status, detail: counts.join(', ') };
}

export function hex(digest: string | null | undefined): string | null {
  return digest ? digest.replace(/^sha256:/, '') : null;
}

/**
 * Whether `copy` (same name) holds the bytes of `src`: same size, and — when the RC asset's digest is
 * known — the same digest. A copy without a digest is an upload that never completed (GitHub leaves
 * it in state "starter"), so it does not count.
 */
function sameContent(src: ReleaseAsset, copy: ReleaseAsset): boolean {
  if (src.size !== copy.size) return false;
  return src.digest ? copy.digest === src.digest : true;
}

/**
 * Copies one asset: the download stream goes through a sha256 + byte counter into the upload, so no
 * more than the stream buffers is ever held in memory. After the upload, sizes and digests are
 * compared (downloaded bytes, the RC asset's digest, the uploaded asset's size and digest); a copy that
 * does not match is deleted and the run fails, so a re-run starts that asset again.
 */
export async function copyAsset(
  gh: GitHubPort,
  src: ReleaseAsset,
  target: Release,
): Promise<{ asset: ReleaseAsset; sha256: string; bytes: number }> {
  const download: Readable = await gh.downloadReleaseAsset(src.id);
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  download.once('error', (err) => meter.destroy(err));
  download.pipe(meter);
  let uploaded: ReleaseAsset;
  try {
    uploaded = await gh.uploadReleaseAsset(target, {
      name: src.name,
      label: src.label,
      contentType: src.contentType,
      size: src.size,
      data: meter,
    });
  } finally {
    download.unpipe(meter);
    if (!download.destroyed) download.destroy();
  }
  const sha256 = hash.digest('hex');
  const problems = copyProblems(src, uploaded, bytes, sha256);
  if (problems.length) {
    await gh.deleteReleaseAsset(uploaded.id);
    throw new ExternalError(
      `asset ${src.name} was not copied intact (${problems.join('; ')}); the bad copy was deleted`,
      { hint: 're-run the promotion: it uploads only the assets that are missing' },
    );
  }
  return { asset: uploaded, sha256, bytes };
}

function copyProblems(src: ReleaseAsset, uploaded: ReleaseAsset, bytes: number, sha256: string): string[] {
  const problems: string[] = [];
  if (bytes !== src.size) problems.push(`downloaded ${bytes} bytes, the RC asset has ${src.size}`);
  if (uploaded.size !== src.size)
    problems.push(`uploaded asset has ${uploaded.size} bytes, expected ${src.size}`);
  if (src.digest && hex(src.digest) !== sha256)
    problems.push(`downloaded bytes hash to sha256:${sha256}, the RC asset reports ${src.digest}`);
  if (uploaded.digest && hex(uploaded.digest) !== sha256)
    problems.push(`uploaded asset reports ${uploaded.digest}, the bytes sent hash to sha256:${sha256}`);
  return problems;
}

/**
 * Release assets: upload to the release's `upload_url` (streamed: the bytes are hashed and kept as
 * the chunks received, never re-buffered), list, get, update, delete, and download — the API answers
 * `Accept: application/octet-stream` with a 302 to a storage URL on the same server, which streams.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ApiError,
  DOCS,
  idParam,
  json,
  noContent,
  notFound,
  paginate,
  validationFailed,
  type Reply,
  type RouteContext,
} from '../http.js';
import type { Route } from '../router.js';
import { assetJson } from '../shapes.js';
import type { EmulatorState } from '../state.js';
import type { AssetRecord, ReleaseRecord } from '../types.js';

const ASSET_DOCS = `${DOCS}/releases/assets`;

function assetParam(ctx: RouteContext): AssetRecord {
  const a = ctx.state.asset(idParam(ctx, 'asset_id'));
  if (!a) throw notFound(`${ASSET_DOCS}#get-a-release-asset`);
  return a;
}

/** Assets of a published immutable release can be neither added, changed nor deleted. */
function assertMutable(s: EmulatorState, releaseId: number): void {
  const r = s.release(releaseId);
  if (r?.immutable) {
    throw validationFailed(
      [
        {
          resource: 'ReleaseAsset',
          code: 'custom',
          field: 'release',
          message: 'Cannot modify an asset of an immutable release',
        },
      ],
      `${DOCS}/releases/releases`,
    );
  }
}

const alreadyExists = (): ApiError =>
  validationFailed(
    [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
    `${ASSET_DOCS}#upload-a-release-asset`,
  );

/**
 * GitHub renames asset files: characters other than letters, digits, `-`, `_`, `.`, `+`, `@`
 * become a period, and leading or trailing periods are dropped ("my app.zip" → "my.app.zip").
 */
export function sanitizeAssetName(name: string): string {
  const replaced = name.replace(/[^A-Za-z0-9._+@-]/g, '.').replace(/^\.+|\.+$/g, '');
  return replaced === '' ? 'default' : replaced;
}

function nameTaken(s: EmulatorState, releaseId: number, name: string, except?: AssetRecord): boolean {
  return s.assets.some((a) => a.release_id === releaseId && a.name === name && a !== except);
}

/** Creates an asset from bytes at once (the seed). */
export function addAsset(
  s: EmulatorState,
  release: ReleaseRecord,
  input: { name: string; data: Buffer; contentType?: string; label?: string },
): AssetRecord {
  const name = sanitizeAssetName(input.name);
  if (nameTaken(s, release.id, name)) throw alreadyExists();
  const now = s.now();
  const asset: AssetRecord = {
    id: s.nextId('asset'),
    release_id: release.id,
    name,
    label: input.label ?? null,
    content_type: input.contentType ?? 'application/octet-stream',
    state: 'uploaded',
    size: input.data.length,
    digest: `sha256:${createHash('sha256').update(input.data).digest('hex')}`,
    download_count: 0,
    created_at: now,
    updated_at: now,
    chunks: [input.data],
    storage_token: s.randomToken(),
  };
  s.assets.push(asset);
  return asset;
}

async function upload(ctx: RouteContext): Promise<Reply> {
  const s = ctx.state;
  const release = s.release(idParam(ctx, 'release_id'));
  if (!release) throw notFound(`${ASSET_DOCS}#upload-a-release-asset`);
  const rawName = ctx.query.get('name');
  if (!rawName) throw validationFailed([{ resource: 'ReleaseAsset', code: 'missing_field', field: 'name' }]);
  const length = ctx.req.headers['content-length'];
  if (length === undefined || !/^\d+$/.test(length)) {
    throw new ApiError(411, 'Content-Length header is required', {
      documentationUrl: `${ASSET_DOCS}#upload-a-release-asset`,
    });
  }
  assertMutable(s, release.id);
  const name = sanitizeAssetName(rawName);
  if (nameTaken(s, release.id, name)) throw alreadyExists();

  // Like GitHub, the asset exists from the first byte in state "starter"; an interrupted upload
  // leaves it there, and the name stays taken (422 already_exists) until it is deleted.
  const now = s.now();
  const asset: AssetRecord = {
    id: s.nextId('asset'),
    release_id: release.id,
    name,
    label: ctx.query.get('label') ?? null,
    content_type: ctx.req.headers['content-type'] ?? 'application/octet-stream',
    state: 'starter',
    size: 0,
    digest: null,
    download_count: 0,
    created_at: now,
    updated_at: now,
    chunks: [],
    storage_token: s.randomToken(),
  };
  s.assets.push(asset);
  const hash = createHash('sha256');
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    hash.update(chunk);
    asset.chunks.push(chunk);
    asset.size += chunk.length;
  }
  if (!s.release(release.id)) {
    s.assets.splice(s.assets.indexOf(asset), 1);
    throw notFound(`${ASSET_DOCS}#upload-a-release-asset`);
  }
  asset.state = 'uploaded';
  asset.digest = `sha256:${hash.digest('hex')}`;
  asset.updated_at = s.now();
  return json(201, assetJson(s, asset));
}

function storageUrl(s: EmulatorState, a: AssetRecord): string {
  return `${s.baseUrl}/_storage/release-assets/${a.id}/${encodeURIComponent(a.name)}?token=${a.storage_token}`;
}

function redirectToStorage(s: EmulatorState, a: AssetRecord): Reply {
  return { status: 302, headers: { location: storageUrl(s, a) } };
}

function wantsBytes(ctx: RouteContext): boolean {
  return (ctx.req.headers.accept ?? '')
    .split(',')
    .some((v) => v.trim().startsWith('application/octet-stream'));
}

export const assetRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases/{release_id}/assets',
    operationId: 'repos/list-release-assets',
    handler: (ctx) => {
      const r = ctx.state.release(idParam(ctx, 'release_id'));
      if (!r) throw notFound(`${ASSET_DOCS}#list-release-assets`);
      const page = paginate(ctx, ctx.state.assetsOf(r.id));
      return json(
        200,
        page.items.map((a) => assetJson(ctx.state, a)),
        page.headers,
      );
    },
  },
  // The upload_url GitHub hands out points at another host (uploads.github.com); here it is a
  // path prefix on the same server. Posting to the API path works too, as on GHES.
  {
    method: 'POST',
    pattern: '/uploads/repos/{owner}/{repo}/releases/{release_id}/assets',
    operationId: 'repos/upload-release-asset',
    handler: upload,
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/releases/{release_id}/assets',
    operationId: 'repos/upload-release-asset',
    handler: upload,
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/get-release-asset',
    handler: (ctx) => {
      const a = assetParam(ctx);
      return wantsBytes(ctx) ? redirectToStorage(ctx.state, a) : json(200, assetJson(ctx.state, a));
    },
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/update-release-asset',
    handler: async (ctx) => {
      const a = assetParam(ctx);
      const body = await ctx.json();
      assertMutable(ctx.state, a.release_id);
      const name = body.optString('name');
      const label = body.nullableString('label');
      if (name !== undefined) {
        const clean = sanitizeAssetName(name);
        if (nameTaken(ctx.state, a.release_id, clean, a)) throw alreadyExists();
        a.name = clean;
      }
      if (label !== undefined) a.label = label;
      a.updated_at = ctx.state.now();
      return json(200, assetJson(ctx.state, a));
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/releases/assets/{asset_id}',
    operationId: 'repos/delete-release-asset',
    handler: (ctx) => {
      const a = assetParam(ctx);
      assertMutable(ctx.state, a.release_id);
      ctx.state.assets.splice(ctx.state.assets.indexOf(a), 1);
      return noContent();
    },
  },
  // Storage: what the 302 points at. Public (a signed URL, no authorization needed), streams.
  {
    method: 'GET',
    pattern: '/_storage/release-assets/{asset_id}/{name}',
    operationId: null,
    auth: false,
    handler: (ctx): Reply => {
      const a = ctx.state.asset(idParam(ctx, 'asset_id'));
      if (!a || a.state !== 'uploaded' || ctx.query.get('token') !== a.storage_token) {
        return {
          status: 404,
          stream: Readable.from([Buffer.from('Not Found')]),
          headers: { 'content-type': 'text/plain' },
        };
      }
      a.download_count += 1;
      return {
        status: 200,
        stream: Readable.from(a.chunks, { objectMode: false }),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(a.size),
          'content-disposition': `attachment; filename=${a.name}`,
        },
      };
    },
  },
  // browser_download_url: https://github.com/{owner}/{repo}/releases/download/{tag}/{name} → 302.
  {
    method: 'GET',
    pattern: '/{owner}/{repo}/releases/download/{tag}/{name}',
    operationId: null,
    auth: false,
    handler: (ctx) => {
      const s = ctx.state;
      const tag = ctx.params.tag as string;
      const r = s.releases.find((x) => (x.draft ? `untagged-${x.untagged}` : x.tag_name) === tag);
      const a = r ? s.assetsOf(r.id).find((x) => x.name === ctx.params.name) : undefined;
      if (!a) throw notFound();
      return redirectToStorage(s, a);
    },
  },
];

import path from 'node:path';
import type { BackupManifestCheckConfig } from '../../config/schema/gate.js';
import { errorMessage } from '../../errors.js';
import { bytes, clip, formatLimit, human } from '../format.js';
import type { FileSystem } from '../../ports/index.js';
import type { CheckContext, CheckImpl, CheckOutcome, Limit } from '../types.js';

/**
 * The backup manifest (the recovery playbook `manifest.json`), as written by the backup tool:
 * ```json
 * { "created_at": "2026-01-05T09:00:00Z",
 *   "files": [ { "path": "db/pre_deploy.dump", "sha256": "<64 hex>", "size": 1048576 } ] }
 * ```
 * `created_at` is an ISO 8601 time with a zone; `path` is relative to the manifest's directory (or
 * `base_dir`) unless absolute; other keys are allowed and ignored.
 *
 * The manifest, `base_dir` and every listed file must be in the workspace (or under `root`, an absolute
 * directory), symbolic links resolved: a manifest listing `../../../../etc/passwd` would otherwise
 * reveal the size and a hash prefix of any file the job can read. Such a file is not touched at all.
 */
export interface Manifest {
  created_at: string;
  files: { path: string; sha256: string; size: number }[];
}

/** A manifest dated this far in the future is refused (clock skew beyond this is a wrong manifest). */
const FUTURE_SLACK_MS = 5 * 60_000;

export function parseManifest(text: string): { manifest: Manifest } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${errorMessage(err)})` };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { error: 'expected a JSON object with created_at and files' };
  const o = doc as Record<string, unknown>;
  if (
    typeof o.created_at !== 'string' ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(o.created_at)
  ) {
    return { error: 'created_at: expected an ISO 8601 time with a zone, e.g. 2026-01-05T09:00:00Z' };
  }
  if (Number.isNaN(Date.parse(o.created_at)))
    return { error: `created_at: "${o.created_at}" is not a real time` };
  if (!Array.isArray(o.files)) return { error: 'files: expected a list of { path, sha256, size }' };
  if (o.files.length === 0) return { error: 'files: the manifest lists no files' };
  const files: Manifest['files'] = [];
  for (const [i, f] of o.files.entries()) {
    const e = f as Record<string, unknown>;
    if (!e || typeof e !== 'object') return { error: `files[${i}]: expected { path, sha256, size }` };
    if (typeof e.path !== 'string' || e.path === '')
      return { error: `files[${i}].path: expected a file path` };
    if (typeof e.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(e.sha256)) {
      return { error: `files[${i}].sha256: expected 64 hexadecimal characters` };
    }
    if (typeof e.size !== 'number' || !Number.isInteger(e.size) || e.size < 0) {
      return { error: `files[${i}].size: expected a size in bytes` };
    }
    files.push({ path: e.path, sha256: e.sha256.toLowerCase(), size: e.size });
  }
  return { manifest: { created_at: o.created_at, files } };
}

/** Where a check's files may be: the workspace (or `root`), and how a path outside it is named. */
interface Confined {
  holds(p: string): Promise<boolean>;
  /** `outside the workspace` or `outside <root>`. */
  outside: string;
}

/**
 * `backup-manifest`: the manifest parses, is younger than `max_age`, and every file it lists exists
 * with the listed size and sha256 (hashed as a stream, so large dumps never sit in memory).
 */
export const backupManifestCheck: CheckImpl<BackupManifestCheckConfig> = {
  async run(check, ctx) {
    const manifestPath = path.resolve(ctx.cwd, check.path);
    const base = check.base_dir ? path.resolve(ctx.cwd, check.base_dir) : path.dirname(manifestPath);
    const root: Confined = {
      ...(await confinement(ctx.fs, check.root ?? ctx.cwd)),
      outside: check.root ? `outside ${check.root}` : 'outside the workspace',
    };
    const read = await readManifest(check, ctx, root, manifestPath, base);
    if ('detail' in read) return read;
    const { manifest } = read;
    const age = ctx.clock.now() - Date.parse(manifest.created_at);
    const { limits, problems } = ageLimits(check, manifest, age);
    const { files, total } = await verifyFiles(manifest, ctx, root, base, problems);
    const bad = files.filter((f) => f.problem).length;
    limits.push({ what: 'files not matching', value: bad, limit: 0, ok: bad === 0 });
    const data = {
      manifest: check.path,
      base_dir: path.relative(ctx.cwd, base) || '.',
      created_at: manifest.created_at,
      age_ms: age,
      files,
      verified_bytes: total,
    };
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
      return {
        ok: false,
        detail: clip(ctx.redactor, problems.slice(0, 3).join('; ') + more, 300),
        limits,
        data,
      };
    }
    const ageText = check.max_age !== undefined ? formatLimit(limits[0]!) : `age ${human(Math.max(0, age))}`;
    const n = manifest.files.length;
    return {
      ok: true,
      detail: `${n} file${n === 1 ? '' : 's'}, ${bytes(total)} verified; ${ageText}`,
      limits,
      data,
    };
  },

  describe(check) {
    return `verify ${check.path} (sha256 and size of every file${check.max_age !== undefined ? `, younger than ${human(check.max_age)}` : ''})`;
  },
};

/** The manifest, read and parsed — or the outcome that says why it cannot be (outside, missing, invalid). */
async function readManifest(
  check: BackupManifestCheckConfig,
  ctx: CheckContext,
  root: Confined,
  manifestPath: string,
  base: string,
): Promise<{ manifest: Manifest } | CheckOutcome> {
  for (const [key, p] of [
    ['path', manifestPath],
    ['base_dir', base],
  ] as const) {
    if (!(await root.holds(p)))
      return {
        ok: false,
        detail: `${key} ${key === 'path' ? check.path : check.base_dir}: ${root.outside} (set root to an absolute directory to allow it)`,
      };
  }
  let text: string;
  try {
    text = (await ctx.fs.readFile(manifestPath)).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      detail: `${check.path}: ${code === 'ENOENT' ? 'manifest not found' : `cannot read (${code ?? errorMessage(err)})`}`,
    };
  }
  const parsed = parseManifest(text);
  return 'error' in parsed ? { ok: false, detail: `${check.path}: ${parsed.error}` } : parsed;
}

/** A manifest from the future is wrong; one older than `max_age` fails its limit. */
function ageLimits(
  check: BackupManifestCheckConfig,
  manifest: Manifest,
  age: number,
): { limits: Limit[]; problems: string[] } {
  const limits: Limit[] = [];
  const problems: string[] = [];
  if (age < -FUTURE_SLACK_MS)
    problems.push(`created_at ${manifest.created_at} is ${human(-age)} in the future`);
  if (check.max_age !== undefined) {
    const l: Limit = {
      what: 'age',
      value: human(Math.max(0, age)),
      limit: human(check.max_age),
      ok: age <= check.max_age,
    };
    limits.push(l);
    if (!l.ok) problems.push(formatLimit(l));
  }
  return { limits, problems };
}

/**
 * Each listed file: inside the confinement (else not touched at all), present, a file, of the listed
 * size, then of the listed sha256. Problems are appended to `problems`.
 */
async function verifyFiles(
  manifest: Manifest,
  ctx: CheckContext,
  root: Confined,
  base: string,
  problems: string[],
): Promise<{ files: Record<string, unknown>[]; total: number }> {
  const files: Record<string, unknown>[] = [];
  let total = 0;
  for (const f of manifest.files) {
    if (ctx.signal.aborted) break;
    const record: Record<string, unknown> = {
      path: f.path,
      expected_size: f.size,
      expected_sha256: f.sha256,
    };
    files.push(record);
    const checked = await verifyFile(f, path.resolve(base, f.path), ctx, root, record);
    // a file hashed counts its bytes, whether or not they matched
    if (checked.hashed !== undefined) total += checked.hashed;
    if (checked.kind) {
      record.problem = checked.kind;
      problems.push(`${f.path}: ${checked.text}`);
    }
  }
  return { files, total };
}

async function verifyFile(
  f: Manifest['files'][number],
  abs: string,
  ctx: CheckContext,
  root: Confined,
  record: Record<string, unknown>,
): Promise<{ kind?: string; text?: string; hashed?: number }> {
  if (!(await root.holds(abs))) return { kind: root.outside, text: root.outside };
  const st = await ctx.fs.stat(abs);
  if (!st) return { kind: 'missing', text: 'missing' };
  if (!st.isFile) return { kind: 'not a file', text: 'not a file' };
  record.size = st.size;
  if (st.size !== f.size) return { kind: 'size', text: `size ${st.size} B, listed ${f.size} B` };
  const h = await ctx.hashFile(abs, ctx.signal);
  record.sha256 = h.sha256;
  if (h.sha256 !== f.sha256)
    return {
      kind: 'sha256',
      text: `sha256 ${h.sha256.slice(0, 12)}… differs from the listed ${f.sha256.slice(0, 12)}…`,
      hashed: h.size,
    };
  return { hashed: h.size };
}

/** Whether `p` is `dir` or under it (both absolute). */
function within(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The directory files must stay in: a path is held when it is under `dir` as written and, symbolic
 * links resolved (of the path, or of its nearest existing parent when it does not exist), under the
 * real `dir`. A file system without realpath (tests in memory) is taken as written.
 */
async function confinement(fs: FileSystem, dir: string): Promise<{ holds(p: string): Promise<boolean> }> {
  const lexical = path.resolve(dir);
  const realpath = fs.realpath?.bind(fs);
  const real = (realpath && (await realpath(lexical))) || lexical;
  return {
    async holds(p) {
      const abs = path.resolve(p);
      if (!within(abs, lexical)) return false;
      if (!realpath) return true;
      // The nearest part of the path that exists, resolved, with the rest as written.
      for (let head = abs, rest = ''; ;) {
        const resolved = await realpath(head);
        if (resolved !== null) return within(path.join(resolved, rest), real);
        const parent = path.dirname(head);
        if (parent === head) return true;
        rest = path.join(path.basename(head), rest);
        head = parent;
      }
    },
  };
}

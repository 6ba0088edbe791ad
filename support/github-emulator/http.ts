/**
 * HTTP plumbing shared by the routes: replies, GitHub-shaped errors, JSON request bodies with
 * GitHub's validation messages, and Link-header pagination.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { EmulatorState } from './state.js';

export const DOCS = 'https://docs.github.com/rest';

export interface Reply {
  status: number;
  /** JSON body (omitted for 204 and redirects). */
  body?: unknown;
  /** A raw byte stream instead of JSON (asset downloads). */
  stream?: Readable;
  headers?: Record<string, string>;
}

export interface ValidationItem {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** An error answer in GitHub's shape: `{ message, documentation_url, errors? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      documentationUrl?: string;
      errors?: ValidationItem[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      message: this.message,
      documentation_url: this.extra.documentationUrl ?? DOCS,
    };
    if (this.extra.errors) body.errors = this.extra.errors;
    return body;
  }
}

export const notFound = (documentationUrl?: string): ApiError =>
  new ApiError(404, 'Not Found', documentationUrl ? { documentationUrl } : {});

export const validationFailed = (errors: ValidationItem[], documentationUrl?: string): ApiError =>
  new ApiError(422, 'Validation Failed', { errors, ...(documentationUrl ? { documentationUrl } : {}) });

/** A 422 whose message is the whole story (GitHub uses these for git refs). */
export const unprocessable = (message: string, documentationUrl?: string): ApiError =>
  new ApiError(422, message, documentationUrl ? { documentationUrl } : {});

export interface RouteContext {
  state: EmulatorState;
  params: Record<string, string>;
  query: URLSearchParams;
  url: URL;
  req: IncomingMessage;
  /** The parsed JSON object body ({} when empty). 400 on bad JSON, 422 on a non-object. */
  json(): Promise<Body>;
}

const MAX_JSON_BYTES = 8 << 20;

export async function readJsonBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large (throwing mid-stream would destroy the connection).
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_JSON_BYTES) chunks.push(chunk);
  }
  if (size > MAX_JSON_BYTES) throw new ApiError(413, 'Payload too large');
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return new Body({});
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'Problems parsing JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ApiError(400, 'Problems parsing JSON');
  }
  return new Body(parsed as Record<string, unknown>);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Typed access to a JSON body; wrong types answer 422 with GitHub's wording:
 * `Invalid request.\n\nFor 'properties/draft', "yes" is not a boolean.`
 */
export class Body {
  constructor(readonly raw: Record<string, unknown>) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private invalid(key: string, what: string): ApiError {
    return unprocessable(
      `Invalid request.\n\nFor 'properties/${key}', ${describe(this.raw[key])} is not ${what}.`,
    );
  }

  string(key: string, resource: string): string {
    const v = this.raw[key];
    if (v === undefined || v === null)
      throw validationFailed([{ resource, code: 'missing_field', field: key }]);
    if (typeof v !== 'string') throw this.invalid(key, 'a string');
    return v;
  }

  optString(key: string): string | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw this.invalid(key, 'a string');
    return v;
  }

  /** A string that may be explicitly null. */
  nullableString(key: string): string | null | undefined {
    if (this.raw[key] === null) return null;
    return this.optString(key);
  }

  optBool(key: string): boolean | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') throw this.invalid(key, 'a boolean');
    return v;
  }

  optEnum<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw this.invalid(key, `one of ${values.map((x) => `"${x}"`).join(', ')}`);
    }
    return v as T;
  }

  optStringArray(key: string): string[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw this.invalid(key, 'an array of strings');
    return v as string[];
  }

  optArray(key: string): unknown[] | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw this.invalid(key, 'an array');
    return v;
  }

  optObject(key: string): Record<string, unknown> | undefined {
    const v = this.raw[key];
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.invalid(key, 'an object');
    return v as Record<string, unknown>;
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

export const noContent = (): Reply => ({ status: 204 });

export function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The numeric path parameter `name`, or a 404 when it is not a number. */
export function idParam(ctx: RouteContext, name: string): number {
  const n = positiveInt(ctx.params[name]);
  if (n === null) throw notFound();
  return n;
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/**
 * GitHub's pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a Link header
 * carrying prev/next/last/first. `maxResults` reproduces endpoints that refuse to page past the
 * first N results (list releases: 1,000) with a 422.
 */
export function paginate<T>(ctx: RouteContext, all: T[], opts: { maxResults?: number } = {}): Page<T> {
  const perPage = Math.min(100, positiveInt(ctx.query.get('per_page') ?? undefined) ?? 30);
  const page = positiveInt(ctx.query.get('page') ?? undefined) ?? 1;
  const start = (page - 1) * perPage;
  const reachable = opts.maxResults === undefined ? all.length : Math.min(all.length, opts.maxResults);
  if (opts.maxResults !== undefined && start >= opts.maxResults) {
    throw unprocessable(
      `Only the first ${opts.maxResults} results are available`,
      `${DOCS}/using-the-rest-api/using-pagination-in-the-rest-api`,
    );
  }
  const items = all.slice(start, Math.min(start + perPage, reachable));
  const last = Math.max(1, Math.ceil(reachable / perPage));
  const link = (p: number) => {
    const u = new URL(ctx.url.pathname + ctx.url.search, ctx.state.baseUrl);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${link(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
  return { items, headers: rels.length > 0 ? { link: rels.join(', ') } : {} };
}

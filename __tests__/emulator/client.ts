/** A tiny fetch-based client for the emulator tests (no Octokit: the tests see raw HTTP). */
import type { Emulator } from '../../support/github-emulator/index.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send without an authorization header. */
  anonymous?: boolean;
}

export const TOKEN = 'ghs_emulatortesttoken0000000000000000';

/** `api(emu)('GET', '/releases')` — paths starting with `/repos/` or `http` are used as they are. */
export function api(emu: Emulator) {
  return async function call<T = any>(
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = path.startsWith('http')
      ? path
      : path.startsWith('/repos/') || path.startsWith('/uploads/') || path.startsWith('/_')
        ? `${emu.url}${path}`
        : `${emu.url}/repos/${emu.owner}/${emu.repo}${path}`;
    const raw = Buffer.isBuffer(opts.body) || typeof opts.body === 'string';
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      ...(opts.anonymous ? {} : { authorization: `token ${TOKEN}` }),
      ...(opts.body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    const res = await fetch(url, {
      method,
      headers,
      redirect: 'manual',
      ...(opts.body === undefined
        ? {}
        : { body: raw ? (opts.body as string | Buffer) : JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return {
      status: res.status,
      headers: res.headers,
      body: (isJson && text ? JSON.parse(text) : text) as T,
      text,
    };
  };
}

/** The URL of an RFC 6570 `upload_url` with its `{?name,label}` expanded. */
export function expandUploadUrl(uploadUrl: string, name: string, label?: string): string {
  const base = uploadUrl.replace(/\{\?[^}]*\}$/, '');
  const q = new URLSearchParams({ name, ...(label ? { label } : {}) });
  return `${base}?${q.toString()}`;
}

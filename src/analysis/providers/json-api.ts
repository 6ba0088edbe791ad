/**
 * A GET of a JSON API (json, prometheus, graphite, influxdb, datadog), with its failures worded alike:
 * a request that fails names the server, a body that is not JSON is described, never quoted.
 */
import { HttpError, type HttpClient, type HttpResponse } from '../../ports/index.js';
import { ProviderError } from '../types.js';
import type { UrlTarget } from './url-target.js';

/**
 * GETs `url` asking for JSON, with any status. A request that fails (refused, timed out, cut off) is a
 * ProviderError `<unreachable>: <why>`.
 */
export async function getJson(
  req: UrlTarget & { timeoutMs: number },
  deps: { http: HttpClient; signal?: AbortSignal },
  unreachable: string,
): Promise<HttpResponse> {
  try {
    return await deps.http.request({
      url: req.url,
      headers: { accept: 'application/json', ...req.headers },
      timeoutMs: req.timeoutMs,
      signal: deps.signal,
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err; // the HttpClient rejects only with HttpError: anything else is a bug
    throw new ProviderError(`${unreachable}: ${err.message}`);
  }
}

/**
 * A body described, not quoted ("an HTML or XML page, 512 bytes"): an error page may echo a request
 * header, and a message is shortened before any redaction could see the whole of a secret in it.
 */
export function describeBody(body: string): string {
  return `${/^\s*</.test(body) ? 'an HTML or XML page' : 'text'}, ${body.length} bytes`;
}

/** The body as JSON; else a ProviderError `<notJson> (<the body described>)` — a cut-off answer ends here too. */
export function parseJsonBody(body: string, notJson: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new ProviderError(`${notJson} (${describeBody(body)})`);
  }
}

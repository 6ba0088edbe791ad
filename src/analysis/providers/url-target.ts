/**
 * Where the providers that read a URL (http, json) read: `url` and `headers`, the same two keys in their
 * `baseline:`, resolved with `${VAR}` expanded and credential headers kept secret.
 */
import { headers, httpUrl } from '../../config/schema/common.js';
import type { ResolveTools } from './provider.js';

export interface UrlTarget {
  url: string;
  headers: Record<string, string>;
}

/** `url` and `headers` (optional): where a provider that reads a URL reads, and its baseline's keys. */
export function urlKeys() {
  return { url: httpUrl, headers: headers.optional() };
}

/** The url and headers of `m` (the metric, or its `baseline:` at `at`) resolved: `${VAR}` expanded. */
export function resolveUrlTarget(
  m: { url: string; headers?: Record<string, string> },
  t: ResolveTools,
  at: string[] = [],
): UrlTarget {
  return { url: t.url(m.url, [...at, 'url']), headers: t.headers(m.headers, [...at, 'headers']) };
}

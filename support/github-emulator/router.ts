/**
 * A small route table. Patterns use GitHub's path templates: `{name}` is one path segment,
 * `{name*}` is the rest (one or more segments, slashes kept — refs like `tags/v1.0.0`), and may be
 * followed by fixed segments (`/commits/{ref*}/status`). Segments are percent-decoded, so
 * `tags%2Fv1.0.0` (what Octokit sends) and `tags/v1.0.0` are the same ref.
 */
import type { Reply, RouteContext } from './http.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route {
  method: Method;
  pattern: string;
  /** GitHub's operationId (e.g. `repos/create-release`); null for routes that are not REST operations. */
  operationId: string | null;
  /** Requires the `authorization` header (default true; storage downloads are public). */
  auth?: boolean;
  handler(ctx: RouteContext): Reply | Promise<Reply>;
}

interface Compiled {
  route: Route;
  prefix: string[];
  rest: { name: string; allowEmpty: boolean } | null;
  suffix: string[];
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Router {
  private readonly compiled: Compiled[] = [];

  constructor(routes: Route[]) {
    for (const route of routes) {
      const segments = route.pattern.split('/').slice(1);
      const restIndex = segments.findIndex((s) => /^\{\w+\*\}$/.test(s));
      if (restIndex === -1) {
        this.compiled.push({ route, prefix: segments, rest: null, suffix: [] });
      } else {
        const name = (segments[restIndex] as string).slice(1, -2);
        this.compiled.push({
          route,
          prefix: segments.slice(0, restIndex),
          // matching-refs takes an empty ref (every ref); the others need at least one segment.
          rest: { name, allowEmpty: route.pattern.endsWith('matching-refs/{ref*}') },
          suffix: segments.slice(restIndex + 1),
        });
      }
    }
  }

  get routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }

  /**
   * The route for this method and path. When several patterns match, the most specific wins: the
   * one with more literal segments (`/commits/{ref*}/status` over `/commits/{ref*}`,
   * `/releases/latest` over `/releases/{release_id}`). `pathMatched` tells a wrong method from an
   * unknown path.
   */
  match(method: string, pathname: string): { match: Match | null; pathMatched: boolean } {
    const raw = pathname.split('/').slice(1);
    let pathMatched = false;
    let best: { match: Match; score: number } | null = null;
    for (const c of this.compiled) {
      const params = matchSegments(c, raw);
      if (!params) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      const score = literals(c);
      if (!best || score > best.score) best = { match: { route: c.route, params }, score };
    }
    return { match: best?.match ?? null, pathMatched };
  }
}

function literals(c: Compiled): number {
  return [...c.prefix, ...c.suffix].filter((s) => !s.startsWith('{')).length;
}

function matchSegment(pattern: string, value: string, params: Record<string, string>): boolean {
  if (/^\{\w+\}$/.test(pattern)) {
    if (value === '') return false;
    params[pattern.slice(1, -1)] = decode(value);
    return true;
  }
  return pattern === value;
}

function matchSegments(c: Compiled, raw: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  const fixed = c.prefix.length + c.suffix.length;
  if (c.rest === null ? raw.length !== fixed : raw.length < fixed) return null;
  for (let i = 0; i < c.prefix.length; i += 1) {
    if (!matchSegment(c.prefix[i] as string, raw[i] as string, params)) return null;
  }
  if (c.rest === null) return params;
  for (let i = 0; i < c.suffix.length; i += 1) {
    const value = raw[raw.length - c.suffix.length + i] as string;
    if (!matchSegment(c.suffix[i] as string, value, params)) return null;
  }
  const middle = raw.slice(c.prefix.length, raw.length - c.suffix.length);
  const value = middle.map(decode).join('/');
  if (value === '' && !c.rest.allowEmpty) return null;
  params[c.rest.name] = value;
  return params;
}

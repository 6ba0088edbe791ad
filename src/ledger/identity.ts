/**
 * Build identity: a tag is resolved to the commit it names (annotated tags peeled) and, where a
 * command needs one, to its published release — before any program runs or anything is written.
 *
 * - A tag a git ref cannot hold, or one that starts with `-` (it would reach the deploy program as an
 *   option), is refused as a usage error.
 * - An unknown tag is a usage error that lists the nearest existing tags, so a typo never ships.
 * - `expected-sha` binds a run to the commit an earlier step checked: a tag moved since is refused.
 * Without a GitHub token nothing can be resolved: the build is `unverified`, which callers say aloud,
 * and a run that was asked to check an `expected-sha` refuses instead.
 */
import { ConfigError } from '../errors.js';
import type { GitHubPort, Release } from '../ports/index.js';
import { listVersionTags } from '../release/find.js';
import { coreVersion, parseVersion } from '../release/version.js';

export interface Build {
  tag: string;
  /** The commit; empty when the build could not be verified (no GitHub token). */
  sha: string;
  /** The published release of the tag, when the command asked for one and it exists. */
  release: Release | null;
  verified: boolean;
}

/**
 * Why `name` cannot be a tag (git check-ref-format's rules, and no leading `-`); null when it can.
 */
export function tagNameProblem(name: string): string | null {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-" (a program would read it as an option)';
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return 'it holds a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'it holds ".."';
  if (name.includes('@{') || name === '@') return 'it holds "@{" or is "@"';
  if (name.includes('//') || name.startsWith('/') || name.endsWith('/')) return 'it has an empty path part';
  if (name.endsWith('.')) return 'it ends with "."';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock')))
    return 'a part starts with "." or ends with ".lock"';
  return null;
}

/** Refuses a tag value a git ref cannot hold, as a usage error naming the input. */
export function checkTagName(input: string, tag: string): void {
  const problem = tagNameProblem(tag);
  if (problem) throw ConfigError.input(input, `"${printable(tag)}" is not a tag name: ${problem}`);
}

const SHA = /^[0-9a-f]{40}$/;

/** Refuses an `expected-sha` that is not a full commit id. */
export function checkExpectedSha(input: string, sha: string): void {
  if (!SHA.test(sha))
    throw ConfigError.input(input, `"${printable(sha)}" is not a full commit id (40 lower-case hex digits)`);
}

/**
 * The nearest existing tags of an unknown one: those of the same version (`1.1.0`), else of the same
 * minor line, else the newest version tags. At most `limit`, highest first.
 */
export async function nearestTags(
  gh: GitHubPort,
  tag: string,
  limit = 8,
): Promise<{ label: string; tags: string[] }> {
  const v = parseVersion(tag);
  if (v) {
    const core = coreVersion(v);
    const sameCore = await listVersionTags(gh, `${v.prefix}${core}`);
    const exact = sameCore.filter((t) => coreVersion(t.version) === core);
    if (exact.length)
      return { label: `candidates of ${core}`, tags: exact.slice(0, limit).map((t) => t.tag) };
    const line = `${v.major}.${v.minor}`;
    const sameLine = (await listVersionTags(gh, `${v.prefix}${line}.`)).filter(
      (t) => t.version.major === v.major && t.version.minor === v.minor,
    );
    if (sameLine.length)
      return { label: `candidates of ${line}`, tags: sameLine.slice(0, limit).map((t) => t.tag) };
  }
  const prefix = v?.prefix ?? (tag.startsWith('v') ? 'v' : '');
  const newest = await listVersionTags(gh, prefix);
  return { label: 'newest version tags', tags: newest.slice(0, limit).map((t) => t.tag) };
}

export interface ResolveOptions {
  /** The input or option that named the tag, for the error (`tag`, `rc-tag`, `from`). */
  input: string;
  tag: string;
  /** The commit the tag must resolve to (`expected-sha`), when the run is bound to one. */
  expectedSha?: string;
  /** `required`: the tag must have a published release (a draft is not one). */
  release: 'required' | 'optional' | 'none';
}

/**
 * Resolves a tag to its build. Every failure is a ConfigError (exit 2) that names the input and what
 * to write instead; nothing has been done yet when it is thrown.
 */
export async function resolveBuild(gh: GitHubPort | null, o: ResolveOptions): Promise<Build> {
  checkTagName(o.input, o.tag);
  if (o.expectedSha !== undefined) checkExpectedSha('expected-sha', o.expectedSha);
  if (!gh) {
    if (o.expectedSha !== undefined)
      throw ConfigError.input(
        'expected-sha',
        `cannot check that ${o.tag} is ${o.expectedSha.slice(0, 12)} without a GitHub token (set GITHUB_TOKEN)`,
      );
    return { tag: o.tag, sha: '', release: null, verified: false };
  }
  const sha = await gh.resolveTagCommit(o.tag);
  if (!sha) {
    const near = await nearestTags(gh, o.tag);
    const list = near.tags.length
      ? `${near.label}: ${near.tags.join(', ')}`
      : 'the repository has no version tags';
    throw ConfigError.input(o.input, `no tag ${o.tag}; ${list}`);
  }
  if (o.expectedSha !== undefined && sha !== o.expectedSha) {
    throw ConfigError.input(
      'expected-sha',
      `${o.tag} is commit ${sha}, not ${o.expectedSha}: the tag moved after the commit was checked — check the new commit, or pass its sha`,
    );
  }
  let release: Release | null = null;
  if (o.release !== 'none') {
    release = await gh.getReleaseByTag(o.tag);
    if (release?.draft) release = null;
    if (!release && o.release === 'required') {
      throw ConfigError.input(
        o.input,
        `tag ${o.tag} (${sha.slice(0, 12)}) has no published release (a draft is not one): publish it first`,
      );
    }
  }
  return { tag: o.tag, sha, release, verified: true };
}

/** A value safe to quote in an error: control characters shown as `\uXXXX`, clipped. */
function printable(s: string): string {
  const shown = s.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what it replaces
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return shown.length > 80 ? shown.slice(0, 79) + '…' : shown;
}

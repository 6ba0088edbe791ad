import type { GitHubPort } from '../ports/index.js';

/** Tag → commit, from what was read; unknown ones shown are resolved with as few requests as can be. */
export class Shas {
  private readonly byTag = new Map<string, string>();
  constructor(private readonly gh: GitHubPort) {}

  set(tag: string, sha: string): void {
    if (!this.byTag.has(tag)) this.byTag.set(tag, sha);
  }

  get(tag: string): string | null {
    return this.byTag.get(tag) ?? null;
  }

  get size(): number {
    return this.byTag.size;
  }

  /** `tag` and every other tag known on the same commit, the tag itself first. */
  tagsOf(tag: string, sha: string | null): string[] {
    const others = sha === null ? [] : [...this.byTag].filter(([t, s]) => s === sha && t !== tag);
    return [tag, ...others.map(([t]) => t).sort()];
  }

  /**
   * One listing of the tags for every unknown one, then one read per annotated tag among them.
   * Returns how many were unknown.
   */
  async resolve(tags: string[]): Promise<number> {
    const unknown = [...new Set(tags)].filter((t) => !this.byTag.has(t));
    if (unknown.length === 0) return 0;
    const refs = new Map(
      (await this.gh.listMatchingRefs('tags/')).map((r) => [r.ref.replace(/^refs\/tags\//, ''), r]),
    );
    for (const tag of unknown) {
      const ref = refs.get(tag);
      if (!ref) continue;
      const sha = ref.type === 'commit' ? ref.sha : await this.gh.resolveTagCommit(tag);
      if (sha) this.set(tag, sha);
    }
    return unknown.length;
  }
}

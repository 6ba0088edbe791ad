/**
 * The promotion's settings, read once before any write: the inputs override the config's `promote:`
 * section, which overrides the defaults; the RC named by `rc-tag` (or the highest RC of `version`)
 * is resolved to its build — a commit with a published release, equal to `expected-sha` when given —
 * and a build marked rolled back is refused unless `allow-rolled-back` gives the reason.
 */
import path from 'node:path';
import { optionalConfig } from '../commands/config.js';
import type { Context } from '../commands/types.js';
import { promote as promoteSchema, SKIPPABLE_PRECONDITIONS } from '../config/schema/promote.js';
import { ConfigError } from '../errors.js';
import { artifactsDir } from '../evidence/write.js';
import { checkTagName, resolveBuild, type Build } from '../ledger/identity.js';
import { describeMark, refuseRolledBack, type RolledBackMark } from '../ledger/marks.js';
import type { GitHubPort } from '../ports/index.js';
import { findRc } from '../release/find.js';

export type Strategy = 'new-release' | 'edit-release';
export const STRATEGIES: readonly Strategy[] = ['new-release', 'edit-release'];

/** Preconditions an explicit input may skip. `rc-release` (nothing to promote) and `ga-tag` never. */
export const SKIPPABLE = SKIPPABLE_PRECONDITIONS;
export type Skippable = (typeof SKIPPABLE)[number];
export type PreconditionName = 'rc-release' | Skippable | 'ga-tag';

/** Every precondition, in the order they are evaluated, with what it asks. */
export const PRECONDITIONS: Record<PreconditionName, string> = {
  'rc-release': 'The RC tag exists and has a published release',
  'rc-prerelease': 'The RC release is a published prerelease',
  'commit-checks': "The RC commit's check runs and statuses are green",
  soak: 'The RC release is at least min-soak old',
  'newer-rc': 'No newer release candidate of the same version exists',
  'ga-tag': 'The GA tag does not exist yet, or exists at the RC commit (then the run converges)',
};

/** The RC's identity as the command resolved it, before any write. */
export interface RcCustody {
  build: Build;
  /** The rolled-back mark of the build, when it is promoted anyway (allow-rolled-back). */
  mark: RolledBackMark | null;
}

/** Everything one promotion needs. */
export interface PromoteSettings {
  /** The RC tag, or… */
  rcTag?: string;
  /** …the version whose highest RC is promoted. */
  version?: string;
  strategy: Strategy;
  /** The RC commit must have been deployed (else its release published) at least this long ago. */
  minSoakMs: number;
  /** Preconditions that pass as `skipped` when they fail. */
  skip: readonly Skippable[];
  /** Move `v1` and `v1.0` to the GA commit. */
  floatingTags: boolean;
  /** Append GitHub's generated notes since the previous GA to the RC's notes. */
  generateNotes: boolean;
  /** GA release title; `{tag}` is replaced by the GA tag. Default: the GA tag. */
  name?: string;
  /** Check names / status contexts not counted by `commit-checks`. */
  ignoreChecks: readonly string[];
  /** `commit-checks` passes on a commit with no checks at all. */
  allowNoChecks: boolean;
  /** Read everything, write nothing: every write is recorded as planned. */
  dryRun: boolean;
  /**
   * The build is marked rolled back and is promoted anyway: the mark (one sentence) and the reason
   * given, written into the GA notes and the evidence.
   */
  allowRolledBack?: { mark: string; reason: string };
  /** The RC's build, resolved by the command before any write (absent when the engine runs alone). */
  custody?: RcCustody;
  /** The absolute directory the evidence file goes to (absent when the engine runs alone). */
  evidenceDir?: string;
}

/**
 * The settings and the GitHub port for one promotion: the inputs are checked first (no request), then
 * the token, then the RC's custody (reads only).
 */
export async function readPromoteSettings(
  ctx: Context,
): Promise<{ settings: PromoteSettings; gh: GitHubPort }> {
  const settings = await fromInputs(ctx);
  const gh = await ctx.github();
  if (!gh) {
    throw ConfigError.input(
      'github-token',
      ctx.host === 'cli'
        ? 'a GitHub token is required: export GITHUB_TOKEN (with contents: write) and GITHUB_REPOSITORY'
        : 'a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: contents: write`',
    );
  }
  settings.custody = await verifyRc(ctx, gh, settings);
  const reason = ctx.inputs.string('allow-rolled-back');
  if (settings.custody.mark && reason !== undefined)
    settings.allowRolledBack = { mark: describeMark(settings.custody.mark), reason };
  return { settings, gh };
}

/** Inputs override the config's `promote:` section, which overrides the defaults. */
async function fromInputs(ctx: Context): Promise<PromoteSettings> {
  const rcTag = ctx.inputs.string('rc-tag');
  const version = ctx.inputs.string('version');
  if (rcTag !== undefined && version !== undefined)
    throw ConfigError.input('rc-tag', 'set rc-tag or version, not both');
  if (rcTag === undefined && version === undefined) {
    throw ConfigError.input(
      'rc-tag',
      'name the release candidate: rc-tag (e.g. v1.0.0-rc4) or version (e.g. 1.0.0, for its highest RC)',
    );
  }
  const cfg =
    (await optionalConfig(ctx, ['promote', 'rollback.incident']))?.promote ?? promoteSchema.parse({});
  return {
    rcTag,
    version,
    strategy: ctx.inputs.enum<Strategy>('strategy') ?? cfg.strategy,
    minSoakMs: ctx.inputs.duration('min-soak') ?? cfg.min_soak,
    skip: skipList(ctx.inputs.list('skip-checks'), cfg.skip_checks),
    // each flag: the input when given, else the config's
    floatingTags:
      ctx.inputs.string('floating-tags') === undefined ? cfg.floating_tags : ctx.inputs.bool('floating-tags'),
    generateNotes:
      ctx.inputs.string('generate-notes') === undefined
        ? cfg.generate_notes
        : ctx.inputs.bool('generate-notes'),
    name: cfg.name,
    // The job running this promotion is itself an in-progress check run on the commit (when the RC
    // commit is the workflow's): it can never be green before we finish, so it is not counted.
    ignoreChecks: [...new Set([...cfg.ignore_checks, ...(ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : [])])],
    allowNoChecks: cfg.allow_no_checks,
    dryRun: ctx.inputs.bool('dry-run'),
    evidenceDir: path.resolve(ctx.cwd, artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir'))),
  };
}

/**
 * The RC's identity before any write: the tag (or the highest RC of the version) resolves to a commit
 * with a published release, equal to `expected-sha` when given; a build marked rolled back is refused
 * unless `allow-rolled-back` gives the reason.
 */
async function verifyRc(ctx: Context, gh: GitHubPort, s: PromoteSettings): Promise<RcCustody> {
  const expected = ctx.inputs.string('expected-sha');
  if (s.rcTag !== undefined) checkTagName('rc-tag', s.rcTag);
  // The tag as the repository spells it (`1.0.0-rc4` finds `v1.0.0-rc4`); an unknown one is refused
  // below with the nearest candidates.
  const found = await findRc(gh, s.rcTag !== undefined ? { rcTag: s.rcTag } : { version: s.version! });
  if (!found.rcRef && s.rcTag === undefined)
    throw ConfigError.input(
      'version',
      `no release candidate of ${s.version} (looked for ${found.searched.join(', ')})`,
    );
  const build = await resolveBuild(gh, {
    input: s.rcTag !== undefined ? 'rc-tag' : 'version',
    tag: found.rcRef ? found.rcTag : s.rcTag!,
    release: 'required',
    ...(expected ? { expectedSha: expected } : {}),
  });
  const label =
    (await optionalConfig(ctx, ['promote', 'rollback.incident']))?.rollback?.incident.labels[0] ?? 'incident';
  const allow = ctx.inputs.string('allow-rolled-back');
  const mark = await refuseRolledBack(gh, build, label, allow);
  if (mark) ctx.logger.warn(`promoting a build marked rolled back (${describeMark(mark)}): ${allow}`);
  return { build, mark };
}

/** `false`/`none` → none; `true`/`all` → every skippable precondition; else names. Empty → the config's. */
export function skipList(values: string[], fromConfig: boolean | readonly Skippable[]): Skippable[] {
  if (values.length === 0)
    return fromConfig === true ? [...SKIPPABLE] : fromConfig === false ? [] : [...fromConfig];
  const lower = values.map((v) => v.toLowerCase());
  if (lower.length === 1 && ['false', 'none', 'no'].includes(lower[0]!)) return [];
  if (lower.length === 1 && ['true', 'all', 'yes'].includes(lower[0]!)) return [...SKIPPABLE];
  const out: Skippable[] = [];
  for (const v of lower) {
    if (v === 'rc-release' || v === 'ga-tag') {
      throw ConfigError.input(
        'skip-checks',
        v === 'rc-release'
          ? 'rc-release cannot be skipped: without the RC release there is nothing to promote'
          : 'ga-tag cannot be skipped: release-ops never moves or reuses a GA tag at another commit',
      );
    }
    if (!(SKIPPABLE as readonly string[]).includes(v)) {
      throw ConfigError.input(
        'skip-checks',
        `unknown precondition "${v}": expected true, false, or a list of ${SKIPPABLE.join(', ')}`,
      );
    }
    if (!out.includes(v as Skippable)) out.push(v as Skippable);
  }
  return out;
}

/** The settings as the evidence records them (snake_case). */
export function settingsEvidence(s: PromoteSettings): Record<string, unknown> {
  return {
    rc_tag: s.rcTag ?? null,
    version: s.version ?? null,
    strategy: s.strategy,
    min_soak_ms: s.minSoakMs,
    skip_checks: [...s.skip],
    floating_tags: s.floatingTags,
    generate_notes: s.generateNotes,
    name: s.name ?? null,
    ignore_checks: [...s.ignoreChecks],
    allow_no_checks: s.allowNoChecks,
    dry_run: s.dryRun,
    allow_rolled_back: s.allowRolledBack ?? null,
  };
}

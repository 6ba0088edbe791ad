/**
 * The readiness gate's settings, read once before any check runs: the config's `gate:` section, the
 * commit the gate checks and reports on (input `tag` resolved to its commit, else input `sha`, else
 * the pull request head, else GITHUB_SHA — equal to `expected-sha` when given), the name it reports
 * under, a hotfix's freeze override, and where the evidence goes.
 */
import path from 'node:path';
import type { Context } from '../commands/types.js';
import type { CheckConfig } from '../config/schema/gate.js';
import { ConfigError } from '../errors.js';
import { redactingCalls } from '../evidence/redact.js';
import { artifactsDir } from '../evidence/write.js';
import { checkExpectedSha, checkTagName, resolveBuild } from '../ledger/identity.js';
import type { GitHubPort } from '../ports/index.js';
import type { Severity } from './types.js';

export interface GateSettings {
  checks: CheckConfig[];
  /** How many checks run at once. */
  concurrency: number;
  config: {
    /** The config as the user named it (`release-ops.yml`, or `input config-inline`). */
    file: string;
    /** Repository-relative path for annotations; null for inline config or a file outside the workspace. */
    repoPath: string | null;
    /** The line of each check, by index. */
    lines: number[];
  };
  /** The name of the check run (or commit status) the gate reports on the commit. */
  checkName: string;
  /** A hotfix's severity: inside a freeze window, an allowed one passes (and is recorded). */
  freezeOverride?: Severity;
  /** The release tag being checked (input `tag`), when given. */
  tag?: string;
  /** The commit checked and reported on; undefined when none is known (no input, no GITHUB_SHA). */
  sha?: string;
  /** List what each check would do; run nothing, write nothing. */
  dryRun: boolean;
  /** The absolute directory the evidence file goes to. */
  evidenceDir: string;
  /** Check-run names github-checks never waits for: the gate's own, and this job's. */
  selfNames: string[];
}

/**
 * The settings and the GitHub port (null without a token; what the gate writes to GitHub — the check
 * run, its annotations — is redacted like the log).
 */
export async function readGateSettings(
  ctx: Context,
): Promise<{ settings: GateSettings; github: GitHubPort | null }> {
  const checkName = ctx.inputs.string('check-name') ?? 'readiness-gate';
  const freezeOverride = ctx.inputs.enum<Severity>('freeze-override');
  const shaInput = shaOf(ctx.inputs.string('sha'));
  const evidenceDir = path.resolve(ctx.cwd, artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir')));
  const { config, source } = await ctx.loadConfig(['gate']);
  const gate = config.gate;
  if (!gate) {
    throw new ConfigError({
      file: source.file,
      line: 1,
      column: 1,
      message: 'has no gate: section; add gate: { checks: [...] } (see docs/actions/readiness-gate.md)',
    });
  }
  const gh = await ctx.github();
  const tag = ctx.inputs.string('tag');
  const sha =
    (await tagCommit(ctx, gh, tag, shaInput)) ?? shaInput ?? (await pullRequestHead(ctx)) ?? ctx.run.sha;
  checkBinding(ctx.inputs.string('expected-sha'), sha);
  const settings: GateSettings = {
    checks: gate.checks,
    concurrency: gate.concurrency,
    config: {
      file: source.file,
      repoPath: repoPath(ctx.cwd, source.file),
      lines: gate.checks.map((_, i) => source.lineOf(['gate', 'checks', i])),
    },
    checkName,
    freezeOverride,
    tag,
    sha,
    dryRun: ctx.inputs.bool('dry-run'),
    evidenceDir,
    selfNames: [checkName, ...(ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : [])],
  };
  return { settings, github: gh && redactingCalls(gh, ctx.redactor) };
}

function shaOf(input: string | undefined): string | undefined {
  if (input !== undefined && !/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(input)) {
    throw ConfigError.input(
      'sha',
      `expected a full commit sha (40 hexadecimal characters), found "${input}"`,
    );
  }
  return input;
}

/** `expected-sha`: the gate must be checking that commit, or it refuses before any check runs. */
function checkBinding(expected: string | undefined, sha: string | undefined): void {
  if (expected === undefined) return;
  checkExpectedSha('expected-sha', expected);
  if (sha !== expected)
    throw ConfigError.input(
      'expected-sha',
      `the gate would check ${sha ?? 'no commit'}, not ${expected}: pass the commit to check with sha or tag`,
    );
}

/**
 * The commit of input `tag`, resolved before any check runs (an unknown tag is a usage error listing
 * the nearest ones); it must agree with input `sha` when both are given. Undefined without a tag.
 */
async function tagCommit(
  ctx: Context,
  gh: GitHubPort | null,
  tag: string | undefined,
  shaInput: string | undefined,
): Promise<string | undefined> {
  if (tag === undefined) return undefined;
  if (!gh) {
    checkTagName('tag', tag);
    ctx.logger.warn(`no GitHub token: ${tag} was not resolved to a commit`);
    return undefined;
  }
  const build = await resolveBuild(gh, { input: 'tag', tag, release: 'none' });
  if (shaInput !== undefined && shaInput.toLowerCase() !== build.sha)
    throw ConfigError.input('sha', `${tag} is commit ${build.sha}, not ${shaInput}: pass one of them`);
  return build.sha;
}

/** On pull_request events GITHUB_SHA is a merge commit; the checks that matter are on the PR head. */
async function pullRequestHead(ctx: Context): Promise<string | undefined> {
  const file = ctx.env.GITHUB_EVENT_PATH;
  if (!file || !ctx.run.eventName?.startsWith('pull_request')) return undefined;
  try {
    const event = JSON.parse((await ctx.fs.readFile(file)).toString('utf8')) as {
      pull_request?: { head?: { sha?: unknown } };
    };
    const sha = event.pull_request?.head?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/** The config path as GitHub annotations need it (repository-relative), or null for inline config. */
function repoPath(cwd: string, file: string): string | null {
  if (file.startsWith('input ')) return null;
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
}

/** The settings as the evidence records them (snake_case). */
export function settingsEvidence(s: GateSettings): Record<string, unknown> {
  return {
    config_file: s.config.file,
    concurrency: s.concurrency,
    check_name: s.checkName,
    freeze_override: s.freezeOverride ?? null,
    tag: s.tag ?? null,
    sha: s.sha ?? null,
    dry_run: s.dryRun,
  };
}

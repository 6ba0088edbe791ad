import path from 'node:path';
import { promote as promoteSchema, type PromoteConfig } from '../config/schema/promote.js';
import { formatDuration } from '../config/duration.js';
import { ConfigError, errorMessage } from '../errors.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import {
  newPromoteResult,
  promote,
  PRECONDITIONS,
  SKIPPABLE,
  type PromoteResult,
  type PromoteSettings,
  type Skippable,
  type Strategy,
} from '../release/promote.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { checkTagName, resolveBuild, type Build } from '../ledger/identity.js';
import { describeMark, refuseRolledBack, type RolledBackMark } from '../ledger/marks.js';
import type { GitHubPort } from '../ports/index.js';
import { findRc } from '../release/find.js';
import { optionalConfig } from './config.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Context, Outcome } from './types.js';

export const inputs = {
  ...COMMON_INPUTS,
  'rc-tag': {
    description:
      'The release candidate tag to promote (v1.0.0-rc4, v1.0.0-rc.4 and 1.0.0-rc4 all work); or set version',
    default: '',
    placeholder: 'TAG',
  },
  version: {
    description:
      'Promote the highest release candidate of this version (1.0.0 or v1.0.0; rc10 > rc9); or set rc-tag',
    default: '',
    placeholder: 'VERSION',
  },
  strategy: {
    description:
      'new-release (a GA tag and release copying notes and assets) or edit-release (the RC release edited in place); default from config, else new-release',
    default: '',
    kind: 'enum',
    values: ['new-release', 'edit-release'],
    placeholder: 'STRATEGY',
  },
  'min-soak': {
    description: 'The RC release must be at least this old, e.g. 24h (default from config, else 0)',
    default: '',
    kind: 'duration',
    placeholder: 'DURATION',
  },
  'skip-checks': {
    description: `Preconditions to skip: false (none), true (all skippable), or a list of ${SKIPPABLE.join(', ')} (default from config, else none)`,
    default: '',
    kind: 'list',
    placeholder: 'LIST',
  },
  'floating-tags': {
    description: 'Move the floating tags (v1, v1.0) to the GA commit (default from config, else false)',
    default: '',
    kind: 'boolean',
  },
  'expected-sha': {
    description:
      'The commit the RC tag must resolve to (e.g. the readiness gate output sha); a tag moved since is refused before any write',
    default: '',
    placeholder: 'SHA',
  },
  'allow-rolled-back': {
    description:
      'Promote a build marked rolled back anyway; the reason is required and written into the GA notes and the evidence',
    default: '',
    placeholder: 'REASON',
  },
  'generate-notes': {
    description:
      "Append GitHub's generated notes since the previous GA to the RC's notes (default from config, else false)",
    default: '',
    kind: 'boolean',
  },
} satisfies InputSpecs;

export const outputs = {
  'ga-tag': 'The tag of the GA release (for edit-release, the RC tag, which a release cannot change)',
  'release-id': 'The GA release id',
  'release-url': 'The GA release URL',
  strategy: 'The strategy used: new-release or edit-release',
  changed: 'true when this run changed something; false on a converged re-run or a dry run',
};

const command: Command = {
  name: 'promote',
  summary: 'Promote a release candidate to GA (new GA release, or the RC release edited in place)',
  inputs,
  outputs,
  async run(ctx) {
    const settings = await readSettings(ctx);
    const gh = await ctx.github();
    if (!gh) {
      throw ConfigError.input(
        'github-token',
        ctx.host === 'cli'
          ? 'a GitHub token is required: export GITHUB_TOKEN (with contents: write) and GITHUB_REPOSITORY'
          : 'a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: contents: write`',
      );
    }
    const custody = await verifyRc(ctx, gh, settings);
    if (custody.mark) {
      settings.allowRolledBack = {
        mark: describeMark(custody.mark),
        reason: ctx.inputs.string('allow-rolled-back')!,
      };
    }
    const dir = path.resolve(ctx.cwd, artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir')));
    const result = newPromoteResult(settings, ctx.clock);
    const evidence = (error?: string) =>
      writeEvidence(ctx, {
        dir,
        prefix: 'promote_report',
        data: {
          kind: 'promote',
          repository: `${gh.repo.owner}/${gh.repo.repo}`,
          run: { url: ctx.run.runUrl, sha: ctx.run.sha, actor: ctx.run.actor, event: ctx.run.eventName },
          settings,
          custody: { tag: custody.build.tag, sha: custody.build.sha, rolled_back_mark: custody.mark },
          result,
          ...(error ? { error } : {}),
        },
      });
    try {
      await promote({ gh, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal }, settings, result);
    } catch (err) {
      // a failure after some writes: record what was done, so the evidence says what a re-run will find
      try {
        const file = await evidence(errorMessage(err));
        ctx.logger.info(`evidence: ${file}`);
      } catch (writeErr) {
        ctx.logger.warn(`could not write the evidence file: ${errorMessage(writeErr)}`);
      }
      throw err;
    }
    const file = await evidence();
    return outcome(result, settings, file);
  },
};
export default command;

/**
 * The RC's identity before any write: the tag (or the highest RC of the version) resolves to a commit
 * with a published release, equal to `expected-sha` when given; a build marked rolled back is refused
 * unless `allow-rolled-back` gives the reason.
 */
async function verifyRc(
  ctx: Context,
  gh: GitHubPort,
  s: PromoteSettings,
): Promise<{ build: Build; mark: RolledBackMark | null }> {
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
  const tag = found.rcRef ? found.rcTag : s.rcTag!;
  const build = await resolveBuild(gh, {
    input: s.rcTag !== undefined ? 'rc-tag' : 'version',
    tag,
    release: 'required',
    ...(expected ? { expectedSha: expected } : {}),
  });
  const label = (await optionalConfig(ctx))?.rollback?.incident.labels[0] ?? 'incident';
  const mark = await refuseRolledBack(gh, build, label, ctx.inputs.string('allow-rolled-back'));
  if (mark)
    ctx.logger.warn(
      `promoting a build marked rolled back (${describeMark(mark)}): ${ctx.inputs.string('allow-rolled-back')}`,
    );
  return { build, mark };
}

/** Inputs override the config's `promote:` section, which overrides the defaults. */
async function readSettings(ctx: Context): Promise<PromoteSettings> {
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
  const cfg = await promoteConfig(ctx);
  const strategy = ctx.inputs.enum<Strategy>('strategy') ?? cfg.strategy;
  const minSoakMs = ctx.inputs.duration('min-soak') ?? cfg.min_soak;
  const skip = skipList(ctx.inputs.list('skip-checks'), cfg.skip_checks);
  const floatingTags =
    ctx.inputs.string('floating-tags') === undefined ? cfg.floating_tags : ctx.inputs.bool('floating-tags');
  const generateNotes =
    ctx.inputs.string('generate-notes') === undefined
      ? cfg.generate_notes
      : ctx.inputs.bool('generate-notes');
  return {
    rcTag,
    version,
    strategy,
    minSoakMs,
    skip,
    floatingTags,
    generateNotes,
    name: cfg.name,
    // The job running this promotion is itself an in-progress check run on the commit (when the RC
    // commit is the workflow's): it can never be green before we finish, so it is not counted.
    ignoreChecks: [...new Set([...cfg.ignore_checks, ...(ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : [])])],
    allowNoChecks: cfg.allow_no_checks,
    dryRun: ctx.inputs.bool('dry-run'),
  };
}

/** The config file is optional for promote: without one (at the default path) the defaults apply. */
async function promoteConfig(ctx: Context): Promise<PromoteConfig> {
  return (await optionalConfig(ctx))?.promote ?? promoteSchema.parse({});
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

const VERDICT_ICON: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', skipped: '⏭️ skipped' };

function argText(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

function outcome(r: PromoteResult, s: PromoteSettings, evidenceFile: string): Outcome {
  const blocks: Block[] = [];
  blocks.push({
    kind: 'text',
    text: `Strategy ${r.strategy}; RC ${r.rcTag}${r.rcCommit ? ` at ${r.rcCommit.slice(0, 12)}` : ''}; GA ${r.gaTag || '(unknown)'}${s.dryRun ? '; dry run: no write is made' : ''}.`,
  });
  blocks.push({ kind: 'heading', text: 'Preconditions' });
  blocks.push({
    kind: 'table',
    headers: ['precondition', 'verdict', 'detail'],
    rows: r.preconditions.map((p) => [`${p.name}`, VERDICT_ICON[p.verdict] ?? p.verdict, p.detail]),
  });
  const notEvaluated = (Object.keys(PRECONDITIONS) as (keyof typeof PRECONDITIONS)[]).filter(
    (n) => !r.preconditions.some((p) => p.name === n),
  );
  if (notEvaluated.length && r.outcome === 'blocked')
    blocks.push({ kind: 'text', text: `Not evaluated: ${notEvaluated.join(', ')}.` });

  blocks.push({ kind: 'heading', text: s.dryRun ? 'Writes that would be made' : 'Writes made' });
  if (r.writes.length === 0) {
    blocks.push({
      kind: 'text',
      text:
        r.outcome === 'blocked' ? 'None: a precondition failed.' : 'None: everything was already in place.',
    });
  } else {
    blocks.push({
      kind: 'table',
      headers: ['#', 'call', 'arguments', 'status'],
      rows: r.writes.map((w, i) => [
        String(i + 1),
        w.call,
        argText(w.args),
        w.result ? `${w.status}: ${w.result}` : w.status,
      ]),
    });
  }
  if (r.assets.length) {
    blocks.push({ kind: 'heading', text: 'Assets' });
    blocks.push({
      kind: 'table',
      headers: ['asset', 'bytes', 'sha256', 'action'],
      rows: r.assets.map((a) => [a.name, String(a.size), a.sha256 ?? '(not reported)', a.action]),
    });
  }
  const info = [...r.recovered.map((x) => `found: ${x}`), ...r.notes];
  if (r.previousStable !== null) info.push(`generated notes start at the previous GA ${r.previousStable}`);
  if (s.minSoakMs > 0) info.push(`minimum soak ${formatDuration(s.minSoakMs)}`);
  if (info.length) blocks.push({ kind: 'list', items: info });

  const failed = r.preconditions.filter((p) => p.verdict === 'fail');
  const value =
    r.outcome === 'blocked'
      ? `blocked by ${failed.map((p) => p.name).join(', ')}`
      : r.outcome === 'planned'
        ? `would promote ${r.rcTag} to ${r.gaTag}${r.strategy === 'edit-release' ? ` in place (tag ${r.releaseTag})` : ''} (${r.writes.length} write${r.writes.length === 1 ? '' : 's'})`
        : r.outcome === 'converged'
          ? `${r.releaseTag} is already GA: nothing to do`
          : r.strategy === 'edit-release'
            ? `promoted ${r.rcTag} to GA ${r.gaTag} in place (the release keeps tag ${r.releaseTag})`
            : `promoted ${r.rcTag} to ${r.releaseTag}`;
  blocks.push({
    kind: 'result',
    label: 'Result',
    value: r.release ? `${value} — ${r.release.url}` : value,
    ok: r.outcome !== 'blocked',
  });
  blocks.push({ kind: 'text', text: `Evidence: ${evidenceFile}` });

  const report: ReportDoc = {
    title: `rc-to-ga: ${r.rcTag || '?'} → ${r.gaTag || '?'}`,
    blocks,
  };
  return {
    exitCode: r.outcome === 'blocked' ? 1 : 0,
    outputs: {
      'ga-tag': r.releaseTag || r.gaTag,
      'release-id': r.release ? String(r.release.id) : '',
      'release-url': r.release?.url ?? '',
      strategy: r.strategy,
      changed: String(r.changed),
    },
    report,
    failMessage:
      r.outcome === 'blocked'
        ? `promotion blocked: ${failed.map((p) => `${p.name} (${p.detail})`).join('; ')}`
        : undefined,
  };
}

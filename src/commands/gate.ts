import path from 'node:path';
import { ConfigError } from '../errors.js';
import { redactingCalls } from '../evidence/redact.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import { describeCheck, runGate } from '../gate/run.js';
import { EVIDENCE_PREFIX, gateEvidence } from '../gate/evidence.js';
import { sha256File } from '../gate/hash.js';
import { publishGateStatus } from '../gate/publish.js';
import { dryRunReport, gateReport } from '../gate/report.js';
import type { GateDeps, Severity } from '../gate/types.js';
import { toMarkdown } from '../report/doc.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Context } from './types.js';
import { checkExpectedSha, checkTagName, resolveBuild } from '../ledger/identity.js';
import type { GitHubPort } from '../ports/index.js';

export const inputs = {
  ...COMMON_INPUTS,
  'check-name': {
    description: 'Name of the check run (or commit status) the gate reports on the commit',
    default: 'readiness-gate',
    placeholder: 'NAME',
  },
  'freeze-override': {
    description:
      "Severity of the hotfix being deployed; inside a freeze window, a severity listed in the freeze check's allow_override_for (default high, critical) passes, and the override is recorded",
    default: '',
    kind: 'enum',
    values: ['low', 'medium', 'high', 'critical'],
    placeholder: 'SEVERITY',
  },
  sha: {
    description:
      "Commit to report on and to inspect with github-checks (default: the tag's commit, then the pull request head, then GITHUB_SHA)",
    default: '',
    placeholder: 'SHA',
  },
  tag: {
    description:
      'The release tag being checked: resolved to its commit (which the gate checks and outputs as sha) before any check runs',
    default: '',
    placeholder: 'TAG',
  },
  'expected-sha': {
    description:
      "The commit the gate must be checking (the tag's, or sha); a mismatch is refused before any check runs",
    default: '',
    placeholder: 'SHA',
  },
} satisfies InputSpecs;

export const outputs = {
  result: 'PASS, FAIL or DRY-RUN',
  failed: 'Comma-separated names of the blocker checks that failed',
  'report-path': 'Path of the evidence file gate_report_<UTC>.json (empty on a dry run)',
  sha: 'The commit the gate checked: pass it to canary-promote and rc-to-ga as expected-sha to bind them to it',
};

const command: Command = {
  name: 'gate',
  summary:
    'Run the readiness checks (commands, HTTP probes, git, freeze windows, GitHub checks, backups): PASS or FAIL',
  inputs,
  outputs,
  async run(ctx) {
    const dryRun = ctx.inputs.bool('dry-run');
    const checkName = ctx.inputs.string('check-name') ?? 'readiness-gate';
    const freezeOverride = ctx.inputs.enum<Severity>('freeze-override');
    const shaInput = ctx.inputs.string('sha');
    const artifactsInput = ctx.inputs.string('artifacts-dir');
    if (shaInput !== undefined && !/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(shaInput)) {
      throw ConfigError.input(
        'sha',
        `expected a full commit sha (40 hexadecimal characters), found "${shaInput}"`,
      );
    }
    const { config, source } = await ctx.loadConfig();
    const gate = config.gate;
    if (!gate) {
      throw new ConfigError({
        file: source.file,
        line: 1,
        column: 1,
        message: 'has no gate: section; add gate: { checks: [...] } (see docs/actions/readiness-gate.md)',
      });
    }
    const gh0 = await ctx.github();
    const sha =
      (await tagCommit(ctx, gh0, shaInput)) ?? shaInput ?? (await pullRequestHead(ctx)) ?? ctx.run.sha;
    const expected = ctx.inputs.string('expected-sha');
    if (expected !== undefined) {
      checkExpectedSha('expected-sha', expected);
      if (sha !== expected)
        throw ConfigError.input(
          'expected-sha',
          `the gate would check ${sha ?? 'no commit'}, not ${expected}: pass the commit to check with sha or tag`,
        );
    }
    // What the gate writes to GitHub (the check run, its annotations) is redacted like the log.
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    const githubNotes: string[] = [];
    const needGitHub = gate.checks.filter((c) => c.type === 'github-checks').map((c) => c.name);
    if (!github) {
      githubNotes.push(
        `No GitHub token: skipped the PR status check "${checkName}"` +
          (needGitHub.length
            ? `; github-checks ${dryRun ? 'would fail' : 'failed'}: ${needGitHub.join(', ')}`
            : ''),
      );
    } else if (!sha) {
      githubNotes.push(`No commit sha (input sha or GITHUB_SHA): skipped the PR status check "${checkName}"`);
    }

    if (dryRun) {
      const rows = gate.checks.map((c) => ({
        name: c.name,
        what: describeCheck(c, { env: ctx.env, sha, freezeOverride }),
      }));
      for (const r of rows) ctx.logger.info(`DRY-RUN ${r.name}: ${r.what}`);
      if (github && sha) githubNotes.push(`Would report check run "${checkName}" on ${sha.slice(0, 7)}`);
      return {
        exitCode: 0,
        outputs: { result: 'DRY-RUN', failed: '', 'report-path': '', sha: sha ?? '' },
        report: dryRunReport(rows, githubNotes),
      };
    }

    const deps: GateDeps = {
      process: ctx.process,
      http: ctx.http,
      clock: ctx.clock,
      fs: ctx.fs,
      hashFile: sha256File,
      github,
      redactor: ctx.redactor,
      env: ctx.env,
      cwd: ctx.cwd,
      logger: ctx.logger,
      signal: ctx.signal,
      sha,
      freezeOverride,
      selfNames: [checkName, ...(ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : [])],
    };
    const result = await runGate(gate, deps);
    const configLines = gate.checks.map((_, i) => source.lineOf(['gate', 'checks', i]));
    const configPath = repoPath(ctx, source.file);

    let githubRecord: Record<string, unknown> = { kind: 'skipped', reason: githubNotes.join('; ') };
    if (github && sha) {
      const published = await publishGateStatus(github, {
        name: checkName,
        sha,
        result,
        summaryMarkdown: ctx.redactor.redact(toMarkdown(gateReport(result))),
        configPath,
        lineOf: (i) => configLines[i] ?? 1,
        detailsUrl: ctx.run.runUrl,
      });
      githubRecord = published.record;
      githubNotes.push(published.note);
    }

    const dir = path.resolve(ctx.cwd, artifactsDir(ctx.env, artifactsInput));
    const file = await writeEvidence(
      { fs: ctx.fs, clock: ctx.clock, redactor: ctx.redactor, logger: ctx.logger },
      {
        dir,
        prefix: EVIDENCE_PREFIX,
        data: gateEvidence(gate.checks, result, {
          configFile: source.file,
          configLines,
          sha: sha ?? null,
          checkName,
          freezeOverride: freezeOverride ?? null,
          host: ctx.host,
          repository: ctx.run.repository,
          runUrl: ctx.run.runUrl,
          ref: ctx.run.ref,
          eventName: ctx.run.eventName,
          actor: ctx.run.actor,
          github: githubRecord,
        }),
      },
    );
    const reportPath = file && displayPath(ctx.cwd, file);
    if (file) ctx.logger.info(`Evidence written to ${reportPath}`);
    const report = gateReport(result, { notes: githubNotes, evidencePath: reportPath });
    const failed = result.failed.join(',');
    return {
      exitCode: result.result === 'PASS' ? 0 : 1,
      outputs: { result: result.result, failed, 'report-path': reportPath, sha: sha ?? '' },
      report,
      ...(result.result === 'FAIL'
        ? {
            failMessage: result.cancelled
              ? 'Readiness gate FAIL: the job was cancelled'
              : `Readiness gate FAIL: ${result.failed.length} check${result.failed.length === 1 ? '' : 's'} failed (${result.failed.join(', ')})`,
          }
        : {}),
    };
  },
};
export default command;

/**
 * The commit of input `tag`, resolved before any check runs (an unknown tag is a usage error listing
 * the nearest ones); it must agree with input `sha` when both are given. Undefined without a tag.
 */
async function tagCommit(
  ctx: Context,
  gh: GitHubPort | null,
  shaInput: string | undefined,
): Promise<string | undefined> {
  const tag = ctx.inputs.string('tag');
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
function repoPath(ctx: Context, file: string): string | null {
  if (file.startsWith('input ')) return null;
  const rel = path.relative(ctx.cwd, path.resolve(ctx.cwd, file));
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
}

function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/**
 * `hotfix` (the release and incident flow): compute the next patch version of the production tag (`v1.0.1` → `1.0.2`) and
 * create the branch `hotfix/1.0.2` from that tag through the GitHub API. CLI only (and the rollback
 * action's `hotfix: true`): `release-ops hotfix --from v1.0.1`.
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { artifactsDir, writeEvidence } from '../evidence/write.js';
import type { ReportDoc } from '../report/doc.js';
import { createHotfixBranch, planHotfix } from '../rollback/hotfix.js';
import { checkTagName, resolveBuild } from '../ledger/identity.js';
import { readEnvironment } from '../ledger/ledger.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  ...COMMON_INPUTS,
  from: {
    description:
      'The production tag to branch from (default: the build live in the environment, from the ledger; else the latest release)',
    default: '',
    placeholder: 'TAG',
  },
  environment: {
    description: 'The environment whose live build the hotfix branches from when from is not given',
    default: 'production',
    placeholder: 'NAME',
  },
} as const satisfies InputSpecs;

export const outputs = {
  'hotfix-branch': 'The branch created, e.g. hotfix/1.0.2',
  'hotfix-version': 'The hotfix version, e.g. 1.0.2',
};

const command: Command = {
  name: 'hotfix',
  summary: 'Create the hotfix branch hotfix/<next patch> from the production tag',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const dryRun = ctx.inputs.bool('dry-run');
    let from = ctx.inputs.string('from');
    if (from) checkTagName('from', from);
    const environment = ctx.inputs.string('environment') ?? 'production';
    const dir = artifactsDir(ctx.env, ctx.inputs.string('artifacts-dir'));
    const gh = await ctx.github();
    if (!gh) {
      if (!from)
        throw ConfigError.input(
          'from',
          'without a GitHub token, name the production tag with --from (and set GITHUB_TOKEN to create the branch)',
        );
      const plan = planHotfix(from);
      return {
        exitCode: dryRun ? 0 : 1,
        outputs: { 'hotfix-branch': plan.branch, 'hotfix-version': plan.version },
        report: doc(
          `hotfix: ${plan.branch}`,
          [
            ['production tag', from],
            ['hotfix version', `${plan.version} (release it as ${plan.tag})`],
            ['branch', `${plan.branch} — not created: no GitHub token`],
          ],
          dryRun ? null : false,
        ),
        ...(dryRun ? {} : { failMessage: 'no GitHub token (GITHUB_TOKEN): the branch was not created' }),
      };
    }
    if (!from) {
      const live = (await readEnvironment(gh, environment)).live;
      if (live) {
        from = live.tag;
        ctx.logger.info(
          `from not given: ${from} (${live.sha.slice(0, 12)}) is live in ${environment} (ledger)`,
        );
      } else {
        const latest = await gh.getLatestRelease();
        if (!latest)
          throw ConfigError.input(
            'from',
            `nothing is recorded live in ${environment} and the repository has no latest release: name the production tag with from`,
          );
        from = latest.tagName;
        ctx.logger.warn(
          `from not given and nothing recorded live in ${environment}: branching from the latest release, ${from}`,
        );
      }
    } else {
      await resolveBuild(gh, { input: 'from', tag: from, release: 'none' });
    }
    const outcome = await createHotfixBranch(gh, planHotfix(from), { dryRun });
    const rows = [
      ['production tag', `${from} (${outcome.sha.slice(0, 12)})`],
      ['hotfix version', `${outcome.version} (release it as ${outcome.tag})`],
      ['branch', `${outcome.branch}: ${outcome.detail}`],
    ];
    let reportPath = '';
    if (!dryRun) {
      reportPath = await writeEvidence(ctx, {
        dir: path.resolve(ctx.cwd, dir),
        prefix: 'hotfix_report',
        data: {
          kind: 'hotfix',
          from_tag: from,
          sha: outcome.sha,
          version: outcome.version,
          tag: outcome.tag,
          branch: outcome.branch,
          status: outcome.status,
          detail: outcome.detail,
        },
      });
      rows.push(['evidence', path.relative(ctx.cwd, reportPath) || reportPath]);
    }
    return {
      exitCode: 0,
      outputs: { 'hotfix-branch': outcome.branch, 'hotfix-version': outcome.version },
      report: doc(`hotfix: ${outcome.branch}`, rows, dryRun ? null : true),
    };
  },
};

function doc(title: string, rows: string[][], ok: boolean | null): ReportDoc {
  return {
    title,
    blocks: [
      { kind: 'table', headers: ['', ''], rows },
      {
        kind: 'result',
        label: 'Result',
        value: ok === null ? 'dry-run' : ok ? 'branch ready' : 'not created',
        ok,
      },
    ],
  };
}

export default command;

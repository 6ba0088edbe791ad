/**
 * `hotfix` (the release and incident flow): the next patch version of the production tag
 * (`v1.0.1` → `1.0.2`) and the branch `hotfix/1.0.2` from that tag, through the GitHub API. CLI only
 * (and the rollback action's `hotfix: true`): `release-ops hotfix --from v1.0.1`.
 * inputs → settings (src/rollback/hotfix/settings) → runbook (run) → evidence + report → Outcome.
 */
import { evidenceDir } from '../rollback/evidence.js';
import path from 'node:path';
import { recordHotfixEvidence } from '../rollback/hotfix/evidence.js';
import { hotfixReport } from '../rollback/hotfix/report.js';
import { runHotfix } from '../rollback/hotfix/run.js';
import { readHotfixSettings } from '../rollback/hotfix/settings.js';
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
    const settings = readHotfixSettings(ctx.inputs);
    evidenceDir(ctx); // a bad artifacts-dir is a usage error before anything runs
    const gh = await ctx.github();
    const result = await runHotfix({ gh, clock: ctx.clock, logger: ctx.logger }, settings);
    const evidence = await recordHotfixEvidence(ctx, settings, result);
    const failed = result.result === 'not-created';
    return {
      exitCode: failed ? 1 : 0,
      outputs: {
        'hotfix-branch': result.plan?.branch ?? '',
        'hotfix-version': result.plan?.version ?? '',
      },
      report: hotfixReport(result, { evidence, cwdRelative: (p) => path.relative(ctx.cwd, p) || p }),
      ...(failed ? { failMessage: result.message } : {}),
    };
  },
};

export default command;

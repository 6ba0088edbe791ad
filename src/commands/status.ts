/**
 * `release-ops status [--environment E] [--json]`, and the root action's `status` command (its `json`
 * output; the table becomes the job summary): the inputs it declares, and the wiring — settings
 * (src/status/settings.ts) → the reads (run.ts) → the table and, when a directory is named for it, a
 * snapshot as evidence.
 */
import { recordEvidence } from '../status/evidence.js';
import { statusReport } from '../status/report.js';
import { runStatus } from '../status/run.js';
import { readStatusSettings } from '../status/settings.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  config: COMMON_INPUTS.config,
  'config-inline': COMMON_INPUTS['config-inline'],
  'github-token': COMMON_INPUTS['github-token'],
  'artifacts-dir': {
    description:
      'Also write a snapshot of the status as evidence (status_report_<UTC>.json) to this directory; default $OPS_ARTIFACTS_DIR when set, else none',
    default: '',
    placeholder: 'DIR',
  },
  environment: {
    description:
      'Show only this deployment environment (default: every environment among the newest deployments)',
    default: '',
    placeholder: 'ENV',
  },
  json: {
    description: 'Print the status as one JSON document (the json output) instead of the table',
    default: 'false',
    kind: 'boolean',
    cliOnly: true,
  },
} as const satisfies InputSpecs;

export const outputs = {
  json: 'The status as one JSON document: what is live in each environment, and the releases',
  'report-path':
    'Absolute path of the status snapshot status_report_<UTC>.json, when artifacts-dir or OPS_ARTIFACTS_DIR names a directory; else empty',
};

const command: Command = {
  name: 'status',
  summary: 'Show what is live in each environment, the latest releases and the builds marked rolled back',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const { settings, gh } = await readStatusSettings(ctx);
    const run = await runStatus({ gh, clock: ctx.clock, logger: ctx.logger }, settings);
    const file = await recordEvidence(ctx, run, settings);
    const json = JSON.stringify(run.status);
    const repository = `${gh.repo.owner}/${gh.repo.repo}`;
    return {
      exitCode: 0,
      // The CLI prints the json output alone with --json; without it, the table is the whole answer.
      outputs: {
        ...(ctx.host === 'action' || settings.json ? { json } : {}),
        ...(ctx.host === 'action' || file ? { 'report-path': file } : {}),
      },
      report: statusReport(run.status, { repository, environment: settings.environment }),
    };
  },
};
export default command;

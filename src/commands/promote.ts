/**
 * `release-ops promote` / rc-to-ga: the inputs it declares, and the wiring — inputs and config →
 * settings (src/promote/settings.ts) → the promotion (run.ts) → evidence and report.
 */
import { errorMessage } from '../errors.js';
import { recordEvidence } from '../promote/evidence.js';
import { blockedMessage, promoteReport } from '../promote/report.js';
import { newPromotion, promote } from '../promote/run.js';
import { readPromoteSettings, SKIPPABLE } from '../promote/settings.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command } from './types.js';

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
  'report-path':
    'Absolute path of the evidence file promote_report_<UTC>.json (empty on a dry run, which writes none)',
};

const command: Command = {
  name: 'promote',
  summary: 'Promote a release candidate to GA (new GA release, or the RC release edited in place)',
  inputs,
  outputs,
  async run(ctx) {
    const { settings, gh } = await readPromoteSettings(ctx);
    const deps = { gh, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal };
    const p = newPromotion(deps, settings);
    try {
      await promote(deps, settings, p);
    } catch (err) {
      // a failure after some writes: record what was done, so the evidence says what a re-run will find
      await recordEvidence(ctx, p, settings, errorMessage(err));
      throw err;
    }
    const evidence = await recordEvidence(ctx, p, settings);
    return {
      exitCode: p.outcome === 'blocked' ? 1 : 0,
      outputs: {
        'ga-tag': p.releaseTag || p.gaTag,
        'release-id': p.release ? String(p.release.id) : '',
        'release-url': p.release?.url ?? '',
        strategy: p.strategy,
        changed: String(p.changed),
        'report-path': evidence && 'written' in evidence ? evidence.written : '',
      },
      report: promoteReport(p, settings, evidence),
      failMessage: blockedMessage(p),
    };
  },
};
export default command;

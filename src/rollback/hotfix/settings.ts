/**
 * The hotfix runbook's settings: which production tag to branch from (input from; else the build live
 * in the environment, from the ledger; else the latest release), and whether to write at all.
 */
import { checkTagName } from '../../ledger/identity.js';
import type { InputReader } from '../settings.js';

export interface HotfixSettings {
  /** The production tag to branch from; undefined: from the ledger, else the latest release. */
  from?: string;
  /** The environment whose live build is the production tag when from is not given. */
  environment: string;
  /** Resolve and plan; create nothing, write no evidence. */
  dryRun: boolean;
}

export function readHotfixSettings(inputs: Pick<InputReader, 'string' | 'bool'>): HotfixSettings {
  const from = inputs.string('from');
  if (from) checkTagName('from', from);
  return {
    from,
    environment: inputs.string('environment') ?? 'production',
    dryRun: inputs.bool('dry-run'),
  };
}

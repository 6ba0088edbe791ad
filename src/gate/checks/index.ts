import type { CheckConfig, CheckType } from '../../config/schema/gate.js';
import type { CheckImpl } from '../types.js';
import { backupManifestCheck } from './backup-manifest.js';
import { commandCheck } from './command.js';
import { freezeCheck } from './freeze.js';
import { gitCheck } from './git.js';
import { githubChecksCheck } from './github-checks.js';
import { httpCheck } from './http.js';

/** Every check type and its implementation: adding a type is one file here plus its schema entry. */
export const CHECKS: { [T in CheckType]: CheckImpl<Extract<CheckConfig, { type: T }>> } = {
  command: commandCheck,
  http: httpCheck,
  git: gitCheck,
  freeze: freezeCheck,
  'github-checks': githubChecksCheck,
  'backup-manifest': backupManifestCheck,
};

export function implFor(check: CheckConfig): CheckImpl {
  return CHECKS[check.type] as CheckImpl;
}

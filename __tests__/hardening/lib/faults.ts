/** The whole fault matrix, and the sample the jest suite runs (the bench runs every case). */
import type { Case } from './cases.js';
import { canaryCases } from './faults-canary.js';
import { gateCases } from './faults-gate.js';
import { promoteCases } from './faults-promote.js';
import { rollbackCases } from './faults-rollback.js';

export function faultCases(): Case[] {
  return [...gateCases(), ...canaryCases(), ...promoteCases(), ...rollbackCases()];
}

/** One of each kind of fault per action, the fast ones: the jest sample. */
export const JEST_SAMPLE = [
  'readiness-gate/github-500-create-check-run',
  'readiness-gate/secondary-rate-limit-create-check-run',
  'readiness-gate/crash-before-check-run-then-rerun',
  'readiness-gate/health-endpoint-hangs',
  'readiness-gate/backup-manifest-lists-files-outside-the-workspace',
  'canary-promote/github-502-deployment-status',
  'canary-promote/secondary-rate-limit-deployment-status',
  'canary-promote/deploy-hangs',
  'rc-to-ga/github-503-matching-refs',
  'rc-to-ga/422-ga-tag-created-concurrently',
  'rc-to-ga/lost-response-create-ref',
  'rc-to-ga/crash-before-create-draft-release-then-rerun',
  'rc-to-ga/upper-case-rc-label-by-version',
  'auto-rollback/github-500-create-issue',
  'auto-rollback/lost-response-lock-owner-ref',
  'auto-rollback/crash-before-create-deployment-then-rerun',
  'auto-rollback/verify-endpoint-hangs',
  'auto-rollback/program-hangs',
  'auto-rollback/evidence-dir-unwritable-after-rollback',
];

/** The whole fault matrix, and the sample the jest suite runs (the bench runs every case). */
import type { Case } from './cases.js';
import { answerCases } from './faults-answers.js';
import { canaryCases } from './faults-canary.js';
import { cancelCases } from './faults-cancel.js';
import { gateCases } from './faults-gate.js';
import { promoteCases } from './faults-promote.js';
import { rollbackCases } from './faults-rollback.js';
import { portLostAnswerCases } from './lost-answers.js';

/**
 * Every fault case: per action (GitHub failures, crashes and re-runs, hanging services and programs,
 * cancelled jobs), GitHub's untrusted answers (cut off, not JSON, looping or foreign links, lost create
 * answers), cancellation during waits, and every kind of create whose answer is lost, at the port.
 */
export function faultCases(): Case[] {
  return [
    ...gateCases(),
    ...canaryCases(),
    ...promoteCases(),
    ...rollbackCases(),
    ...answerCases(),
    ...cancelCases(),
    ...portLostAnswerCases(),
  ];
}

/** One of each kind of fault per action, the fast ones: the jest sample (cancel.test.ts runs the cancellation cases). */
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
  'readiness-gate/cut-body-list-check-runs',
  'canary-promote/invalid-json-latest-release',
  'canary-promote/lost-answer-deployment:reset',
  'rc-to-ga/loop-link-list-issues',
  'rc-to-ga/lost-answer-draft-release:bad-gateway',
  'auto-rollback/cut-body-list-issues',
  'auto-rollback/foreign-link-list-issues',
];

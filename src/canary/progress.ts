/**
 * A rollout's progress, as its GitHub deployment records it. The payload, written once at creation,
 * names the build (tag, commit through the deployment's sha), the run, the build it replaces and the
 * step weights; GitHub never changes a payload, so the step reached and the result live in the status
 * descriptions, in the fixed words below. A later run reads them back to resume, promote or abort the
 * rollout: the newest status whose description is one of these says where it stands.
 *
 *   starting canary of v1.1.0                              in_progress  nothing deployed yet
 *   resuming canary of v1.1.0 at step 2/3 (10% live)       in_progress  a later run took over
 *   step 2/3: 25% of traffic on v1.1.0                     in_progress  step 2 deployed, analysing
 *   paused after step 2/3 (25%): awaiting approval         in_progress  resumes at step 3
 *   paused at 25% (step 2/3): the analysis failed: …        failure      on_failure: pause; resumes at step 2
 *   cancelled at step 2/3 (25%)                            error        a cancelled job; resumes at step 2
 *   not started: …                                         failure      resumes at step 1
 *   aborted at step 2/3 (25%): rolling back to v1.0.0      in_progress  then failure: rolled back (final)
 *   promoted: v1.1.0 at 100%, …                            success      final
 */
import { ledgerPayload } from '../ledger/ledger.js';
import type { Deployment, DeploymentState, GitHubPort } from '../ports/index.js';

export type ProgressState =
  'starting' | 'running' | 'paused' | 'stopped' | 'cancelled' | 'not-started' | 'aborted' | 'promoted';

export interface Progress {
  state: ProgressState;
  /** The step reached (0: nothing deployed). */
  step: number;
  /** The weight live on the new build. */
  weight: number;
  /** The step a resumed run continues at. */
  resumeStep: number;
}

/** The words of each status description; `parseProgress` reads them back. */
export const say = {
  starting: (tag: string) => `starting canary of ${tag}`,
  resuming: (tag: string, step: number, n: number, weight: number) =>
    `resuming canary of ${tag} at step ${step}/${n} (${weight}% live)`,
  step: (step: number, n: number, weight: number, tag: string) =>
    `step ${step}/${n}: ${weight}% of traffic on ${tag}`,
  pausedAfter: (step: number, n: number, weight: number, why: string) =>
    `paused after step ${step}/${n} (${weight}%): ${why}`,
  pausedAt: (step: number, n: number, weight: number, why: string) =>
    `paused at ${weight}% (step ${step}/${n}): ${why}`,
  cancelled: (step: number, n: number, weight: number) => `cancelled at step ${step}/${n} (${weight}%)`,
  notStarted: (why: string) => `not started: ${why}`,
  aborted: (step: number, n: number, weight: number, what: string) =>
    `aborted at step ${step}/${n} (${weight}%): ${what}`,
  promoted: (tag: string, analysed: boolean) =>
    `promoted: ${tag} at 100%${analysed ? ', analysis passed' : ''}`,
};

const NUM = '(\\d+)';
const PCT = '(\\d+(?:\\.\\d+)?)';
const PATTERNS: [RegExp, (m: RegExpExecArray) => Progress][] = [
  [/^starting canary of /, () => ({ state: 'starting', step: 0, weight: 0, resumeStep: 1 })],
  [
    new RegExp(`^resuming canary of \\S+ at step ${NUM}/${NUM} \\(${PCT}% live\\)`),
    (m) => ({ state: 'running', step: +m[1]! - 1, weight: +m[3]!, resumeStep: +m[1]! }),
  ],
  [
    new RegExp(`^step ${NUM}/${NUM}: ${PCT}% of traffic`),
    (m) => ({ state: 'running', step: +m[1]!, weight: +m[3]!, resumeStep: +m[1]! }),
  ],
  [
    new RegExp(`^paused after step ${NUM}/${NUM} \\(${PCT}%\\)`),
    (m) => ({ state: 'paused', step: +m[1]!, weight: +m[3]!, resumeStep: +m[1]! + 1 }),
  ],
  [
    new RegExp(`^paused at ${PCT}% \\(step ${NUM}/${NUM}\\)`),
    (m) => ({ state: 'stopped', step: +m[2]!, weight: +m[1]!, resumeStep: +m[2]! }),
  ],
  [
    new RegExp(`^cancelled at step ${NUM}/${NUM} \\(${PCT}%\\)`),
    (m) => ({ state: 'cancelled', step: +m[1]!, weight: +m[3]!, resumeStep: +m[1]! }),
  ],
  [/^not started: /, () => ({ state: 'not-started', step: 0, weight: 0, resumeStep: 1 })],
  [
    new RegExp(`^aborted at step ${NUM}/${NUM} \\(${PCT}%\\)`),
    (m) => ({ state: 'aborted', step: +m[1]!, weight: +m[3]!, resumeStep: +m[1]! }),
  ],
  [/^promoted: /, () => ({ state: 'promoted', step: 0, weight: 100, resumeStep: 0 })],
];

/** The progress a status description records, or null when it is not one of ours. */
export function parseProgress(description: string | null): Progress | null {
  if (!description) return null;
  for (const [re, read] of PATTERNS) {
    const m = re.exec(description);
    if (m) return read(m);
  }
  return null;
}

/** The deployment payload of a canary: the ledger's fields, the step weights, an override's reason. */
export function canaryPayload(p: {
  tag: string;
  runUrl?: string;
  runId?: string;
  actor?: string;
  replaces?: string;
  weights: number[];
  allowRolledBack?: string;
}): Record<string, unknown> {
  return {
    ...ledgerPayload({
      kind: 'canary',
      tag: p.tag,
      run_url: p.runUrl ?? null,
      run_id: p.runId ?? null,
      actor: p.actor ?? null,
      replaces: p.replaces ?? null,
    }),
    steps: p.weights,
    ...(p.allowRolledBack ? { allow_rolled_back: p.allowRolledBack } : {}),
  };
}

/** A rollout found on GitHub: its deployment, what its payload says, and where it stands. */
export interface Rollout {
  deployment: Deployment;
  tag: string;
  sha: string;
  /** The build it replaces (the payload's `replaces`), to roll back to. */
  replaces: string | null;
  /** The step weights recorded when it started. */
  weights: number[];
  state: DeploymentState | null;
  progress: Progress;
  description: string;
}

const release = (d: Deployment): Record<string, unknown> | null => {
  const p = d.payload.release_ops;
  return p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : null;
};

/**
 * The newest rollout release-ops recorded in `environment` — the newest deployment with our payload,
 * whatever its kind (a rollback or a redeploy after it means there is no canary to continue) — or
 * null when there is none.
 */
export async function latestRollout(gh: GitHubPort, environment: string): Promise<Rollout | 'other' | null> {
  const list = (await gh.listDeployments({ environment, maxPages: 1 }))
    .filter((d) => d.environment === environment && release(d))
    .sort((a, b) => b.id - a.id);
  const d = list[0];
  if (!d) return null;
  const p = release(d)!;
  if (p.kind !== 'canary') return 'other';
  const statuses = await gh.listDeploymentStatuses(d.id, { maxPages: 1 });
  const found = statuses.find((s) => parseProgress(s.description));
  const weights = Array.isArray(d.payload.steps)
    ? d.payload.steps.filter((x): x is number => typeof x === 'number')
    : [];
  return {
    deployment: d,
    tag: typeof p.tag === 'string' ? p.tag : d.ref,
    sha: d.sha,
    replaces: typeof p.replaces === 'string' && p.replaces ? p.replaces : null,
    weights,
    state: statuses[0]?.state ?? null,
    progress: parseProgress(found?.description ?? null) ?? {
      state: 'starting',
      step: 0,
      weight: 0,
      resumeStep: 1,
    },
    description: found?.description ?? '',
  };
}

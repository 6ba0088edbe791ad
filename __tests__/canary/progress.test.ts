/** The words a rollout's progress is recorded in on its GitHub deployment, and the step config. */
import { describe, expect, it } from '@jest/globals';
import { parseProgress, say } from '../../src/canary/progress.js';
import { statusLabel } from '../../src/canary/report.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';
import { settingsFrom } from './helpers.js';

describe('progress on the deployment', () => {
  it('every description the tracker writes reads back as where the rollout stands', () => {
    const cases: [string, ReturnType<typeof parseProgress>][] = [
      [say.starting('v1.1.0'), { state: 'starting', step: 0, weight: 0, resumeStep: 1 }],
      [say.step(2, 3, 25, 'v1.1.0'), { state: 'running', step: 2, weight: 25, resumeStep: 2 }],
      [say.resuming('v1.1.0', 3, 3, 25), { state: 'running', step: 2, weight: 25, resumeStep: 3 }],
      [
        say.pausedAfter(2, 3, 25, 'awaiting approval'),
        { state: 'paused', step: 2, weight: 25, resumeStep: 3 },
      ],
      [
        say.pausedAt(2, 3, 2.5, 'the analysis failed: x'),
        { state: 'stopped', step: 2, weight: 2.5, resumeStep: 2 },
      ],
      [say.cancelled(1, 3, 10), { state: 'cancelled', step: 1, weight: 10, resumeStep: 1 }],
      [
        say.notStarted('a metric could not be read'),
        { state: 'not-started', step: 0, weight: 0, resumeStep: 1 },
      ],
      [say.aborted(2, 3, 25, 'rolled back'), { state: 'aborted', step: 2, weight: 25, resumeStep: 2 }],
      [say.promoted('v1.1.0', true), { state: 'promoted', step: 0, weight: 100, resumeStep: 0 }],
      ['stale: left in_progress by an earlier attempt of this run', null],
    ];
    for (const [text, progress] of cases)
      expect({ text, p: parseProgress(text) }).toEqual({ text, p: progress });
  });

  it('the report names step and weight, not only GitHub states', () => {
    const line = [
      { state: 'in_progress' as const, description: say.starting('v1.1.0') },
      { state: 'in_progress' as const, description: say.step(1, 2, 10, 'v1.1.0') },
      { state: 'failure' as const, description: say.aborted(1, 2, 10, 'rolled back to v1.0.0, verified') },
    ]
      .map(statusLabel)
      .join(' → ');
    expect(line).toBe('started → 10% → failure: rolled back to v1.0.0, verified');
  });
});

describe('steps in the config', () => {
  const yaml = (steps: string) =>
    `canary:\n  deploy: [./deploy.sh, "{weight}"]\n  rollback: [./rollback.sh]\n  steps: ${steps}\n`;
  it('a { pause: approve } step without a weight holds the weight reached; a step may bring its own deploy', () => {
    const s = settingsFrom(
      yaml(
        '[{ weight: 10, deploy: [./canary.sh, "{weight}"] }, { pause: approve }, { weight: 100, pause: 5m }]',
      ),
    );
    expect(s.steps).toEqual([
      { step: 1, weight: 10, pauseMs: 0, approve: false, hold: false, deploy: ['./canary.sh', '{weight}'] },
      { step: 2, weight: 10, pauseMs: 0, approve: true, hold: true, deploy: ['./deploy.sh', '{weight}'] },
      {
        step: 3,
        weight: 100,
        pauseMs: 300_000,
        approve: false,
        hold: false,
        deploy: ['./deploy.sh', '{weight}'],
      },
    ]);
  });
  it('only an approval step may leave out its weight; a step deploy with an unknown placeholder is refused', () => {
    expect(() => parseConfig(yaml('[{ pause: 5m }, { weight: 100 }]'), 'release-ops.yml')).toThrow(
      /canary\.steps\[0\]\.weight: a step needs a weight/,
    );
    let err: unknown;
    try {
      settingsFrom(yaml('[{ weight: 10, deploy: [./x.sh, "{wieght}"] }, { weight: 100 }]'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as ConfigError).message)).toContain(
      'canary.steps[0].deploy: unknown placeholder {wieght}',
    );
  });
});

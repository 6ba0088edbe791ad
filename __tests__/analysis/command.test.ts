/**
 * The command provider against real programs (node -e …) through the real process runner: exit code
 * conditions, values from the JSON it prints, the ways a program can fail to give a reading, masking,
 * and a whole analysis that reads it.
 */
import { describe, expect, it } from '@jest/globals';
import { FakeClock } from '../../src/adapters/clock.js';
import { processRunner } from '../../src/adapters/process.js';
import { evaluateConditions } from '../../src/analysis/evaluate.js';
import { measureCommand } from '../../src/analysis/providers/command.js';
import { readMetric } from '../../src/analysis/providers/index.js';
import { runAnalysis } from '../../src/analysis/runner.js';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { ProviderError, type MetricSpec } from '../../src/analysis/types.js';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';
import { conds, FakeHttp } from './fakes.js';

const node = (code: string) => [process.execPath, '-e', code];
const http = new FakeHttp(() => new Error('no HTTP expected'));

function metricOf(
  run: string[],
  conditions: string[],
  over: Partial<MetricSpec['provider']> = {},
): MetricSpec {
  return {
    name: 'smoke',
    provider: { kind: 'command', run, env: {}, timeoutMs: 10_000, ...over } as MetricSpec['provider'],
    conditions: conds(...conditions),
    limits: { failureLimit: 0, consecutiveFailures: null, sustainedForMs: null, inconclusiveLimit: 2 },
  };
}

const read = (m: MetricSpec, redactor = new Redactor()) =>
  readMetric(m, 'canary', { http, process: processRunner, redactor });

describe('command provider: exit code', () => {
  it('exit 0 passes exit_code == 0, exit 3 fails it (a failed measurement, not an error)', async () => {
    const ok = metricOf(node('process.exit(0)'), ['exit_code == 0']);
    const r0 = await read(ok);
    expect(r0.values).toEqual({ exit_code: 0 });
    expect(evaluateConditions(ok.conditions, r0, undefined).phase).toBe('successful');
    const bad = metricOf(node('console.error("checkout smoke: 502"); process.exit(3)'), ['exit_code == 0']);
    const r3 = await read(bad);
    expect(r3.values).toEqual({ exit_code: 3 });
    expect(r3.detail).toMatch(/^exit code 3 in \d+ ms$/);
    expect(evaluateConditions(bad.conditions, r3, undefined)).toMatchObject({
      phase: 'failed',
      message: 'exit_code 3 != 0',
    });
  });
});

describe('command provider: values from the JSON it prints', () => {
  it('reads dotted paths from the last line when logs come first', async () => {
    const m = metricOf(
      node(
        'console.log("checking 20 requests…"); console.log(JSON.stringify({ error_rate_pct: 0.5, latency: { p95_ms: 120 } }))',
      ),
      ['error_rate_pct <= 2', 'latency.p95_ms <= 300'],
    );
    const r = await read(m);
    expect(r.values).toEqual({ exit_code: 0, error_rate_pct: 0.5, 'latency.p95_ms': 120 });
    expect(evaluateConditions(m.conditions, r, undefined).phase).toBe('successful');
  });
  it('reads the whole of stdout when it is one JSON document over several lines', async () => {
    const m = metricOf(node('console.log(JSON.stringify({ a: { b: 7 } }, null, 2))'), ['a.b == 7']);
    expect((await read(m)).values).toEqual({ exit_code: 0, 'a.b': 7 });
  });
  it('a missing or non-numeric value is inconclusive; the prototype is not data', async () => {
    const m = metricOf(node('console.log(JSON.stringify({ ok: "yes" }))'), ['ok == 1', 'constructor == 1']);
    const r = await read(m);
    expect(r.inconclusive).toBe('ok is "yes", not a number; constructor is missing');
  });
  it('no JSON while values were asked for is an error measurement', async () => {
    const m = metricOf(node('console.log("all good")'), ['error_rate_pct <= 2']);
    await expect(read(m)).rejects.toThrow(/exited 0 but printed no JSON on stdout \(1 lines, 9 bytes\)/);
  });
  it('a non-zero exit while values were asked for is an error measurement, with its last line', async () => {
    const m = metricOf(node('console.error("cannot reach metrics"); process.exit(2)'), [
      'error_rate_pct <= 2',
    ]);
    await expect(read(m)).rejects.toThrow(/exit code 2: cannot reach metrics$/);
  });
});

describe('command provider: a program that gives no reading', () => {
  it('cannot start: an error measurement', async () => {
    const m = metricOf(['./no-such-smoke-test.sh'], ['exit_code == 0']);
    const err = await read(m).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toMatch(/^\.\/no-such-smoke-test\.sh: /);
  });
  it('past its timeout: killed with its process group, an error measurement', async () => {
    const m = metricOf(node('setInterval(() => {}, 1000)'), ['exit_code == 0'], { timeoutMs: 300 });
    await expect(read(m)).rejects.toThrow(/timed out after 0s \(process group killed\)/);
  });
  it('masks secrets in what it prints before a message can carry them', async () => {
    const redactor = new Redactor();
    redactor.add('tok-s3cret-123');
    const m = metricOf(node('console.error("auth failed for tok-s3cret-123"); process.exit(1)'), ['v <= 1']);
    const err = (await read(m, redactor).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('auth failed for ***');
    expect(err.message).not.toContain('s3cret');
  });
  it('without a process runner the wiring is wrong: a bug, not a measurement', async () => {
    await expect(
      measureCommand({ timeoutMs: 1000 }, { run: node('0'), env: {} }, { conditions: [] }, { http }),
    ).rejects.toThrow('the command provider needs a process runner');
  });
});

const CONFIG = (metric: string) => `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    interval: 10s
    window: 30s
    metrics:
${metric}`;

function problems(text: string): string {
  try {
    parseConfig(text, 'ro.yml');
    return '';
  } catch (err) {
    return (err as ConfigError).message;
  }
}

describe('command provider: config and a whole analysis', () => {
  it('refuses a shell string, unknown keys, and a judge without the value to judge', () => {
    expect(
      problems(
        CONFIG(
          '      - { name: s, provider: command, run: "./smoke.sh --prod", conditions: ["exit_code == 0"] }\n',
        ),
      ),
    ).toContain('canary.analysis.metrics[0].run: expected array');
    expect(
      problems(
        CONFIG(
          '      - { name: s, provider: command, run: [./s], shell: true, conditions: ["exit_code == 0"] }\n',
        ),
      ),
    ).toContain('unknown key "shell"');
    expect(
      problems(
        CONFIG(
          '      - { name: s, provider: command, run: [./s], baseline: { run: [./s, stable] }, judge: { kind: latency } }\n',
        ),
      ),
    ).toContain('a command metric has no raw samples: name the value to judge');
  });

  it('expands ${VAR} in env (a credential-named one masked) and runs in an analysis', async () => {
    const { config, source } = parseConfig(
      CONFIG(`      - name: smoke
        provider: command
        run: ["${process.execPath}", -e, "console.log(JSON.stringify({ seen: process.env.SMOKE_TOKEN === 'tok-abcdef' ? 1 : 0 }))"]
        env: { SMOKE_TOKEN: "\${TOKEN}" }
        conditions: ["exit_code == 0", "seen == 1"]
`),
      'ro.yml',
    );
    const redactor = new Redactor();
    const spec = resolveAnalysis(config.canary!.analysis!, {
      env: { TOKEN: 'tok-abcdef' },
      redactor,
      source,
      path: ['canary', 'analysis'],
    });
    expect(redactor.redact('tok-abcdef')).toBe('***');
    const r = await runAnalysis(
      spec,
      {
        clock: new FakeClock(),
        http,
        signal: new AbortController().signal,
        process: processRunner,
        redactor,
      },
      { label: 'step 1' },
    );
    expect(r.decision).toBe('successful');
    expect(r.measurements.map((m) => m.values)).toEqual([
      { exit_code: 0, seen: 1 },
      { exit_code: 0, seen: 1 },
      { exit_code: 0, seen: 1 },
    ]);
  });
});

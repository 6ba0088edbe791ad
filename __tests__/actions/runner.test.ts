import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runner } from '../../src/actions/runtime.js';

/**
 * The action host speaks the runner's protocol itself (inputs, workflow commands, outputs, the job
 * summary) instead of loading @actions/core at start-up. What it writes must be what @actions/core
 * writes for the same call: each case runs both and compares.
 */
let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ro-runner-'));
  delete process.env.GITHUB_OUTPUT;
  delete process.env.GITHUB_STEP_SUMMARY;
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** What a call writes to stdout. */
function stdoutOf(call: () => void): string {
  const write = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    call();
  } finally {
    process.stdout.write = write;
  }
  return out;
}

const HOSTILE = 'a%b\r\nc::d,e: 100%\n::set-output name=x::y';

describe('inputs and workflow commands, as @actions/core writes them', () => {
  it('reads inputs the same way', () => {
    process.env['INPUT_RC-TAG'] = '  v1.0.0-rc1 \n';
    process.env.INPUT_MY_INPUT = 'x';
    for (const name of ['rc-tag', 'my input', 'unset-input'])
      expect(runner.getInput(name)).toBe(core.getInput(name));
  });

  it('writes masks, log lines and debug lines the same way', () => {
    expect(stdoutOf(() => runner.setSecret(HOSTILE))).toBe(stdoutOf(() => core.setSecret(HOSTILE)));
    expect(stdoutOf(() => runner.info(HOSTILE))).toBe(stdoutOf(() => core.info(HOSTILE)));
    expect(stdoutOf(() => runner.debug(HOSTILE))).toBe(stdoutOf(() => core.debug(HOSTILE)));
  });

  it('writes annotations the same way, with escaped properties and without empty ones', () => {
    const at = { title: 'release-ops, config: x', file: 'dir/a:b.yml', line: 3, col: 7 };
    expect(stdoutOf(() => runner.error(HOSTILE, at))).toBe(
      stdoutOf(() => core.error(HOSTILE, { title: at.title, file: at.file, startLine: 3, startColumn: 7 })),
    );
    expect(stdoutOf(() => runner.warning(HOSTILE, { title: 't', col: 0 }))).toBe(
      stdoutOf(() => core.warning(HOSTILE, { title: 't', startColumn: 0 })),
    );
    expect(stdoutOf(() => runner.warning(HOSTILE))).toBe(stdoutOf(() => core.warning(HOSTILE)));
  });

  it('fails the step the same way', () => {
    const ours = stdoutOf(() => runner.setFailed(HOSTILE));
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(ours).toBe(stdoutOf(() => core.setFailed(HOSTILE)));
    expect(process.exitCode).toBe(1);
  });
});

describe('outputs and the job summary, as @actions/core writes them', () => {
  it('appends outputs to $GITHUB_OUTPUT as name<<DELIMITER blocks', () => {
    const file = (name: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, '');
      return f;
    };
    const ours = file('ours');
    const theirs = file('theirs');
    process.env.GITHUB_OUTPUT = ours;
    runner.setOutput('result', HOSTILE);
    runner.setOutput('empty', '');
    process.env.GITHUB_OUTPUT = theirs;
    core.setOutput('result', HOSTILE);
    core.setOutput('empty', '');
    // Only the random delimiters differ.
    const normal = (f: string) => readFileSync(f, 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIM');
    expect(normal(ours)).toBe(normal(theirs));
    expect(normal(ours)).toBe(`result<<DELIM\n${HOSTILE}\nDELIM\nempty<<DELIM\n\nDELIM\n`);
  });

  it('refuses a $GITHUB_OUTPUT file that does not exist, with the same message', () => {
    process.env.GITHUB_OUTPUT = path.join(dir, 'missing');
    expect(() => runner.setOutput('a', 'b')).toThrow(`Missing file at path: ${process.env.GITHUB_OUTPUT}`);
    expect(() => core.setOutput('a', 'b')).toThrow(`Missing file at path: ${process.env.GITHUB_OUTPUT}`);
  });

  it('writes outputs as set-output commands without $GITHUB_OUTPUT', () => {
    expect(stdoutOf(() => runner.setOutput('result', HOSTILE))).toBe(
      stdoutOf(() => core.setOutput('result', HOSTILE)),
    );
  });

  it('appends to the job summary the same way, and refuses a file it cannot write', async () => {
    // First the refusal: @actions/core remembers the summary file once it has written to one.
    const missing = path.join(dir, 'missing.md');
    process.env.GITHUB_STEP_SUMMARY = missing;
    const theirError = await core.summary
      .addRaw('x')
      .write()
      .then(
        () => 'no error',
        (e: Error) => e.message,
      );
    core.summary.emptyBuffer();
    expect(theirError).toContain(missing);
    await expect(runner.appendSummary('x')).rejects.toThrow(theirError);

    const ours = path.join(dir, 'ours.md');
    const theirs = path.join(dir, 'theirs.md');
    writeFileSync(ours, '# before\n');
    writeFileSync(theirs, '# before\n');
    process.env.GITHUB_STEP_SUMMARY = ours;
    await runner.appendSummary('| a | b |\n|---|---|');
    process.env.GITHUB_STEP_SUMMARY = theirs;
    await core.summary.addRaw('| a | b |\n|---|---|', true).write();
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
    expect(readFileSync(ours, 'utf8')).toBe('# before\n| a | b |\n|---|---|\n');
  });
});

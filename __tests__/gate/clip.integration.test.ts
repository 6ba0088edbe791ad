/**
 * Redact, then clip: secrets placed at, across and after every place the gate shortens text (an HTTP
 * body, a command's last line, its output lines) leave no start or end of themselves in the CLI's
 * stdout, the job summary, the evidence or the check run (the case is in the hardening matrix too).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { Redactor } from '../../src/evidence/redact.js';
import { shorten } from '../../src/gate/publish.js';
import { toTerminal } from '../../src/report/doc.js';
import { secretFragments } from '../hardening/lib/expect.js';
import { clipConfig, clipScan, CLIP_SECRETS, longLineConfig, offsets } from '../hardening/lib/clip.js';
import { removeWorkspaces } from '../hardening/lib/world.js';

afterAll(removeWorkspaces);

describe('clipping after redaction', () => {
  it('places each secret at the start, across and after each cut, shorter and longer than the limit', () => {
    expect(offsets(60, 30)).toEqual([0, 30, 31, 45, 55, 58, 61]);
    expect(offsets(60, 200)).toEqual([0, 55, 58, 61]);
    expect(CLIP_SECRETS.CLIP_HUGE.length).toBeGreaterThan(2000);
    expect(clipConfig('http://h').checks).toBeGreaterThan(40);
  });

  it('no start or end of a secret survives in stdout, summary, evidence or the check run', async () => {
    const r = await clipScan();
    expect(r.violations).toEqual([]);
  }, 60_000);

  it('no start or end of a secret survives from a line of 1 MB passed on in 64 KB pieces', async () => {
    const r = await clipScan(longLineConfig);
    expect(r.violations).toEqual([]);
  }, 60_000);

  it('masks a table cell before the terminal clips it to 60 columns', () => {
    const secret = CLIP_SECRETS.CLIP_LONG;
    const r = new Redactor();
    r.add(secret);
    for (const at of [0, 30, 55]) {
      const doc = {
        title: 't',
        blocks: [
          { kind: 'table' as const, headers: ['what', 'last'], rows: [['x'.repeat(at) + secret, 'z']] },
        ],
      };
      expect(secretFragments(r.redact(toTerminal(doc, { redact: (s) => r.redact(s) })), secret)).toEqual([]);
      // Without it, the clip keeps the start of the secret where no later masking finds it.
      expect(secretFragments(r.redact(toTerminal(doc)), secret).length).toBeGreaterThan(0);
    }
  });

  it("shortens the check run's title between names, never inside one", () => {
    const title = `FAIL: 0/3 checks passed; failed: ${'a'.repeat(100)}, ${'b'.repeat(100)}, ${'c'.repeat(100)}`;
    expect(shorten(title, 250)).toBe(
      `FAIL: 0/3 checks passed; failed: ${'a'.repeat(100)}, ${'b'.repeat(100)}, …`,
    );
    expect(shorten('short', 250)).toBe('short');
  });
});

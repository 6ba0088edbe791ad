import { describe, expect, it } from '@jest/globals';
import { expandEnv, Redactor } from '../../src/evidence/redact.js';

describe('Redactor', () => {
  it('masks registered secrets everywhere, longest first, and forwards them once', () => {
    const seen: string[] = [];
    const r = new Redactor((s) => seen.push(s));
    r.add('ghp_abcdef123456');
    r.add('ghp_abcdef123456');
    r.add('abc'); // too short to mask safely
    expect(r.redact('token ghp_abcdef123456 and abc')).toBe('token *** and abc');
    expect(seen).toEqual(['ghp_abcdef123456']);
  });

  it('redacts deep structures and always masks credential headers', () => {
    const r = new Redactor();
    r.add('https://hooks.slack.example/services/T000/B000/XXXX');
    const out = r.redactDeep({
      headers: { Authorization: 'Bearer whatever', Accept: 'json' },
      url: 'posted to https://hooks.slack.example/services/T000/B000/XXXX',
      list: [{ cookie: 'a=b' }],
    });
    expect(out).toEqual({
      headers: { Authorization: '***', Accept: 'json' },
      url: 'posted to ***',
      list: [{ cookie: '***' }],
    });
  });

  it('expands ${VAR} from the environment and registers each value as a secret', () => {
    const r = new Redactor();
    expect(expandEnv('Bearer ${TENANT_A_TOKEN}', { TENANT_A_TOKEN: 'sekrit-value' }, r)).toEqual({
      value: 'Bearer sekrit-value',
    });
    expect(r.redact('x sekrit-value y')).toBe('x *** y');
    expect(expandEnv('Bearer ${MISSING}', {}, r)).toEqual({ missing: 'MISSING' });
  });

  it('clips after redacting, so a cut never keeps the start of a secret', () => {
    const r = new Redactor();
    r.add('Qz7Kp2Wm9Xv4Tn8R');
    const text = `${'a'.repeat(50)}Qz7Kp2Wm9Xv4Tn8R tail`;
    expect(r.clip(text, 60)).toBe(`${'a'.repeat(50)}*** tail`);
    expect(r.clip(text, 55)).toBe(`${'a'.repeat(50)}*** …`);
    expect(r.clip(text, 52)).toBe(`${'a'.repeat(50)}*…`);
    expect(r.clip('a\n  b\tc', 10, { oneLine: true })).toBe('a b c');
  });

  it('cuts an unfinished line only where no secret crosses the cut', () => {
    const r = new Redactor();
    expect(r.safeCut('abcdef')).toBe(6); // no secret: all of it
    r.add('SECRET-12345'); // 12 characters: the last 11 are held back
    expect(r.safeCut('x'.repeat(30))).toBe(19);
    // a complete secret across that point moves the cut to its end
    expect(r.safeCut(`${'x'.repeat(15)}SECRET-12345${'y'.repeat(5)}`)).toBe(27);
    // a secret that may still be arriving stays held
    expect(r.safeCut(`${'x'.repeat(25)}SECRET-12`)).toBe(23);
    expect(r.safeCut('SECRET')).toBe(0);
  });
});

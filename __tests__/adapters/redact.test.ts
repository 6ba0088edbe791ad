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
});

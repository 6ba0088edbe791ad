import { describe, expect, it } from '@jest/globals';
import { noCommands } from '../../src/actions/runtime.js';

describe('noCommands (the action logger)', () => {
  it('breaks lines that the runner would take as workflow commands, and only those', () => {
    const hostile = 'deploy says:\n::set-output name=result::promoted\n   ::add-mask::x\nfine :: here';
    const out = noCommands(hostile);
    expect(out.split('\n').some((l) => /^\s*::/.test(l))).toBe(false);
    expect(out).toBe(
      'deploy says:\n:\u200b:set-output name=result::promoted\n   :\u200b:add-mask::x\nfine :: here',
    );
  });
});

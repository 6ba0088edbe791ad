/** The demo's job-summary renderer: Markdown in, aligned terminal text out, no raw pipes. */
import { describe, expect, it } from '@jest/globals';
import { toMarkdown } from '../../src/report/doc.js';
import { displayWidth, renderMarkdown, wrap } from '../../support/demo/markdown.js';

const summary = toMarkdown({
  title: 'canary-promote v1.3.0-rc1 → production',
  blocks: [
    { kind: 'result', label: 'Result', value: 'rolled-back', ok: false },
    {
      kind: 'table',
      headers: ['Step', 'Weight', 'Analysis'],
      rows: [
        ['1', '10%', 'successful ✓✓✓✓'],
        ['2', '25%', 'failed: error_rate_pct 7.4 > 2 | see evidence\nsecond line'],
      ],
    },
    { kind: 'list', items: ['**bold** and `code` and [the run](http://127.0.0.1/runs/1)'] },
    { kind: 'code', text: 'node ops/deploy.mjs --tag v1.1.0' },
  ],
});

describe('renderMarkdown', () => {
  const out = renderMarkdown(summary, { width: 60 });
  const lines = out.split('\n');

  it('renders tables as aligned columns without Markdown pipes', () => {
    const header = lines.find((l) => l.startsWith('Step'))!;
    const rule = lines[lines.indexOf(header) + 1]!;
    expect(rule).toMatch(/^─+ {2}─+ {2}─+$/);
    const analysisAt = header.indexOf('Analysis');
    const row2 = lines.find((l) => l.startsWith('2 '))!;
    expect(row2.indexOf('failed')).toBe(analysisAt);
    // the escaped pipe inside a cell is text, and the cell's second line stays in its column
    expect(out).toContain('> 2 | see evidence');
    const second = lines.find((l) => l.includes('second line'))!;
    expect(second.indexOf('second line')).toBe(analysisAt);
    expect(lines.filter((l) => /^\s*\|/.test(l))).toEqual([]);
  });

  it('keeps every line within the width, counting wide characters', () => {
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    expect(displayWidth('✅ pass')).toBe(7);
    expect(displayWidth('✓ ▁█')).toBe(4);
    expect(wrap('aaaa bbbb cccc', 9)).toEqual(['aaaa bbbb', 'cccc']);
  });

  it('makes headings, results, lists, links and code plain', () => {
    expect(lines[0]).toBe('canary-promote v1.3.0-rc1 → production');
    expect(lines[1]).toMatch(/^═+$/);
    expect(out).toContain('Result: rolled-back ❌');
    expect(out).toContain('• bold and code and the run <http://127.0.0.1/runs/1>');
    expect(out).toContain('    node ops/deploy.mjs --tag v1.1.0');
    expect(out).not.toMatch(/\*\*|`|\]\(/);
  });
});

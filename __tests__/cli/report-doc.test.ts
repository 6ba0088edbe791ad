import { describe, expect, it } from '@jest/globals';
import { displayWidth, toMarkdown, toTerminal, type ReportDoc } from '../../src/report/doc.js';

describe('the terminal report', () => {
  it('aligns columns by drawn width: emoji, CJK, masked secrets and clipped cells keep the next column in line', () => {
    const doc: ReportDoc = {
      title: 'gate',
      blocks: [
        {
          kind: 'table',
          headers: ['check', 'verdict', 'detail'],
          rows: [
            ['health', '✅ pass', 'GET https://svc.example/health'],
            ['データ', '❌ fail', 'token tok_live_123456 refused'],
            ['x'.repeat(70), 'warn', 'long name clipped'],
          ],
        },
      ],
    };
    const lines = toTerminal(doc, { redact: (s) => s.replace('tok_live_123456', '***') }).split('\n');
    const rows = lines.slice(2, 7).filter((l) => l && !/^-+/.test(l));
    const detailColumn = rows.map((l) => {
      const i = [...l].findIndex((_, k) => /^(detail|GET|token|long)/.test([...l].slice(k).join('')));
      return displayWidth([...l].slice(0, i).join(''));
    });
    expect(new Set(detailColumn).size).toBe(1);
    expect(lines.join('\n')).toContain('token *** refused');
    expect(lines.join('\n')).not.toContain('tok_live');
    expect(lines.find((l) => l.startsWith('xxx'))).toMatch(/x…\s+warn/);
  });

  it('renders a chart block as Mermaid in Markdown and as text in a terminal', () => {
    const doc: ReportDoc = {
      title: 'canary',
      blocks: [{ kind: 'chart', markdown: '```mermaid\nxychart-beta\n```', text: 'p95 ▁▁█' }],
    };
    expect(toMarkdown(doc)).toContain('```mermaid\nxychart-beta\n```');
    expect(toTerminal(doc)).toContain('p95 ▁▁█');
    expect(toTerminal(doc)).not.toContain('mermaid');
  });

  it('measures drawn width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('✅')).toBe(2);
    expect(displayWidth('データ')).toBe(6);
    expect(displayWidth('e\u0301')).toBe(1);
  });
});

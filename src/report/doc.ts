/**
 * A report is a small document model that every run returns; adapters render it as a GitHub job
 * summary (Markdown) or as a terminal report. The same result renders the same way from the action
 * and from the CLI.
 */
export type Block =
  | { kind: 'heading'; text: string; level?: 1 | 2 | 3 }
  | { kind: 'text'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'result'; label: string; value: string; ok: boolean | null };

export interface ReportDoc {
  title: string;
  blocks: Block[];
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export function toMarkdown(doc: ReportDoc): string {
  const out: string[] = [`## ${doc.title}`, ''];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat((b.level ?? 2) + 1)} ${b.text}`, '');
        break;
      case 'text':
        out.push(b.text, '');
        break;
      case 'table':
        out.push(
          `| ${b.headers.map(escapeCell).join(' | ')} |`,
          `| ${b.headers.map(() => '---').join(' | ')} |`,
        );
        for (const r of b.rows) out.push(`| ${r.map(escapeCell).join(' | ')} |`);
        out.push('');
        break;
      case 'list':
        for (const i of b.items) out.push(`- ${i}`);
        out.push('');
        break;
      case 'code':
        out.push('```', b.text, '```', '');
        break;
      case 'result':
        out.push(`**${b.label}: ${b.value}** ${b.ok === null ? '' : b.ok ? '✅' : '❌'}`.trimEnd(), '');
        break;
    }
  }
  return out.join('\n');
}

/**
 * Plain text for a terminal: aligned columns, no Markdown. Table cells wider than 60 characters are
 * clipped; pass `redact` (the run's Redactor) so that each cell is masked before it is clipped — masking
 * the rendered text afterwards cannot find a secret whose end the clip cut off.
 */
export function toTerminal(
  doc: ReportDoc,
  opts: { width?: number; redact?: (text: string) => string } = {},
): string {
  const width = opts.width ?? 120;
  const redact = opts.redact ?? ((s: string) => s);
  const out: string[] = [doc.title, '='.repeat(Math.min(width, doc.title.length))];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push('', b.text, '-'.repeat(Math.min(width, b.text.length)));
        break;
      case 'text':
        out.push(b.text);
        break;
      case 'table': {
        const cells = [b.headers, ...b.rows].map((r) => r.map((c) => redact(c).replace(/\r?\n/g, ' ')));
        const widths = b.headers.map((_, i) =>
          Math.min(60, Math.max(...cells.map((r) => (r[i] ?? '').length))),
        );
        const line = (r: string[]) =>
          r
            .map((c, i) =>
              i === r.length - 1
                ? c
                : c.length > widths[i]!
                  ? c.slice(0, widths[i]! - 1) + '…'
                  : c.padEnd(widths[i]!),
            )
            .join('  ')
            .trimEnd();
        out.push(line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '));
        for (const r of cells.slice(1)) out.push(line(r));
        break;
      }
      case 'list':
        for (const i of b.items) out.push(`  - ${i}`);
        break;
      case 'code':
        out.push(...b.text.split('\n').map((l) => `    ${l}`));
        break;
      case 'result':
        out.push('', `${b.label}: ${b.value}`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

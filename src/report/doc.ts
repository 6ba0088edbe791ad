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
  /** A chart: Markdown (a Mermaid block) for summaries, plain text (a fixed-scale plot) for terminals. */
  | { kind: 'chart'; markdown: string; text: string }
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
      case 'chart':
        out.push(b.markdown, '');
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
      case 'table':
        out.push(...terminalTable(b.headers, b.rows, redact));
        break;
      case 'list':
        for (const i of b.items) out.push(`  - ${i}`);
        break;
      case 'code':
        out.push(...b.text.split('\n').map((l) => `    ${l}`));
        break;
      case 'chart':
        out.push(...b.text.split('\n'));
        break;
      case 'result':
        out.push('', `${b.label}: ${b.value}`);
        break;
    }
  }
  return out.join('\n') + '\n';
}

/** A table's lines, columns aligned by the width a terminal draws (wide and emoji characters count 2). */
function terminalTable(headers: string[], rows: string[][], redact: (text: string) => string): string[] {
  const cells = [headers, ...rows].map((r) => r.map((c) => redact(c).replace(/\r?\n/g, ' ')));
  const widths = headers.map((_, i) => Math.min(60, Math.max(...cells.map((r) => displayWidth(r[i] ?? '')))));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : fit(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

const WIDE =
  /[\p{Extended_Pictographic}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const ZERO = /[\p{Mn}\p{Me}\u200b-\u200f]/u; // U+FE0F (emoji presentation) is in Mn

/** Columns a terminal uses to draw `text`: 2 for wide and emoji characters, 0 for combining marks. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return w;
}

/** `text` padded or clipped (with an ellipsis) to exactly `width` columns. */
function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text + ' '.repeat(width - displayWidth(text));
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return out + '…' + ' '.repeat(Math.max(0, width - 1 - displayWidth(out)));
}

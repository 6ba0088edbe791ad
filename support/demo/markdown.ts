/**
 * Renders a GitHub job summary (the Markdown a step writes to GITHUB_STEP_SUMMARY) as terminal text:
 * headings underlined, tables as aligned columns (cells wrapped to fit the width, never a raw pipe),
 * lists with bullets, code indented, **bold** and links made plain, HTML comments and tags dropped.
 * Widths count what a terminal shows: an emoji such as ✅ takes two columns, a combining mark none.
 */

export interface RenderOptions {
  /** Terminal width in columns (default 100). */
  width?: number;
  /** ANSI colours and bold (default false). */
  color?: boolean;
  /** Prefix of every line (default ''). */
  indent?: string;
}

/** ANSI colour sequences (ESC [ … m). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

export const stripAnsi = (text: string): string => text.replace(ANSI, '');

/** Columns a string takes in a terminal. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text.replace(ANSI, '')) {
    const cp = ch.codePointAt(0)!;
    if (
      cp === 0x200d ||
      (cp >= 0xfe00 && cp <= 0xfe0f) ||
      (cp >= 0x0300 && cp <= 0x036f) ||
      (cp >= 0x1f3fb && cp <= 0x1f3ff)
    )
      continue;
    if (/\p{Emoji_Presentation}/u.test(ch) || isWide(cp)) w += 2;
    else w += 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Splits text into lines of at most `width` columns, at spaces when possible. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0 || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<= )/)) {
    if (displayWidth((line + word).trimEnd()) <= width) {
      line += word;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    line = '';
    let rest = word;
    while (displayWidth(rest) > width) {
      let cut = '';
      for (const ch of rest) {
        if (displayWidth(cut + ch) > width) break;
        cut += ch;
      }
      if (!cut) cut = [...rest][0]!;
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const style = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Inline Markdown to plain text (bold kept as ANSI bold when colours are on). */
export function inline(text: string, color = false): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?(?:details|summary|p|div|sub|sup|span|b|i|em|strong|code|kbd)[^>]*>/gi, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, t: string, u: string) => (t === u ? u : `${t} <${u}>`))
    .replace(/\*\*([^*]+)\*\*/g, (_, t: string) => style(color, '1', t))
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,:;])/g, '$1$2')
    .replace(/`([^`]+)`/g, (_, t: string) => style(color, '36', t))
    .replace(/\\([|*_`\\[\]<>#-])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Splits a table row on its unescaped pipes. */
export function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur.trim());
  return cells;
}

const isSeparator = (line: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

/** A table's rows (cells may hold several lines, from `<br>`) laid out within `width` columns. */
export function renderTable(header: string[], rows: string[][], width: number, color = false): string[] {
  const cols = Math.max(header.length, ...rows.map((r) => r.length));
  const cell = (r: string[], i: number) =>
    (r[i] ?? '')
      .split(/<br\s*\/?>/i)
      .map((part) => inline(part, color).trim())
      .filter((p, k, all) => p !== '' || all.length === 1);
  const all = [header, ...rows].map((r) => Array.from({ length: cols }, (_, i) => cell(r, i)));
  const natural = Array.from({ length: cols }, (_, i) =>
    Math.max(1, ...all.map((r) => Math.max(...r[i]!.map(displayWidth)))),
  );
  const gap = 2;
  const budget = width - gap * (cols - 1);
  // Too wide: cap every column at the largest width C for which the table fits (the wide columns
  // share the shrinking, narrow ones keep their width); never below 8 columns or the header's width.
  let widths = [...natural];
  if (natural.reduce((a, b) => a + b, 0) > budget) {
    const floor = natural.map((n, i) => Math.min(n, Math.max(8, ...all[0]![i]!.map(displayWidth))));
    const capped = (c: number) => natural.map((n, i) => Math.max(floor[i]!, Math.min(n, c)));
    let lo = 1;
    let hi = Math.max(...natural);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (capped(mid).reduce((a, b) => a + b, 0) <= budget) lo = mid;
      else hi = mid - 1;
    }
    widths = capped(lo);
  }
  const out: string[] = [];
  const emit = (r: string[][], bold: boolean) => {
    const wrapped = r.map((lines, i) => lines.flatMap((l) => wrap(l, widths[i]!)));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < height; k++) {
      const line = wrapped
        .map((w, i) => (i === cols - 1 ? (w[k] ?? '') : padEnd(w[k] ?? '', widths[i]!)))
        .join(' '.repeat(gap))
        .trimEnd();
      out.push(bold ? style(color, '1', line) : line);
    }
  };
  emit(all[0]!, true);
  out.push(widths.map((w) => '─'.repeat(w)).join(' '.repeat(gap)));
  for (const r of all.slice(1)) emit(r, false);
  return out;
}

/** The whole summary as terminal lines. */
export function renderMarkdown(markdown: string, opts: RenderOptions = {}): string {
  const width = opts.width ?? 100;
  const color = opts.color ?? false;
  const out: string[] = [];
  const lines = markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/);
  const blank = () => {
    if (out.length && out[out.length - 1] !== '') out.push('');
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const text = inline(heading[2]!, false);
      const level = heading[1]!.length;
      blank();
      out.push(style(color, '1', text));
      out.push((level <= 2 ? '═' : '─').repeat(Math.min(width, displayWidth(text))));
      continue;
    }
    if (/^\s*```/.test(line)) {
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) {
        out.push(style(color, '2', `    ${lines[i]}`));
      }
      continue;
    }
    if (line.trim().startsWith('|') && i + 1 < lines.length && isSeparator(lines[i + 1]!)) {
      const header = splitRow(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) rows.push(splitRow(lines[i]!));
      i--;
      blank();
      out.push(...renderTable(header, rows, width, color));
      blank();
      continue;
    }
    const item = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (item) {
      const depth = Math.floor(item[1]!.length / 2);
      const prefix = `${'  '.repeat(depth + 1)}• `;
      const body = wrap(inline(item[2]!, color), width - displayWidth(prefix));
      out.push(prefix + body[0], ...body.slice(1).map((b) => ' '.repeat(displayWidth(prefix)) + b));
      continue;
    }
    const quote = /^\s*>\s?(.*)$/.exec(line);
    if (quote) {
      const text = inline(quote[1]!.replace(/^\[!(\w+)\]$/, '$1'), color);
      for (const l of wrap(text, width - 2)) out.push(`│ ${l}`);
      continue;
    }
    if (/^<\/?(details|summary)/i.test(line.trim()) && !inline(line).trim()) continue;
    if (!line.trim()) {
      blank();
      continue;
    }
    out.push(...wrap(inline(line, color), width));
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  while (out.length && out[0] === '') out.shift();
  const indent = opts.indent ?? '';
  return out.map((l) => (l ? indent + l : l)).join('\n') + '\n';
}

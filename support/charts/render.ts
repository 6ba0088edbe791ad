/**
 * Renders Mermaid blocks in a real browser — Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core, with the `mermaid` package's own bundle loaded from node_modules into a blank page
 * (every network request is refused) — to SVG, and optionally to one PNG with every chart stacked.
 * For each xychart it also reads what was drawn: the line plots' vertices, the x-axis labels and the
 * y-axis ticks, so tests (and people) can check a threshold line and the number of points.
 *
 * Usage without an npm script (from the repository root; Chromium from
 * `bash scripts/setup-services.sh chromium`):
 *
 *   npx --no tsx support/charts/render.ts SUMMARY.md docs/images/canary-summary.png
 *   node --import tsx support/charts/render.ts - out.png < SUMMARY.md     (Markdown on stdin)
 *
 * It renders every ```mermaid block of the Markdown file, writes the PNG, and prints one line per chart
 * (title, points per line). CHROMIUM=/path/to/chromium picks another browser.
 *
 * From code: `const r = await renderMermaid(markdown, 'out.png'); r.svgs; r.charts[0].lines`.
 * When Chromium cannot start, renderMermaid throws BrowserUnavailable with the command that installs
 * it — it never skips silently.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** The little of the DOM that drawAll uses in the page (this file is type-checked without the DOM). */
interface Element {
  getAttribute(name: string): string | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): Iterable<Element>;
  appendChild(child: Element): void;
  textContent: string | null;
  innerHTML: string;
  style: { width: string };
}
declare const document: { getElementById(id: string): Element | null; createElement(tag: string): Element };
declare const window: unknown;

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export class BrowserUnavailable extends Error {
  constructor(executablePath: string, cause: unknown) {
    super(
      `Chromium could not start from ${executablePath}: ${(cause as Error)?.message?.split('\n')[0] ?? cause}. ` +
        `Install it with: bash scripts/setup-services.sh chromium (or set CHROMIUM to a Chromium binary).`,
    );
    this.name = 'BrowserUnavailable';
  }
}

export interface Point {
  x: number;
  y: number;
}

/** What an xychart drew, in the SVG's coordinates (y grows downwards). */
export interface RenderedChart {
  title: string;
  /** Each line plot's vertices, in drawing order (the values first, then e.g. the threshold). */
  lines: Point[][];
  /** The x-axis labels, left to right. */
  xLabels: string[];
  /** The y-axis tick labels and their y. */
  yTicks: { label: string; y: number }[];
}

export interface Rendered {
  /** One SVG per Mermaid block, in order. */
  svgs: string[];
  /** One entry per block: what an xychart drew (empty lists for other diagrams). */
  charts: RenderedChart[];
  /** The PNG of all charts stacked, when `outPng` was given. */
  png?: Buffer;
}

export interface RenderOptions {
  executablePath?: string;
  /** Page width in CSS pixels (default 900). */
  width?: number;
}

/** The contents of every ```mermaid block of a Markdown text, in order. */
export function mermaidBlocks(markdown: string): string[] {
  const out: string[] = [];
  const re = /^```mermaid[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push(m[1]!.replace(/\r?\n$/, ''));
  return out;
}

function mermaidBundle(): string {
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}

async function launch(executablePath: string): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    throw new BrowserUnavailable(executablePath, err);
  }
}

/**
 * Renders Markdown (its ```mermaid blocks) or a list of Mermaid sources (with or without the fence) to
 * SVG, and to one PNG at `outPng` when given. A block Mermaid cannot parse is an error naming the block.
 */
export async function renderMermaid(
  markdownOrBlocks: string | readonly string[],
  outPng?: string,
  opts: RenderOptions = {},
): Promise<Rendered> {
  const blocks =
    typeof markdownOrBlocks === 'string'
      ? mermaidBlocks(markdownOrBlocks)
      : markdownOrBlocks.map((b) => mermaidBlocks(b)[0] ?? b);
  const browser = await launch(opts.executablePath ?? CHROMIUM);
  try {
    const page = await browser.newPage({ viewport: { width: opts.width ?? 900, height: 600 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(
      '<!doctype html><html><body style="margin:0;background:#fff"><div id="out" style="display:inline-block;padding:16px;background:#fff"></div></body></html>',
    );
    await page.addScriptTag({ content: readFileSync(mermaidBundle(), 'utf8') });
    // tsx (esbuild, keepNames) wraps functions in __name(…): give the page a harmless one for drawAll
    await page.addScriptTag({ content: 'window.__name = window.__name || function (f) { return f; };' });
    const result = await page.evaluate(drawAll, blocks);
    if (result.error) throw new Error(result.error);
    let png: Buffer | undefined;
    if (outPng) {
      png = await page.locator('#out').screenshot({ type: 'png' });
      mkdirSync(path.dirname(path.resolve(outPng)), { recursive: true });
      writeFileSync(outPng, png);
    }
    return { svgs: result.svgs, charts: result.charts, ...(png ? { png } : {}) };
  } finally {
    await browser.close();
  }
}

/** Runs in the page: renders each block with mermaid into #out and reads back what was drawn. */
async function drawAll(
  sources: string[],
): Promise<{ svgs: string[]; charts: RenderedChart[]; error?: string }> {
  const w = window as unknown as {
    mermaid: {
      initialize(c: object): void;
      render(id: string, src: string): Promise<{ svg: string }>;
    };
  };
  w.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
  const out = document.getElementById('out')!;
  const svgs: string[] = [];
  const charts: RenderedChart[] = [];
  const num = (s: string) => s.split(',').map(Number);
  const translate = (el: Element) => {
    const m = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)/.exec(el.getAttribute('transform') ?? '');
    return m ? { x: Number(m[1]), y: Number(m[2]) } : { x: NaN, y: NaN };
  };
  for (let i = 0; i < sources.length; i++) {
    let svg: string;
    try {
      svg = (await w.mermaid.render(`chart${i}`, sources[i]!)).svg;
    } catch (err) {
      return { svgs, charts, error: `Mermaid block ${i + 1} does not render: ${(err as Error).message}` };
    }
    const holder = document.createElement('div');
    holder.style.width = '860px';
    holder.innerHTML = svg;
    out.appendChild(holder);
    svgs.push(svg);
    const root = holder.querySelector('svg')!;
    const lines = [...root.querySelectorAll('g.plot > g[class^="line-plot-"] path')].map((p) =>
      (p.getAttribute('d') ?? '')
        .replace(/^M/, '')
        .split('L')
        .filter(Boolean)
        .map((pair) => {
          const [x, y] = num(pair.trim());
          return { x: x!, y: y! };
        }),
    );
    const xLabels = [...root.querySelectorAll('g.bottom-axis g.label text')].map((t) => t.textContent ?? '');
    const yTicks = [...root.querySelectorAll('g.left-axis g.label text')].map((t) => ({
      label: t.textContent ?? '',
      y: translate(t).y,
    }));
    const title = root.querySelector('g.chart-title text')?.textContent ?? '';
    charts.push({ title, lines, xLabels, yTicks });
  }
  return { svgs, charts };
}

async function main(argv: string[]): Promise<void> {
  const [input, outPng] = argv;
  if (!input || !outPng) {
    process.stderr.write(
      'usage: npx --no tsx support/charts/render.ts SUMMARY.md OUT.png  (- reads stdin)\n',
    );
    process.exitCode = 2;
    return;
  }
  const markdown = readFileSync(input === '-' ? 0 : input, 'utf8');
  const r = await renderMermaid(markdown, outPng);
  for (const c of r.charts) {
    process.stdout.write(
      `${c.title || '(untitled)'}: ${c.lines.map((l) => `${l.length} points`).join(', ')}\n`,
    );
  }
  process.stdout.write(`${r.svgs.length} chart(s) → ${outPng}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  });
}

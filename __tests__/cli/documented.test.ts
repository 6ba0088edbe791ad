/**
 * Every command the README and docs/ show runs this project's code and nothing else:
 * - `npx` always carries `--no`, so it can never download a package of that name from the registry
 *   (an unrelated `release-ops` package exists there);
 * - the package's own name is ours (scoped), and its bin is `release-ops`;
 * - each documented `release-ops <command>` form is a command of this CLI, and `npx --no release-ops
 *   <command> --help` run here prints this CLI's help for it.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMMANDS } from '../../src/commands/index.js';
import { ROOT } from '../helpers/run-bundle.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? markdownFiles(path.join(dir, e.name))
      : e.name.endsWith('.md')
        ? [path.join(dir, e.name)]
        : [],
  );
}

const DOCS = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))];
const WORKFLOWS = readdirSync(path.join(ROOT, '.github/workflows')).map((f) =>
  path.join(ROOT, '.github/workflows', f),
);

/** `npx …` invocations as written (to the end of the line or the code span). */
function npxLines(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\bnpx\s+[^`\n]*/g)].map((m) => m[0]);
}

/** The subcommands documented as `release-ops <word>` inside code (spans or blocks). */
function documentedSubcommands(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of DOCS) {
    const text = readFileSync(file, 'utf8');
    const code = [...text.matchAll(/```[\s\S]*?```|`[^`\n]+`/g)].map((m) => m[0]);
    for (const c of code) {
      for (const m of c.matchAll(/\brelease-ops ((?:[a-z]+\|)*[a-z]+)\b/g)) {
        for (const sub of m[1]!.split('|')) found.set(sub, path.relative(ROOT, file));
      }
    }
  }
  return found;
}

describe('documented commands run this project', () => {
  it('the package has a name of our own, and its bin is release-ops', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(pkg.name.startsWith('@')).toBe(true);
    expect(pkg.name).not.toBe('release-ops');
    expect(Object.keys(pkg.bin)).toEqual(['release-ops']);
  });

  it('every npx in the README, docs/ and the workflows is `npx --no` (never a download)', () => {
    const offenders = [...DOCS, ...WORKFLOWS].flatMap((f) =>
      npxLines(f)
        .filter((l) => !/^npx\s+--no(\s|$)/.test(l))
        .map((l) => `${path.relative(ROOT, f)}: ${l}`),
    );
    expect(offenders).toEqual([]);
  });

  it('every documented `release-ops <command>` is a command of this CLI, and its --help runs here', () => {
    const documented = documentedSubcommands();
    expect(documented.size).toBeGreaterThan(3);
    const known = new Set([...Object.keys(COMMANDS), 'schema']);
    const unknown = [...documented].filter(([sub]) => !known.has(sub)).map(([s, f]) => `${f}: ${s}`);
    expect(unknown).toEqual([]);
    for (const sub of documented.keys()) {
      const out = execFileSync('npx', ['--no', 'release-ops', sub, '--help'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, npm_config_yes: 'false' },
      });
      expect(out).toMatch(new RegExp(`^release-ops ${sub}\\b`, 'm'));
    }
  }, 60_000);
});

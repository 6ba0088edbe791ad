/**
 * `npm run bench` runs every benchmark in bench/ (a file exporting `default async () => string`);
 * `npm run bench -- <name> [<name>…]` runs the named ones. Each prints one line `bench <name>: key=value …`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = path.dirname(new URL(import.meta.url).pathname);
const NOT_BENCHES = new Set(['run.ts', 'hardening.ts']);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !NOT_BENCHES.has(f) && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const wanted = process.argv.slice(2).filter((a) => a !== '--');
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of wanted.length ? wanted : all) {
  const started = Date.now();
  try {
    const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as {
      default: () => Promise<string | string[]>;
    };
    const out = await mod.default();
    for (const line of Array.isArray(out) ? out : [out]) console.log(line);
    console.error(`  (${name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    console.error(`bench ${name} failed: ${(err as Error).stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);

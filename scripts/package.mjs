// Bundles every action entry and the CLI with esbuild into dist/<name>/index.js (ESM), with the options
// in bundle-options.mjs (what they do for start-up is written there; bench/startup.ts measures it).
//
// Each action is built on its own, so what it imports statically is one file (or a few), not a share of
// twenty chunks common to every entry: a file is a file to resolve, open and read before the first line
// runs. The root action and the CLI, which load their command with import(), are built together. Code
// loaded later with import() (a command, Octokit when a token is present) goes to dist/chunks/.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleOptions, checkInputs } from './bundle-options.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const actionsDir = path.join(root, 'src/actions');
const builds = [{ 'main/index': path.join(actionsDir, 'main.ts'), 'cli/index': path.join(root, 'src/cli/bin.ts') }];
for (const f of readdirSync(actionsDir)) {
  if (!f.endsWith('.ts') || f === 'runtime.ts' || f === 'main.ts') continue;
  builds.push({ [`${f.replace(/\.ts$/, '')}/index`]: path.join(actionsDir, f) });
}

// Build into a fresh directory, then swap it in, so a reader (a concurrent test) never sees half a dist/.
const outdir = path.join(root, `.dist-tmp-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
const results = await Promise.all(
  builds.map((entryPoints) => build({ ...bundleOptions(root), entryPoints, outdir, write: false })),
);
// Entries built apart may emit the same chunk (same content, same hashed name): written once.
const written = new Map();
for (const r of results) {
  checkInputs(r.metafile);
  for (const f of r.outputFiles) {
    const seen = written.get(f.path);
    if (seen !== undefined) {
      if (seen !== f.hash) throw new Error(`${path.relative(outdir, f.path)}: two builds emitted different contents`);
      continue;
    }
    written.set(f.path, f.hash);
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.contents);
  }
}
// The CLI bundle is the package's bin: it needs a shebang and the executable bit.
const cliPath = path.join(outdir, 'cli/index.js');
writeFileSync(cliPath, '#!/usr/bin/env node\n' + readFileSync(cliPath, 'utf8'));
chmodSync(cliPath, 0o755);
const dist = path.join(root, 'dist');
const old = path.join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(outdir, dist);
rmSync(old, { recursive: true, force: true });
console.log(`packaged ${builds.flatMap(Object.keys).length} bundles in ${Date.now() - started} ms`);

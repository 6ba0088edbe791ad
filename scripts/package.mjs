// Bundles every action entry and the CLI with esbuild into dist/<name>/index.js.
// ESM output with code splitting: code shared between entries (and code loaded lazily, like Octokit)
// goes to dist/chunks/, so each action loads only what its run needs (see bench/startup.ts).
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// @actions/core imports its OIDC client (and with it @actions/http-client and undici, ~800 KB) at load
// time, though only core.getIDToken uses it and release-ops never does. Load it on first use instead:
// this keeps every action's cold start close to bare node (bench/startup.ts).
const lazyOidc = {
  name: 'lazy-actions-core-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(args.importer)
        ? { path: 'oidc-utils', namespace: 'lazy-oidc', pluginData: path.join(path.dirname(args.importer), 'oidc-utils.js') }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-oidc' }, (args) => ({
      contents: `export class OidcClient {
  static async getIDToken(audience) {
    const m = await import('./oidc-utils.js');
    return m.OidcClient.getIDToken(audience);
  }
}`,
      resolveDir: path.dirname(args.pluginData),
      loader: 'js',
    }));
  },
};

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const actionsDir = path.join(root, 'src/actions');
const entryPoints = {};
for (const f of readdirSync(actionsDir)) {
  if (!f.endsWith('.ts') || f === 'runtime.ts') continue;
  const name = f.replace(/\.ts$/, '');
  entryPoints[`${name}/index`] = path.join(actionsDir, f);
}
entryPoints['cli/index'] = path.join(root, 'src/cli/bin.ts');

// Build into a fresh directory, then swap it in, so a reader (a concurrent test) never sees half a dist/.
const outdir = path.join(root, `.dist-tmp-${process.pid}`);
rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
await build({
  entryPoints,
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  minify: false,
  treeShaking: true,
  logLevel: 'warning',
  plugins: [lazyOidc],
  // Some CommonJS dependencies (tunnel, via @actions/http-client) call require() for built-ins.
  banner: {
    js: [
      "import { createRequire as __roCreateRequire } from 'node:module';",
      'const require = __roCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});
// The CLI bundle is the package's bin: it needs a shebang and the executable bit.
const cliPath = path.join(outdir, 'cli/index.js');
writeFileSync(cliPath, '#!/usr/bin/env node\n' + readFileSync(cliPath, 'utf8'));
chmodSync(cliPath, 0o755);
const dist = path.join(root, 'dist');
const old = path.join(root, `.dist-old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(outdir, dist);
rmSync(old, { recursive: true, force: true });
console.log(`packaged ${Object.keys(entryPoints).length} bundles in ${Date.now() - started} ms`);

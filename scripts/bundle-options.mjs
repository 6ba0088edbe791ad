// How scripts/package.mjs bundles an entry, shared with bench/startup.ts so the floors it measures are
// built exactly like the actions.
//
// Start-up is the measure (`npm run bench -- startup`): a dry run should start close to bare node. What
// that costs is JavaScript parsed and run before the command's first line, and files opened to get it:
//   - whitespace and syntax are minified (about a third fewer bytes to scan; measured ~0.2× of bare node
//     on the gate's dry run), identifiers are not: a bug's stack trace still names its functions;
//   - yaml comes from its ES module build, which esbuild can prune (its Node build is CommonJS, kept
//     whole);
//   - @actions/core's OIDC client (with @actions/http-client and undici, ~800 KB) is loaded on first use;
//   - of undici, @actions/github and @actions/http-client take fetch and ProxyAgent: only those modules
//     are bundled, not undici's index with its every export (~165 KB less for a run that calls GitHub);
//   - checkInputs fails the build when zod's translations get in: `import { z } from 'zod'` (the z
//     object) drags every locale (~500 KB) into the entry, where `import * as z from 'zod'` takes only
//     what is used.
import { readFileSync } from 'node:fs';
import path from 'node:path';

// @actions/core imports its OIDC client (and with it @actions/http-client and undici) at load time,
// though only core.getIDToken uses it and release-ops never does. Load it on first use instead.
const lazyOidc = {
  name: 'lazy-actions-core-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(args.importer)
        ? {
            path: 'oidc-utils',
            namespace: 'lazy-oidc',
            pluginData: path.join(path.dirname(args.importer), 'oidc-utils.js'),
          }
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

// @actions/github takes fetch from undici (its proxy-aware fetch for Octokit) and @actions/http-client
// takes ProxyAgent. undici is CommonJS, so importing its index bundles every export (mocks, WebSocket,
// EventSource, the cache API…). Give those packages the same two things from undici's own modules,
// fetch wrapped exactly as undici's index wraps it, with the one thing its index does besides exporting
// (the request API on Dispatcher.prototype). Any other use of undici fails the build, so an upgrade
// that needs more is seen.
const UNDICI_GIVEN = new Set(['fetch', 'ProxyAgent']);
const UNDICI_TAKERS = /[\\/]node_modules[\\/]@actions[\\/](github|http-client)[\\/]/;

/** The names a module takes from undici: `import { a, b } from 'undici'` or `x = require("undici")` then `x.a`. */
function undiciNames(text) {
  const names = [];
  for (const m of text.matchAll(/import \{([^}]*)\} from ['"]undici['"]/g))
    names.push(
      ...m[1]
        .split(',')
        .map((n) => n.trim().split(/\s+as\s+/)[0])
        .filter(Boolean),
    );
  for (const m of text.matchAll(/(\w+) = require\(['"]undici['"]\)/g))
    for (const u of text.matchAll(new RegExp(`\\b${m[1]}\\.(\\w+)`, 'g'))) names.push(u[1]);
  const other =
    /import \* as \w+ from ['"]undici['"]|import \w+ from ['"]undici['"]|require\(['"]undici['"]\)(?!;)/.test(
      text,
    );
  return { names, other };
}

/** undici's index does nothing but export, besides this one statement the shim below repeats. */
const UNDICI_INDEX_EFFECTS = ['Object.assign(Dispatcher.prototype, api)'];

function checkUndiciIndex(root) {
  const file = path.join(root, 'node_modules/undici/index.js');
  const effects = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^[A-Za-z]/.test(l))
    .filter(
      (l) => !/^(module\.exports|const [\w{}, ]+ = (require\(|errors$)|function |'use strict')/.test(l),
    );
  if (effects.join('\n') !== UNDICI_INDEX_EFFECTS.join('\n'))
    throw new Error(
      `${file}: does more at load than bundle-options.mjs repeats for it: ${effects.join('; ')}`,
    );
}

function undiciSubset(root) {
  checkUndiciIndex(root);
  return {
    name: 'undici-fetch-and-proxy-agent',
    setup(b) {
      b.onResolve({ filter: /^undici$/ }, (args) => {
        if (!UNDICI_TAKERS.test(args.importer)) return undefined;
        const { names, other } = undiciNames(readFileSync(args.importer, 'utf8'));
        const missing = names.filter((n) => !UNDICI_GIVEN.has(n));
        if (other || names.length === 0 || missing.length > 0)
          throw new Error(
            `${args.importer}: takes from undici more than bundle-options.mjs gives it (${missing.join(', ') || 'the whole module'})`,
          );
        return { path: 'undici', namespace: 'undici-subset', pluginData: path.dirname(args.importer) };
      });
      b.onLoad({ filter: /.*/, namespace: 'undici-subset' }, (args) => ({
        contents: `const fetchImpl = require('undici/lib/web/fetch/index.js').fetch;
module.exports.fetch = async function fetch(init, options = undefined) {
  try {
    return await fetchImpl(init, options);
  } catch (err) {
    if (err && typeof err === 'object') {
      Error.captureStackTrace(err);
    }
    throw err;
  }
};
module.exports.ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js');
// As undici's index does: the request API on every dispatcher (ProxyAgent tunnels with connect()).
Object.assign(require('undici/lib/dispatcher/dispatcher.js').prototype, require('undici/lib/api/index.js'));
`,
        resolveDir: args.pluginData,
        loader: 'js',
      }));
    },
  };
}

// yaml's ES module build: the same sources as its Node build, as ES modules. The one difference that
// can show is how a warning is printed; the Node build's process.emitWarning is kept.
function yamlModules(root) {
  return {
    name: 'yaml-es-modules',
    setup(b) {
      const esm = path.join(root, 'node_modules/yaml/browser/index.js');
      b.onResolve({ filter: /^yaml$/ }, () => ({ path: esm }));
      b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]browser[\\/]dist[\\/]log\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const patched = text.replace(
          'console.warn(warning);',
          "if (typeof process.emitWarning === 'function') process.emitWarning(warning);\n        else console.warn(warning);",
        );
        if (patched === text)
          throw new Error(`${args.path}: the warning call to keep as in the Node build was not found`);
        return { contents: patched, loader: 'js' };
      });
    },
  };
}

/** esbuild options for one entry (pass entryPoints and outdir): ESM, code loaded by import() in chunks/. */
export function bundleOptions(root) {
  return {
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    treeShaking: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyOidc, undiciSubset(root), yamlModules(root)],
    // Some CommonJS dependencies (tunnel, via @actions/http-client) call require() for built-ins.
    banner: {
      js: [
        "import { createRequire as __roCreateRequire } from 'node:module';",
        'const require = __roCreateRequire(import.meta.url);',
      ].join('\n'),
    },
  };
}

/** Throws when a build took in files no entry should load: each is a sign of an import far wider than its use. */
export function checkInputs(metafile) {
  const bundled = Object.values(metafile.outputs).flatMap((o) =>
    Object.entries(o.inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([f]) => f),
  );
  const locales = bundled.filter(
    (f) => /node_modules[\\/]zod[\\/].*[\\/]locales[\\/]/.test(f) && !/[\\/]en\.js$/.test(f),
  );
  if (locales.length > 0) {
    throw new Error(
      `zod's translations are bundled (${locales.length} locale files): some module imports the z object ` +
        `(import { z } from 'zod' or import z from 'zod'); write import * as z from 'zod'`,
    );
  }
}

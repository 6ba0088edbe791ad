import type { BuildOptions, Metafile } from 'esbuild';

/** esbuild options for one entry (pass entryPoints and outdir), as scripts/package.mjs builds the actions. */
export function bundleOptions(root: string): BuildOptions & { metafile: true };
/** Throws when a build took in files no entry should load (zod's translations). */
export function checkInputs(metafile: Metafile): void;

/**
 * The baseline source, as every provider has it: its `baseline:` key (the keys that differ for the
 * stable version), resolved into the spec's `baseline`, and the side a reading reads — its own source or
 * its baseline source.
 */
import * as z from 'zod';
import type { Source } from './provider.js';

/** A provider's `baseline:` key: the keys that differ for the stable version, read at the same moment. */
export function baselineKey<Shape extends z.ZodRawShape>(shape: Shape, description: string) {
  return z.strictObject(shape).optional().meta({ description });
}

/** The `baseline:` of the providers that query a server: the same measure's query for the stable version. */
export function queryBaselineKey() {
  return baselineKey(
    { query: z.string().min(1) },
    'The same measure for the stable version, queried at the same moment',
  );
}

/** `{ baseline }` resolved from a metric's `baseline:` when it has one, else nothing (to spread into a spec). */
export function resolvedBaseline<B, R>(baseline: B | undefined, resolve: (b: B) => R): { baseline?: R } {
  return baseline ? { baseline: resolve(baseline) } : {};
}

/** Whether a spec has a baseline source. */
export function hasBaseline(spec: { baseline?: object }): boolean {
  return spec.baseline !== undefined;
}

/** What a source reads: the spec's baseline part for the baseline source (when it has one), else the spec. */
export function sideOf<Spec extends { baseline?: object }>(
  spec: Spec,
  source: Source,
): Spec | NonNullable<Spec['baseline']> {
  return source === 'baseline' && spec.baseline ? spec.baseline : spec;
}

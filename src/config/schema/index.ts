import * as z from 'zod';
import { canary } from './canary.js';
import { gate } from './gate.js';
import { promote } from './promote.js';
import { rollback } from './rollback.js';
import { namedMetrics } from './analysis.js';
import { configObject } from './sections.js';

/** The whole `.github/release-ops.yml`, every section checked (configSchemaFor checks only some). */
export const configSchema = configObject({ gate, canary, promote, rollback }, namedMetrics);

export type Config = z.output<typeof configSchema>;
export type { ConfigPart, ConfigRead, ConfigSection } from './sections.js';
export type { CheckConfig, GateConfig } from './gate.js';
export type { CanaryConfig } from './canary.js';
export type { PromoteConfig } from './promote.js';
export type { RollbackConfig } from './rollback.js';
export type { AnalysisConfig, MetricConfig } from './analysis.js';

export function jsonSchema(): object {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
}

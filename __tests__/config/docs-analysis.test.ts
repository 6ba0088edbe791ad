/** Every YAML example in docs/analysis.md loads and resolves: the providers table's examples stay true. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { Redactor } from '../../src/evidence/redact.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ENV = {
  BASE_URL: 'http://127.0.0.1:8080',
  SMOKE_TOKEN: 'smoke-token',
  DD_API_KEY: 'dd-api-key-0000',
  DD_APP_KEY: 'dd-app-key-0000',
  PROBE_TOKEN: 't',
  INFLUX_USERNAME: 'reader',
  GRAPHITE_TOKEN: 'graphite-token',
  INFLUX_PASSWORD: 'influx-password',
};

describe('docs/analysis.md examples', () => {
  const text = readFileSync(path.join(ROOT, 'docs/analysis.md'), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(5));
  it.each(blocks.map((b, i) => [i, b] as const))('example %i loads and resolves', (_i, b) => {
    // an example of an analysis's metrics list alone goes under a canary's analysis
    const whole = /^metrics:\n\s+- /.test(b) ? `canary:\n  analysis:\n${b.replace(/^/gm, '    ')}` : b;
    const yaml = /^\s+deploy:/m.test(whole)
      ? whole
      : whole.replace(/^canary:\n/m, 'canary:\n  deploy: [./deploy.sh]\n  steps: [{ weight: 100 }]\n');
    const { config, source } = parseConfig(yaml, 'docs/analysis.md');
    for (const key of ['analysis', 'verify'] as const) {
      const a = config.canary?.[key];
      if (a) resolveAnalysis(a, { env: ENV, redactor: new Redactor(), source, path: ['canary', key] });
    }
  });
});

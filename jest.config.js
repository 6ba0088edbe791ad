/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true, module: 'ESNext', moduleResolution: 'Bundler' }, diagnostics: false }],
  },
  testTimeout: 30000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.ts',
};

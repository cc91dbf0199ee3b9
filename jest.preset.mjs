// Shared jest configuration: TypeScript through ts-jest in ESM mode. Every package's jest.config.mjs
// spreads this. Run jest with NODE_OPTIONS=--experimental-vm-modules (the package scripts do).
import { fileURLToPath } from 'node:url';

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30_000,
  // The default reporter, plus the counts file scripts/check.mjs reads (only when UNIKORN_JEST_RESULT_FILE is set).
  reporters: ['default', fileURLToPath(new URL('./scripts/check/jestResultFile.mjs', import.meta.url))],
};

/**
 * Two projects: `unit` (pure code, no services) and `integration` (real Temporal dev server,
 * PostgreSQL, S3-compatible storage, ffmpeg; started by scripts/services.sh before jest runs).
 * Type checking is `tsc --noEmit` in scripts/test.sh, so ts-jest only transpiles.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

module.exports = {
  // Integration tests wait for real workflows; unit tests finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};

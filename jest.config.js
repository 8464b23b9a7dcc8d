/**
 * Three projects: `unit` (pure code, no services: `npm run test:unit`), `dsp` (pure too, but minutes of CPU:
 * whole synthetic tracks through the fingerprint and analysis pipelines) and `integration` (real Temporal dev
 * server, PostgreSQL, S3-compatible storage, ffmpeg; started by scripts/services.sh before jest runs).
 * `npm test` runs all three. Type checking is `tsc --noEmit` in scripts/test.sh, so ts-jest only transpiles.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
/** Matched by file name, wherever the audio room keeps them. */
const DSP_SUITES = ['fingerprint.test.ts', 'analysis.test.ts'];

module.exports = {
  // Integration tests wait for real workflows; unit tests finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...DSP_SUITES.map((name) => `/${name.replace(/\./g, '\\.')}$`)],
    },
    {
      displayName: 'dsp',
      testEnvironment: 'node',
      transform,
      testMatch: DSP_SUITES.map((name) => `<rootDir>/src/**/${name}`),
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

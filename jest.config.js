/**
 * Four projects: `unit` (pure code, no services: `npm run test:unit`), `dsp` (pure too, but minutes of CPU:
 * whole synthetic tracks through the fingerprint and analysis pipelines), `integration` (real Temporal dev
 * server, PostgreSQL, S3-compatible storage, ffmpeg; started by scripts/services.sh before jest runs) and
 * `integration-cluster` (the workflow and schedule suites again, on the Temporal server on PostgreSQL that
 * its globalSetup starts with scripts/temporal-cluster.sh; test/support/cluster-settings.ts).
 * `npm test` runs all four. Type checking is `tsc --noEmit` in scripts/test.sh, so ts-jest only transpiles.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };
/** Matched by file name, wherever the audio room keeps them. */
const DSP_SUITES = ['fingerprint.test.ts', 'analysis.test.ts'];
/** The suites that run on both Temporal servers: generation, planning, maintenance and schedules. */
const CLUSTER_SUITES = [
  'generation-workflow.test.ts',
  'generation-failures.test.ts',
  'generation-mureka.test.ts',
  'autodj-planning-workflow.test.ts',
  'maintenance-workflows.test.ts',
  'schedules.test.ts',
];

module.exports = {
  // Integration tests wait for real workflows; unit tests finish long before this.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
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
    {
      displayName: 'integration-cluster',
      testEnvironment: 'node',
      transform,
      testMatch: CLUSTER_SUITES.map((name) => `<rootDir>/test/integration/${name}`),
      globalSetup: '<rootDir>/test/support/cluster-global-setup.ts',
      setupFiles: ['<rootDir>/test/support/cluster-environment.ts'],
    },
  ],
};

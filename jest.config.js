/**
 * Two projects: `unit` (no database) and `e2e` (the GraphQL API against a real
 * PostgreSQL: TEST_DATABASE_URL, DATABASE_URL, or an embedded one started by the global
 * setup). Each e2e test file works in its own database cloned from a migrated, seeded
 * template, so files run in parallel. A third, `browser`, drives the explorer pages in
 * Debian's Chromium (/usr/bin/chromium) against a real server, the same way.
 */
// Every file fails on a broken connection rule: concurrent queries on one connection, pg's
// deprecation warning about them, or a query outside the transaction its caller is in
// (db-guard.ts); and when it leaves a socket, server, timer or child process open after its
// tests, which would make jest force a worker to exit at the end of the run (environment.js).
const guard = ['<rootDir>/test/support/db-guard.ts'];

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  transform: { '^.+\\.ts$': swc },
  maxWorkers: process.env.JEST_WORKERS || 2,
  // Each test file loads the app's modules afresh, so a worker's heap grows with every file
  // (past 1 GB over the e2e files); a worker that large takes longer than jest's 500 ms to
  // exit at the end of the run and is force-exited. Past this it is replaced between files
  // (600 MB still let a fresh clone's run end with a forced exit in two of five runs).
  workerIdleMemoryLimit: '400MB',
  // A global option (projects ignore it): e2e files wait on a real database and a job queue.
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: guard,
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: guard,
      testTimeout: 60000,
    },
    {
      // The explorer pages in Debian's Chromium (playwright-core), against a real server.
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      transform: { '^.+\\.ts$': swc },
      testEnvironment: '<rootDir>/test/support/environment.js',
      setupFilesAfterEnv: guard,
      testTimeout: 120000,
    },
  ],
};

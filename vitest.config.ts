import os from 'node:os';
import { openapiDrift } from 'openapi-drift/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Adds contract-tests/ to `include` and re-runs a client's contract test when anything in its
  // folder changes (snapshot, config, tree), as in any repository that uses openapi-drift.
  plugins: [openapiDrift()],
  test: {
    include: ['test/**/*.test.ts'],
    // The package's own end-to-end tests run real generators, Vitest and npm in subprocesses.
    // A safety net for a test that hangs, never a measure of speed: a test must pass as well on a
    // machine busy with two other suites as on an idle one, so no test sets a shorter limit.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Vitest's default leaves a core idle (cores - 1). A contract test mostly waits for its
    // generation child process, so one test file per core keeps every core busy.
    maxWorkers: os.availableParallelism(),
  },
});

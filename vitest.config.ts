import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    // Contract tests regenerate real clients in child processes; the slowest take seconds.
    testTimeout: 60_000,
    // Vitest's default leaves a core idle (cores - 1). A contract test mostly waits for its
    // generation child process, so one test file per core keeps every core busy.
    maxWorkers: os.availableParallelism(),
    hookTimeout: 60_000,
    // In watch mode, a change in clients/<name>/ (snapshot, config, tree) re-runs that client's
    // contract test: the test file does not import those files, so Vitest would not know.
    watchTriggerPatterns: [
      {
        pattern: /[/\\]clients[/\\]([^/\\]+)[/\\]/,
        testsToRun: (_file, match) => `contract-tests/${match[1]}.contract.test.ts`,
      },
    ],
  },
});

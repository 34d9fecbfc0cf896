// The unit tests of the pure modules, for `npm run mutate` (Stryker): no subprocesses, no temp projects.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/tree.test.ts', 'test/canonicalize.test.ts', 'test/fingerprint.test.ts', 'test/changelog/*.test.ts'],
    exclude: ['test/changelog/real-specs.test.ts'],
    // Instrumented code is slower, and the machine is shared.
    testTimeout: 60_000,
  },
});

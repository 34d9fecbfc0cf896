// The tests of the modules `npm run mutate` (Stryker) mutates: the unit tests of the pure modules,
// the in-process tests of each mutated stage (test/unit/<stage>/: real files in temp folders, the
// real compiler and formatters, a real HTTP server on 127.0.0.1), and the tests of links, contract
// tests, the numbers a user gives, strict UTF-8 and recorded reads. The canary tests
// read a client's layout through the generation child, which loads the sandbox's instrumented code
// (so the sandbox lies outside node_modules: see stryker.config.mjs).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/tree.test.ts',
      'test/canonicalize.test.ts',
      'test/fingerprint.test.ts',
      'test/changelog/*.test.ts',
      'test/canary-secrets.test.ts',
      'test/canary-validate.test.ts',
      'test/canary.e2e.test.ts',
      'test/canary-limits.e2e.test.ts',
      'test/user-numbers.test.ts',
      'test/snapshot-bytes.test.ts',
      'test/links.e2e.test.ts',
      'test/contracts.test.ts',
      'test/read-recorder.test.ts',
      'test/client-name.test.ts',
      'test/vitest-check.test.ts',
      'test/unit/**/*.test.ts',
    ],
    exclude: ['test/changelog/real-specs.test.ts'],
    // Instrumented code is slower, and the machine is shared.
    testTimeout: 60_000,
  },
});

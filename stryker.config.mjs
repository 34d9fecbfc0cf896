// `npm run mutate`: mutation testing of the pure modules (the tree comparison, canonical JSON and
// YAML, the fingerprint's diagnosis, the changelog's rules) and of the newer stages' modules whose
// tests run in process (the canary's plan, text, findings and report; numbers a user gives; strict
// UTF-8; link refusals and contract tests; the type check's cache; recorded reads) against the
// tests that cover them (vitest.mutation.config.ts). Slow; not in CI.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'packages/openapi-drift/src/compare/tree.ts',
    'packages/openapi-drift/src/compare/fingerprint.ts',
    'packages/openapi-drift/src/snapshot/json-tree.ts',
    'packages/openapi-drift/src/snapshot/canonicalize.ts',
    'packages/openapi-drift/src/snapshot/read-json.ts',
    'packages/openapi-drift/src/snapshot/read-yaml.ts',
    'packages/openapi-drift/src/changelog/change-rules.ts',
    'packages/openapi-drift/src/changelog/format-markdown.ts',
    'packages/openapi-drift/src/canary/config.ts',
    'packages/openapi-drift/src/canary/plan.ts',
    'packages/openapi-drift/src/canary/text.ts',
    'packages/openapi-drift/src/openapi/pointer.ts',
    'packages/openapi-drift/src/canary/findings.ts',
    'packages/openapi-drift/src/canary/result.ts',
    'packages/openapi-drift/src/canary/report.ts',
    'packages/openapi-drift/src/canary/request.ts',
    'packages/openapi-drift/src/openapi/schema-prepare.ts',
    'packages/openapi-drift/src/core/user-numbers.ts',
    'packages/openapi-drift/src/core/read-recorder.ts',
    'packages/openapi-drift/src/snapshot/utf8.ts',
    'packages/openapi-drift/src/project/clients.ts',
    'packages/openapi-drift/src/project/contract-tests.ts',
    'packages/openapi-drift/src/project/client-record.ts',
    'packages/openapi-drift/src/typecheck/result-cache.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress'],
  // Not under node_modules: Node strips types only outside it, and the generation and formatter
  // children run the sandbox's .ts files directly (under node_modules they fail to load, and every
  // test that reads a client's layout fails the initial run).
  tempDirName: '.stryker-tmp',
  timeoutMS: 60_000,
};

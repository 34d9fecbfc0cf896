// `npm run mutate`: mutation testing of the pure modules (the tree comparison, canonical JSON and
// YAML, the fingerprint's diagnosis, the changelog's rules) against their unit tests. Slow; not in CI.
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
  ],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress'],
  tempDirName: 'node_modules/.cache/stryker-tmp',
  timeoutMS: 60_000,
};

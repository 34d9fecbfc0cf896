// `npm run mutate`: mutation testing of the pure modules (the tree comparison, canonical JSON and
// YAML, the fingerprint's diagnosis, the changelog's rules, numbers a user gives, strict UTF-8,
// recorded reads) and of the stages whose mistakes ship a false green, a leaked secret or a wrong
// exit code: canary/, impact/, typecheck/, format/, project/, lifecycle/, update/. Each is covered by
// its in-process tests in test/unit/<stage>/ (vitest.mutation.config.ts). Slow; not in CI. One stage:
//   npm run mutate -- --mutate 'packages/openapi-drift/src/canary/**/*.ts'
// A survivor that cannot change behaviour is marked where it stands, with the reason:
//   // Stryker disable next-line <Mutator>: equivalent, <why>
// The scores per stage are in docs/promises.md.
const src = 'packages/openapi-drift/src';
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    `${src}/compare/tree.ts`,
    `${src}/compare/fingerprint.ts`,
    `${src}/snapshot/json-tree.ts`,
    `${src}/snapshot/canonicalize.ts`,
    `${src}/snapshot/read-json.ts`,
    `${src}/snapshot/read-yaml.ts`,
    `${src}/snapshot/utf8.ts`,
    `${src}/changelog/change-rules.ts`,
    `${src}/changelog/format-markdown.ts`,
    `${src}/openapi/pointer.ts`,
    `${src}/openapi/schema-prepare.ts`,
    `${src}/core/user-numbers.ts`,
    `${src}/core/read-recorder.ts`,
    `${src}/canary/**/*.ts`,
    `${src}/impact/**/*.ts`,
    `${src}/typecheck/**/*.ts`,
    `${src}/format/**/*.ts`,
    `${src}/project/**/*.ts`,
    `${src}/lifecycle/**/*.ts`,
    `${src}/update/**/*.ts`,
  ],
  // Not copied into a sandbox: other runs' sandboxes and the reports.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation.json' },
  // Not under node_modules: Node strips types only outside it, and the generation and formatter
  // children run the sandbox's .ts files directly (under node_modules they fail to load, and every
  // test that reads a client's layout fails the initial run).
  tempDirName: '.stryker-tmp',
  timeoutMS: 60_000,
  // A mutant can turn a loop into one that never ends and keeps allocating: within the timeout it
  // would take all of the machine's memory. With a bounded heap it fails its tests instead.
  testRunnerNodeArgs: ['--max-old-space-size=4096'],
};

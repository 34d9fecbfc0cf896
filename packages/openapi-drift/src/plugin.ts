// `openapi-drift/plugin`: what a repository's vitest.config adds so that Vitest runs the contract
// tests, in every configuration (plain, `test.projects`, `--project`, `related`, `--changed`, watch),
// and writes a client's tree only on an explicit update (see plugin/plugin.ts).
//
//   import { defineConfig } from 'vitest/config';
//   import { openapiDrift } from 'openapi-drift/plugin';
//   export default defineConfig({ plugins: [openapiDrift()], test: { include: ['test/**/*.test.ts'] } });
export { openapiDrift } from './plugin/plugin.ts';
export type { OpenapiDriftPluginOptions } from './plugin/plugin.ts';
export { CONTRACT_TESTS_GLOB } from './project/plugin-settings.ts';
export { CONTRACT_TEST_SUFFIX } from './project/contract-tests.ts';

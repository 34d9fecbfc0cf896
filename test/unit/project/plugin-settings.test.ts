// The names the plugin gives a repository's Vitest config: the plugin is called openapi-drift, a
// config with its own include gains the glob of the contract tests (which matches every contract
// test's path), and a config with projects gains a project named openapi-drift, so that
// `vitest --project openapi-drift` selects the contract tests.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openapiDrift } from '../../../packages/openapi-drift/src/plugin/plugin.ts';
import { contractTestPath } from '../../../packages/openapi-drift/src/project/contract-tests.ts';
import { CONTRACT_PROJECT, CONTRACT_TESTS_GLOB, PLUGIN_NAME } from '../../../packages/openapi-drift/src/project/plugin-settings.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-plugin-settings-'));
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

type Config = { root?: string; test?: { include?: string[]; projects?: unknown[] } };

test('the plugin is named openapi-drift', () => {
  expect(PLUGIN_NAME).toBe('openapi-drift');
  expect(openapiDrift({ root }).name).toBe('openapi-drift');
});

test('a config with its own include gains the glob of the contract tests, which matches each contract test', async () => {
  const config: Config = { root, test: { include: ['src/**/*.test.ts'] } };
  await openapiDrift({ root }).config(config as never);
  expect(config.test?.include).toEqual(['src/**/*.test.ts', 'contract-tests/**/*.test.ts']);
  expect(CONTRACT_TESTS_GLOB).toBe('contract-tests/**/*.test.ts');
  for (const name of ['petstore', 'has#hash']) expect(path.matchesGlob(contractTestPath(name), CONTRACT_TESTS_GLOB)).toBe(true);
});

test('a config with projects gains the project openapi-drift, holding the contract tests', async () => {
  const config: Config = { root, test: { projects: [{ test: { name: 'unit' } }] } };
  await openapiDrift({ root }).config(config as never);
  expect(CONTRACT_PROJECT).toBe('openapi-drift');
  expect(config.test?.projects).toHaveLength(2);
  expect(config.test?.projects?.[1]).toMatchObject({ test: { name: 'openapi-drift', root, include: ['contract-tests/**/*.test.ts'] } });
});

// Whether the repository's own Vitest runs the contract tests, as Vitest itself lists them: a
// repository without a Vitest config gets one that uses the plugin, a config without the plugin or
// one that leaves a contract test out is a warning with the fix, a config Vitest cannot load is
// quoted, and a repository without Vitest is told how to install it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { checkVitestRunsContractTests, describeVitestVerdict, NEW_VITEST_CONFIG, readyToTest, type VitestVerdict } from '../../../packages/openapi-drift/src/project/vitest-check.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PLAIN_CONFIG = "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['contract-tests/**/*.test.ts'] } });\n";

let root: string;
let tests: string[];
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-vitest-check-'));
  await fs.writeFile(path.join(root, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  await fs.mkdir(path.join(root, 'contract-tests'));
  tests = ['alpha', 'beta'].map((name) => path.join(root, 'contract-tests', `${name}.contract.test.ts`));
  for (const file of tests) await fs.writeFile(file, "import { test } from 'vitest';\ntest('x', () => {});\n");
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fs.rm(root, { recursive: true, force: true });
});

test('a repository without a Vitest config gets one that uses the plugin, and Vitest then runs every contract test', async () => {
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toEqual({ runs: true, usesPlugin: true, wroteConfig: 'vitest.config.ts' });
  expect(await fs.readFile(path.join(root, 'vitest.config.ts'), 'utf8')).toBe(NEW_VITEST_CONFIG);
  expect(readyToTest(verdict)).toBe(true);
  expect(describeVitestVerdict(verdict)).toBe('wrote vitest.config.ts (the repository had no Vitest config): it uses the openapi-drift plugin\n');
  // Asked again, the config is there: nothing is written.
  expect(await checkVitestRunsContractTests(root, tests)).toEqual({ runs: true, usesPlugin: true });
});

test('a config that collects the contract tests without the plugin runs them, and is told to add the plugin', async () => {
  await fs.writeFile(path.join(root, 'vitest.config.mjs'), PLAIN_CONFIG);
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toEqual({ runs: true, usesPlugin: false });
  expect(readyToTest(verdict)).toBe(false);
  const text = describeVitestVerdict(verdict);
  expect(text).toMatch(/^warning: Vitest collects the contract tests, but its config does not use the openapi-drift plugin, so they fail until it does\. To fix it, add the openapi-drift plugin to the repository's Vitest config;/);
  expect(text).toContain("import { openapiDrift } from 'openapi-drift/plugin';");
  expect(text.endsWith('});\n')).toBe(true);
});

test('a Vitest outside the tested versions is refused by name before it is asked anything', async () => {
  await fs.rm(path.join(root, 'node_modules'));
  await fs.mkdir(path.join(root, 'node_modules', 'vitest'), { recursive: true });
  await fs.writeFile(path.join(root, 'node_modules', 'vitest', 'package.json'), '{ "name": "vitest", "version": "1.0.0" }\n');
  await expect(checkVitestRunsContractTests(root, tests)).rejects.toThrow(/^vitest 1\.0\.0 is installed; this openapi-drift is tested with vitest /);
  expect((await fs.readdir(root)).sort()).toEqual(['contract-tests', 'node_modules', 'package.json']);
});

test('a vite.config that leaves a contract test out is named, with the one left out and the fix', async () => {
  await fs.writeFile(path.join(root, 'vite.config.mts'), PLAIN_CONFIG.replace('contract-tests/**/*.test.ts', 'contract-tests/alpha.contract.test.ts'));
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toMatchObject({ runs: false, reason: "the repository's Vitest config (vite.config.mts) does not include contract-tests/beta.contract.test.ts, so `npm test` would pass without checking it" });
  expect(readyToTest(verdict)).toBe(false);
  expect(describeVitestVerdict(verdict)).toMatch(
    /^warning: the repository's Vitest config \(vite\.config\.mts\) does not include contract-tests\/beta\.contract\.test\.ts, so `npm test` would pass without checking it\.\nTo fix it, add the openapi-drift plugin/,
  );
});

test('a config Vitest cannot load is quoted from what vitest list said', async () => {
  await fs.writeFile(path.join(root, 'vitest.config.js'), "throw new Error('config exploded');\n");
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict.runs).toBe(false);
  const reason = verdict.runs === false ? verdict.reason : '';
  const said = /^the repository's Vitest config \(vitest\.config\.js\) does not include contract-tests\/alpha\.contract\.test\.ts, contract-tests\/beta\.contract\.test\.ts, so `npm test` would pass without checking it \(vitest list said: (.+)\)$/.exec(reason)?.[1];
  // The last three lines of what it said (here, of the stack of the config's error), on one line.
  expect(said).toBeDefined();
  expect(said).not.toContain('\n');
  // Plain words: no colour codes in a message meant for a terminal, a log or a CI annotation.
  expect(said).not.toContain('\u001b');
  expect(said?.match(/ at /g)).toHaveLength(3);
  // Each line kept whole, a space between them: Node's stack lines are indented by four.
  expect(said?.match(/\) {5}at /g)).toHaveLength(2);
});

test('a config that collects none of them says so without quoting Vitest, whose output holds no error', async () => {
  await fs.writeFile(path.join(root, 'vitest.config.mjs'), PLAIN_CONFIG.replace('contract-tests/**/*.test.ts', 'src/**/*.test.ts'));
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toMatchObject({
    runs: false,
    reason: "the repository's Vitest config (vitest.config.mjs) does not include contract-tests/alpha.contract.test.ts, contract-tests/beta.contract.test.ts, so `npm test` would pass without checking it",
  });
});

test('a config that prints the word error while Vitest lists a contract test is not quoted as a failure', async () => {
  await fs.writeFile(path.join(root, 'vitest.config.mjs'), `console.log('reporters: error-summary');\n${PLAIN_CONFIG.replace('contract-tests/**/*.test.ts', 'contract-tests/alpha.contract.test.ts')}`);
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toMatchObject({
    runs: false,
    reason: "the repository's Vitest config (vitest.config.mjs) does not include contract-tests/beta.contract.test.ts, so `npm test` would pass without checking it",
  });
});

test('the folder Vitest writes its list into is removed', async () => {
  const temporary = path.join(root, 'tmp');
  await fs.mkdir(temporary);
  vi.stubEnv('TMPDIR', temporary);
  await fs.writeFile(path.join(root, 'vitest.config.mjs'), PLAIN_CONFIG);
  expect(await checkVitestRunsContractTests(root, tests)).toEqual({ runs: true, usesPlugin: false });
  expect((await fs.readdir(temporary)).filter((name) => name.startsWith('openapi-drift-'))).toEqual([]);
});

test('a repository without Vitest is told how to install it, and nothing is written', async () => {
  await fs.rm(path.join(root, 'node_modules'));
  const verdict = await checkVitestRunsContractTests(root, tests);
  expect(verdict).toEqual({
    runs: false,
    reason: 'Vitest is not installed in this repository, so nothing runs the contract tests',
    advice: 'npm i -D vitest, then add "test": "vitest run" to package.json',
  });
  expect(describeVitestVerdict(verdict)).toBe('warning: Vitest is not installed in this repository, so nothing runs the contract tests.\nTo fix it, npm i -D vitest, then add "test": "vitest run" to package.json\n');
  expect((await fs.readdir(root)).sort()).toEqual(['contract-tests', 'package.json']);
});

test('ready to test only when Vitest runs the contract tests with the plugin', () => {
  const verdicts: Array<[VitestVerdict, boolean, string]> = [
    [{ runs: true, usesPlugin: true }, true, ''],
    [{ runs: true, usesPlugin: false }, false, 'warning: Vitest collects'],
    [{ runs: false, reason: 'r', advice: 'a' }, false, 'warning: r.\nTo fix it, a\n'],
  ];
  for (const [verdict, ready, text] of verdicts) {
    expect(readyToTest(verdict)).toBe(ready);
    expect(describeVitestVerdict(verdict).startsWith(text)).toBe(true);
    if (text === '' || text.endsWith('\n')) expect(describeVitestVerdict(verdict)).toBe(text);
  }
});

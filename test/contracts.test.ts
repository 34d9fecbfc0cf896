// The generated contract-tests/ folder, where clients are found, and the self-check.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { findClients } from '../packages/openapi-drift/src/project/clients.ts';
import { checkContractTests, contractTestSource, describeContractProblems, writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';

let root: string;
const entry = (name: string, shown = `clients/${name}`) => ({ name, dir: path.join(root, shown), shown });
const testFile = (name: string) => path.join(root, 'contract-tests', `${name}.contract.test.ts`);

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-contracts-'));
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) await fs.mkdir(path.join(root, 'clients', name), { recursive: true });
  await fs.mkdir(path.join(root, 'contract-tests'));
  await fs.writeFile(testFile('alpha'), contractTestSource({ root }, entry('alpha')));
  // Generated once, for an older layout: still carries the header, so it is openapi-drift's to rewrite.
  await fs.writeFile(testFile('gamma'), contractTestSource({ root }, entry('gamma')).replace("'openapi-drift/vitest'", "'../src/index.ts'"));
  // Edited by the team (header removed): theirs, never flagged or rewritten.
  await fs.writeFile(testFile('delta'), "import { describeClientContract } from 'openapi-drift/vitest';\nawait describeClientContract(new URL('../clients/delta/', import.meta.url), { timeoutMs: 600_000 });\n");
  await fs.writeFile(testFile('removed'), contractTestSource({ root }, entry('removed')));
  await fs.writeFile(path.join(root, 'contract-tests', 'every-client.test.ts'), '// not generated\n');
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

test('a client without a contract test, an outdated one and an orphan are each reported with the fix', async () => {
  const problems = await checkContractTests({ root });
  expect(problems).toEqual([
    { client: 'beta', problem: 'no contract test', shown: 'clients/beta' },
    { client: 'gamma', problem: 'outdated contract test', shown: 'clients/gamma' },
    { client: 'removed', problem: 'no client', shown: 'removed' },
  ]);
  const message = describeContractProblems(problems);
  expect(message).toContain('clients/beta has no contract test (contract-tests/beta.contract.test.ts)');
  expect(message).toContain('contract-tests/removed.contract.test.ts has no client folder');
  expect(message).toContain('npx openapi-drift contracts');
});

test('writing the contract tests fixes every problem and leaves the team\'s own files alone', async () => {
  const delta = await fs.readFile(testFile('delta'), 'utf8');
  const result = await writeContractTests({ root });
  expect(result).toEqual({ written: ['beta', 'gamma'], removed: ['removed'], unchanged: ['alpha', 'delta'] });
  expect(await checkContractTests({ root })).toEqual([]);
  expect((await fs.readdir(path.join(root, 'contract-tests'))).sort()).toEqual([
    'alpha.contract.test.ts',
    'beta.contract.test.ts',
    'delta.contract.test.ts',
    'every-client.test.ts',
    'gamma.contract.test.ts',
  ]);
  expect(await fs.readFile(path.join(root, 'contract-tests', 'every-client.test.ts'), 'utf8')).toBe('// not generated\n');
  expect(await fs.readFile(testFile('delta'), 'utf8')).toBe(delta);
  expect(await writeContractTests({ root })).toEqual({ written: [], removed: [], unchanged: ['alpha', 'beta', 'delta', 'gamma'] });
});

test('a contract test file that no longer declares its client is reported, never rewritten', async () => {
  await fs.writeFile(testFile('beta'), '[{ "file": "overwritten by a command\'s output" }]\n');
  const problems = await checkContractTests({ root });
  expect(problems).toContainEqual({ client: 'beta', problem: 'not a contract test', shown: 'clients/beta' });
  expect(describeContractProblems(problems)).toContain('contract-tests/beta.contract.test.ts does not call describeClientContract, so nothing checks clients/beta');
  await writeContractTests({ root });
  expect(await fs.readFile(testFile('beta'), 'utf8')).toContain('overwritten by a command');
});

test('a contract test is a few lines that import the package by name for its client', () => {
  const source = contractTestSource({ root }, entry('petstore'));
  expect(source.split('\n').length).toBeLessThan(8);
  expect(source).toContain("import { describeClientContract } from 'openapi-drift/vitest';");
  expect(source).toContain("await describeClientContract(new URL('../clients/petstore/', import.meta.url));");
});

test('a line break in a client folder\'s name stays inside the header comment: it can never become code', () => {
  const source = contractTestSource({ root }, entry('evil\nprocess.exit(0)\r\nx'));
  const lines = source.split('\n');
  expect(lines).toHaveLength(5);
  expect(lines[0]).toMatch(/^\/\/ Generated by .*evil process\.exit\(0\)  x against its OpenAPI snapshot\.$/);
  expect(source).not.toContain('\r');
});

describe('client folders with characters that mean something in a URL or a string', () => {
  test.each(['has#hash', 'has?query', 'has%percent', "it's"])('%s: the URL in the contract test leads back to the folder', (name) => {
    const source = contractTestSource({ root }, entry(name));
    const literal = /new URL\('([^']*)'/.exec(source)?.[1];
    expect(literal).toBeDefined();
    const resolved = fileURLToPath(new URL(literal as string, pathToFileURL(testFile(name))));
    expect(resolved).toBe(`${path.join(root, 'clients', name)}${path.sep}`);
  });
});

describe('where clients are found', () => {
  test('folders of clients/ and the folders openapi-drift.config.json names, globs included', async () => {
    await fs.mkdir(path.join(root, 'packages', 'api', 'src'), { recursive: true });
    await fs.mkdir(path.join(root, 'services', 'billing'), { recursive: true });
    await fs.mkdir(path.join(root, 'services', 'users'), { recursive: true });
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), JSON.stringify({ clients: ['packages/api', 'services/*'] }));
    const clients = await findClients({ root });
    expect(clients.map((client) => [client.name, client.shown])).toEqual([
      ['alpha', 'clients/alpha'],
      ['api', 'packages/api'],
      ['beta', 'clients/beta'],
      ['billing', 'services/billing'],
      ['delta', 'clients/delta'],
      ['gamma', 'clients/gamma'],
      ['users', 'services/users'],
    ]);
  });

  test('two configured folders of one name are refused, naming both', async () => {
    await fs.mkdir(path.join(root, 'a', 'api'), { recursive: true });
    await fs.mkdir(path.join(root, 'b', 'api'), { recursive: true });
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), JSON.stringify({ clients: ['a/api', 'b/api'] }));
    await expect(findClients({ root })).rejects.toThrow('two clients are named api: a/api and b/api');
  });

  test('a configured folder that does not exist or lies outside the repository is refused', async () => {
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), JSON.stringify({ clients: ['packages/gone'] }));
    await expect(findClients({ root })).rejects.toThrow('client folder packages/gone does not exist');
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), JSON.stringify({ clients: ['../elsewhere'] }));
    await expect(findClients({ root })).rejects.toThrow('client folder ../elsewhere lies outside the repository');
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), JSON.stringify({ clients: 'packages/api' }));
    await expect(findClients({ root })).rejects.toThrow('"clients" is a list of folder paths or globs');
  });

  test('a linked client folder is reported by name, never skipped or written through', async () => {
    const elsewhere = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-linked-'));
    try {
      await fs.symlink(elsewhere, path.join(root, 'clients', 'billing'));
      const problems = await checkContractTests({ root });
      expect(problems).toContainEqual({ client: 'billing', problem: 'linked client folder', shown: 'clients/billing' });
      expect(describeContractProblems(problems)).toContain('clients/billing is a symbolic link');
      await expect(writeContractTests({ root })).rejects.toThrow('clients/billing is a symbolic link');
      expect(await fs.readdir(elsewhere)).toEqual([]);
    } finally {
      await fs.rm(elsewhere, { recursive: true, force: true });
    }
  });
});

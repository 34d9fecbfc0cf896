// The generated contract-tests/ folder and its self-check.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { checkContractTests, contractTestSource, describeContractProblems, writeContractTests } from '../src/contracts.ts';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-contracts-'));
  for (const name of ['alpha', 'beta', 'gamma']) await fs.mkdir(path.join(root, 'clients', name), { recursive: true });
  await fs.mkdir(path.join(root, 'contract-tests'));
  await fs.writeFile(path.join(root, 'contract-tests', 'alpha.contract.test.ts'), contractTestSource('alpha'));
  await fs.writeFile(path.join(root, 'contract-tests', 'gamma.contract.test.ts'), '// edited by hand\n');
  await fs.writeFile(path.join(root, 'contract-tests', 'removed.contract.test.ts'), contractTestSource('removed'));
  await fs.writeFile(path.join(root, 'contract-tests', 'every-client.test.ts'), '// not generated\n');
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

test('a client without a contract test, an outdated one and an orphan are each reported with the fix', async () => {
  const problems = await checkContractTests({ root });
  expect(problems).toEqual([
    { client: 'beta', problem: 'no contract test' },
    { client: 'gamma', problem: 'outdated contract test' },
    { client: 'removed', problem: 'no client' },
  ]);
  const message = describeContractProblems(problems);
  expect(message).toContain('clients/beta has no contract test (contract-tests/beta.contract.test.ts)');
  expect(message).toContain('contract-tests/removed.contract.test.ts has no client folder clients/removed');
  expect(message).toContain('npx openapi-drift contracts');
});

test('writing the contract tests fixes every problem and touches nothing else', async () => {
  const result = await writeContractTests({ root });
  expect(result).toEqual({ written: ['beta', 'gamma'], removed: ['removed'], unchanged: ['alpha'] });
  expect(await checkContractTests({ root })).toEqual([]);
  expect((await fs.readdir(path.join(root, 'contract-tests'))).sort()).toEqual([
    'alpha.contract.test.ts',
    'beta.contract.test.ts',
    'every-client.test.ts',
    'gamma.contract.test.ts',
  ]);
  expect(await fs.readFile(path.join(root, 'contract-tests', 'every-client.test.ts'), 'utf8')).toBe('// not generated\n');
  expect(await writeContractTests({ root })).toEqual({ written: [], removed: [], unchanged: ['alpha', 'beta', 'gamma'] });
});

test('a contract test is a few lines that call the library for its client', () => {
  const source = contractTestSource('petstore');
  expect(source.split('\n').length).toBeLessThan(8);
  expect(source).toContain("await describeClientContract(new URL('../clients/petstore/', import.meta.url));");
});

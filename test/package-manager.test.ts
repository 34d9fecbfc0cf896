// Every command openapi-drift prints is written for the repository's package manager, told by the
// `packageManager` field of package.json or else by the lockfile, in real temp folders.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commandFor, packageManagerOf } from '../packages/openapi-drift/src/core/package-manager.ts';
import { installCommand } from '../packages/openapi-drift/src/core/peers.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-package-manager-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A repository with these files, and a client folder two levels down from where commands are asked. */
async function repository(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(tmp, name);
  await fs.mkdir(path.join(root, 'packages/api'), { recursive: true });
  for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(root, file), text);
  return path.join(root, 'packages/api');
}

const spellings = (dir: string) => [
  commandFor(dir, { tool: 'vitest', args: ['run', 'contract-tests/api.contract.test.ts', '-u'] }),
  commandFor(dir, { script: 'test' }),
  commandFor(dir, { tool: 'openapi-drift', args: ['sync', 'api'] }),
  installCommand(dir, ['prettier@^3.10.0']),
];

test.each<{ description: string; files: Record<string, string>; manager: string; expected: string[] }>([
  {
    description: 'npm, by its lockfile',
    files: { 'package.json': '{}', 'package-lock.json': '{}' },
    manager: 'npm',
    expected: ['npx vitest run contract-tests/api.contract.test.ts -u', 'npm test', 'npx openapi-drift sync api', 'npm i -D prettier@^3.10.0'],
  },
  {
    description: 'a pnpm workspace: add at its root needs -w',
    files: { 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'pnpm-workspace.yaml': 'packages:\n  - packages/*\n' },
    manager: 'pnpm',
    expected: ['pnpm exec vitest run contract-tests/api.contract.test.ts -u', 'pnpm test', 'pnpm exec openapi-drift sync api', 'pnpm add -D -w prettier@^3.10.0'],
  },
  {
    description: 'pnpm without a workspace',
    files: { 'package.json': '{}', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" },
    manager: 'pnpm',
    expected: ['pnpm exec vitest run contract-tests/api.contract.test.ts -u', 'pnpm test', 'pnpm exec openapi-drift sync api', 'pnpm add -D prettier@^3.10.0'],
  },
  {
    description: 'Yarn 1 workspaces, by the packageManager field (no lockfile yet): add at the root needs -W',
    files: { 'package.json': '{ "packageManager": "yarn@1.22.22", "workspaces": ["packages/*"] }' },
    manager: 'yarn',
    expected: ['yarn vitest run contract-tests/api.contract.test.ts -u', 'yarn test', 'yarn openapi-drift sync api', 'yarn add -D -W prettier@^3.10.0'],
  },
  {
    description: 'Yarn 4 workspaces: no -W',
    files: { 'package.json': '{ "packageManager": "yarn@4.5.0", "workspaces": ["packages/*"] }', 'yarn.lock': '' },
    manager: 'yarn',
    expected: ['yarn vitest run contract-tests/api.contract.test.ts -u', 'yarn test', 'yarn openapi-drift sync api', 'yarn add -D prettier@^3.10.0'],
  },
  {
    description: 'the packageManager field wins over a stray lockfile',
    files: { 'package.json': '{ "packageManager": "pnpm@9.12.0" }', 'package-lock.json': '{}' },
    manager: 'pnpm',
    expected: ['pnpm exec vitest run contract-tests/api.contract.test.ts -u', 'pnpm test', 'pnpm exec openapi-drift sync api', 'pnpm add -D prettier@^3.10.0'],
  },
])('$description', async ({ description, files, manager, expected }) => {
  const dir = await repository(description.replace(/[^a-z0-9]+/gi, '-'), files);
  expect(packageManagerOf(dir)).toBe(manager);
  expect(spellings(dir)).toEqual(expected);
});

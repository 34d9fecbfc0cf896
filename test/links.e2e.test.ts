// No command reads or writes a client or its contract tests through a symbolic link, also in a
// checkout without .git (a CI artifact, a tarball): the repository's top is then the folder of the
// package.json or openapi-drift.config.json above the client. The links' targets are left as they were.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { assertNoLinkedFolders } from '../packages/openapi-drift/src/compare/tree.ts';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { createTempProject, REPO, type TempProject } from './helpers/temp-project.ts';

let outside: string;
beforeAll(async () => {
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-outside-'));
});
afterAll(() => fs.rm(outside, { recursive: true, force: true }));

/** Every file under `dir` with its content, to show that nothing there changed. */
async function contents(dir: string): Promise<Record<string, string>> {
  const files = (await fs.readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  return Object.fromEntries(await Promise.all(files.map(async (entry) => [path.relative(dir, path.join(entry.parentPath, entry.name)), await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8')])));
}

async function cli(project: TempProject, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(args, { cwd: project.root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('a checkout without .git', () => {
  let project: TempProject;
  let target: string;
  beforeAll(async () => {
    project = await createTempProject([]);
    // clients/ is a link to a folder elsewhere that holds a client.
    target = path.join(outside, 'clients-elsewhere');
    await fs.cp(path.join(REPO, 'clients', 'petstore'), path.join(target, 'petstore'), { recursive: true });
    await fs.rm(path.join(project.root, 'clients'), { recursive: true });
    await fs.symlink(target, path.join(project.root, 'clients'));
  });
  afterAll(() => project?.remove());

  test('a linked clients/ is refused by every command that reads or writes clients, and its target is untouched', async () => {
    const before = await contents(target);
    for (const args of [['check'], ['check', 'petstore'], ['contracts'], ['sync', 'petstore']]) {
      const result = await cli(project, args);
      expect(result.stderr, args.join(' ')).toContain('clients is a symbolic link');
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(await contents(target)).toEqual(before);
  });

  test('a folder above the client that is a link is refused where the tree is written (-u), up to the package.json', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-nogit-'));
    try {
      await fs.writeFile(path.join(root, 'package.json'), '{}\n');
      await fs.mkdir(path.join(outside, 'packages-elsewhere', 'api', 'src', 'client'), { recursive: true });
      await fs.symlink(path.join(outside, 'packages-elsewhere'), path.join(root, 'packages'));
      const clientDir = path.join(root, 'packages', 'api');
      const error = await assertNoLinkedFolders(path.join(clientDir, 'src', 'client'), clientDir, root).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('packages is a symbolic link');
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

test('contract-tests/ as a link: contracts refuses, writing and deleting nothing in the target', async () => {
  const project = await createTempProject(['petstore']);
  try {
    const target = path.join(outside, 'tests-elsewhere');
    await fs.mkdir(target);
    // A file there that carries the generated header: `contracts` would delete it as an orphan.
    await fs.writeFile(path.join(target, 'gone.contract.test.ts'), (await fs.readFile(path.join(project.root, 'contract-tests', 'petstore.contract.test.ts'), 'utf8')).replace('petstore', 'gone'));
    await fs.rm(path.join(project.root, 'contract-tests'), { recursive: true });
    await fs.symlink(target, path.join(project.root, 'contract-tests'));
    const before = await contents(target);
    const result = await cli(project, ['contracts']);
    expect(result.stderr).toContain('contract-tests is a symbolic link');
    expect(result.code).toBe(2);
    expect(await contents(target)).toEqual(before);
  } finally {
    await project.remove();
  }
});

test('a client folder named in openapi-drift.config.json that is itself a link is refused by name', async () => {
  const project = await createTempProject([]);
  try {
    await fs.cp(path.join(REPO, 'clients', 'petstore'), path.join(outside, 'api-elsewhere'), { recursive: true });
    await fs.mkdir(path.join(project.root, 'packages'));
    await fs.symlink(path.join(outside, 'api-elsewhere'), path.join(project.root, 'packages', 'api'));
    await fs.writeFile(path.join(project.root, 'openapi-drift.config.json'), JSON.stringify({ clients: ['packages/api'] }));
    const result = await cli(project, ['check', 'api']);
    expect(result.stderr).toContain('packages/api is a symbolic link');
    expect(result.code).toBe(2);
  } finally {
    await project.remove();
  }
});

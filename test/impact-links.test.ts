// `impact` looks for the code that uses a client where the compiler does: also in source folders
// reached through a symbolic link (a package linked into the repository), each file once, and
// files that only re-export or require the client.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findConsumers } from '../packages/openapi-drift/src/impact/consumers.ts';
import { loadTypeScript } from '../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from './helpers/temp-project.ts';

let root: string;
let outside: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-impact-links-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-linked-src-'));
  await fs.mkdir(path.join(root, 'clients/shop/src/client'), { recursive: true });
  await fs.writeFile(path.join(root, 'clients/shop/src/client/index.ts'), 'export const listPets = () => [];\n');
  await fs.writeFile(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@shop/client': ['./clients/shop/src/client/index.ts'] } } }));
  await fs.mkdir(path.join(root, 'src'));
  await fs.writeFile(path.join(root, 'src/direct.ts'), "import { listPets } from '@shop/client';\nlistPets();\n");
  // Files that use the client without an import declaration of it: a re-export and a require.
  await fs.writeFile(path.join(root, 'src/reexport.ts'), "export * from '@shop/client';\n");
  await fs.writeFile(path.join(root, 'src/required.cts'), "const client = require('@shop/client');\nclient.listPets();\n");
  await fs.writeFile(path.join(root, 'src/unrelated.ts'), "export const answer = 42;\n");
  // A source folder that lives elsewhere, linked into the repository (and linked twice).
  await fs.writeFile(path.join(outside, 'linked.ts'), "import { listPets } from '@shop/client';\nlistPets();\n");
  await fs.symlink(outside, path.join(root, 'src/linked'));
  await fs.symlink(outside, path.join(root, 'src/linked-again'));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(outside, { recursive: true, force: true });
});

test('the files that use the client are found: through an import, a re-export or a require, and in a linked source folder, once', async () => {
  const { ts } = await loadTypeScript(REPO, '.');
  const { consumers } = await findConsumers(ts, root, path.join(root, 'clients/shop/src/client'), root);
  // The first path in sorted order stands for a file reached by two.
  expect(consumers.map((file) => path.relative(root, file))).toEqual(['src/direct.ts', 'src/linked-again/linked.ts', 'src/reexport.ts', 'src/required.cts']);
});

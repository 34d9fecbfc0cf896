// The type check's cache key: what the result depends on must change it. The lockfile by its
// content (it decides the types packages the code sees), the tsconfig nearest the client (not
// the repository's, when the client has its own) and the generated files.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { typeCheckKey } from '../packages/openapi-drift/src/typecheck/result-cache.ts';

let root: string;
let regeneration: Regeneration;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-tckey-'));
  const clientDir = path.join(root, 'clients', 'shop');
  await fs.mkdir(clientDir, { recursive: true });
  await fs.writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  await fs.writeFile(path.join(root, 'tsconfig.json'), '{"compilerOptions": {"strict": true}}\n');
  await fs.writeFile(path.join(clientDir, 'tsconfig.json'), '{"compilerOptions": {"strict": false}}\n');
  // Only what the key reads of a regeneration.
  regeneration = { clientDir, outputDir: path.join(clientDir, 'src/client'), files: new Map([['index.ts', 'export const a = 1;\n']]) } as unknown as Regeneration;
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function keyAfter(file: string, text: string): Promise<string> {
  await fs.writeFile(path.join(root, file), text);
  return typeCheckKey(regeneration);
}

test('the lockfile by its content, the tsconfig nearest the client, and the files change the key; the root tsconfig the client does not use does not', async () => {
  const first = await typeCheckKey(regeneration);
  expect(await typeCheckKey(regeneration)).toBe(first);
  const afterLockfile = await keyAfter('package-lock.json', '{"lockfileVersion": 3, "packages": {"node_modules/@types/node": {}}}\n');
  expect(afterLockfile).not.toBe(first);
  expect(await keyAfter('tsconfig.json', '{"compilerOptions": {"strict": true, "noLib": true}}\n')).toBe(afterLockfile);
  const afterClientConfig = await keyAfter('clients/shop/tsconfig.json', '{"compilerOptions": {"strict": true}}\n');
  expect(afterClientConfig).not.toBe(afterLockfile);
  regeneration.files.set('index.ts', 'export const a = 2;\n');
  expect(await typeCheckKey(regeneration)).not.toBe(afterClientConfig);
});

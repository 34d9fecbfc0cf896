// The type check's cache key follows the TypeScript installed: another version, or the same one in
// another folder, is another key.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { typeCheckKey } from '../../../packages/openapi-drift/src/typecheck/result-cache.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, regenerationOf, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-tc-key-');
});
afterEach(async () => {
  await repo?.remove();
});

test('another TypeScript, by version or by folder, is another key', async () => {
  const files = { 'index.ts': 'export const a = 1;\n' };
  const real = await typeCheckKey(regenerationOf(repo, files));
  const link = path.join(repo.root, 'node_modules', 'typescript');
  const manifest = JSON.parse(await fs.readFile(path.join(REPO, 'node_modules/typescript/package.json'), 'utf8'));
  await fs.rm(link);
  // A copy of the same version elsewhere, then another version.
  await fs.mkdir(link);
  await fs.writeFile(path.join(link, 'package.json'), JSON.stringify({ name: 'typescript', version: manifest.version }));
  const copy = await typeCheckKey(regenerationOf(repo, files));
  await fs.writeFile(path.join(link, 'package.json'), JSON.stringify({ name: 'typescript', version: '5.0.0' }));
  const older = await typeCheckKey(regenerationOf(repo, files));
  expect(new Set([real, copy, older]).size).toBe(3);
});

// The impact where no tsconfig compiles the code: the default options are used and named so; and
// without TypeScript where the client can see it, the impact says so, naming the client's folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { impactOfRegeneration } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { createTinyRepo, regenerationOf, type TinyRepo } from '../typecheck/fixture.ts';
import { CHANGELOG, CHANGES } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-impact-defaults-');
  await repo.write('clients/shop/src/client/index.ts', 'export const count: number = 1;\n');
  await repo.write('src/use.ts', "import { count } from '../clients/shop/src/client/index';\nexport const doubled: number = count * 2;\n");
});
afterEach(async () => {
  await repo?.remove();
});

test('without a tsconfig the consumers are checked with the default options', async () => {
  const report = await impactOfRegeneration(regenerationOf(repo, { 'index.ts': 'export const count: string = "1";\n' }), { ...CHANGELOG, changes: [CHANGES.a] }, { root: repo.root, displayRoot: repo.root });
  expect(report.configs).toEqual(['defaults']);
  expect(report.other.map((error) => `${path.relative(repo.root, error.file ?? '')}:${error.line}:${error.column} TS${error.code}`)).toEqual(['src/use.ts:2:32 TS2362']);
  expect(report.newErrors).toBe(1);
  expect(report.unusedBreaking).toEqual([CHANGES.a]);
});

test('without TypeScript, the client folder is named from the display root', async () => {
  await fs.rm(path.join(repo.root, 'node_modules', 'typescript'));
  const regeneration = regenerationOf(repo, {});
  await expect(impactOfRegeneration(regeneration, CHANGELOG, { root: repo.root, displayRoot: repo.root })).rejects.toThrow(/^typescript is not installed where clients\/shop can see it/);
  await expect(impactOfRegeneration(regeneration, CHANGELOG, { root: repo.root, displayRoot: repo.clientDir })).rejects.toThrow(/^typescript is not installed where \. can see it/);
});

// A formatted piece is cached under what decides its text, prettier's code included: a prettier of
// the same version with other code (a patched build) must not be served pieces another one printed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { regenerate } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { createTempProject, REPO, useOwnCache, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
beforeAll(async () => {
  project = await createTempProject(['ix-api'], 'openapi-drift-piece-key-');
  await useOwnCache(project);
  // This project's own copy of prettier, which the test may change.
  const prettier = path.join(project.root, 'node_modules', 'prettier');
  await fs.rm(prettier);
  await fs.cp(path.join(REPO, 'node_modules', 'prettier'), prettier, { recursive: true, dereference: true });
});
afterAll(() => project?.remove());

async function pieces(): Promise<{ pieces: number; formatted: number }> {
  const regeneration = await regenerate(project.clientDir('ix-api'), { displayRoot: project.root, chunkThreshold: 0 });
  const stats = regeneration.formatStats?.byDeclaration ?? [];
  return { pieces: stats.reduce((sum, file) => sum + file.pieces, 0), formatted: stats.reduce((sum, file) => sum + file.formatted, 0) };
}

test("a changed prettier of the same version formats every piece again", async () => {
  await pieces();
  const warm = await pieces();
  expect(warm.pieces).toBeGreaterThan(0);
  expect(warm.formatted).toBe(0);
  const printer = path.join(project.root, 'node_modules/prettier/plugins/typescript.mjs');
  await fs.appendFile(printer, '\n// a patched build\n');
  expect(await pieces()).toEqual({ pieces: warm.pieces, formatted: warm.pieces });
});

// The output folder as the regeneration names it, even through a link: its files are never resolved
// to their real paths elsewhere, and the folder exists for the compiler even when the regeneration
// holds no file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCheckingHost } from '../../../packages/openapi-drift/src/typecheck/overlay-host.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, type TinyRepo } from './fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-overlay-links-');
  await repo.write('clients/shop/src/client/index.ts', 'export const committed = 1;\n');
  await fs.symlink(repo.clientDir, path.join(repo.root, 'shop-link'));
});
afterAll(async () => {
  await repo?.remove();
});

test('files in an output folder reached through a link keep the path the regeneration gives them', () => {
  const dir = path.join(repo.root, 'shop-link', 'src', 'client');
  const host = createCheckingHost(ts, { noEmit: true }, new Map(), { dir, files: new Map([[path.join(dir, 'index.ts'), 'export const regenerated = 1;\n']]) });
  expect(host.realpath?.(path.join(dir, 'index.ts'))).toBe(path.join(dir, 'index.ts'));
  expect(host.realpath?.(path.join(repo.root, 'shop-link', 'src', 'other.ts'))).toBe(path.join(repo.root, 'shop-link', 'src', 'other.ts'));
  expect(host.realpath?.(path.join(repo.root, 'shop-link'))).toBe(repo.clientDir);
});

test('an output folder without files still exists for the compiler, and holds nothing of what is committed', () => {
  const host = createCheckingHost(ts, { noEmit: true }, new Map(), { dir: repo.outputDir, files: new Map() });
  expect(host.directoryExists?.(repo.outputDir)).toBe(true);
  expect(host.fileExists(path.join(repo.outputDir, 'index.ts'))).toBe(false);
});

// The cache of formatted pieces is keyed by the prettier code that formats them
// (src/format/format-child.ts), so that a different build of the same prettier version never serves
// another's pieces. Real formatter processes in a client folder with its own prettier.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as prettier from 'prettier';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FormatterPool, type FormatSettings } from '../../../packages/openapi-drift/src/format/formatter-pool.ts';
import { REPO, useTempRepo } from './temp-repo.ts';

const repo = useTempRepo('openapi-drift-pool-', ['typescript']);
let root: string;
let client: string;
const pools: FormatterPool[] = [];
beforeEach(async () => {
  ({ root, client } = repo);
  await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ singleQuote: true }));
});
// Registered after the folder's removal, so run before it.
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

const options = () => ({ outputDir: path.join(client, 'src', 'client'), cwd: client, displayRoot: root });
const settings = (changes: Partial<FormatSettings> = {}): FormatSettings => ({ chunkThreshold: 1000, verify: false, chunkCacheDir: path.join(root, 'chunks'), ...changes });
const pool = (changes: Partial<FormatSettings> = {}) => {
  const created = new FormatterPool(client, root, settings(changes));
  pools.push(created);
  return created;
};

/** A declaration of at least 16 KB: a piece always ends after it. */
const big = (name: string) => `export const ${name} = {a:"${'x'.repeat(17_000)}"}\n`;

it('keys the cached pieces by the bytes of prettier\'s code, not only its version', async () => {
  // The repository's prettier, with a copy of its TypeScript printer that this test can patch.
  const source = path.join(REPO, 'node_modules', 'prettier');
  const copy = path.join(root, 'node_modules', 'prettier');
  await fs.mkdir(path.join(copy, 'plugins'), { recursive: true });
  for (const name of await fs.readdir(source)) if (name !== 'plugins') await fs.symlink(path.join(source, name), path.join(copy, name));
  for (const name of await fs.readdir(path.join(source, 'plugins'))) {
    if (name === 'typescript.mjs') await fs.copyFile(path.join(source, 'plugins', name), path.join(copy, 'plugins', name));
    else await fs.symlink(path.join(source, 'plugins', name), path.join(copy, 'plugins', name));
  }
  const text = `${big('A')}\nexport type B = {b: 1};\n`;
  const files = new Map([['types.gen.ts', text]]);
  const first = await pool().format(files, options(), 60_000);
  expect(first.files.get('types.gen.ts')).toBe(await prettier.format(text, { filepath: path.join(client, 'src', 'client', 'types.gen.ts'), singleQuote: true }));
  expect(first.stats.byDeclaration).toEqual([{ path: 'types.gen.ts', pieces: 2, cached: 0, formatted: 2 }]);
  const second = await pool().format(files, options(), 60_000);
  expect(second.stats.byDeclaration).toEqual([{ path: 'types.gen.ts', pieces: 2, cached: 2, formatted: 0 }]);
  expect(second.files).toEqual(first.files);
  // The same version, patched: its pieces are its own.
  await fs.appendFile(path.join(root, 'node_modules', 'prettier', 'plugins', 'typescript.mjs'), '\n// patched\n');
  const patched = await pool().format(files, options(), 60_000);
  expect(patched.stats.byDeclaration).toEqual([{ path: 'types.gen.ts', pieces: 2, cached: 0, formatted: 2 }]);
  expect(patched.files).toEqual(first.files);
});

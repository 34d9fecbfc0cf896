// The type check's cache: an entry is found only under the key of what the compiler was given (the
// regenerated files at their place, the installed TypeScript), only while what it read still holds,
// never when damaged or foreign, never when the run saw a file change, never with the cache turned
// off; and the folder keeps the 200 newest entries.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { readCachedTypeCheck, typeCheckKey, writeCachedTypeCheck, type CachedTypeCheck } from '../../../packages/openapi-drift/src/typecheck/result-cache.ts';
import { createTinyRepo, regenerationOf, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-tc-cache-');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await repo?.remove();
});

const RESULT: CachedTypeCheck = { configFile: '/repo/tsconfig.json', ownership: 'owner', typescriptVersion: '6.0.0', fileCount: 1, diagnostics: [{ code: 2322, message: "Type 'string' is not assignable to type 'number'." }] };
const FILES = { 'index.ts': 'export const a = 1;\n' };
const cacheDir = () => path.join(repo.root, 'node_modules', '.cache', 'openapi-drift', 'typecheck');

test('the key changes with a file name, a file text, the output folder and the TypeScript installed, and only then', async () => {
  const key = await typeCheckKey(regenerationOf(repo, FILES));
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(await typeCheckKey(regenerationOf(repo, FILES))).toBe(key);
  const others = [
    await typeCheckKey(regenerationOf(repo, { 'index.ts': 'export const a = 2;\n' })),
    await typeCheckKey(regenerationOf(repo, { 'main.ts': 'export const a = 1;\n' })),
    // The parts are kept apart: a name and a text that run together are not the same files.
    await typeCheckKey(regenerationOf(repo, { 'index.tsexport const a = 1;\n': '' })),
    await typeCheckKey(regenerationOf({ ...repo, outputDir: path.join(repo.clientDir, 'generated') }, FILES)),
  ];
  await fs.rm(path.join(repo.root, 'node_modules', 'typescript'));
  others.push(await typeCheckKey(regenerationOf(repo, FILES)));
  expect(new Set([key, ...others]).size).toBe(6);
});

test('a stored result is found under its key while what it read holds, and missed once it does not', async () => {
  const tsconfig = path.join(repo.root, 'tsconfig.json');
  await repo.write('tsconfig.json', '{}');
  const reads = [
    { file: tsconfig, kind: 'exists' as const },
    { file: path.join(repo.root, 'types.d.ts'), kind: 'absent' as const },
  ];
  await writeCachedTypeCheck(repo.clientDir, 'k1', RESULT, reads, []);
  expect(await fs.readdir(cacheDir())).toEqual(['k1.json']);
  expect(await readCachedTypeCheck(repo.clientDir, 'k1')).toEqual(RESULT);
  expect(await readCachedTypeCheck(repo.clientDir, 'k2')).toBeUndefined();
  // One read that no longer holds is enough.
  await repo.write('types.d.ts', 'declare const x: number;\n');
  expect(await readCachedTypeCheck(repo.clientDir, 'k1')).toBeUndefined();
});

test('a damaged or foreign entry is a miss', async () => {
  await writeCachedTypeCheck(repo.clientDir, 'k1', RESULT, [], []);
  const file = path.join(cacheDir(), 'k1.json');
  const entry = JSON.parse(await fs.readFile(file, 'utf8'));
  expect(entry).toEqual({ format: 2, key: 'k1', result: RESULT, reads: [] });
  const variants = [{ ...entry, format: 1 }, { ...entry, key: 'k2' }, { ...entry, result: { ...RESULT, diagnostics: 'none' } }, { ...entry, result: undefined }, { ...entry, reads: {} }];
  for (const variant of variants) {
    await fs.writeFile(file, JSON.stringify(variant));
    expect(await readCachedTypeCheck(repo.clientDir, 'k1'), JSON.stringify(variant)).toBeUndefined();
  }
  await fs.writeFile(file, '{"format": 2, "key": "k1"');
  expect(await readCachedTypeCheck(repo.clientDir, 'k1')).toBeUndefined();
  await fs.writeFile(file, JSON.stringify(entry));
  expect(await readCachedTypeCheck(repo.clientDir, 'k1')).toEqual(RESULT);
});

test('a run that saw a file change under it is not stored, and OPENAPI_DRIFT_CACHE=off neither stores nor reads', async () => {
  await writeCachedTypeCheck(repo.clientDir, 'k1', RESULT, [], [path.join(repo.root, 'tsconfig.json')]);
  await expect(fs.readdir(cacheDir())).rejects.toThrow(/ENOENT/);
  await writeCachedTypeCheck(repo.clientDir, 'k1', RESULT, [], []);
  vi.stubEnv('OPENAPI_DRIFT_CACHE', 'off');
  expect(await readCachedTypeCheck(repo.clientDir, 'k1')).toBeUndefined();
  await writeCachedTypeCheck(repo.clientDir, 'k2', RESULT, [], []);
  expect(await fs.readdir(cacheDir())).toEqual(['k1.json']);
});

test('a cache folder that cannot be written is only a slower check', async () => {
  // A file where the cache folder would be.
  await fs.mkdir(path.join(repo.root, 'node_modules', '.cache', 'openapi-drift'), { recursive: true });
  await fs.writeFile(cacheDir(), 'not a folder');
  await expect(writeCachedTypeCheck(repo.clientDir, 'k1', RESULT, [], [])).resolves.toBeUndefined();
});

test('the folder keeps the 200 newest entries: the oldest goes', async () => {
  await fs.mkdir(cacheDir(), { recursive: true });
  const start = Date.UTC(2024, 0, 1) / 1000;
  for (let index = 0; index < 200; index++) {
    const file = path.join(cacheDir(), `old-${String(index).padStart(3, '0')}.json`);
    await fs.writeFile(file, '{}');
    await fs.utimes(file, start + index, start + index);
  }
  // Not an entry: never counted, never removed.
  await fs.writeFile(path.join(cacheDir(), 'notes.txt'), '');
  await fs.utimes(path.join(cacheDir(), 'notes.txt'), start - 10, start - 10);
  await writeCachedTypeCheck(repo.clientDir, 'new', RESULT, [], []);
  const names = await fs.readdir(cacheDir());
  expect(names).toHaveLength(201);
  expect(names).toContain('new.json');
  expect(names).toContain('notes.txt');
  expect(names).not.toContain('old-000.json');
  expect(names).toContain('old-001.json');
  // Exactly 200 entries: none goes.
  await fs.rm(path.join(cacheDir(), 'old-001.json'));
  await writeCachedTypeCheck(repo.clientDir, 'newer', RESULT, [], []);
  expect(await fs.readdir(cacheDir())).toHaveLength(201);
  expect(await fs.readdir(cacheDir())).toContain('old-002.json');
});

// What the regeneration cache checks of a recorded read before it trusts an entry: a folder
// listing by its names, a file by its bytes, an absent file by its absence.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hashBytes, listingHash, stillHolds } from '../packages/openapi-drift/src/core/read-recorder.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-reads-'));
  await fs.writeFile(path.join(dir, 'a.ts'), 'a');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test('a folder listing holds while its names are the same, not merely while the folder exists', async () => {
  const record = { file: dir, kind: 'listing' as const, hash: listingHash(await fs.readdir(dir)) };
  expect(stillHolds(record)).toBe(true);
  await fs.writeFile(path.join(dir, 'b.ts'), 'b');
  expect(stillHolds(record)).toBe(false);
  await fs.rm(path.join(dir, 'b.ts'));
  expect(stillHolds(record)).toBe(true);
});

test('a file read holds while its bytes are the same; an absent file while it stays absent', async () => {
  const file = path.join(dir, 'a.ts');
  const record = { file, kind: 'content' as const, hash: hashBytes('a') };
  expect(stillHolds(record)).toBe(true);
  await fs.writeFile(file, 'A');
  expect(stillHolds(record)).toBe(false);
  const absent = { file: path.join(dir, 'c.ts'), kind: 'absent' as const };
  expect(stillHolds(absent)).toBe(true);
  await fs.writeFile(absent.file, '');
  expect(stillHolds(absent)).toBe(false);
});

// The fs rerouting behind the in-memory regeneration: writes under the root land in memory,
// reads elsewhere reach the disk, and no write can reach the disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { captureWritesInMemory } from '../packages/openapi-drift/src/regenerate/memory-fs.ts';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-drift-memfs-'));
  fs.mkdirSync(path.join(dir, 'bundle/nested'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bundle/a.ts'), 'A');
  fs.writeFileSync(path.join(dir, 'bundle/nested/b.ts'), 'B');
  fs.writeFileSync(path.join(dir, 'committed.ts'), 'committed');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('sync, callback and promise writes under the root are captured; the disk is untouched', async () => {
  const root = path.join(dir, 'out');
  const capture = captureWritesInMemory(root);
  try {
    fs.mkdirSync(path.join(root, 'x'), { recursive: true });
    fs.writeFileSync(path.join(root, 'x/one.ts'), 'one');
    await fs.promises.mkdir(path.join(root, 'y'), { recursive: true });
    await fs.promises.writeFile(path.join(root, 'y/two.ts'), 'two');
    await new Promise<void>((resolve, reject) => fs.writeFile(path.join(root, 'three.ts'), 'three', (error) => (error ? reject(error) : resolve())));
    fs.cpSync(path.join(dir, 'bundle'), path.join(root, 'bundle'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'committed.ts'), path.join(root, 'copied.ts'));
    fs.renameSync(path.join(root, 'three.ts'), path.join(root, 'renamed.ts'));
    expect(fs.existsSync(path.join(root, 'x/one.ts'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'y/two.ts'), 'utf8')).toBe('two');
    // Reads outside the root still reach the disk.
    expect(fs.readFileSync(path.join(dir, 'committed.ts'), 'utf8')).toBe('committed');
    expect(fs.readdirSync(path.join(dir, 'bundle')).sort()).toEqual(['a.ts', 'nested']);
    fs.rmSync(path.join(root, 'x'), { recursive: true, force: true });
    expect(Object.fromEntries(capture.files())).toEqual({
      'bundle/a.ts': 'A',
      'bundle/nested/b.ts': 'B',
      'copied.ts': 'committed',
      'renamed.ts': 'three',
      'y/two.ts': 'two',
    });
  } finally {
    capture.restore();
  }
  expect(fs.existsSync(root)).toBe(false);
});

test.each([
  ['writeFileSync', () => fs.writeFileSync(path.join(dir, 'committed.ts'), 'overwritten')],
  ['rmSync', () => fs.rmSync(path.join(dir, 'committed.ts'))],
  ['unlinkSync', () => fs.unlinkSync(path.join(dir, 'committed.ts'))],
  ['renameSync', () => fs.renameSync(path.join(dir, 'committed.ts'), path.join(dir, 'moved.ts'))],
  ['appendFileSync', () => fs.appendFileSync(path.join(dir, 'committed.ts'), 'more')],
  ['openSync for writing', () => fs.openSync(path.join(dir, 'committed.ts'), 'w')],
  ['promises.writeFile', () => fs.promises.writeFile(path.join(dir, 'committed.ts'), 'overwritten')],
  ['promises.rm', () => fs.promises.rm(path.join(dir, 'committed.ts'))],
])('a write outside the root is refused: %s', async (_name, write) => {
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  try {
    await expect(async () => write()).rejects.toThrow(/outside its in-memory output folder/);
  } finally {
    capture.restore();
  }
  expect(fs.readFileSync(path.join(dir, 'committed.ts'), 'utf8')).toBe('committed');
});

test('restore puts fs back as it was', () => {
  const original = fs.writeFileSync;
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  expect(fs.writeFileSync).not.toBe(original);
  expect(typeof fs.realpathSync.native).toBe('function');
  capture.restore();
  expect(fs.writeFileSync).toBe(original);
});

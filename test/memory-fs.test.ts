// The fs rerouting behind the in-memory regeneration: writes under the root land in memory,
// reads elsewhere reach the disk, and no write can reach the disk.
import { execFileSync } from 'node:child_process';
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

const writesOutsideTheRoot: Array<[string, () => unknown]> = [
  ['writeFileSync', () => fs.writeFileSync(path.join(dir, 'committed.ts'), 'overwritten')],
  ['rmSync', () => fs.rmSync(path.join(dir, 'committed.ts'))],
  ['unlinkSync', () => fs.unlinkSync(path.join(dir, 'committed.ts'))],
  ['renameSync', () => fs.renameSync(path.join(dir, 'committed.ts'), path.join(dir, 'moved.ts'))],
  ['appendFileSync', () => fs.appendFileSync(path.join(dir, 'committed.ts'), 'more')],
  ['openSync for writing', () => fs.openSync(path.join(dir, 'committed.ts'), 'w')],
  ...(['r+', 'rs+', 'w+', 'wx', 'a', 'ax', 'a+', 'as+'] as const).map((flags): [string, () => unknown] => [`openSync with '${flags}'`, () => fs.openSync(path.join(dir, 'committed.ts'), flags)]),
  ['openSync with O_RDWR', () => fs.openSync(path.join(dir, 'committed.ts'), fs.constants.O_RDWR)],
  ['openSync with O_WRONLY | O_TRUNC', () => fs.openSync(path.join(dir, 'committed.ts'), fs.constants.O_WRONLY | fs.constants.O_TRUNC)],
  ['open (callback) with r+', () => new Promise((resolve, reject) => fs.open(path.join(dir, 'committed.ts'), 'r+', (error, fd) => (error ? reject(error) : resolve(fd))))],
  ['promises.open with r+', () => fs.promises.open(path.join(dir, 'committed.ts'), 'r+')],
  ['truncateSync', () => fs.truncateSync(path.join(dir, 'committed.ts'), 0)],
  ['chmodSync', () => fs.chmodSync(path.join(dir, 'committed.ts'), 0o777)],
  ['utimesSync', () => fs.utimesSync(path.join(dir, 'committed.ts'), 0, 0)],
  ['copyFileSync onto a committed file', () => fs.copyFileSync(path.join(dir, 'bundle/a.ts'), path.join(dir, 'committed.ts'))],
  ['cpSync onto a committed file', () => fs.cpSync(path.join(dir, 'bundle/a.ts'), path.join(dir, 'committed.ts'))],
  ['createWriteStream', () => fs.createWriteStream(path.join(dir, 'committed.ts'))],
  ['mkdirSync outside the root', () => fs.mkdirSync(path.join(dir, 'new-folder'))],
  ['symlinkSync into the root', () => fs.symlinkSync(path.join(dir, 'committed.ts'), path.join(dir, 'out', 'link.ts'))],
  ['linkSync into the root', () => fs.linkSync(path.join(dir, 'committed.ts'), path.join(dir, 'out', 'link.ts'))],
  ['renameSync of a committed file into the root', () => fs.renameSync(path.join(dir, 'committed.ts'), path.join(dir, 'out', 'taken.ts'))],
  ['promises.appendFile', () => fs.promises.appendFile(path.join(dir, 'committed.ts'), 'more')],
  ['promises.rename', () => fs.promises.rename(path.join(dir, 'committed.ts'), path.join(dir, 'moved.ts'))],
  ['promises.writeFile', () => fs.promises.writeFile(path.join(dir, 'committed.ts'), 'overwritten')],
  ['promises.rm', () => fs.promises.rm(path.join(dir, 'committed.ts'))],
];

test.each(writesOutsideTheRoot)('a write outside the root is refused: %s', async (_name, write) => {
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  try {
    await expect(async () => write()).rejects.toThrow(/outside its in-memory output folder/);
  } finally {
    capture.restore();
  }
  expect(fs.readFileSync(path.join(dir, 'committed.ts'), 'utf8')).toBe('committed');
  expect(fs.statSync(path.join(dir, 'committed.ts')).mode & 0o777).not.toBe(0o777);
  expect(fs.existsSync(path.join(dir, 'new-folder'))).toBe(false);
  expect(fs.existsSync(path.join(dir, 'moved.ts'))).toBe(false);
});

test.each<[string, fs.OpenMode | undefined]>([
  ['no flags', undefined],
  ["'r'", 'r'],
  ['O_RDONLY', fs.constants.O_RDONLY],
])('opening a file outside the root only for reading is allowed: %s', (_name, flags) => {
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  try {
    const fd = flags === undefined ? (fs.openSync as (file: string) => number)(path.join(dir, 'committed.ts')) : fs.openSync(path.join(dir, 'committed.ts'), flags);
    const buffer = Buffer.alloc(9);
    fs.readSync(fd, buffer);
    fs.closeSync(fd);
    expect(buffer.toString()).toBe('committed');
  } finally {
    capture.restore();
  }
});

test('restore puts fs back as it was', () => {
  const original = fs.writeFileSync;
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  expect(fs.writeFileSync).not.toBe(original);
  expect(typeof fs.realpathSync.native).toBe('function');
  capture.restore();
  expect(fs.writeFileSync).toBe(original);
});

test('a pinned file is served from the bytes it was pinned with, whatever the disk holds meanwhile', async () => {
  const file = path.join(dir, 'snapshot.json');
  fs.writeFileSync(file, '{"version": 1}');
  const capture = captureWritesInMemory(path.join(dir, 'out'));
  try {
    capture.pin(file, Buffer.from('{"version": 1}'));
    // Another process changes it after it was checked and hashed (a git pull, an editor's save).
    execFileSync('sh', ['-c', `printf '{"version": 2}' > '${file}'`]);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version": 1}');
    expect(await fs.promises.readFile(file, 'utf8')).toBe('{"version": 1}');
    expect(fs.existsSync(file)).toBe(true);
    // The pin is not part of the captured output.
    expect([...capture.files().keys()]).toEqual([]);
  } finally {
    capture.restore();
  }
  expect(fs.readFileSync(file, 'utf8')).toBe('{"version": 2}');
});

// One writer per client at a time: the lock file holds its owner's pid, a live owner makes a second
// update refuse with a message naming the folder, the pid and the fix, a lock whose owner is gone is
// taken over, the release removes only a lock that is still ours, and what killed updates left in a
// folder (half-made locks, temporary files of dead processes, pending sync snapshots) is removed.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { BusyError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { acquireClientLock, LOCK_FILE, PENDING_SNAPSHOT, removeLeftovers, withClientLock } from '../../../packages/openapi-drift/src/update/lock.ts';

// Above Linux's largest pid (4194304): no process has it, so a lock holding it is stale.
const DEAD_PID = 99_999_999;
// The process that started this one: alive for as long as this test runs.
const LIVE_PID = process.ppid;

let root: string;
let client: string;
let lock: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-lock-'));
  client = path.join(root, 'clients', 'petstore');
  await fs.mkdir(client, { recursive: true });
  lock = path.join(client, LOCK_FILE);
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const files = async () => (await fs.readdir(client)).sort();

test('the lock holds this process\'s pid while held, and is gone after the release', async () => {
  const release = await acquireClientLock(client, root);
  expect(await fs.readFile(lock, 'utf8')).toBe(`${process.pid}\n`);
  // Written aside and linked into place: nothing but the lock is left.
  expect(await files()).toEqual([LOCK_FILE]);
  await release();
  expect(await files()).toEqual([]);
});

test('within one process the lock is re-entrant: the inner release leaves the outer lock in place', async () => {
  const outer = await acquireClientLock(client, root);
  const inner = await acquireClientLock(client, root);
  await inner();
  expect(await fs.readFile(lock, 'utf8')).toBe(`${process.pid}\n`);
  await outer();
  expect(await files()).toEqual([]);
});

test('a lock held by a live process refuses the update, naming the folder, the pid and the fix', async () => {
  await fs.writeFile(lock, `${LIVE_PID}\n`);
  const error = await acquireClientLock(client, root).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(BusyError);
  expect((error as BusyError).message).toBe(`clients/petstore is being updated by another openapi-drift process (pid ${LIVE_PID}); nothing was written`);
  expect((error as BusyError).file).toBe('clients/petstore/.openapi-drift.lock');
  expect((error as BusyError).fix).toBe('wait for it to finish and run the command again (if no such process exists, delete clients/petstore/.openapi-drift.lock)');
  expect(await fs.readFile(lock, 'utf8')).toBe(`${LIVE_PID}\n`);
});

test.each([
  ['a dead process', `${DEAD_PID}\n`],
  ['no pid at all', ''],
  ['garbage', 'not a pid'],
  ['pid 0', '0'],
  ['a negative pid', '-1'],
  ['a fraction', '1.5'],
])('a lock left by %s is taken over', async (_case, content) => {
  await fs.writeFile(lock, content);
  const release = await acquireClientLock(client, root);
  expect(await fs.readFile(lock, 'utf8')).toBe(`${process.pid}\n`);
  await release();
  expect(await files()).toEqual([]);
});

test('a release after another process took the lock over leaves that process\'s lock alone', async () => {
  const release = await acquireClientLock(client, root);
  await fs.writeFile(lock, `${LIVE_PID}\n`);
  await release();
  expect(await fs.readFile(lock, 'utf8')).toBe(`${LIVE_PID}\n`);
  await fs.rm(lock);
  // A lock already removed is nothing to release.
  const again = await acquireClientLock(client, root);
  await fs.rm(lock);
  await expect(again()).resolves.toBeUndefined();
});

test('a lock that is not a file is an error, never taken over', async () => {
  await fs.mkdir(lock);
  await fs.writeFile(path.join(lock, 'keep'), 'x');
  await expect(acquireClientLock(client, root)).rejects.toMatchObject({ code: 'ERR_FS_EISDIR' });
  expect(await fs.readFile(path.join(lock, 'keep'), 'utf8')).toBe('x');
});

test('a client folder that does not exist is an error from the file system', async () => {
  await expect(acquireClientLock(path.join(root, 'clients', 'gone'), root)).rejects.toMatchObject({ code: 'ENOENT' });
});

test('taking the lock removes what killed updates left; what live processes and others own stays', async () => {
  const left = [
    `${LOCK_FILE}.${DEAD_PID}`,
    `.openapi.json.openapi-drift-${DEAD_PID}-0123abcd.tmp`,
    '.openapi-drift-sync-0a1b2c.json',
    '.openapi-drift-sync-ff.yaml',
  ];
  const kept = [
    `${LOCK_FILE}.${LIVE_PID}`,
    `.openapi.json.openapi-drift-${LIVE_PID}-0123abcd.tmp`,
    `${LOCK_FILE}.x${DEAD_PID}`,
    `x${LOCK_FILE}.${DEAD_PID}`,
    `${LOCK_FILE}.${DEAD_PID}.bak`,
    `${LOCK_FILE}.0`,
    `.openapi.json.openapi-drift-${DEAD_PID}-0123abcd.tmp.bak`,
    '.openapi-drift-sync-xyz.json',
    '.openapi-drift-sync-0a1b.',
    'openapi-drift-sync-0a1b.json',
    'openapi.json',
    `${DEAD_PID}`,
  ];
  for (const name of [...left, ...kept]) await fs.writeFile(path.join(client, name), '');
  const release = await acquireClientLock(client, root);
  expect(await files()).toEqual([LOCK_FILE, ...kept].sort());
  await release();
});

test('this process\'s own leftovers are not removed, and a folder that is gone has none', async () => {
  await fs.writeFile(path.join(client, `.a.openapi-drift-${process.pid}-0123abcd.tmp`), '');
  await removeLeftovers(client);
  expect(await files()).toEqual([`.a.openapi-drift-${process.pid}-0123abcd.tmp`]);
  await expect(removeLeftovers(path.join(root, 'gone'))).resolves.toBeUndefined();
});

test('a pending sync snapshot is named by sync\'s random hex and the document\'s extension', () => {
  expect(PENDING_SNAPSHOT.test('.openapi-drift-sync-9f.json')).toBe(true);
  expect(PENDING_SNAPSHOT.test('x.openapi-drift-sync-9f.json')).toBe(false);
  expect(PENDING_SNAPSHOT.test('.openapi-drift-sync-9f.json.bak')).toBe(false);
  expect(PENDING_SNAPSHOT.test('.openapi-drift-sync-9G.json')).toBe(false);
});

test('work under the lock returns its result and releases the lock, also when it fails', async () => {
  expect(await withClientLock(client, root, async () => fs.readFile(lock, 'utf8'))).toBe(`${process.pid}\n`);
  expect(await files()).toEqual([]);
  await expect(
    withClientLock(client, root, async () => {
      throw new Error('generation failed');
    }),
  ).rejects.toThrow('generation failed');
  expect(await files()).toEqual([]);
});

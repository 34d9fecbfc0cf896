// One writer per client at a time. The lock is a file created exclusively in the client folder,
// holding the owner's pid. A lock whose process is gone (killed mid-update) is taken over at once,
// so the next update can finish the job; a live owner makes the second update refuse with a clear
// message rather than interleave writes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { TEMPORARY_FILE } from '../core/atomic-write.ts';
import { crashPoint } from '../core/crash-point.ts';
import { BusyError } from '../core/errors.ts';

export const LOCK_FILE = '.openapi-drift.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireClientLock(clientDir: string, displayRoot: string): Promise<() => Promise<void>> {
  const file = path.join(clientDir, LOCK_FILE);
  const shown = path.relative(displayRoot, clientDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await createLockFile(file);
      crashPoint('lock:taken');
      await removeLeftovers(clientDir);
      return async () => {
        crashPoint('lock:releasing');
        // Only remove the lock if it is still ours.
        // Stryker disable next-line StringLiteral,ArrowFunction: equivalent, a lock that is gone or not ours is left alone, and a Buffer of our pid is the same number
        const owner = await fs.readFile(file, 'utf8').catch(() => '');
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the lock was read just above; only a process that removed it since could make force matter
        if (Number(owner) === process.pid) await fs.rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Stryker disable next-line MethodExpression: equivalent, Number() ignores the white space trim() removes
    const owner = Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());
    if (owner === process.pid) return async () => undefined; // re-entrant within one process
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new BusyError(`${shown} is being updated by another openapi-drift process (pid ${owner}); nothing was written`, {
        file: path.relative(displayRoot, file),
        fix: `wait for it to finish and run the command again (if no such process exists, delete ${path.relative(displayRoot, file)})`,
      });
    }
    // The owner is gone: a stale lock from a killed process.
    await fs.rm(file, { force: true });
  }
  throw new BusyError(`${shown}: could not take the update lock`, { file: path.relative(displayRoot, file) });
}

/**
 * Creates the lock holding this process's pid, failing with EEXIST if it exists. It is written
 * aside and linked into place, so that it never exists empty: created and then written, another
 * process reading it in between found no owner and took it over as stale, and both updated.
 */
async function createLockFile(file: string): Promise<void> {
  const pending = `${file}.${process.pid}`;
  await fs.writeFile(pending, `${process.pid}\n`);
  try {
    await fs.link(pending, file);
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the file was written just above; only a process that removed it since could make force matter
    await fs.rm(pending, { force: true });
  }
}

/**
 * Removes what killed updates left in a folder of the client: half-made locks and temporary files
 * of dead processes and, since only the lock holder writes them, any pending sync snapshot.
 */
export async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^\.openapi-drift\.lock\.(\d+)$/.exec(name)?.[1] ?? TEMPORARY_FILE.exec(name)?.[2]);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, pid 0 (the process group) and this process are alive for isAlive
    const dead = pid > 0 && pid !== process.pid && !isAlive(pid);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the file was listed just above; only a process that removed it since could make force matter
    if (dead || PENDING_SNAPSHOT.test(name)) await fs.rm(path.join(dir, name), { force: true });
  }
}

/** Where sync keeps a fetched document until it has generated from it: beside the snapshot. */
export const PENDING_SNAPSHOT = /^\.openapi-drift-sync-[0-9a-f]+\.[A-Za-z0-9]+$/;

export async function withClientLock<T>(clientDir: string, displayRoot: string, work: () => Promise<T>): Promise<T> {
  const release = await acquireClientLock(clientDir, displayRoot);
  try {
    return await work();
  } finally {
    await release();
  }
}

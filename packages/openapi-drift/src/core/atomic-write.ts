// The one way openapi-drift replaces a file. The new content goes to a temporary file in the same
// folder: written whole (short writes are continued), flushed to disk, its size checked; only then
// is it renamed over the target, so the target holds its old or its new content, never part of
// either, even on a full disk or when the process is killed. On any failure the temporary file is
// removed, the target is untouched, and the error names the target and the cause.
//
// A symbolic link at the target is replaced by the new file; it is never written through (rename
// replaces the link itself). Written by hand because write-file-atomic 8 resolves links and writes
// their targets, and issues one write() without checking how much of it was written.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { crashPoint } from './crash-point.ts';
import { WriteError } from './errors.ts';

export interface AtomicWriteOptions {
  /** File mode for a new file; an existing regular file keeps its own mode. */
  mode?: number;
  /** Names the crash points of this write (see crash-point.ts); a write without a label has none. */
  label?: string;
  /** How the file is named in an error message. Default: its path. */
  shown?: string;
}

/** Temporary files are `.<name>.openapi-drift-<pid>-<hex>.tmp`, beside their target. */
export const TEMPORARY_FILE = /^\.(.+)\.openapi-drift-(\d+)-[0-9a-f]{8}\.tmp$/;

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const shown = options.shown ?? file;
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new WriteError(`cannot write ${shown}: a folder stands there`, { file: shown, fix: `move the folder ${shown} away (check first that nothing hand-written is in it)` });
  }
  const mode = existing?.isFile() ? existing.mode & 0o7777 : options.mode;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.openapi-drift-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    // 'wx' creates the file exclusively: an existing file or link of that name is never opened.
    handle = await fs.open(temporary, 'wx', 0o600);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      if (bytesWritten <= 0) throw Object.assign(new Error('the file system accepted no more bytes'), { code: 'ENOSPC' });
      offset += bytesWritten;
    }
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== bytes.length) throw Object.assign(new Error(`wrote ${size} of ${bytes.length} bytes`), { code: 'EIO' });
    await handle.chmod(mode ?? 0o666 & ~process.umask());
    await handle.close();
    handle = undefined;
    if (options.label) crashPoint(`${options.label}:written`);
    await fs.rename(temporary, file);
    if (options.label) crashPoint(`${options.label}:renamed`);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw describeWriteFailure(error, shown);
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a file stands where a folder of its path should be',
  EIO: 'the file system reported an input/output error',
};

/** A file system error as a WriteError that names the file, the cause in words and the fix. */
export function describeWriteFailure(error: unknown, shown: string, action = 'write'): Error {
  if (error instanceof WriteError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const cause = (code && CAUSES[code]) ?? (error instanceof Error ? error.message : String(error));
  return new WriteError(`cannot ${action} ${shown}: ${cause}${code ? ` (${code})` : ''}; it keeps its previous content`, {
    file: shown,
    fix: code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space and run the command again' : code === 'EROFS' ? 'run the command where the files can be written' : undefined,
    cause: error,
  });
}

// What a generation or a formatting really read. Inside the generation and formatter processes,
// `node:fs` is wrapped so that every file read is recorded with the hash of the bytes it returned,
// every existence check with its answer, and every folder listing with the names it returned. The
// regeneration cache accepts an entry only while every record still holds: an edit to anything a
// run read, at any moment, is never hidden. (Code loaded with `import` does not pass through
// `node:fs`; the cache covers it by the installed versions and a scan of local imports.)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReadRecord {
  file: string;
  /** `content`: the sha256 of the bytes read; `exists`: it was there; `listing`: sha256 of its sorted names; `absent`: it was not there. */
  kind: 'content' | 'exists' | 'listing' | 'absent';
  hash?: string;
}

export interface ReadRecording {
  /** Everything read, one record per file (the strongest: content over listing over existence). */
  records(): ReadRecord[];
  /** Files whose content was read twice with different bytes: the run saw a file change under it. */
  unstable(): string[];
  /** Records a read made some other way (a file served from memory, say). */
  add(record: ReadRecord): void;
  stop(): void;
}

type AnyFunction = (...args: unknown[]) => unknown;
const STRENGTH: Record<ReadRecord['kind'], number> = { absent: 0, exists: 1, listing: 2, content: 3 };

export function hashBytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function listingHash(names: string[]): string {
  return hashBytes([...names].sort().join('\0'));
}

function toPath(value: unknown): string | undefined {
  if (typeof value === 'string') return value.startsWith('file:') ? fileURLToPath(value) : path.resolve(value);
  if (Buffer.isBuffer(value)) return path.resolve(value.toString());
  if (value instanceof URL && value.protocol === 'file:') return fileURLToPath(value);
  return undefined;
}

/** Starts recording the reads of this process; `ignore` leaves paths out (the in-memory output). */
export function recordReads(ignore: (file: string) => boolean = () => false): ReadRecording {
  const records = new Map<string, ReadRecord>();
  const unstable = new Set<string>();
  const original = { readFileSync: fs.readFileSync, statSync: fs.statSync };
  const note = (value: unknown, record: Omit<ReadRecord, 'file'>) => {
    if (hashing) return;
    const file = toPath(value);
    if (file === undefined || ignore(file) || file.startsWith('/proc/') || file.startsWith('/dev/')) return;
    const previous = records.get(file);
    if (previous?.kind === 'content' && record.kind === 'content' && previous.hash !== record.hash) unstable.add(file);
    if (!previous || STRENGTH[record.kind] > STRENGTH[previous.kind]) records.set(file, { file, ...record });
  };
  const missing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException)?.code ?? '');
  // Reading a file for its hash goes through fs too: the observers must not see their own reads.
  let hashing = false;
  const contentOf = (value: unknown): Omit<ReadRecord, 'file'> => {
    const file = toPath(value);
    if (file === undefined || hashing) return { kind: 'exists' };
    hashing = true;
    try {
      const stat = original.statSync(file, { throwIfNoEntry: false });
      if (!stat) return { kind: 'absent' };
      // Only a regular file has content to hash (not a folder, a pipe or a device).
      return stat.isFile() ? { kind: 'content', hash: hashBytes(original.readFileSync(file)) } : { kind: 'exists' };
    } catch {
      return { kind: 'exists' };
    } finally {
      hashing = false;
    }
  };
  // How each call's outcome becomes a record.
  const observers: Record<string, (args: unknown[], result: unknown, error: unknown) => void> = {
    readFile: (args, result, error) => note(args[0], error ? (missing(error) ? { kind: 'absent' } : { kind: 'exists' }) : { kind: 'content', hash: hashBytes(result as Uint8Array | string) }),
    readdir: (args, result, error) =>
      note(args[0], error ? { kind: 'absent' } : { kind: 'listing', hash: listingHash((result as Array<string | { name: string }>).map((entry) => (typeof entry === 'string' ? entry : entry.name))) }),
    exists: (args, result) => note(args[0], result ? { kind: 'exists' } : { kind: 'absent' }),
    // statSync(file, { throwIfNoEntry: false }) answers a missing file with undefined rather than an error.
    stat: (args, result, error) => note(args[0], (error && missing(error)) || (!error && result === undefined && args.length > 1 && typeof args[1] === 'object') ? { kind: 'absent' } : { kind: 'exists' }),
    open: (args, _result, error) => note(args[0], error && missing(error) ? { kind: 'absent' } : contentOf(args[0])),
  };
  const aliases: Record<string, string> = { lstat: 'stat', access: 'stat' };
  const restores: Array<() => void> = [];
  const patch = (api: Record<string, unknown>, name: string, observe: (args: unknown[], result: unknown, error: unknown) => void, style: 'sync' | 'callback' | 'promise') => {
    const fn = api[name] as AnyFunction | undefined;
    if (typeof fn !== 'function') return;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      if (style === 'sync') {
        try {
          const result = fn.apply(this, args);
          observe(args, result, undefined);
          return result;
        } catch (error) {
          observe(args, undefined, error);
          throw error;
        }
      }
      if (style === 'promise') {
        return (fn.apply(this, args) as Promise<unknown>).then(
          (result) => (observe(args, result, undefined), result),
          (error: unknown) => {
            observe(args, undefined, error);
            throw error;
          },
        );
      }
      const index = args.findLastIndex((arg) => typeof arg === 'function');
      if (index < 0) return fn.apply(this, args);
      const callback = args[index] as AnyFunction;
      args[index] = (error: unknown, result: unknown) => {
        observe(args, result, error ?? undefined);
        return callback(error, result);
      };
      return fn.apply(this, args);
    };
    for (const key of Object.keys(fn)) (wrapped as unknown as Record<string, unknown>)[key] = (fn as unknown as Record<string, unknown>)[key];
    api[name] = wrapped;
    restores.push(() => (api[name] = fn));
  };
  const sync = fs as unknown as Record<string, unknown>;
  const promises = fs.promises as unknown as Record<string, unknown>;
  for (const base of ['readFile', 'readdir', 'stat', 'lstat', 'access', 'open']) {
    const observe = observers[aliases[base] ?? base] as (args: unknown[], result: unknown, error: unknown) => void;
    patch(sync, `${base}Sync`, observe, 'sync');
    patch(sync, base, observe, 'callback');
    patch(promises, base, observe, 'promise');
  }
  patch(sync, 'existsSync', observers.exists as never, 'sync');
  // A stream is recorded by the content of its file when it is opened.
  patch(sync, 'createReadStream', (args) => note(args[0], contentOf(args[0])), 'sync');
  syncBuiltinESMExports();
  return {
    records: () => [...records.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    unstable: () => [...unstable].sort(),
    add: (record) => note(record.file, record),
    stop() {
      for (const restore of restores.reverse()) restore();
      syncBuiltinESMExports();
    },
  };
}

/** Whether a record still holds on disk now. */
export function stillHolds(record: ReadRecord): boolean {
  try {
    const stat = fs.statSync(record.file, { throwIfNoEntry: false });
    if (record.kind === 'absent') return stat === undefined;
    if (stat === undefined) return false;
    if (record.kind === 'exists') return true;
    if (record.kind === 'listing') return stat.isDirectory() && listingHash(fs.readdirSync(record.file)) === record.hash;
    return stat.isFile() && hashBytes(fs.readFileSync(record.file)) === record.hash;
  } catch {
    return false;
  }
}

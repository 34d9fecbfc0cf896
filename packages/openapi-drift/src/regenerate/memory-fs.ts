// Captures a generator's output in memory. hey-api has no fs injection point, so inside the
// generation child process we reroute `node:fs` itself: every call on a path under the
// (non-existent) output root goes to a memfs volume, reads elsewhere go to disk, and any other
// write throws. Only the child process is patched; the test runner is never touched.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { Volume } from 'memfs';

type AnyFunction = (...args: unknown[]) => unknown;

// Methods whose first argument is a path that may be read or written.
const ONE_PATH = [
  'access', 'appendFile', 'chmod', 'chown', 'exists', 'lchown', 'lstat', 'mkdir', 'mkdtemp', 'open',
  'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'rm', 'rmdir', 'stat', 'statfs',
  'truncate', 'unlink', 'utimes', 'lutimes', 'writeFile', 'createReadStream', 'createWriteStream',
  'watch', 'watchFile',
] as const;
// Methods that only read: allowed on disk.
const READS = new Set([
  'access', 'exists', 'lstat', 'opendir', 'readdir', 'readFile', 'readlink', 'realpath', 'stat',
  'statfs', 'createReadStream', 'watch', 'watchFile',
]);
// Methods with a source and a destination path.
const TWO_PATHS = ['copyFile', 'cp', 'rename', 'link', 'symlink'] as const;

export class OutsideWriteError extends Error {
  constructor(method: string, target: string) {
    super(`the generator tried to ${method} ${target}, outside its in-memory output folder; nothing was written`);
    this.name = 'OutsideWriteError';
  }
}

export interface MemoryOutput {
  /** Every file written under the root, by path relative to the root (POSIX separators). */
  files(): Map<string, string>;
  /**
   * Serves `file` from these bytes for the rest of the capture: the generator then reads exactly
   * the snapshot that was checked and hashed, even if the file on disk changes meanwhile.
   */
  pin(file: string, bytes: Uint8Array): void;
  /** Puts `fs` back as it was. */
  restore(): void;
}

function toPath(value: unknown): string | undefined {
  if (typeof value === 'string') return value.startsWith('file:') ? path.resolve(decodeURIComponent(new URL(value).pathname)) : path.resolve(value);
  if (Buffer.isBuffer(value)) return path.resolve(value.toString());
  if (value instanceof URL && value.protocol === 'file:') return path.resolve(decodeURIComponent(value.pathname));
  return undefined;
}

/**
 * Reroutes `node:fs` (sync, callback and promise APIs) so that everything under `root` lives in
 * memory. `root` must not exist on disk: if some call slipped past the routing, it would create
 * a stray folder there, never touch the committed tree.
 */
export function captureWritesInMemory(root: string): MemoryOutput {
  const volume = new Volume();
  const pinned = new Set<string>();
  const inRoot = (value: unknown): boolean => {
    const target = toPath(value);
    return target !== undefined && (target === root || target.startsWith(root + path.sep) || pinned.has(target));
  };
  const restores: Array<() => void> = [];
  const patch = (target: Record<string, unknown>, name: string, replacement: AnyFunction): void => {
    const original = target[name];
    if (typeof original !== 'function') return;
    // keep attached helpers such as `fs.realpathSync.native`
    for (const key of Object.keys(original)) (replacement as unknown as Record<string, unknown>)[key] = (original as unknown as Record<string, unknown>)[key];
    target[name] = replacement;
    restores.push(() => { target[name] = original; });
  };
  const memoryApis = [
    { api: fs as unknown as Record<string, unknown>, memory: volume as unknown as Record<string, unknown>, suffix: 'Sync' },
    { api: fs as unknown as Record<string, unknown>, memory: volume as unknown as Record<string, unknown>, suffix: '' },
    { api: fs.promises as unknown as Record<string, unknown>, memory: volume.promises as unknown as Record<string, unknown>, suffix: '' },
  ];
  for (const { api, memory, suffix } of memoryApis) {
    const isPromises = api === (fs.promises as unknown);
    for (const base of ONE_PATH) {
      const name = base + suffix;
      if (isPromises && (base.startsWith('create') || base.startsWith('watch') || base === 'exists')) continue;
      const original = api[name] as AnyFunction | undefined;
      if (typeof original !== 'function') continue;
      const memoryMethod = memory[name] as AnyFunction | undefined;
      patch(api, name, function (this: unknown, ...args: unknown[]) {
        if (inRoot(args[0])) {
          if (!memoryMethod) throw new OutsideWriteError(name, String(args[0]));
          return memoryMethod.apply(memory, args);
        }
        if (!READS.has(base) && !isReadOnlyOpen(base, args)) throw new OutsideWriteError(name, String(args[0]));
        return original.apply(api, args);
      });
    }
    for (const base of TWO_PATHS) {
      const name = base + suffix;
      const original = api[name] as AnyFunction | undefined;
      if (typeof original !== 'function') continue;
      patch(api, name, function (this: unknown, ...args: unknown[]) {
        const [source, destination] = args;
        if (!inRoot(destination)) throw new OutsideWriteError(name, String(destination));
        if (base === 'rename' && !inRoot(source)) throw new OutsideWriteError(name, String(source));
        if (base === 'link' || base === 'symlink') throw new OutsideWriteError(name, String(destination));
        const run = () => copyIntoMemory(source, destination, inRoot, volume, base === 'rename');
        if (suffix === 'Sync') return run();
        if (isPromises) return Promise.resolve().then(run);
        const callback = args.find((arg) => typeof arg === 'function') as ((error: unknown) => void) | undefined;
        queueMicrotask(() => {
          try { run(); callback?.(null); } catch (error) { callback?.(error); }
        });
        return undefined;
      });
    }
  }
  syncBuiltinESMExports();
  return {
    pin(file: string, bytes: Uint8Array) {
      const target = path.resolve(file);
      volume.mkdirSync(path.dirname(target), { recursive: true });
      volume.writeFileSync(target, bytes);
      pinned.add(target);
    },
    files() {
      const files = new Map<string, string>();
      for (const [absolute, content] of Object.entries(volume.toJSON(root))) {
        if (content === null) continue; // an empty folder
        files.set(path.relative(root, absolute).split(path.sep).join('/'), content);
      }
      return files;
    },
    restore() {
      for (const undo of restores.reverse()) undo();
      syncBuiltinESMExports();
    },
  };
}

function isReadOnlyOpen(base: string, args: unknown[]): boolean {
  if (base !== 'open') return false;
  const flags = args[1];
  return flags === undefined || typeof flags === 'function' || flags === 'r' || flags === fs.constants.O_RDONLY;
}

// copy/cp/rename with a destination in memory; the source may be on disk (hey-api copies its
// client bundle from its own package folder) or in memory.
function copyIntoMemory(
  source: unknown,
  destination: unknown,
  inRoot: (value: unknown) => boolean,
  volume: InstanceType<typeof Volume>,
  move: boolean,
): void {
  const from = toPath(source);
  const to = toPath(destination);
  if (from === undefined || to === undefined) throw new TypeError('copy needs two paths');
  const sourceFs = inRoot(from) ? (volume as unknown as typeof fs) : fs;
  const copy = (sourcePath: string, destinationPath: string): void => {
    if (sourceFs.statSync(sourcePath).isDirectory()) {
      volume.mkdirSync(destinationPath, { recursive: true });
      for (const entry of sourceFs.readdirSync(sourcePath)) {
        copy(path.join(sourcePath, String(entry)), path.join(destinationPath, String(entry)));
      }
    } else {
      volume.mkdirSync(path.dirname(destinationPath), { recursive: true });
      volume.writeFileSync(destinationPath, sourceFs.readFileSync(sourcePath));
    }
  };
  if (move) {
    volume.renameSync(from, to);
    return;
  }
  copy(from, to);
}

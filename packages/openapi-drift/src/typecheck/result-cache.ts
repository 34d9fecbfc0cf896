// The type check's result, cached beside the regeneration cache. An entry is keyed by what the
// result depends on: the regenerated files, the tsconfig chain that gives the compiler options,
// the installed TypeScript, the lockfile (which decides the types packages the code can see) and
// openapi-drift's own code. Reading the key never loads the compiler, so an unchanged client
// costs a few hashes. OPENAPI_DRIFT_CACHE=off turns it off with the rest of the cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import jsonc from 'jsonc-parser';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { cacheEnabled, cacheRoot } from '../core/cache-dir.ts';
import { locatePackage } from '../core/peers.ts';
import { ownCode } from '../regenerate/cache.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import type { CompilerDiagnostic } from './diagnostics.ts';

const FORMAT = 1;
const MAX_ENTRIES = 200;
const LOCKFILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];

export interface CachedTypeCheck {
  configFile?: string;
  typescriptVersion: string;
  fileCount: number;
  diagnostics: CompilerDiagnostic[];
}

async function readOrNull(file: string): Promise<string | null> {
  return fs.readFile(file, 'utf8').catch(() => null);
}

/** The nearest file of one of `names` at or above `dir`. */
async function nearestFile(dir: string, names: string[]): Promise<string | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    for (const name of names) {
      if ((await readOrNull(path.join(current, name))) !== null) return path.join(current, name);
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** Where an `extends` entry points: a path relative to the tsconfig, or a file of a package. */
function extendedFile(entry: string, fromDir: string): string | undefined {
  if (entry.startsWith('.') || path.isAbsolute(entry)) {
    const file = path.resolve(fromDir, entry);
    return file.endsWith('.json') ? file : `${file}.json`;
  }
  const segments = entry.split('/');
  const name = segments.slice(0, entry.startsWith('@') ? 2 : 1).join('/');
  const located = locatePackage(name, fromDir);
  if (!located) return undefined;
  const rest = segments.slice(name.split('/').length).join('/');
  return path.join(located.dir, rest === '' ? 'tsconfig.json' : rest.endsWith('.json') ? rest : `${rest}.json`);
}

/** The nearest tsconfig.json and every file it extends, with their text: where the options come from. */
async function configChain(dir: string): Promise<string[]> {
  const first = await nearestFile(dir, ['tsconfig.json']);
  if (!first) return ['no tsconfig'];
  const parts: string[] = [];
  const queue = [first];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readOrNull(file);
    parts.push(file, text ?? '\0missing');
    const extended = (jsonc.parse(text ?? '{}') as { extends?: unknown } | undefined)?.extends;
    for (const entry of Array.isArray(extended) ? extended : [extended]) {
      if (typeof entry !== 'string') continue;
      const target = extendedFile(entry, path.dirname(file));
      if (target) queue.push(target);
      else parts.push(`unresolved ${entry}`);
    }
  }
  return parts;
}

export async function typeCheckKey(regeneration: Regeneration): Promise<string> {
  const hash = createHash('sha256');
  const add = (part: string) => hash.update(part).update('\0');
  add(`format ${FORMAT}`);
  add(regeneration.outputDir);
  for (const [file, text] of regeneration.files) {
    add(file);
    add(text);
  }
  for (const part of await configChain(regeneration.clientDir)) add(part);
  const typescript = locatePackage('typescript', regeneration.clientDir);
  add(typescript ? `${typescript.version} ${typescript.dir}` : 'typescript missing');
  const lockfile = await nearestFile(regeneration.clientDir, LOCKFILES);
  add(lockfile ? `${lockfile}\0${(await readOrNull(lockfile)) ?? ''}` : 'no lockfile');
  add(await ownCode());
  return hash.digest('hex');
}

function entryFile(clientDir: string, key: string): string {
  return path.join(cacheRoot(clientDir), 'typecheck', `${key}.json`);
}

export async function readCachedTypeCheck(clientDir: string, key: string): Promise<CachedTypeCheck | undefined> {
  if (!cacheEnabled()) return undefined;
  try {
    const entry = JSON.parse(await fs.readFile(entryFile(clientDir, key), 'utf8')) as { format?: number; key?: string; result?: CachedTypeCheck };
    // A damaged or foreign entry is only a miss.
    if (entry.format !== FORMAT || entry.key !== key || !Array.isArray(entry.result?.diagnostics)) return undefined;
    return entry.result;
  } catch {
    return undefined;
  }
}

export async function writeCachedTypeCheck(clientDir: string, key: string, result: CachedTypeCheck): Promise<void> {
  if (!cacheEnabled()) return;
  const file = entryFile(clientDir, key);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify({ format: FORMAT, key, result }));
    await prune(path.dirname(file));
  } catch {
    // A cache that cannot be written is only a slower check.
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await fs.stat(path.join(dir, name)).catch(() => ({ mtimeMs: 0 }))).mtimeMs })));
  for (const { name } of dated.sort((a, b) => b.time - a.time).slice(MAX_ENTRIES)) await fs.rm(path.join(dir, name), { force: true });
}

// The type check's result, cached beside the regeneration cache. An entry holds what the compiler
// actually read while it checked (core/read-recorder.ts): every file with the hash of its content
// (the tsconfigs and what they extend, the project's own files, the declarations of the types
// packages and typeRoots, the standard library), every file it looked for and did not find, and
// every folder it listed. It is accepted only while all of that still holds, and is keyed by what
// the compiler was given rather than read: the regenerated files, the installed TypeScript and
// openapi-drift's own code. OPENAPI_DRIFT_CACHE=off turns it off with the rest of the cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { cacheEnabled, cacheRoot } from '../core/cache-dir.ts';
import { locatePackage } from '../core/peers.ts';
import { stillHolds, type ReadRecord } from '../core/read-recorder.ts';
import { ownCode } from '../regenerate/cache.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import type { Ownership } from './compiler-setup.ts';
import type { CompilerDiagnostic } from './diagnostics.ts';

const FORMAT = 2;
const MAX_ENTRIES = 200;

export interface CachedTypeCheck {
  configFile?: string;
  ownership: Ownership;
  solution?: string;
  typescriptVersion: string;
  fileCount: number;
  diagnostics: CompilerDiagnostic[];
}

interface CacheEntry {
  format: number;
  key: string;
  result: CachedTypeCheck;
  /** What the compiler read, looked for and listed. */
  reads: ReadRecord[];
}

export async function typeCheckKey(regeneration: Regeneration): Promise<string> {
  const hash = createHash('sha256');
  const add = (part: string) => hash.update(part).update('\0');
  // Stryker disable next-line StringLiteral,CallExpression: equivalent within a run: the format's number only tells entries of other versions of openapi-drift apart
  add(`format ${FORMAT}`);
  add(regeneration.outputDir);
  for (const [file, text] of regeneration.files) {
    add(file);
    add(text);
  }
  // The compiler is loaded with import, which no recording sees.
  const typescript = locatePackage('typescript', regeneration.clientDir);
  add(typescript ? `${typescript.version} ${typescript.dir}` : 'typescript missing');
  // Stryker disable next-line CallExpression: equivalent within a run: openapi-drift's own code changes only with a new version of it
  add(await ownCode());
  return hash.digest('hex');
}

function entryFile(clientDir: string, key: string): string {
  return path.join(cacheRoot(clientDir), 'typecheck', `${key}.json`);
}

export async function readCachedTypeCheck(clientDir: string, key: string): Promise<CachedTypeCheck | undefined> {
  if (!cacheEnabled()) return undefined;
  let entry: Partial<CacheEntry>;
  try {
    entry = JSON.parse(await fs.readFile(entryFile(clientDir, key), 'utf8')) as Partial<CacheEntry>;
  } catch {
    return undefined;
  }
  // A damaged or foreign entry is only a miss, and so is one whose reads no longer hold.
  if (entry.format !== FORMAT || entry.key !== key || !Array.isArray(entry.result?.diagnostics) || !Array.isArray(entry.reads)) return undefined;
  if (!entry.reads.every((record) => stillHolds(record))) return undefined;
  return entry.result;
}

/** Stores a result with what the compiler read; a check that saw a file change while it read it is not stored. */
export async function writeCachedTypeCheck(clientDir: string, key: string, result: CachedTypeCheck, reads: ReadRecord[], unstableReads: string[]): Promise<void> {
  if (!cacheEnabled() || unstableReads.length > 0) return;
  const file = entryFile(clientDir, key);
  const entry: CacheEntry = { format: FORMAT, key, result, reads };
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(entry));
    await prune(path.dirname(file));
  } catch {
    // A cache that cannot be written is only a slower check.
  }
}

async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json'));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a shortcut: with 200 entries or fewer the newest 200 are all of them
  if (names.length <= MAX_ENTRIES) return;
  // Stryker disable next-line ObjectLiteral,ArrowFunction: equivalent, only for an entry that another process removed between the listing and the stat
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await fs.stat(path.join(dir, name)).catch(() => ({ mtimeMs: 0 }))).mtimeMs })));
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, only for an entry that another process removed since the listing
  for (const { name } of dated.sort((a, b) => b.time - a.time).slice(MAX_ENTRIES)) await fs.rm(path.join(dir, name), { force: true });
}

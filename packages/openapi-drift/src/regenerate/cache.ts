// A verified cache of regenerations, so that checking an unchanged client is nearly free. An entry
// holds what the regeneration read, exactly as it read it: every file the generation child and the
// formatters read (their content hashes, taken from the bytes they got), every file they looked for
// and did not find, and every folder they listed (core/read-recorder.ts). It is accepted only while
// all of that still holds, and while the installed generator, post-processors (prettier, Biome, ESLint, oxfmt) and TypeScript, Node's major
// version and openapi-drift's own code are the same (taken before generating, never recomputed
// from disk afterwards). A run that saw a file change under it is not cached at all. The committed
// tree is never cached: it is read and compared on every check, so a hand edit is always seen.
//
// Entries live in node_modules/.cache/openapi-drift (never committed), carry a checksum and are
// ignored when damaged. OPENAPI_DRIFT_CACHE=off turns the cache off. The checksum only catches damage:
// anything that can write the cache folder can write an entry that passes it. The verifying mode
// (OPENAPI_DRIFT_VERIFY_FORMAT=1) therefore reads no entry: it regenerates and formats everything,
// and its results are stored for the ordinary checks.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { cacheEnabled, cacheRoot } from '../core/cache-dir.ts';
import { locatePackage } from '../core/peers.ts';
import { formatMode } from '../core/settings.ts';
import { stillHolds, type ReadRecord } from '../core/read-recorder.ts';
import type { Regeneration } from './regenerate.ts';

const FORMAT = 3;
/** Entries kept; the least recently written beyond this are removed. */
const MAX_ENTRIES = 200;
const CONFIG_NAMES = ['openapi-ts.config.ts', 'openapi-ts.config.mts', 'openapi-ts.config.cts', 'openapi-ts.config.js', 'openapi-ts.config.mjs', 'openapi-ts.config.cjs', 'openapi-ts.config.json'];
/** openapi-drift's own code: src/ when run from source, dist/ when installed. */
const CODE_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CODE_EXTENSION = path.extname(fileURLToPath(import.meta.url));

async function readOrNull(file: string): Promise<Buffer | null> {
  return fs.readFile(file).catch(() => null);
}

function digest(parts: Array<string | Buffer | null>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(part === null ? '\0missing' : part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * The config file c12 would find, and the local files it imports (relative specifiers, including
 * NodeNext style `./helper.js` written for `helper.ts`). The generation child records these as it
 * reads them too; this scan is taken before generating, as a second net.
 */
export async function configFiles(clientDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of CONFIG_NAMES) {
    const file = path.join(clientDir, name);
    if ((await readOrNull(file)) !== null) found.push(file);
  }
  const seen = new Set<string>();
  const queue = [...found];
  while (queue.length) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = (await readOrNull(file))?.toString('utf8') ?? '';
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const base = path.resolve(path.dirname(file), match[1] as string);
      const typescriptTwin = base.replace(/\.(m|c)?js$/, (_match, kind: string | undefined) => `.${kind ?? ''}ts`);
      for (const candidate of [base, typescriptTwin, `${base}.ts`, `${base}.js`, `${base}.mjs`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
        if ((await readOrNull(candidate)) !== null) {
          queue.push(candidate);
          break;
        }
      }
    }
  }
  return [...seen].sort();
}

/** The packages of the post-processors (format/post-processors/), installed or not. */
const POST_PROCESSOR_PACKAGES = ['prettier', '@biomejs/biome', 'eslint', 'oxfmt'];

async function toolVersions(clientDir: string): Promise<string> {
  const versions: string[] = [`node ${process.versions.node.split('.')[0]}`];
  // Resolved as the checks resolve them: the team's own copies, seen from the client folder.
  const heyApi = locatePackage('@hey-api/openapi-ts', clientDir);
  const located = [
    heyApi,
    ...(['@hey-api/codegen-core', '@hey-api/shared', 'typescript'] as const).map((name) => (heyApi ? locatePackage(name, heyApi.dir) : undefined)),
    ...POST_PROCESSOR_PACKAGES.map((name) => locatePackage(name, clientDir)),
  ];
  for (const [index, name] of ['@hey-api/openapi-ts', '@hey-api/codegen-core', '@hey-api/shared', 'typescript', ...POST_PROCESSOR_PACKAGES].entries()) {
    const found = located[index];
    versions.push(`${name} ${found ? `${found.version} ${found.dir}` : 'missing'}`);
  }
  return versions.join('\n');
}

/** openapi-drift's own code takes part in the result too (and in the type check's, see typecheck/result-cache.ts). */
export async function ownCode(): Promise<string> {
  const names = (await fs.readdir(CODE_DIR, { recursive: true })).filter((name) => name.endsWith(CODE_EXTENSION) && !name.endsWith('.d.ts')).sort();
  return digest(await Promise.all(names.map(async (name) => Buffer.concat([Buffer.from(name), await fs.readFile(path.join(CODE_DIR, name))]))));
}

interface CacheEntry {
  format: number;
  /** The part of the key taken before generating: tools, own code, the config and its local imports. */
  key: string;
  /** The file the regeneration was generated from (the snapshot, or sync's pending document). */
  input: string;
  regeneration: Omit<Regeneration, 'files'> & { files: Array<[string, string]> };
}

function entryFile(clientDir: string): string {
  // One entry per client folder: a new result replaces the old one.
  const id = createHash('sha256').update(path.resolve(clientDir)).digest('hex').slice(0, 24);
  return path.join(cacheRoot(clientDir), `${id}.json.gz`);
}

async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.json.gz'));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await fs.stat(path.join(dir, name))).mtimeMs })));
  for (const { name } of dated.sort((a, b) => b.time - a.time).slice(MAX_ENTRIES)) await fs.rm(path.join(dir, name), { force: true });
}

function lockfiles(clientDir: string): string[] {
  const files: string[] = [];
  for (let dir = path.resolve(clientDir); ; dir = path.dirname(dir)) {
    for (const name of ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock']) files.push(path.join(dir, name));
    if (path.dirname(dir) === dir) return files;
  }
}

/**
 * The part of a regeneration's key that can be known before generating: the client folder, the
 * installed tools and the lockfiles, openapi-drift's own code, the config and the local modules it imports.
 */
export async function cacheKey(clientDir: string): Promise<string> {
  const parts: Array<string | Buffer | null> = [`format ${FORMAT}`, path.resolve(clientDir)];
  for (const file of await configFiles(clientDir)) parts.push(file, await readOrNull(file));
  // Code the config imports by package name (a hey-api plugin of another package) is loaded with
  // import, which no recording sees: the lockfiles above the client stand for what is installed.
  for (const file of lockfiles(clientDir)) parts.push(file, await readOrNull(file));
  parts.push(await toolVersions(clientDir), await ownCode());
  return digest(parts);
}

/**
 * The client's entry, when it is whole and of this format; whether it still holds is the caller's to
 * ask. The verifying mode trusts no entry, but still moves the entries it stored (`moving`).
 */
async function readEntry(clientDir: string, moving = false): Promise<CacheEntry | undefined> {
  if (!cacheEnabled() || (formatMode() === 'verify' && !moving)) return undefined;
  try {
    const packed = await fs.readFile(entryFile(clientDir));
    const body = gunzipSync(packed.subarray(32));
    // The first 32 bytes are the sha256 of the rest: a damaged entry is ignored.
    if (!createHash('sha256').update(body).digest().equals(packed.subarray(0, 32))) return undefined;
    const entry = JSON.parse(body.toString('utf8')) as CacheEntry;
    return entry.format === FORMAT ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the entry's key and every read it recorded still hold. */
async function stillValid(clientDir: string, entry: CacheEntry): Promise<boolean> {
  return (await cacheKey(clientDir)) === entry.key && entry.regeneration.reads.every((record: ReadRecord) => stillHolds(record));
}

/** A cached regeneration of this client from `input` that still holds, if there is one. */
export async function readCachedRegeneration(clientDir: string, input?: string): Promise<Regeneration | undefined> {
  const entry = await readEntry(clientDir);
  if (!entry) return undefined;
  const { regeneration } = entry;
  if (input !== undefined && path.resolve(input) !== entry.input) return undefined;
  if (input === undefined && entry.input !== regeneration.snapshotFile) return undefined;
  if (!(await stillValid(clientDir, entry))) return undefined;
  return { ...regeneration, files: new Map(regeneration.files), cached: true };
}

/**
 * Where the client's config puts its snapshot and tree, from a cached regeneration that still holds
 * (whatever it was generated from): the config and everything its loading read are unchanged, so
 * loading it again would say the same.
 */
export async function readCachedLayout(clientDir: string): Promise<Pick<Regeneration, 'clientDir' | 'configFile' | 'snapshotFile' | 'outputDir'> | undefined> {
  const entry = await readEntry(clientDir);
  if (!entry || !(await stillValid(clientDir, entry))) return undefined;
  const { clientDir: dir, configFile, snapshotFile, outputDir } = entry.regeneration;
  return { clientDir: dir, configFile, snapshotFile, outputDir };
}

/**
 * After `from` was renamed to `to` (sync's pending document becoming the snapshot), the client's
 * entry generated from `from` is the regeneration of `to`: what it read of `from` is now read of
 * `to`. Every record is checked again when the entry is read, so a `to` that no longer holds those
 * bytes misses as before.
 */
export async function moveCachedInput(clientDir: string, from: string, to: string): Promise<void> {
  const entry = await readEntry(clientDir, true);
  if (!entry || entry.input !== path.resolve(from)) return;
  const [source, target] = [path.resolve(from), path.resolve(to)];
  const reads = entry.regeneration.reads.map((record) => (record.file === source ? { ...record, file: target } : record));
  await storeEntry({ ...entry, input: target, regeneration: { ...entry.regeneration, reads } });
}

/**
 * After the client folder `from` was renamed to `to` in the same folder (`add` builds a client out of
 * sight, then moves it into place), its entry is the regeneration of `to`: every path in it under
 * `from` now lies under `to`, and what lies outside is where it was. A folder moved elsewhere would
 * see other files above it (a package.json, a tsconfig), so its entry is not moved. `keyBefore` is
 * cacheKey(from) taken just before the rename: only an entry whose key it still was is moved, under
 * the key of `to`. Every record is checked again when the entry is read.
 */
export async function moveCachedClient(from: string, to: string, keyBefore: string): Promise<void> {
  const [source, target] = [path.resolve(from), path.resolve(to)];
  if (path.dirname(source) !== path.dirname(target)) return;
  const entry = await readEntry(from, true);
  if (!entry || entry.key !== keyBefore) return;
  const at = (file: string) => {
    const relative = path.relative(source, file);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression: equivalent, `from` and `to` share their folder, so a path outside `from` joined to `to` is itself again
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : path.join(target, relative);
  };
  const { regeneration } = entry;
  await storeEntry({
    format: FORMAT,
    key: await cacheKey(to),
    input: at(entry.input),
    regeneration: {
      ...regeneration,
      clientDir: at(regeneration.clientDir),
      configFile: at(regeneration.configFile),
      snapshotFile: at(regeneration.snapshotFile),
      outputDir: at(regeneration.outputDir),
      companionDirs: regeneration.companionDirs?.map(at),
      reads: regeneration.reads.map((record) => ({ ...record, file: at(record.file) })),
    },
  });
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent unless another process removed the entry since it was read
  await fs.rm(entryFile(from), { force: true });
}

/**
 * Stores a regeneration under the key taken before it was generated (`key`, from cacheKey) and the
 * reads it recorded. A regeneration that saw a file change while it read it is not stored.
 */
export async function writeCachedRegeneration(regeneration: Regeneration, key: string, input?: string): Promise<void> {
  if (!cacheEnabled() || regeneration.unstableReads.length > 0) return;
  const entry: CacheEntry = {
    format: FORMAT,
    key,
    input: path.resolve(input ?? regeneration.snapshotFile),
    // How the files were formatted is true of this run only, not of a later hit.
    regeneration: { ...regeneration, files: [...regeneration.files], cached: false, formatStats: undefined },
  };
  await storeEntry(entry);
}

async function storeEntry(entry: CacheEntry): Promise<void> {
  const json = Buffer.from(JSON.stringify(entry));
  const file = entryFile(entry.regeneration.clientDir);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.concat([createHash('sha256').update(json).digest(), gzipSync(json, { level: 1 })]));
    await prune(path.dirname(file));
  } catch {
    // A cache that cannot be written is only a slower check.
  }
}

// A verified cache of regenerations, so that checking an unchanged client is nearly free. An entry
// is keyed by everything that can change the generated files: the client's config and the local
// files it imports, the snapshot, every prettier and editorconfig file that can apply, the
// .prettierignore, package.json and the lockfile, the installed versions of the generator and of
// prettier, Node's major version and openapi-drift's own code. The committed tree is never cached:
// it is read and compared on every check, so a hand edit is always seen.
//
// Entries live in node_modules/.cache/openapi-drift (never committed), carry a checksum and are
// ignored when damaged. OPENAPI_DRIFT_CACHE=off turns the cache off.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { cacheEnabled, cacheRoot } from '../core/cache-dir.ts';
import { locatePackage } from '../core/peers.ts';
import type { Regeneration } from './regenerate.ts';

const FORMAT = 1;
/** Entries kept; the least recently written beyond this are removed. */
const MAX_ENTRIES = 200;
const CONFIG_NAMES = ['openapi-ts.config.ts', 'openapi-ts.config.mts', 'openapi-ts.config.cts', 'openapi-ts.config.js', 'openapi-ts.config.mjs', 'openapi-ts.config.cjs', 'openapi-ts.config.json'];
const PRETTIER_NAMES = [
  '.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml',
  '.prettierrc.js', '.prettierrc.mjs', '.prettierrc.cjs', '.prettierrc.ts', '.prettierrc.mts', '.prettierrc.cts',
  'prettier.config.js', 'prettier.config.mjs', 'prettier.config.cjs', 'prettier.config.ts', 'prettier.config.mts', 'prettier.config.cts',
  '.editorconfig', 'package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock',
];
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

/** The config file c12 would find, and the local files it imports (relative specifiers). */
async function configFiles(clientDir: string): Promise<string[]> {
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
      for (const candidate of [base, `${base}.ts`, `${base}.js`, `${base}.mjs`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
        if ((await readOrNull(candidate)) !== null) {
          queue.push(candidate);
          break;
        }
      }
    }
  }
  return [...seen].sort();
}

/** Every file that can decide formatting or generation from the output folder up to the root. */
async function ancestorFiles(outputDir: string, clientDir: string): Promise<Array<[string, Buffer | null]>> {
  const files: Array<[string, Buffer | null]> = [[path.join(clientDir, '.prettierignore'), await readOrNull(path.join(clientDir, '.prettierignore'))]];
  for (let dir = outputDir; ; dir = path.dirname(dir)) {
    for (const name of PRETTIER_NAMES) {
      const content = await readOrNull(path.join(dir, name));
      if (content === null) continue;
      files.push([path.join(dir, name), content]);
      // A prettier plugin given as a local file is code of the project: its content counts too.
      if (name === 'package-lock.json' || name === 'pnpm-lock.yaml' || name === 'yarn.lock') continue;
      for (const match of content.toString('utf8').matchAll(/['"](\.{1,2}\/[^'"\n]+?\.(?:[cm]?[jt]s))['"]/g)) {
        const plugin = path.resolve(dir, match[1] as string);
        files.push([plugin, await readOrNull(plugin)]);
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return files;
}

async function toolVersions(clientDir: string): Promise<string> {
  const versions: string[] = [`node ${process.versions.node.split('.')[0]}`];
  // Resolved as the checks resolve them: the team's own copies, seen from the client folder.
  const heyApi = locatePackage('@hey-api/openapi-ts', clientDir);
  const located = [
    heyApi,
    ...(['@hey-api/codegen-core', '@hey-api/shared', 'typescript'] as const).map((name) => (heyApi ? locatePackage(name, heyApi.dir) : undefined)),
    locatePackage('prettier', clientDir),
  ];
  for (const [index, name] of ['@hey-api/openapi-ts', '@hey-api/codegen-core', '@hey-api/shared', 'typescript', 'prettier'].entries()) {
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
  key: string;
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

/** The key of a regeneration, given where its snapshot and tree are. */
export async function cacheKey(clientDir: string, layout: { snapshotFile: string; outputDir: string; inputOverride?: string }): Promise<string> {
  const configs = await configFiles(clientDir);
  const parts: Array<string | Buffer | null> = [`format ${FORMAT}`, path.resolve(clientDir), layout.outputDir, layout.snapshotFile];
  for (const file of configs) parts.push(file, await readOrNull(file));
  parts.push(await readOrNull(layout.inputOverride ?? layout.snapshotFile));
  for (const [file, content] of await ancestorFiles(layout.outputDir, clientDir)) parts.push(file, content);
  parts.push(await toolVersions(clientDir), await ownCode());
  return digest(parts);
}

/** A cached regeneration of this client that is still valid, if there is one. */
export async function readCachedRegeneration(clientDir: string, inputOverride?: string): Promise<Regeneration | undefined> {
  if (!cacheEnabled()) return undefined;
  let entry: CacheEntry;
  try {
    const packed = await fs.readFile(entryFile(clientDir));
    const body = gunzipSync(packed.subarray(32));
    // The first 32 bytes are the sha256 of the rest: a damaged entry is ignored.
    if (!createHash('sha256').update(body).digest().equals(packed.subarray(0, 32))) return undefined;
    entry = JSON.parse(body.toString('utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.format !== FORMAT) return undefined;
  const { regeneration } = entry;
  const key = await cacheKey(clientDir, { snapshotFile: regeneration.snapshotFile, outputDir: regeneration.outputDir, inputOverride });
  if (key !== entry.key) return undefined;
  return { ...regeneration, files: new Map(regeneration.files), cached: true };
}

export async function writeCachedRegeneration(regeneration: Regeneration, inputOverride?: string): Promise<void> {
  if (!cacheEnabled()) return;
  const key = await cacheKey(regeneration.clientDir, { snapshotFile: regeneration.snapshotFile, outputDir: regeneration.outputDir, inputOverride });
  const entry: CacheEntry = { format: FORMAT, key, regeneration: { ...regeneration, files: [...regeneration.files], cached: false } };
  const json = Buffer.from(JSON.stringify(entry));
  const file = entryFile(regeneration.clientDir);
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.concat([createHash('sha256').update(json).digest(), gzipSync(json, { level: 1 })]));
    await prune(path.dirname(file));
  } catch {
    // A cache that cannot be written is only a slower check.
  }
}

// The cache of formatted pieces (chunks.ts), so that after a change in the snapshot only the
// declarations that changed are formatted again. It is content-addressed: an entry's name is the
// sha256 of everything that decides the formatted text (the piece's unformatted text, the resolved
// prettier options, prettier's version and code, and its plugins' files), so an entry can never be
// stale, only unused. The regeneration cache (regenerate/cache.ts) still records what the
// formatters read to resolve those options.
//
// Layout: node_modules/.cache/openapi-drift/chunks/<2 hex>/<64 hex>, each the sha256 of the text
// (32 bytes) then the text in UTF-8. A damaged entry fails its checksum and is ignored, then
// replaced. Beyond MAX_ENTRIES, the least recently used are removed. OPENAPI_DRIFT_CACHE=off
// turns it off with the rest of the cache.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const FORMAT = 1;
/** About 100 MB of GitHub-sized pieces; pruning goes down to PRUNED_TO, so that it is rare. */
const MAX_ENTRIES = 6000;
const PRUNED_TO = 4500;
/** Files read or written at once. */
const PARALLEL_IO = 32;

/** The name of a formatted piece in the cache. */
export function pieceKey(formatterId: string, optionsDigest: string, text: string): string {
  return createHash('sha256').update(`openapi-drift piece ${FORMAT}\0${formatterId}\0${optionsDigest}\0`).update(text).digest('hex');
}

/**
 * The options a piece is formatted with: those resolved for its file, and the file's extension,
 * from which prettier's TypeScript parser takes what it needs of the path (.mts or .ts).
 */
export function optionsDigest(config: object, filepath: string): string {
  return createHash('sha256').update(`${stableJson(config)}\0${path.extname(filepath)}`).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, the keys of an object are distinct, and V8's sort tells a negative answer only from the others
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export class ChunkCache {
  private readonly dir: string | undefined;

  /** `dir` undefined: the cache is off. */
  constructor(dir: string | undefined) {
    this.dir = dir;
  }

  /** The formatted pieces the cache holds, by key; damaged entries are left out. */
  async read(keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const dir = this.dir;
    if (!dir) return found;
    await inBatches(keys, async (key) => {
      const file = entryFile(dir, key);
      const bytes = await fs.readFile(file).catch(() => undefined);
      if (!bytes || bytes.length < 32) return;
      const body = bytes.subarray(32);
      if (!createHash('sha256').update(body).digest().equals(bytes.subarray(0, 32))) return;
      found.set(key, body.toString('utf8'));
      // Used now: pruning removes the least recently used first.
      const now = new Date();
      await fs.utimes(file, now, now).catch(() => undefined);
    });
    return found;
  }

  /** Stores formatted pieces. A cache that cannot be written only makes the next check slower. */
  async write(entries: Map<string, string>): Promise<void> {
    const dir = this.dir;
    if (!dir || entries.size === 0) return;
    await inBatches([...entries], async ([key, text]) => {
      const file = entryFile(dir, key);
      // Stryker disable next-line StringLiteral: equivalent, Buffer.from reads an empty encoding as UTF-8
      const body = Buffer.from(text, 'utf8');
      // Renamed into place: a reader sees a whole entry or none. Not flushed: a torn entry after a
      // crash fails its checksum.
      const temporary = path.join(path.dirname(file), `.${key}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(temporary, Buffer.concat([createHash('sha256').update(body).digest(), body]));
        await fs.rename(temporary, file);
      } catch {
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, without force a missing file rejects, which the catch ignores alike
        await fs.rm(temporary, { force: true }).catch(() => undefined);
      }
    });
    await this.prune(dir).catch(() => undefined);
  }

  private async prune(dir: string): Promise<void> {
    const files: string[] = [];
    for (const folder of await fs.readdir(dir)) {
      if (!/^[0-9a-f]{2}$/.test(folder)) continue;
      for (const name of await fs.readdir(path.join(dir, folder)).catch(() => [])) files.push(path.join(dir, folder, name));
    }
    if (files.length <= MAX_ENTRIES) return;
    const dated: Array<{ file: string; time: number }> = [];
    await inBatches(files, async (file) => {
      const stat = await fs.stat(file).catch(() => undefined);
      // Stryker disable next-line OptionalChaining: equivalent, a file listed a moment ago has its stat; were it gone, the rejection would stop pruning, which write() ignores
      dated.push({ file, time: stat?.mtimeMs ?? 0 });
    });
    const oldest = dated.sort((a, b) => b.time - a.time).slice(PRUNED_TO);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the files were listed a moment ago; were one gone, the rejection would stop pruning, which write() ignores
    await inBatches(oldest, ({ file }) => fs.rm(file, { force: true }));
  }
}

function entryFile(dir: string, key: string): string {
  return path.join(dir, key.slice(0, 2), key);
}

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  // Stryker disable next-line EqualityOperator: equivalent, one more round over an empty slice does nothing
  for (let start = 0; start < items.length; start += PARALLEL_IO) await Promise.all(items.slice(start, start + PARALLEL_IO).map(run));
}

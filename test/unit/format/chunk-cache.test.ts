// The cache of formatted pieces (src/format/chunk-cache.ts): an entry's name changes with everything
// that decides the formatted text, entries are checked before use, a cache that is off or cannot be
// written changes nothing, and beyond its size the least recently used entries go. Real files in a
// temporary folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkCache, optionsDigest, pieceKey } from '../../../packages/openapi-drift/src/format/chunk-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-chunk-cache-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const entryFile = (key: string) => path.join(dir, key.slice(0, 2), key);

describe('names of entries', () => {
  it('is the sha256 of the format, the formatter, the options and the text', () => {
    expect(pieceKey('prettier-id', 'digest', 'type A = 1;\n')).toBe(sha('openapi-drift piece 1\0prettier-id\0digest\0type A = 1;\n'));
    const keys = new Set([pieceKey('f', 'o', 't'), pieceKey('g', 'o', 't'), pieceKey('f', 'p', 't'), pieceKey('f', 'o', 'u'), pieceKey('f', 'o\0t', ''), pieceKey('f', 'o', '\0t')]);
    expect(keys.size).toBe(6);
  });

  it('digests the options whatever their order, with the file extension', () => {
    const digest = optionsDigest({ semi: false, printWidth: 100, overrides: [{ files: '*.ts', options: { tabWidth: 4 } }] }, '/p/a.ts');
    expect(digest).toBe(sha('{"overrides":[{"files":"*.ts","options":{"tabWidth":4}}],"printWidth":100,"semi":false}\0.ts'));
    expect(optionsDigest({ printWidth: 100, semi: false, overrides: [{ options: { tabWidth: 4 }, files: '*.ts' }] }, '/q/b.ts')).toBe(digest);
    expect(optionsDigest({ semi: false, printWidth: 100, overrides: [{ files: '*.ts', options: { tabWidth: 4 } }] }, '/p/a.mts')).not.toBe(digest);
    expect(optionsDigest({ b: 1, a: 2, c: 3 }, 'x.ts')).toBe(sha('{"a":2,"b":1,"c":3}\0.ts'));
    expect(optionsDigest({ a: undefined, n: null, l: [1, 'x', [true]] }, 'x.ts')).toBe(sha('{"a":undefined,"l":[1,"x",[true]],"n":null}\0.ts'));
    expect(optionsDigest({}, 'x.ts')).not.toBe(optionsDigest({ a: undefined }, 'x.ts'));
    // Every order of the same keys gives the one digest.
    const names = ['printWidth', 'semi', 'arrowParens', 'tabWidth', 'bracketSpacing', 'useTabs'];
    const sorted = optionsDigest(Object.fromEntries([...names].sort().map((name, index) => [name, index])), 'x.ts');
    for (let shift = 0; shift < names.length; shift++) {
      const rotated = [...names.slice(shift), ...names.slice(0, shift)];
      for (const order of [rotated, [...rotated].reverse()]) {
        expect(optionsDigest(Object.fromEntries(order.map((name) => [name, [...names].sort().indexOf(name)])), 'x.ts')).toBe(sorted);
      }
    }
  });
});

describe('ChunkCache', () => {
  it('stores entries as <2 hex>/<64 hex>, the sha256 of the text then the text, and reads them back', async () => {
    const cache = new ChunkCache(dir);
    const key = pieceKey('f', 'o', 'type A = 1;');
    const other = pieceKey('f', 'o', 'type B = 2;');
    await cache.write(new Map([[key, 'type A = 1;\n'], [other, 'type B = "é";\n']]));
    const bytes = await fs.readFile(entryFile(key));
    expect(bytes.subarray(0, 32).toString('hex')).toBe(sha('type A = 1;\n'));
    expect(bytes.subarray(32).toString('utf8')).toBe('type A = 1;\n');
    expect(await fs.readdir(path.join(dir, key.slice(0, 2)))).toEqual([key]);
    const missing = pieceKey('f', 'o', 'never stored');
    expect(await cache.read([key, other, missing])).toEqual(new Map([[key, 'type A = 1;\n'], [other, 'type B = "é";\n']]));
  });

  it('ignores damaged entries, and replaces them', async () => {
    const cache = new ChunkCache(dir);
    const key = pieceKey('f', 'o', 'a');
    const short = pieceKey('f', 'o', 'b');
    await cache.write(new Map([[key, 'a;\n'], [short, 'b;\n']]));
    const bytes = await fs.readFile(entryFile(key));
    bytes[bytes.length - 1] = 0x20;
    await fs.writeFile(entryFile(key), bytes);
    await fs.writeFile(entryFile(short), bytes.subarray(0, 31));
    expect(await cache.read([key, short])).toEqual(new Map());
    // Exactly the checksum and an empty text is a whole entry.
    const empty = pieceKey('f', 'o', '');
    await cache.write(new Map([[key, 'a;\n'], [empty, '']]));
    expect(await cache.read([key, empty])).toEqual(new Map([[key, 'a;\n'], [empty, '']]));
  });

  it('marks an entry it reads as used now', async () => {
    const cache = new ChunkCache(dir);
    const key = pieceKey('f', 'o', 'a');
    await cache.write(new Map([[key, 'a;\n']]));
    const old = new Date('2020-01-01T00:00:00Z');
    await fs.utimes(entryFile(key), old, old);
    await cache.read([key]);
    expect((await fs.stat(entryFile(key))).mtimeMs).toBeGreaterThan(old.getTime() + 1000);
  });

  it('does nothing when off', async () => {
    const cache = new ChunkCache(undefined);
    await cache.write(new Map([['k'.repeat(64), 'a;\n']]));
    expect(await cache.read(['k'.repeat(64)])).toEqual(new Map());
  });

  it('leaves no temporary file, and a cache it cannot write changes nothing', async () => {
    const cache = new ChunkCache(dir);
    const key = pieceKey('f', 'o', 'a');
    await cache.write(new Map([[key, 'a;\n']]));
    expect(await fs.readdir(path.join(dir, key.slice(0, 2)))).toEqual([key]);
    // The entry's folder is a file: the entry cannot be written.
    const blocked = pieceKey('f', 'o', 'blocked');
    await fs.writeFile(path.join(dir, blocked.slice(0, 2)), 'not a folder');
    await expect(cache.write(new Map([[blocked, 'b;\n']]))).resolves.toBeUndefined();
    // The entry's name is a folder: written beside it, then not renamed into place, then removed.
    const taken = pieceKey('f', 'o', 'taken');
    await fs.mkdir(entryFile(taken), { recursive: true });
    await fs.writeFile(path.join(entryFile(taken), 'inside'), '');
    await cache.write(new Map([[taken, 't;\n']]));
    expect((await fs.readdir(path.join(dir, taken.slice(0, 2)))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await cache.read([taken])).toEqual(new Map());
  });

  it('keeps 6000 entries, and beyond that keeps the 4500 used last', async () => {
    const cache = new ChunkCache(dir);
    // Pruning reads only the names and times of the entries: empty files stand for 5999 of them.
    // No entry in folder ff: a file of that name lies there instead.
    const keys = Array.from({ length: 6100 }, (_, index) => pieceKey('f', 'o', String(index)))
      .filter((key) => !key.startsWith('ff'))
      .slice(0, 5999);
    await fs.writeFile(path.join(dir, 'ff'), 'a file where a folder would be');
    for (const folder of new Set(keys.map((key) => key.slice(0, 2)))) await fs.mkdir(path.join(dir, folder));
    const old = new Date('2020-01-01T00:00:00Z');
    const older = new Date('2019-01-01T00:00:00Z');
    await Promise.all(keys.map((key) => fs.writeFile(entryFile(key), '')));
    // The first 1500 were used long ago, and one more a little later.
    await Promise.all(keys.slice(0, 1500).map((key) => fs.utimes(entryFile(key), older, older)));
    await fs.utimes(entryFile(keys[1500] as string), old, old);
    // Not entry folders: neither counted nor pruned.
    for (const other of ['cafe', 'zz', '0']) {
      await fs.mkdir(path.join(dir, other));
      await fs.writeFile(path.join(dir, other, 'file'), '');
    }
    const entries = async () => {
      const names = new Set<string>();
      for (const folder of await fs.readdir(dir)) if (/^[0-9a-f]{2}$/.test(folder) && folder !== 'ff') for (const name of await fs.readdir(path.join(dir, folder))) names.add(name);
      return names;
    };
    const sixThousandth = pieceKey('f', 'o', 'the 6000th!');
    await cache.write(new Map([[sixThousandth, 'x']]));
    expect((await entries()).size).toBe(6000);
    // One more, written by another process: nothing is pruned until this process writes an entry.
    const another = pieceKey('f', 'o', 'another');
    expect([sixThousandth, another].some((key) => key.startsWith('ff'))).toBe(false);
    await fs.mkdir(path.dirname(entryFile(another)), { recursive: true });
    await fs.writeFile(entryFile(another), '');
    await cache.write(new Map());
    expect((await entries()).size).toBe(6001);
    const newest = pieceKey('f', 'o', 'newest');
    await cache.write(new Map([[newest, 'y']]));
    const kept = await entries();
    expect(kept.size).toBe(4500);
    expect(kept.has(newest) && kept.has(sixThousandth)).toBe(true);
    expect(keys.slice(0, 1501).filter((key) => kept.has(key))).toEqual([]);
    for (const other of ['cafe', 'zz', '0']) expect(await fs.readdir(path.join(dir, other))).toEqual(['file']);
    expect(await fs.readFile(path.join(dir, 'ff'), 'utf8')).toBe('a file where a folder would be');
  });
});

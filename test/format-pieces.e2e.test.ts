// Formatting by declaration through the real pool, as a check does it (regenerate(), every file cut
// into pieces): on real specs the files are byte for byte those of whole-file formatting; after a
// one-line change in the snapshot only the pieces that changed are formatted again; a damaged piece
// in the cache is ignored; the verify mode passes on real specs and fails loudly on a wrong piece;
// and under it the regeneration cache serves only what was verified.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { FormatError } from '../packages/openapi-drift/src/core/errors.ts';
import { configSource, DEFAULT_PLUGINS } from '../packages/openapi-drift/src/lifecycle/add.ts';
import { regenerate, type Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { readSpec } from './helpers/specs.ts';
import { createTempProject, useOwnCache, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let chunksDir: string;
let mastodon: string;
let ixApi: string;
let mastodonSnapshot: string;

/** Runs with OPENAPI_DRIFT_VERIFY_FORMAT (and OPENAPI_DRIFT_CACHE) set as given, then restores them. */
async function withEnv<T>(values: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  const set = (entries: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  set(values);
  try {
      return await run();
  } finally {
    set(saved);
  }
}

/** Every file at least as large as a piece is cut (pieces hold about 16 KB); not verified, even where the suite runs with the verify mode. */
const byPieces = (dir: string) => withEnv({ OPENAPI_DRIFT_VERIFY_FORMAT: undefined }, () => regenerate(dir, { displayRoot: project.root, chunkThreshold: 0 }));
const verified = (dir: string) => withEnv({ OPENAPI_DRIFT_VERIFY_FORMAT: '1' }, () => regenerate(dir, { displayRoot: project.root, chunkThreshold: 0 }));
const whole = (dir: string) => withEnv({ OPENAPI_DRIFT_VERIFY_FORMAT: 'whole' }, () => regenerate(dir, { displayRoot: project.root }));

/**
 * The whole-file formatting of a client's committed snapshot, made once and shared by the tests
 * that compare against it (prettier's output for unchanged inputs does not change between them).
 * A test that changes the snapshot formats that change with whole() itself.
 */
const wholeOfSnapshot = new Map<string, Promise<Regeneration>>();
function wholeOnce(dir: string): Promise<Regeneration> {
  let regeneration = wholeOfSnapshot.get(dir);
  if (!regeneration) {
    regeneration = whole(dir);
    wholeOfSnapshot.set(dir, regeneration);
    regeneration.catch(() => wholeOfSnapshot.delete(dir));
  }
  return regeneration;
}

const statsOf = (regeneration: Regeneration) => regeneration.formatStats?.byDeclaration ?? [];
const formattedNow = (regeneration: Regeneration) => statsOf(regeneration).reduce((sum, file) => sum + file.formatted, 0);

async function cacheEntries(): Promise<string[]> {
  return (await glob('*/*', { cwd: chunksDir, onlyFiles: true })).map((name) => path.join(chunksDir, name)).sort();
}

/** Writes an entry as the cache writes it: the sha256 of the text, then the text. */
async function writeEntry(file: string, text: string): Promise<void> {
  const body = Buffer.from(text, 'utf8');
  await fs.writeFile(file, Buffer.concat([createHash('sha256').update(body).digest(), body]));
}

beforeAll(async () => {
  project = await createTempProject(['ix-api'], 'openapi-drift-pieces-');
  chunksDir = path.join(await useOwnCache(project), 'chunks');
  ixApi = project.clientDir('ix-api');
  mastodon = project.clientDir('mastodon');
  await fs.mkdir(mastodon);
  mastodonSnapshot = canonicalize(readSpec('mastodon.oas303.json'));
  await fs.writeFile(path.join(mastodon, 'openapi.json'), mastodonSnapshot);
  await fs.writeFile(path.join(mastodon, 'openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS));
});
afterAll(() => project?.remove());

test('pieces formatted by the pool and joined are the files prettier formats whole, with the defaults and with a .prettierrc', async () => {
  const byPiecesOf = new Map<string, Regeneration>();
  for (const dir of [mastodon, ixApi]) {
    const expected = await wholeOnce(dir);
    const actual = await byPieces(dir);
    byPiecesOf.set(dir, actual);
    expect(statsOf(expected)).toEqual([]);
    // Really cut: the large files in many pieces, spread over the processes.
    expect(statsOf(actual).length, dir).toBeGreaterThanOrEqual(2);
    expect(statsOf(actual).find((file) => file.path === 'types.gen.ts')?.pieces, dir).toBeGreaterThanOrEqual(5);
    expect([...actual.files.keys()]).toEqual([...expected.files.keys()]);
    for (const [file, text] of expected.files) expect(actual.files.get(file), `${dir} ${file}`).toBe(text);
    expect(actual.inputs.formatterConfig).toBe(expected.inputs.formatterConfig);
  }
  // ix-api's .prettierrc (no semicolons, single quotes) reached the processes that formatted the pieces.
  const styled = byPiecesOf.get(ixApi)?.files.get('types.gen.ts') as string;
  expect(styled).not.toMatch(/;$/m);
  expect(styled).toMatch(/^ {4}\| '\w+'$/m);
});

test('after a one-line change in the snapshot, only the pieces that changed are formatted again', async () => {
  await fs.rm(chunksDir, { recursive: true, force: true });
  const first = await byPieces(mastodon);
  for (const file of statsOf(first)) expect(file.cached, file.path).toBe(0);
  const pieces = statsOf(first).reduce((sum, file) => sum + file.formatted, 0);
  expect(pieces).toBeGreaterThanOrEqual(10);

  const changed = mastodonSnapshot.replace(`"description": "The profile's display name."`, `"description": "The profile's display name, as shown."`);
  expect(changed).not.toBe(mastodonSnapshot);
  await fs.writeFile(path.join(mastodon, 'openapi.json'), changed);
  try {
    const second = await byPieces(mastodon);
    // One declaration changed (Account's type): its piece, and the one a moved boundary may merge it with.
    for (const file of statsOf(second)) if (file.path !== 'types.gen.ts') expect(file.formatted, file.path).toBe(0);
    const types = statsOf(second).find((file) => file.path === 'types.gen.ts');
    expect(types?.formatted).toBeGreaterThanOrEqual(1);
    expect(types?.formatted).toBeLessThanOrEqual(2);
    expect(formattedNow(second)).toBe(types?.formatted);
    expect(second.files.get('types.gen.ts')).toContain("The profile's display name, as shown.");
    expect(second.files).toEqual((await whole(mastodon)).files);
  } finally {
    await fs.writeFile(path.join(mastodon, 'openapi.json'), mastodonSnapshot);
  }
});

test('a damaged piece in the cache is ignored and formatted again; OPENAPI_DRIFT_CACHE=off neither reads nor writes pieces', async () => {
  const expected = await byPieces(mastodon);
  const entries = await cacheEntries();
  expect(entries.length).toBeGreaterThanOrEqual(10);
  // A flipped byte in one entry, another cut short.
  const [flipped, truncated] = [entries[0] as string, entries[1] as string];
  const bytes = await fs.readFile(flipped);
  bytes[40] = (bytes[40] as number) ^ 0x20;
  await fs.writeFile(flipped, bytes);
  await fs.writeFile(truncated, (await fs.readFile(truncated)).subarray(0, 20));

  const again = await byPieces(mastodon);
  expect(formattedNow(again)).toBe(2);
  expect(again.files).toEqual(expected.files);
  // Both entries were written again, whole.
  for (const entry of [flipped, truncated]) {
    const body = (await fs.readFile(entry)).subarray(32);
    expect(createHash('sha256').update(body).digest()).toEqual((await fs.readFile(entry)).subarray(0, 32));
  }

  const before = await cacheEntries();
  await fs.rm(flipped);
  const uncached = await withEnv({ OPENAPI_DRIFT_CACHE: 'off' }, () => byPieces(mastodon));
  for (const file of statsOf(uncached)) expect(file.cached).toBe(0);
  expect(formattedNow(uncached)).toBe(statsOf(expected).reduce((sum, file) => sum + file.cached + file.formatted, 0));
  expect(await cacheEntries()).toEqual(before.filter((entry) => entry !== flipped));
  expect(uncached.files).toEqual(expected.files);
});

test('OPENAPI_DRIFT_VERIFY_FORMAT=1 passes on real specs: every file cut into pieces is also formatted whole and compared', async () => {
  for (const dir of [ixApi, mastodon]) {
    const regeneration = await verified(dir);
    expect(regeneration.formatStats?.verified).toBe(true);
    expect(statsOf(regeneration).length).toBeGreaterThanOrEqual(2);
    expect(regeneration.files).toEqual((await wholeOnce(dir)).files);
  }
});

test('OPENAPI_DRIFT_VERIFY_FORMAT=1 fails loudly on a piece that is wrong, naming the file, the line and how to report it', async () => {
  const expected = await wholeOnce(mastodon);
  await byPieces(mastodon);
  // Wrong entries under the right names: their checksums hold, so only the comparison can catch
  // them. Every piece that holds the declaration is made wrong, and all are removed afterwards, so
  // that the outcome does not depend on how the entries' names (hashes) sort.
  const tampered: string[] = [];
  for (const entry of await cacheEntries()) {
    const text = (await fs.readFile(entry)).subarray(32).toString('utf8');
    if (!text.includes('export type Account = {')) continue;
    await writeEntry(entry, text.replace(/(display_name\??): string;/g, '$1: number;'));
    tampered.push(entry);
  }
  expect(tampered.length).toBeGreaterThan(0);
  try {
    // Without the verify mode the cache is trusted: the wrong piece is in the file.
    const trusted = await byPieces(mastodon);
    expect(formattedNow(trusted)).toBe(0);
    const trustedLines = (trusted.files.get('types.gen.ts') as string).split('\n');
    const expectedLines = (expected.files.get('types.gen.ts') as string).split('\n');
    const line = expectedLines.findIndex((text, index) => text !== trustedLines[index]) + 1;
    expect(line).toBeGreaterThan(0);
    expect(trustedLines[line - 1]).toMatch(/display_name\??: number;/);

    const failure = await verified(mastodon).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(FormatError);
    expect((failure as FormatError).message).toContain(`clients/mastodon/src/client/types.gen.ts: formatted by declaration, it differs from prettier's output for the whole file, first at line ${line}:`);
    expect((failure as FormatError).message).toContain(`by declaration: ${JSON.stringify(trustedLines[line - 1])}`);
    expect((failure as FormatError).message).toContain(`whole file:     ${JSON.stringify(expectedLines[line - 1])}`);
    expect((failure as FormatError).fix).toMatch(/please report it to openapi-drift's issue tracker/);
  } finally {
    for (const entry of tampered) await fs.rm(entry);
  }
});

test('OPENAPI_DRIFT_VERIFY_FORMAT=1 fails on a difference in whitespace alone: a trailing space on a line, a line break at the end', async () => {
  const expected = (await wholeOnce(ixApi)).files.get('types.gen.ts') as string;
  await byPieces(ixApi);
  const tampers = [
    // A space at the end of the first line of every piece: lines that differ by whitespace only.
    (text: string) => (text.includes('\n') ? text.replace('\n', ' \n') : undefined),
    // One more line break after the piece that ends the file.
    (text: string) => (text.trim().length > 0 && expected.trimEnd().endsWith(text.trimEnd()) ? `${text}\n` : undefined),
  ];
  for (const tamper of tampers) {
    const tampered: Array<[string, Buffer]> = [];
    for (const entry of await cacheEntries()) {
      const bytes = await fs.readFile(entry);
      const changed = tamper(bytes.subarray(32).toString('utf8'));
      if (changed === undefined) continue;
      tampered.push([entry, bytes]);
      await writeEntry(entry, changed);
    }
    try {
      expect(tampered.length, String(tamper)).toBeGreaterThan(0);
      await expect(verified(ixApi)).rejects.toThrow(FormatError);
    } finally {
      for (const [entry, bytes] of tampered) await fs.writeFile(entry, bytes);
    }
  }
});

test('under OPENAPI_DRIFT_VERIFY_FORMAT=1 no regeneration comes from the cache; what it regenerates serves the ordinary checks', async () => {
  const check = () => checkClient(mastodon, { displayRoot: project.root, chunkThreshold: 0 }).then((result) => result.regeneration.cached === true);
  await withEnv({ OPENAPI_DRIFT_CACHE: 'on', OPENAPI_DRIFT_VERIFY_FORMAT: undefined }, async () => {
    await check();
    expect(await check()).toBe(true);
    const verifiedCheck = () => withEnv({ OPENAPI_DRIFT_VERIFY_FORMAT: '1' }, check);
    // An entry that passes its checksum may still have been planted: the verifying mode reads none.
    expect(await verifiedCheck()).toBe(false);
    expect(await verifiedCheck()).toBe(false);
    // A verified entry serves the ordinary checks too.
    expect(await check()).toBe(true);
  });
});

// A snapshot is never changed in silence: `canonicalize` refuses duplicate keys (it would keep only
// the last value, dropping a whole operation) unless --keep-last states that choice, and bytes that
// are not UTF-8 are refused with their offset wherever a snapshot or a source is read, instead of
// being turned into U+FFFD.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { SnapshotError } from '../packages/openapi-drift/src/core/errors.ts';
import { fetchSpec } from '../packages/openapi-drift/src/lifecycle/fetch-spec.ts';
import { readSnapshot } from '../packages/openapi-drift/src/snapshot/snapshot.ts';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-bytes-'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const DUPLICATED = '{\n  "openapi": "3.0.3",\n  "info": { "title": "T", "version": "1" },\n  "paths": {\n    "/a": { "get": { "responses": {} } },\n    "/a": { "post": { "responses": {} } }\n  }\n}\n';
// "é" written as Latin-1: the byte 0xE9 followed by an ASCII letter is not UTF-8.
const LATIN1 = Buffer.concat([Buffer.from('{\n  "openapi": "3.0.3",\n  "info": { "title": "Caf'), Buffer.from([0xe9]), Buffer.from('", "version": "1" },\n  "paths": {}\n}\n')]);
const BAD_OFFSET = LATIN1.indexOf(0xe9);

async function canonicalize(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(['canonicalize', ...args], { cwd: dir, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('canonicalize and duplicate keys', () => {
  test('refused with the line and column of the later key; the file is left as it was', async () => {
    await fs.writeFile(path.join(dir, 'dup.json'), DUPLICATED);
    const result = await canonicalize(['dup.json']);
    expect(result.stderr).toContain('dup.json:6:5: duplicate key "/a" (at /paths/~1a)');
    expect(result.stderr).toContain('--keep-last');
    expect(result.code).toBe(2);
    expect(await fs.readFile(path.join(dir, 'dup.json'), 'utf8')).toBe(DUPLICATED);
  });

  test('also for --stdout', async () => {
    await fs.writeFile(path.join(dir, 'dup2.json'), DUPLICATED);
    const result = await canonicalize(['dup2.json', '--stdout']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });

  test('--keep-last states the choice: the last value is kept, and the output says what was dropped', async () => {
    await fs.writeFile(path.join(dir, 'dup3.json'), DUPLICATED);
    const result = await canonicalize(['dup3.json', '--keep-last']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('dup3.json:6:5: duplicate key "/a" (at /paths/~1a): the earlier value was dropped (--keep-last)');
    expect(JSON.parse(await fs.readFile(path.join(dir, 'dup3.json'), 'utf8')).paths).toEqual({ '/a': { post: { responses: {} } } });
  });
});

describe('bytes that are not UTF-8', () => {
  const message = `is not UTF-8: the byte 0xe9 at offset ${BAD_OFFSET} (line 3) does not fit UTF-8; save the file as UTF-8`;

  test('canonicalize refuses, naming the byte offset, and leaves the file alone', async () => {
    await fs.writeFile(path.join(dir, 'latin1.json'), LATIN1);
    const result = await canonicalize(['latin1.json']);
    expect(result.stderr).toContain(`latin1.json ${message}`);
    expect(result.code).toBe(2);
    expect(await fs.readFile(path.join(dir, 'latin1.json'))).toEqual(LATIN1);
  });

  test('a committed snapshot is refused when read', async () => {
    await fs.writeFile(path.join(dir, 'snapshot.json'), LATIN1);
    const error = await readSnapshot(path.join(dir, 'snapshot.json'), dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SnapshotError);
    expect((error as Error).message).toBe(`snapshot.json ${message}`);
  });

  test('a source file is refused when fetched', async () => {
    await fs.writeFile(path.join(dir, 'source.json'), LATIN1);
    const source = { location: path.join(dir, 'source.json'), isUrl: false, headers: {}, timeoutMs: 5000, maxBytes: 1_000_000 };
    const error = await fetchSpec(source, 'source.json').catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(`source.json ${message}`);
  });

  test('UTF-8 of every length passes, a BOM aside', async () => {
    const text = '{"openapi": "3.0.3", "info": {"title": "Café € 𝄞 ü", "version": "1"}, "paths": {}}';
    await fs.writeFile(path.join(dir, 'utf8.json'), text);
    expect((await readSnapshot(path.join(dir, 'utf8.json'), dir)).text).toBe(text);
  });
});

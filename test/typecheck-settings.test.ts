// The `typeCheck` section of openapi-drift.json: off only with a reason, and nothing else.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readSourceConfig, readTypeCheckSetting } from '../packages/openapi-drift/src/project/client-record.ts';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-settings-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const write = (settings: unknown) => fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify(settings));

test('a client without openapi-drift.json is type-checked', async () => {
  await fs.rm(path.join(dir, 'openapi-drift.json'), { force: true });
  expect(await readTypeCheckSetting(dir, 'clients/x')).toBeUndefined();
});

test('turned off with a reason, with or without a source', async () => {
  await write({ source: 'https://example.com/openapi.json', typeCheck: { skip: true, reason: 'known generator bug' } });
  expect(await readTypeCheckSetting(dir, 'clients/x')).toEqual({ skip: true, reason: 'known generator bug' });
  expect((await readSourceConfig(dir, 'clients/x')).typeCheck).toEqual({ skip: true, reason: 'known generator bug' });
  await write({ typeCheck: { skip: true, reason: 'made by hand' } });
  expect(await readTypeCheckSetting(dir, 'clients/x')).toEqual({ skip: true, reason: 'made by hand' });
  // live and sync still need a source.
  await expect(readSourceConfig(dir, 'clients/x')).rejects.toThrow('"source" must be a URL or a file path');
});

test.each([
  [{ skip: true }, '"typeCheck.reason" must say why the check is off'],
  [{ skip: true, reason: '   ' }, '"typeCheck.reason" must say why the check is off'],
  [{ skip: false, reason: 'why not' }, '"typeCheck.skip" must be true (leave "typeCheck" out to keep the check on)'],
  [{ reason: 'no skip' }, '"typeCheck.skip" must be true'],
  [{ skip: true, reason: 'ok', ignore: ['TS2322'] }, '"typeCheck" has no setting "ignore"'],
  [true, '"typeCheck" turns the type check off as { "skip": true, "reason": "why, for whoever reads the test" }; it is not an object'],
])('refuses %j, naming the file and the fix', async (typeCheck, problem) => {
  await write({ source: './openapi.json', typeCheck });
  const reading = readTypeCheckSetting(dir, 'clients/x');
  await expect(reading).rejects.toThrow(`clients/x/openapi-drift.json: `);
  await expect(reading).rejects.toThrow(problem);
  await expect(reading).rejects.toMatchObject({ name: 'ConfigError', file: 'clients/x/openapi-drift.json' });
});

// A client's name never depends on where the repository is cloned: it comes from
// openapi-drift.config.json, else its folder (the root, whose folder is the checkout's: its package.json's name, else `client`).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { clientNameOf, sanitizeName } from '../packages/openapi-drift/src/project/client-name.ts';
import { distinguishingName, findClients } from '../packages/openapi-drift/src/project/clients.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-client-name-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

test('a package name is used without its scope, and with only file-name characters', () => {
  expect(sanitizeName('@acme/billing-api')).toBe('billing-api');
  expect(sanitizeName('web app!')).toBe('web-app');
  expect(sanitizeName('@acme/')).toBe('');
});

test('a client at the root is named the same in two checkouts of different folder names', async () => {
  for (const checkout of ['first-checkout', 'another']) {
    const root = path.join(tmp, checkout);
    await write(path.join(root, 'openapi-drift.config.json'), '{ "clients": ["."] }\n');
    await write(path.join(root, 'package.json'), '{ "private": true }\n');
    expect(clientNameOf(root)).toBe('client');
    expect((await findClients({ root })).map((client) => [client.name, client.shown])).toEqual([['client', '.']]);
    await write(path.join(root, 'package.json'), '{ "name": "@acme/web-app" }\n');
    expect(clientNameOf(root)).toBe('web-app');
  }
});

test('the config names a folder; else its folder name, whatever its package.json says', async () => {
  const root = path.join(tmp, 'named');
  await write(path.join(root, 'openapi-drift.config.json'), '{ "clients": [{ "path": "services/a/api", "name": "a-api" }, "services/b/api", "packages/web"] }\n');
  await write(path.join(root, 'services/a/api/package.json'), '{ "name": "@acme/ignored" }\n');
  await fs.mkdir(path.join(root, 'services/b/api'), { recursive: true });
  await write(path.join(root, 'packages/web/package.json'), '{ "name": "@acme/web-client" }\n');
  expect(clientNameOf(path.join(root, 'services/a/api'))).toBe('a-api');
  expect(clientNameOf(path.join(root, 'services/b/api'))).toBe('api');
  expect(clientNameOf(path.join(root, 'packages/web'))).toBe('web');
  expect((await findClients({ root })).map((client) => client.name)).toEqual(['a-api', 'api', 'web']);
});

test('a name that tells two folders apart takes as few of their last segments as it needs', () => {
  expect(distinguishingName('services/a/api', ['services/b/api'])).toBe('a-api');
  expect(distinguishingName('x/a/api', ['y/a/api'])).toBe('x-a-api');
});

test('a config entry with a name that is not a file name is refused', async () => {
  const root = path.join(tmp, 'bad-name');
  await write(path.join(root, 'openapi-drift.config.json'), '{ "clients": [{ "path": "api", "name": "../x" }] }\n');
  await expect(findClients({ root })).rejects.toThrow(/"clients" is a list of folder paths or globs, or of \{ "path", "name" \}/);
});

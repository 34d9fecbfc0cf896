// Where a repository's clients are and what they are called: the folders of clients/ and those
// openapi-drift.config.json names, a bad config refused with the file and the cause, links reported
// and never followed, two clients of one name refused with a name that tells them apart, and a
// --root that is no repository of clients refused rather than passing with nothing checked.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { clientNameOf, configuredName, folderClientName, sanitizeName } from '../../../packages/openapi-drift/src/project/client-name.ts';
import {
  assertProjectRoot,
  clientsDir,
  contractTestsDir,
  distinguishingName,
  findClients,
  listClients,
  readProjectConfig,
  refuseLinkedFolder,
} from '../../../packages/openapi-drift/src/project/clients.ts';

let root: string;
let outside: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-clients-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-clients-outside-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(outside, { recursive: true, force: true });
});

const CONFIG_SHAPE = `openapi-drift.config.json: must be an object whose "clients" is a list of folder paths or globs, or of { "path", "name" } with a name of letters, digits, '.', '_' and '-'`;

async function folders(...names: string[]): Promise<void> {
  for (const name of names) await fs.mkdir(path.join(root, name), { recursive: true });
}
const config = (value: unknown) => fs.writeFile(path.join(root, 'openapi-drift.config.json'), typeof value === 'string' ? value : JSON.stringify(value));
const found = async () => (await findClients({ root })).map((client) => [client.name, client.shown]);

async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

test('the repository folders are clients/ and contract-tests/ at the root', () => {
  expect(clientsDir({ root })).toBe(path.join(root, 'clients'));
  expect(contractTestsDir({ root })).toBe(path.join(root, 'contract-tests'));
});

describe('the project config', () => {
  test('no config is an empty one; a valid one is returned as written', async () => {
    expect(await readProjectConfig({ root })).toEqual({});
    await config({});
    expect(await readProjectConfig({ root })).toEqual({});
    const written = { clients: ['packages/api', 'services/*', { path: 'services/a/api', name: 'a.api_1-x' }] };
    await config(written);
    expect(await readProjectConfig({ root })).toEqual(written);
  });

  test('a config that cannot be read or parsed is refused, naming the file and the cause', async () => {
    await fs.mkdir(path.join(root, 'openapi-drift.config.json'));
    const unreadable = await refusal(readProjectConfig({ root }));
    expect(unreadable.message).toBe('openapi-drift.config.json: cannot read it (EISDIR)');
    expect(unreadable.file).toBe('openapi-drift.config.json');
    await fs.rmdir(path.join(root, 'openapi-drift.config.json'));
    await config('{ "clients": [');
    const invalid = await refusal(readProjectConfig({ root }));
    expect(invalid.message).toMatch(/^openapi-drift\.config\.json: invalid JSON: .+/);
    expect(invalid.file).toBe('openapi-drift.config.json');
  });

  test.each([
    ['a list', []],
    ['null', null],
    ['a string', 'packages/api'],
    ['clients as a string', { clients: 'packages/api' }],
    ['clients as an object', { clients: { path: 'api', name: 'api' } }],
    ['an empty path', { clients: [''] }],
    ['a number', { clients: [3] }],
    ['null in the list', { clients: [null] }],
    ['a list in the list', { clients: [['api']] }],
    ['an entry without a name', { clients: [{ path: 'api' }] }],
    ['an entry without a path', { clients: [{ name: 'api' }] }],
    ['an entry with an empty path', { clients: [{ path: '', name: 'api' }] }],
    ['an entry with a number for a name', { clients: [{ path: 'api', name: 1 }] }],
    ['an entry with another setting', { clients: [{ path: 'api', name: 'api', output: 'src' }] }],
    ['a named glob (*)', { clients: [{ path: 'services/*', name: 'api' }] }],
    ['a named glob (?)', { clients: [{ path: 'api?', name: 'api' }] }],
    ['a named glob ([)', { clients: [{ path: 'api[1', name: 'api' }] }],
    ['a named glob (])', { clients: [{ path: 'api]', name: 'api' }] }],
    ['a named glob ({)', { clients: [{ path: 'api{', name: 'api' }] }],
    ['a named glob (})', { clients: [{ path: 'api}', name: 'api' }] }],
    ['a name with a slash', { clients: [{ path: 'api', name: 'a/b' }] }],
    ['a name starting with a dot', { clients: [{ path: 'api', name: '.api' }] }],
    ['a name with a space at the end', { clients: [{ path: 'api', name: 'api ' }] }],
    ['an empty name', { clients: [{ path: 'api', name: '' }] }],
    ['one bad entry among good ones', { clients: ['api', { path: 'web', name: 'x y' }] }],
  ])('%s is refused with the shape a config takes', async (_case, value) => {
    await config(JSON.stringify(value));
    const error = await refusal(readProjectConfig({ root }));
    expect(error.message).toBe(CONFIG_SHAPE);
    expect(error.file).toBe('openapi-drift.config.json');
    expect(error.fix).toBe('{ "clients": ["packages/api", { "path": "services/billing/api", "name": "billing-api" }] }');
  });
});

describe('the repository root', () => {
  test('a root that does not exist, or is a file, is refused', async () => {
    const missing = path.join(root, 'nowhere');
    const error = await refusal(assertProjectRoot({ root: missing }));
    expect(error.message).toBe(`${missing} is not a folder`);
    expect(error.file).toBe(missing);
    expect(error.fix).toBe('run the command in the repository, or point --root at it');
    await fs.writeFile(path.join(root, 'file'), '');
    expect((await refusal(assertProjectRoot({ root: path.join(root, 'file') }, { allowEmpty: true }))).message).toBe(`${path.join(root, 'file')} is not a folder`);
  });

  test('a folder with neither clients/ nor the config is no repository of clients, unless an empty one is allowed', async () => {
    const error = await refusal(assertProjectRoot({ root }));
    expect(error.message).toBe(`${root} has no clients/ folder and no openapi-drift.config.json: it is not a repository with clients`);
    expect(error.file).toBe(root);
    expect(error.fix).toBe('run the command at the repository root (or point --root at it); in a new repository, `npx openapi-drift init` or `add` sets it up');
    await expect(assertProjectRoot({ root }, { allowEmpty: true })).resolves.toBeUndefined();
    // A file named clients is not the folder.
    await fs.writeFile(path.join(root, 'clients'), '');
    await refusal(assertProjectRoot({ root }));
  });

  test('clients/ alone, or the config alone, makes a repository of clients', async () => {
    await folders('clients');
    await expect(assertProjectRoot({ root })).resolves.toBeUndefined();
    await fs.rmdir(path.join(root, 'clients'));
    await config({ clients: [] });
    await expect(assertProjectRoot({ root })).resolves.toBeUndefined();
  });
});

describe('linked repository folders', () => {
  test('clients/ as a link is refused, naming it and its target; a real folder or none is fine', async () => {
    await expect(refuseLinkedFolder({ root }, clientsDir({ root }))).resolves.toBeUndefined();
    await folders('contract-tests');
    await expect(refuseLinkedFolder({ root }, contractTestsDir({ root }))).resolves.toBeUndefined();
    await fs.symlink(outside, path.join(root, 'clients'));
    const error = await refusal(refuseLinkedFolder({ root }, clientsDir({ root })));
    expect(error.message).toBe(`clients is a symbolic link (to ${outside}); openapi-drift never reads or writes through a link, so nothing was read or written`);
    expect(error.file).toBe('clients');
    expect(error.fix).toBe('replace the link clients with a real folder');
    await expect(findClients({ root })).rejects.toThrow(`clients is a symbolic link (to ${outside})`);
  });

  test('a link in clients/ and a configured folder that is a link are clients with their targets, never followed', async () => {
    await folders('clients/alpha', 'packages');
    await fs.symlink(outside, path.join(root, 'clients', 'billing'));
    await fs.symlink(outside, path.join(root, 'packages', 'api'));
    await config({ clients: ['packages/api'] });
    expect(await findClients({ root })).toEqual([
      { name: 'alpha', dir: path.join(root, 'clients', 'alpha'), shown: 'clients/alpha' },
      { name: 'api', dir: path.join(root, 'packages', 'api'), shown: 'packages/api', linkTarget: outside },
      { name: 'billing', dir: path.join(root, 'clients', 'billing'), shown: 'clients/billing', linkTarget: outside },
    ]);
  });
});

describe('finding the clients', () => {
  test('no clients/ and no config: no clients', async () => {
    expect(await findClients({ root })).toEqual([]);
    expect(await listClients({ root })).toEqual([]);
  });

  test('a clients/ that is a file is an error, not an empty repository', async () => {
    await fs.writeFile(path.join(root, 'clients'), '');
    await expect(findClients({ root })).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  test('hidden folders and files in clients/ are not clients; the rest are sorted by name, letter case first', async () => {
    await folders('clients/beta', 'clients/Zeta', 'clients/alpha', 'clients/.adding-x', 'clients/.git', 'clients/a.b');
    await fs.writeFile(path.join(root, 'clients', 'README.md'), '');
    expect(await found()).toEqual([
      ['Zeta', 'clients/Zeta'],
      ['a.b', 'clients/a.b'],
      ['alpha', 'clients/alpha'],
      ['beta', 'clients/beta'],
    ]);
    expect(await listClients({ root })).toEqual(['Zeta', 'a.b', 'alpha', 'beta']);
  });

  test('the config renames a folder of clients/, and a folder it lists that clients/ already has is one client', async () => {
    await folders('clients/petstore', 'clients/other');
    await config({ clients: [{ path: 'clients/petstore', name: 'pets' }, 'clients/other'] });
    expect(await found()).toEqual([
      ['other', 'clients/other'],
      ['pets', 'clients/petstore'],
    ]);
  });

  test('a config given by the caller stands in for the file', async () => {
    await folders('clients/petstore', 'packages/api');
    await config({ clients: ['missing/folder'] });
    expect((await findClients({ root }, { clients: ['packages/api'] })).map((client) => client.shown)).toEqual(['packages/api', 'clients/petstore']);
    expect((await findClients({ root }, {})).map((client) => client.shown)).toEqual(['clients/petstore']);
  });

  test('the repository root as a client is shown as ., named by its package.json', async () => {
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": "@acme/web-app" }');
    await config({ clients: ['.'] });
    expect(await findClients({ root })).toEqual([{ name: 'web-app', dir: root, shown: '.' }]);
  });

  test('a glob matches folders only, never inside node_modules, and not their subfolders', async () => {
    await folders('services/billing/src', 'services/users', 'node_modules/x/api', 'services/node_modules');
    await fs.writeFile(path.join(root, 'services', 'notes.txt'), '');
    await config({ clients: ['services/*', '*/*/api'] });
    expect(await found()).toEqual([
      ['billing', 'services/billing'],
      ['users', 'services/users'],
    ]);
  });

  test('a glob that matches a folder matches that folder alone, not the folders in it', async () => {
    await folders('services/billing', 'services/users/src');
    await config({ clients: ['serv*'] });
    expect(await found()).toEqual([['services', 'services']]);
  });

  test('a glob that matches a folder named in the config takes its name', async () => {
    await folders('services/billing', 'services/users');
    await config({ clients: ['services/*', { path: 'services/billing', name: 'invoices' }] });
    expect(await found()).toEqual([
      ['invoices', 'services/billing'],
      ['users', 'services/users'],
    ]);
  });

  test('a configured folder outside the repository or missing is refused, naming the entry', async () => {
    for (const entry of ['..', '../elsewhere', outside]) {
      await config({ clients: [entry] });
      const error = await refusal(findClients({ root }));
      expect(error.message).toBe(`openapi-drift.config.json: client folder ${entry} lies outside the repository`);
      expect(error.file).toBe('openapi-drift.config.json');
    }
    await config({ clients: ['packages/gone'] });
    const error = await refusal(findClients({ root }));
    expect(error.message).toBe('openapi-drift.config.json: client folder packages/gone does not exist');
    expect(error.fix).toBe('restore the folder, or remove "packages/gone" from openapi-drift.config.json');
  });

  test('a folder whose name starts with two dots lies inside the repository', async () => {
    await folders('..data/api');
    await config({ clients: ['..data/api'] });
    expect(await found()).toEqual([['api', '..data/api']]);
  });

  test('two clients of one name are refused, naming both, with a name that tells them apart', async () => {
    await folders('clients/api', 'services/a/api');
    await config({ clients: ['services/a/api'] });
    const error = await refusal(findClients({ root }));
    expect(error.message).toBe("two clients are named api: clients/api and services/a/api; each client's contract test is named after its client");
    expect(error.file).toBe('openapi-drift.config.json');
    expect(error.fix).toBe('name one in openapi-drift.config.json, e.g. { "clients": [{ "path": "services/a/api", "name": "a-api" }] }');
  });

  test('the name suggested for a twin is one the other folder does not share', async () => {
    await folders('x/a/api', 'y/a/api');
    await config({ clients: ['x/a/api', 'y/a/api'] });
    expect((await refusal(findClients({ root }))).fix).toBe('name one in openapi-drift.config.json, e.g. { "clients": [{ "path": "y/a/api", "name": "y-a-api" }] }');
  });

  test('twins found by a glob are named in path order, whatever order the file system lists them in', async () => {
    const names = ['q', 'c', 'x', 'a', 'm', 'f', 'z', 'b', 'k', 'e'];
    await folders(...names.map((name) => `services/${name}/api`));
    await config({ clients: ['services/*/api'] });
    expect((await refusal(findClients({ root }))).message).toBe("two clients are named api: services/a/api and services/b/api; each client's contract test is named after its client");
  });
});

describe('a name that tells folders apart', () => {
  test('as few last segments as tell it apart', () => {
    expect(distinguishingName('services/a/api', ['services/b/api'])).toBe('a-api');
    expect(distinguishingName('services/a/api', ['clients/api'])).toBe('a-api');
    expect(distinguishingName('x/a/api', ['y/a/api', 'z/b/api'])).toBe('x-a-api');
    expect(distinguishingName('one/two/three/four', ['five/two/three/four'])).toBe('one-two-three-four');
    // The last segment alone is the name the two share (a configured name may differ from the folder's).
    expect(distinguishingName('x/foo', ['y/bar'])).toBe('x-foo');
  });

  test('a folder of one segment, or one no tail tells apart, is all its segments; the root is root', () => {
    expect(distinguishingName('api', ['clients/api'])).toBe('api');
    expect(distinguishingName('a/api', ['a/api'])).toBe('a-api');
    expect(distinguishingName('.', ['clients/client'])).toBe('root');
  });

  test('a tail that is not a valid name is passed over; the fallback is made a valid name', () => {
    expect(distinguishingName('x y/api', ['z/api'])).toBe('x-y-api');
    expect(distinguishingName('a/x y/api', ['b/z/api'])).toBe('a-x-y-api');
    expect(distinguishingName('a/b  c/api', ['a/b  c/api'])).toBe('a-b-c-api');
  });
});

describe('client names', () => {
  test('a package name loses its scope and every character a file name would not take', () => {
    expect(sanitizeName('@acme/billing-api')).toBe('billing-api');
    expect(sanitizeName('plain')).toBe('plain');
    expect(sanitizeName('a@b/c')).toBe('a-b-c');
    expect(sanitizeName('web  app!!')).toBe('web-app');
    expect(sanitizeName('..hidden')).toBe('hidden');
    expect(sanitizeName('_x-')).toBe('x');
    expect(sanitizeName('-x--')).toBe('x');
    expect(sanitizeName('x.y_z')).toBe('x.y_z');
    expect(sanitizeName('name.')).toBe('name.');
  });

  test('a folder below the root is named by its folder; the root by its package.json, else client', async () => {
    expect(folderClientName(path.join(root, 'clients', 'petstore'), root)).toBe('petstore');
    expect(folderClientName(path.join(root, 'clients', 'petstore'), undefined)).toBe('petstore');
    expect(folderClientName(root, undefined)).toBe(path.basename(root));
    expect(folderClientName(`${root}/`, root)).toBe('client');
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": 3 }');
    expect(folderClientName(root, root)).toBe('client');
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": "@acme/" }');
    expect(folderClientName(root, root)).toBe('client');
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": ');
    expect(folderClientName(root, root)).toBe('client');
    await fs.writeFile(path.join(root, 'package.json'), 'null');
    expect(folderClientName(root, root)).toBe('client');
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": "@acme/shop" }');
    expect(folderClientName(root, `${root}/.`)).toBe('shop');
  });

  test('the configured name is the one whose path leads to the folder', () => {
    const entries = ['services/a/api', { path: 'services/b/api', name: 'b-api' }, { path: './services/c/api/', name: 'c-api' }];
    expect(configuredName(entries, path.join(root, 'services', 'b', 'api'), root)).toBe('b-api');
    expect(configuredName(entries, path.join(root, 'services', 'c', 'api'), root)).toBe('c-api');
    expect(configuredName(entries, path.join(root, 'services', 'a', 'api'), root)).toBeUndefined();
    expect(configuredName([], root, root)).toBeUndefined();
  });

  test('a folder is named by the nearest config above it, whatever its entries hold', async () => {
    await folders('services/a/api', 'services/b/api');
    await config({ clients: ['services/b/api', null, 7, { path: 'services/a/api', name: 5 }, { path: 'services/b/api', name: 'b-api' }] });
    expect(clientNameOf(path.join(root, 'services', 'b', 'api'))).toBe('b-api');
    expect(clientNameOf(path.join(root, 'services', 'a', 'api'))).toBe('api');
    await config({ clients: { path: 'services/b/api', name: 'b-api' } });
    expect(clientNameOf(path.join(root, 'services', 'b', 'api'))).toBe('api');
    await config('{ broken');
    expect(clientNameOf(path.join(root, 'services', 'b', 'api'))).toBe('api');
    await config('null');
    expect(clientNameOf(root)).toBe('client');
  });

  test('with no config anywhere above, the folder is named by its own name', async () => {
    await fs.writeFile(path.join(root, 'package.json'), '{ "name": "@acme/shop" }');
    expect(clientNameOf(root)).toBe(path.basename(root));
  });
});

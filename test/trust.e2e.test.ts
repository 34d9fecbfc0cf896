// A hostile trial, replayed: each case once made the gate lie, write outside what it owns, leak a
// secret or fail opaquely. Each must now give a clear message or the right result, with nothing
// outside the output folder changed.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configSource } from '../packages/openapi-drift/src/lifecycle/add.ts';
import { contractTestPath } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { readSpec } from './helpers/specs.ts';
import { createTempProject, editTsconfig, failing, hashTree, runCli, runVitest, type TempProject } from './helpers/temp-project.ts';

let server: SpecServer;
let elsewhere: SpecServer;
let project: TempProject;
let outside: string;
const ESC = '\u001b';

beforeAll(async () => {
  server = await startSpecServer();
  elsewhere = await startSpecServer();
  project = await createTempProject(['petstore']);
  // The cases add and remove clients and contract tests around petstore, and the contract suite's
  // type check keeps its result only while every file and folder the compiler read is unchanged:
  // with clients/ and contract-tests/ among the copied tsconfig's files, each run that type-checks
  // petstore compiled it anew, alongside whatever copies were there. Left out of it, petstore is
  // type-checked with the same compiler options, as the nearest tsconfig's, once. No case here is
  // about the type check; each still runs its type-checks test and needs it to pass.
  await editTsconfig(project, (tsconfig) => {
    tsconfig.include = tsconfig.include?.filter((entry) => entry !== 'clients' && entry !== 'contract-tests');
  });
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-victim-'));
});
afterAll(async () => {
  await Promise.all([server?.close(), elsewhere?.close()]);
  await project?.remove();
  await fs.rm(outside, { recursive: true, force: true });
});

const petstore = (file = '') => path.join(project.clientDir('petstore'), file);
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: project.root, env });

/** A copy of the petstore client under another name, for cases that break it. */
async function copyClient(name: string): Promise<string> {
  const dir = project.clientDir(name);
  await fs.cp(petstore(), dir, { recursive: true });
  return dir;
}

async function removeClient(name: string): Promise<void> {
  await fs.rm(project.clientDir(name), { recursive: true, force: true });
  await fs.rm(path.join(project.root, contractTestPath(name)), { force: true });
}

/** A folder outside the repository with a file in it, to prove nothing reaches it. */
async function victim(name: string): Promise<{ dir: string; unchanged: () => Promise<void> }> {
  const dir = path.join(outside, name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'precious.txt'), 'not openapi-drift\'s to touch\n');
  const before = await hashTree(dir);
  return { dir, unchanged: async () => expect(await hashTree(dir)).toEqual(before) };
}

describe('roots and linked folders', () => {
  test.each([
    { args: ['check', '--root', '/nonexistent-openapi-drift'], says: 'is not a folder' },
    { args: ['live', '--root', '/etc'], says: 'has no clients/ folder and no openapi-drift.config.json' },
    { args: ['sync', '--root', '/etc'], says: 'has no clients/ folder and no openapi-drift.config.json' },
    { args: ['contracts', '--root', '/nonexistent-openapi-drift'], says: 'is not a folder' },
  ])('$args.0 with a wrong --root is exit 2, not a green job', async ({ args, says }) => {
    const result = await cli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(says);
    await expect(fs.access('/nonexistent-openapi-drift')).rejects.toThrow();
  });

  test('a linked client folder is reported by check, contracts and the suite, never skipped', async () => {
    const drifted = await victim('billing');
    await fs.cp(petstore(), drifted.dir, { recursive: true });
    await fs.appendFile(path.join(drifted.dir, 'src/client/sdk.gen.ts'), '// drifted\n');
    const before = await hashTree(drifted.dir);
    await fs.symlink(drifted.dir, project.clientDir('billing'));
    try {
      const check = await cli(['check', 'billing']);
      expect(check.code).toBe(2);
      expect(check.stderr).toContain('clients/billing is a symbolic link');
      const contracts = await cli(['contracts']);
      expect(contracts.code).toBe(2);
      expect(contracts.stderr).toContain('clients/billing is a symbolic link');
      const suite = await runVitest(project, []);
      expect(suite.code).toBe(1);
      expect(suite.output).toContain('clients/billing is a symbolic link');
      expect(await hashTree(drifted.dir)).toEqual(before);
    } finally {
      await fs.rm(project.clientDir('billing'));
    }
  });

  test.each(['src/client', 'src'])('a linked %s is named, and -u neither deletes nor writes through it', async (linked) => {
    const dir = await copyClient('linked');
    await fs.writeFile(path.join(project.root, 'contract-tests/linked.contract.test.ts'), (await fs.readFile(path.join(project.root, 'contract-tests/petstore.contract.test.ts'), 'utf8')).replaceAll('petstore', 'linked'));
    const target = await victim(`linked-${linked.replace('/', '-')}`);
    await fs.rm(path.join(dir, linked), { recursive: true });
    await fs.symlink(target.dir, path.join(dir, linked));
    try {
      for (const args of [['contract-tests/linked.contract.test.ts'], ['contract-tests/linked.contract.test.ts', '-u']]) {
        const report = await runVitest(project, args);
        expect(failing(report)).toEqual(['linked > regenerates from its snapshot']);
        expect(report.tests.get('linked > regenerates from its snapshot')?.failure).toMatch(new RegExp(`clients/linked/${linked} is a symbolic link`));
        await target.unchanged();
      }
    } finally {
      await removeClient('linked');
    }
  });
});

describe('files the tool writes replace a link instead of writing through it', () => {
  test('generated-from.json linked elsewhere: -u replaces the link, its target is untouched', async () => {
    const dir = await copyClient('fingerprinted');
    await fs.writeFile(path.join(project.root, 'contract-tests/fingerprinted.contract.test.ts'), (await fs.readFile(path.join(project.root, 'contract-tests/petstore.contract.test.ts'), 'utf8')).replaceAll('petstore', 'fingerprinted'));
    const target = await victim('fingerprint');
    await fs.rm(path.join(dir, 'generated-from.json'));
    await fs.symlink(path.join(target.dir, 'precious.txt'), path.join(dir, 'generated-from.json'));
    try {
      const report = await runVitest(project, ['contract-tests/fingerprinted.contract.test.ts', '-u']);
      expect(report.code, report.output).toBe(0);
      expect((await fs.lstat(path.join(dir, 'generated-from.json'))).isFile()).toBe(true);
      await target.unchanged();
    } finally {
      await removeClient('fingerprinted');
    }
  });

  test('a contract test linked elsewhere: contracts replaces the link, its target is untouched', async () => {
    const target = await victim('contract-test');
    const file = path.join(project.root, 'contract-tests/petstore.contract.test.ts');
    const generated = await fs.readFile(file, 'utf8');
    await fs.writeFile(path.join(target.dir, 'precious.txt'), generated.replace("from 'openapi-drift/vitest'", "from '../src/index.ts'"));
    const linkedBefore = await hashTree(target.dir);
    await fs.rm(file);
    await fs.symlink(path.join(target.dir, 'precious.txt'), file);
    const result = await cli(['contracts']);
    expect(result.code, result.stderr).toBe(0);
    expect((await fs.lstat(file)).isFile()).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe(generated);
    expect(await hashTree(target.dir)).toEqual(linkedBefore);
  });
});

test('a snapshot inside the output folder is refused up front, and -u does not delete it', async () => {
  const dir = await copyClient('inside');
  await fs.mkdir(path.join(dir, 'api'));
  await fs.copyFile(path.join(dir, 'openapi.json'), path.join(dir, 'api/openapi.json'));
  await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), "import { defineConfig } from '@hey-api/openapi-ts';\n\nexport default defineConfig({ input: './api/openapi.json', output: { path: './api', postProcess: ['prettier'] } });\n");
  try {
    const check = await cli(['check', 'inside']);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('the snapshot ./api/openapi.json lies inside the output folder ./api');
    await cli(['contracts']);
    await runVitest(project, ['contract-tests/inside.contract.test.ts', '-u']);
    await fs.access(path.join(dir, 'api/openapi.json'));
  } finally {
    await removeClient('inside');
  }
});

describe('secrets', () => {
  test('add refuses a literal header value, writes nothing and does not repeat it', async () => {
    server.routes.set('/secret.yaml', { kind: 'body', body: readSpec('petstore.oas30.yaml'), contentType: 'application/yaml' });
    const before = await hashTree(project.root);
    const result = await cli(['add', 'billing', '--from', server.url('/secret.yaml'), '--header', 'Authorization: Bearer sk_live_LITERAL']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('header Authorization must take its value from an environment variable');
    expect(result.stdout + result.stderr).not.toContain('sk_live_LITERAL');
    expect(await hashTree(project.root)).toEqual(before);
    expect(server.requests).not.toContain('/secret.yaml');
  });

  test('a header value with a line break is a configuration error that never prints it', async () => {
    await fs.writeFile(petstore('openapi-drift.json'), JSON.stringify({ source: server.url('/same.json'), headers: { Authorization: 'Bearer ${INJECTED_TOKEN}' } }));
    const result = await cli(['live', 'petstore'], { INJECTED_TOKEN: 's3cr3t-value\r\nX-Injected: 1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('header Authorization, from INJECTED_TOKEN, contains a line break');
    expect(result.stdout + result.stderr).not.toContain('s3cr3t-value');
  });

  test('a redirect to another origin drops every configured header and is reported', async () => {
    const document = await fs.readFile(petstore('openapi.json'), 'utf8');
    elsewhere.routes.set('/moved.json', { kind: 'body', body: document });
    server.routes.set('/redirects.json', { kind: 'redirect', to: elsewhere.url('/moved.json') });
    server.routes.set('/same-origin.json', { kind: 'redirect', to: '/same.json' });
    server.routes.set('/same.json', { kind: 'body', body: document });
    const headers = { Authorization: 'Bearer ${SOURCE_TOKEN}', 'X-Api-Key': '${SOURCE_KEY}' };
    await fs.writeFile(petstore('openapi-drift.json'), JSON.stringify({ source: server.url('/redirects.json'), headers }));
    const result = await cli(['live', 'petstore'], { SOURCE_TOKEN: 'token-value', SOURCE_KEY: 'key-value' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`note: the source redirected to ${elsewhere.url('/moved.json')}, another origin; its configured headers were not sent there`);
    expect(elsewhere.lastHeaders()?.authorization).toBeUndefined();
    expect(elsewhere.lastHeaders()?.['x-api-key']).toBeUndefined();
    // Within the source's own origin the headers go along.
    await fs.writeFile(petstore('openapi-drift.json'), JSON.stringify({ source: server.url('/same-origin.json'), headers }));
    const same = await cli(['live', 'petstore'], { SOURCE_TOKEN: 'token-value', SOURCE_KEY: 'key-value' });
    expect(same.stdout).not.toContain('note:');
    expect(server.lastHeaders()?.['x-api-key']).toBe('key-value');
  });
});

describe('remote text is shown, never obeyed', () => {
  test('escape sequences from a served spec are printed escaped by live and sync', async () => {
    const document = JSON.parse(await fs.readFile(petstore('openapi.json'), 'utf8'));
    document.paths[`/pets${ESC}[2J${ESC}]0;pwned\u0007`] = document.paths['/pets'];
    server.routes.set('/escapes.json', { kind: 'body', body: JSON.stringify(document) });
    const dir = await copyClient('escapes');
    await fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify({ source: server.url('/escapes.json') }));
    try {
      for (const command of ['live', 'sync']) {
        const result = await cli([command, 'escapes']);
        expect(result.stdout + result.stderr, command).not.toContain(ESC);
        expect(result.stdout, command).toContain('/pets\\u001b[2J\\u001b]0;pwned\\u0007');
      }
    } finally {
      await removeClient('escapes');
    }
  });

  test('a spec served with a byte-order mark is read, not "source unavailable"', async () => {
    server.routes.set('/bom.json', { kind: 'body', body: `\ufeff${await fs.readFile(petstore('openapi.json'), 'utf8')}` });
    await fs.writeFile(petstore('openapi-drift.json'), JSON.stringify({ source: server.url('/bom.json') }));
    const result = await cli(['live', 'petstore']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('petstore: no drift\n');
  });
});

describe('clear errors for what used to fail opaquely', () => {
  test.each([
    { ref: '"#/components/schemas/%E0%A4%A"', says: "$ref '#/components/schemas/%E0%A4%A' is not a valid JSON pointer: it has a malformed %-escape" },
    { ref: '5', says: '$ref must be a string such as "#/components/schemas/Pet", got the number 5' },
    { ref: '"#/"', says: "(at /paths/~1pets/get/responses/200/content/application~1json/schema): unresolvable $ref '#/'", located: true },
  ])('$ref $ref', async ({ ref, says, located }) => {
    const dir = await copyClient('refs');
    const snapshot = await fs.readFile(path.join(dir, 'openapi.json'), 'utf8');
    const broken = snapshot.replace('"$ref": "#/components/schemas/Pets"', `"$ref": ${ref}`);
    expect(broken).not.toBe(snapshot);
    await fs.writeFile(path.join(dir, 'openapi.json'), broken);
    try {
      const result = await cli(['check', 'refs']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(says);
      if (located) {
        // At the reference itself, not at the first "#/..." of the file.
        const before = broken.slice(0, broken.indexOf(`"$ref": ${ref}`));
        expect(result.stderr).toContain(`clients/refs/openapi.json:${before.split('\n').length}:${before.length - before.lastIndexOf('\n')} `);
      }
      expect(result.stderr).not.toContain('this is a bug');
      expect(result.stderr).not.toContain('trim is not a function');
    } finally {
      await removeClient('refs');
    }
  });

  test("client folders named with '#' and '?' get contract tests that find them, and hey-api's limit is said plainly", async () => {
    for (const name of ['hash#name', 'query?name']) await copyClient(name);
    try {
      expect((await cli(['contracts'])).code).toBe(0);
      const report = await runVitest(project, ['contract-tests']);
      // Each contract test reaches its folder (the URL is right), where hey-api itself cannot read the snapshot.
      expect(failing(report)).toEqual(['hash#name > regenerates from its snapshot', 'query?name > regenerates from its snapshot']);
      expect(report.tests.get('hash#name > regenerates from its snapshot')?.failure).toContain("clients/hash#name/openapi.json: hey-api cannot read a snapshot whose path contains '#' or '?'");
      expect(report.tests.get('every client in clients/ has its contract test and every contract test its client')?.status).toBe('passed');
    } finally {
      for (const name of ['hash#name', 'query?name']) await removeClient(name);
    }
  });

  test('--plugins with quotes and backslashes is written into the config as strings, not as code', () => {
    const plugins = ["a'b", 'c\\d', '@hey-api/typescript', "x', evil(), '"];
    const source = configSource(plugins);
    const literal = /plugins: (\[.*\]),\n/.exec(source)?.[1];
    expect(literal).toBeDefined();
    // The array literal, evaluated, is exactly the names given: nothing of them became code.
    expect(new Function(`return ${literal}`)()).toEqual(plugins);
  });

  test('a zero-width space or a byte-order mark added to a generated file is named, not shown as identical lines', async () => {
    const file = petstore('src/client/types.gen.ts');
    const original = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, `\ufeff${original.replace('export type Pet = {', 'export type Pet\u200b = {')}`);
    try {
      const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts']);
      const failure = report.tests.get('petstore > src/client/types.gen.ts')?.failure ?? '';
      expect(failure).toContain('differs only in characters that do not show: U+FEFF in the committed file at line 1, column 1');
      expect(failure).toContain('U+200B in the committed file at line');
    } finally {
      await fs.writeFile(file, original);
    }
  });
});

// `add` (add.ts) in process, in a temp project, from a real HTTP server on 127.0.0.1 and from
// files: a new client is complete (canonical snapshot, hey-api config, source record with the
// header templates, generated tree, contract test) and built out of sight; every refusal (a bad
// name, an existing client, a literal secret in a header, a source that cannot be fetched, a config
// that cannot generate) comes before anything is written, or leaves nothing behind. The type check
// is turned off through `sourceExtras`, as a team may do, so that no test waits for the compiler.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ConfigError, DriftError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { addClient, configSource, DEFAULT_PLUGINS, type AddOptions, type AddResult } from '../../../packages/openapi-drift/src/lifecycle/add.ts';
import { SourceFetchError } from '../../../packages/openapi-drift/src/lifecycle/fetch-spec.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { checkClient } from '../../../packages/openapi-drift/src/contract/check.ts';
import { hasDrift } from '../../../packages/openapi-drift/src/compare/tree.ts';
import { cacheKey, moveCachedClient, readCachedRegeneration } from '../../../packages/openapi-drift/src/regenerate/cache.ts';
import { createTempProject, useOwnCache, type TempProject } from '../../helpers/temp-project.ts';
import { answer, stall, startServer, type TestServer } from './http.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } },
};
const CANONICAL = canonicalize(JSON.stringify(DOCUMENT));
const SKIP = { typeCheck: { skip: true, reason: 'not what this test is about' } };

let project: TempProject;
/** The project's own cache folder, so that its entries can be counted. */
let cache: string;
let server: TestServer;
const clients = () => path.join(project.root, 'clients');
const read = (file: string) => fs.readFile(path.join(project.root, file), 'utf8');
const listing = async () => (await fs.readdir(clients())).sort();

function add(options: Partial<AddOptions> & Pick<AddOptions, 'name' | 'from'>): Promise<AddResult> {
  return addClient({ root: project.root, cwd: project.root, sourceExtras: () => SKIP, ...options });
}

async function refusal(options: Partial<AddOptions> & Pick<AddOptions, 'name' | 'from'>): Promise<DriftError> {
  const error = await add(options).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DriftError);
  return error as DriftError;
}

beforeAll(async () => {
  project = await createTempProject([]);
  cache = await useOwnCache(project);
  // A tsconfig.json the compiler cannot read: a client added without its type check turned off is
  // told at once that the check could not run, and no test waits for the compiler.
  await fs.writeFile(path.join(project.root, 'tsconfig.json'), '{ "extends": "./no-such-base.json" }\n');
  server = await startServer();
  server.handle('/openapi.json', answer(`  ${JSON.stringify(DOCUMENT)}`));
  await fs.mkdir(path.join(project.root, 'spec'));
  await fs.writeFile(path.join(project.root, 'spec/tiny.json'), JSON.stringify(DOCUMENT));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  await project?.remove();
});

describe('the hey-api config', () => {
  test('reads the snapshot, writes the tree to src/client, post-processes and lists the plugins', () => {
    expect(DEFAULT_PLUGINS).toEqual(['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch']);
    expect(configSource(['@hey-api/typescript', '@hey-api/sdk'])).toBe(`import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi.json',
  output: {
    path: './src/client',
    postProcess: ['prettier'],
  },
  plugins: ['@hey-api/typescript', '@hey-api/sdk'],
});
`);
    expect(configSource([], [])).toContain('    postProcess: [],\n  },\n  plugins: [],\n');
    expect(configSource(['a'], ['biome:format', 'oxfmt'])).toContain("postProcess: ['biome:format', 'oxfmt'],");
  });

  test('a plugin name can never end its string: quotes, backslashes and line breaks are escaped', () => {
    const source = configSource(["it's o'k", 'back\\slash\\more', 'two\nlines\nthree\rfour\rfive']);
    expect(source).toContain("plugins: ['it\\'s o\\'k', 'back\\\\slash\\\\more', 'two\\nlines\\nthree\\rfour\\rfive'],");
    expect(source.split('\n')).toHaveLength(configSource(['plain']).split('\n').length);
  });
});

describe('a client added from a URL, with a header from the environment', () => {
  test('is complete: snapshot, config, record with the template (not the secret), tree, contract test; the building folder is gone', async () => {
    vi.stubEnv('ADD_TEST_TOKEN', 's3cret');
    let extrasGot: unknown;
    const result = await add({
      name: 'tiny',
      from: server.url('/openapi.json'),
      headers: { Authorization: 'Bearer ${ADD_TEST_TOKEN}' },
      sourceExtras: (document) => ((extrasGot = document), { ...SKIP, canary: { operations: [] } }),
    });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer s3cret');
    expect(result.clientDir).toBe(path.join(clients(), 'tiny'));
    expect(result.outputDir).toBe(path.join(clients(), 'tiny', 'src', 'client'));
    expect(result.files).toContain('src/client/sdk.gen.ts');
    expect(result.files).toContain('src/client/types.gen.ts');
    expect(result.fetched.canonical).toBe(CANONICAL);
    expect(result.typeCheck).toEqual({ status: 'off', text: '  type-check: turned off in clients/tiny/openapi-drift.json: not what this test is about\n' });

    expect(await read('clients/tiny/openapi.json')).toBe(CANONICAL);
    expect(await read('clients/tiny/openapi-ts.config.ts')).toBe(configSource(DEFAULT_PLUGINS, ['prettier']));
    expect(extrasGot).toEqual(DOCUMENT);
    expect(JSON.parse(await read('clients/tiny/openapi-drift.json'))).toEqual({
      source: server.url('/openapi.json'),
      headers: { Authorization: 'Bearer ${ADD_TEST_TOKEN}' },
      ...SKIP,
      canary: { operations: [] },
    });

    for (const file of result.files) await expect(fs.access(path.join(result.clientDir, file))).resolves.toBeUndefined();
    expect(JSON.parse(await read('clients/tiny/generated-from.json'))).toHaveProperty('snapshot');
    expect(await read('contract-tests/tiny.contract.test.ts')).toContain("await describeClientContract(new URL('../clients/tiny/', import.meta.url));");
    expect(await read('contract-tests/tiny.contract.test.ts')).toContain(': checks clients/tiny against its OpenAPI snapshot.');
    expect((await listing()).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('an existing client', () => {
  test('is never touched: refused before any request, naming the folder and the command that refreshes it', async () => {
    await fs.mkdir(path.join(clients(), 'existing'));
    await fs.writeFile(path.join(clients(), 'existing', 'ours.txt'), 'ours\n');
    const requests = server.requests.length;
    const error = await refusal({ name: 'existing', from: server.url('/openapi.json') });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('clients/existing already exists; add never touches an existing client');
    expect(error.file).toBe('clients/existing');
    expect(error.fix).toBe('refresh it with `npx openapi-drift sync existing`, or pick another name');
    expect(server.requests.length).toBe(requests);
    const shownFromSpec = await refusal({ name: 'existing', from: server.url('/openapi.json'), cwd: path.join(project.root, 'spec') });
    expect(shownFromSpec.message).toBe(`${path.join('..', 'clients', 'existing')} already exists; add never touches an existing client`);
    expect(await fs.readdir(path.join(clients(), 'existing'))).toEqual(['ours.txt']);
  });
});

describe('a client added from a file', () => {
  test('a relative path is recorded relative to the client folder, an absolute one as given; no empty headers', async () => {
    const relative = await add({ name: 'from-file', from: 'tiny.json', cwd: path.join(project.root, 'spec'), headers: {}, plugins: ['@hey-api/typescript'] });
    expect(JSON.parse(await read('clients/from-file/openapi-drift.json'))).toEqual({ source: '../../spec/tiny.json', ...SKIP });
    expect(await read('clients/from-file/openapi-ts.config.ts')).toContain("plugins: ['@hey-api/typescript'],");
    expect(relative.files).toEqual(['src/client/index.ts', 'src/client/types.gen.ts']);
    expect(relative.outputDir).toBe(path.join(clients(), 'from-file', 'src', 'client'));

    // Without extras, the record is the source alone, and the type check is tried (it cannot run: see beforeAll).
    const absolute = path.join(project.root, 'spec', 'tiny.json');
    const plain = await addClient({ root: project.root, cwd: project.root, name: 'Abs_1.x', from: absolute, plugins: ['@hey-api/typescript'] });
    expect(JSON.parse(await read('clients/Abs_1.x/openapi-drift.json'))).toEqual({ source: absolute });
    expect(plain.typeCheck.status).toBe('not-run');
    expect(plain.typeCheck.text).toMatch(/^ {2}type-check: could not run, so its `type-checks` test will fail: tsconfig\.json cannot be read as tsc reads it/);
    expect(await read('clients/Abs_1.x/openapi.json')).toBe(CANONICAL);
    expect((await listing()).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

/** A client folder in clients/ whose check has filled its cache entry, as add's does before the move. */
async function checkedClient(name: string): Promise<string> {
  const dir = path.join(clients(), name);
  await fs.mkdir(dir);
  await fs.writeFile(path.join(dir, 'openapi.json'), CANONICAL);
  await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), configSource(['@hey-api/typescript'], ['prettier']));
  await checkClient(dir, { displayRoot: project.root });
  expect(await readCachedRegeneration(dir)).toBeDefined();
  return dir;
}

describe('the first check after add', () => {
  test('is served from the regeneration add made, moved to the client folder; a hand edit after add is still drift', async () => {
    const entries = async () => (await fs.readdir(cache).catch(() => [])).filter((name) => name.endsWith('.json.gz')).length;
    const before = await entries();
    const added = await add({ name: 'cached', from: 'spec/tiny.json' });
    // One entry more: the client's, none left under the folder it was built in.
    expect(await entries()).toBe(before + 1);
    const entry = await readCachedRegeneration(added.clientDir);
    expect(entry).toMatchObject({ clientDir: added.clientDir, outputDir: added.outputDir, snapshotFile: path.join(added.clientDir, 'openapi.json'), configFile: path.join(added.clientDir, 'openapi-ts.config.ts') });
    expect(entry?.reads.filter((record) => record.file.includes('.adding-'))).toEqual([]);

    const check = await checkClient(added.clientDir, { displayRoot: project.root });
    expect(check.regeneration.cached).toBe(true);
    expect(hasDrift(check.summary)).toBe(false);

    const sdk = path.join(added.outputDir, 'sdk.gen.ts');
    await fs.appendFile(sdk, '// edited by hand\n');
    const edited = await checkClient(added.clientDir, { displayRoot: project.root });
    expect(edited.regeneration.cached).toBe(true);
    expect(edited.comparisons.find((entry) => entry.path === 'sdk.gen.ts')?.status).toBe('changed');

    // The moved entry answers to the client's own inputs: a config change misses.
    await fs.appendFile(path.join(added.clientDir, 'openapi-ts.config.ts'), '// changed\n');
    expect(await readCachedRegeneration(added.clientDir)).toBeUndefined();
  });

  test('made in the verifying mode, which trusts no entry, the regeneration is still moved for the ordinary checks', async () => {
    const mode = process.env.OPENAPI_DRIFT_VERIFY_FORMAT ?? '';
    vi.stubEnv('OPENAPI_DRIFT_VERIFY_FORMAT', '1');
    let added: AddResult;
    try {
      added = await add({ name: 'verified', from: 'spec/tiny.json' });
      expect(await readCachedRegeneration(added.clientDir)).toBeUndefined();
    } finally {
      vi.stubEnv('OPENAPI_DRIFT_VERIFY_FORMAT', mode);
    }
    expect(await readCachedRegeneration(added.clientDir)).toMatchObject({ clientDir: added.clientDir, cached: true });
  });

  test('an entry is not carried into another folder, where other files lie above the client', async () => {
    const from = await checkedClient('.elsewhere');
    const to = path.join(project.root, 'packages', 'elsewhere');
    await fs.mkdir(path.dirname(to));
    const keyBefore = await cacheKey(from);
    await fs.rename(from, to);
    await moveCachedClient(from, to, keyBefore);
    expect(await readCachedRegeneration(to)).toBeUndefined();
  });

  test('an entry whose inputs changed before the move is not carried over: a new lockfile', async () => {
    const from = await checkedClient('.moving');
    const to = path.join(clients(), 'moved');
    // An install between the generation and the move: the regeneration no longer answers to the lockfile.
    const lockfile = path.join(project.root, 'package-lock.json');
    await fs.writeFile(lockfile, '{}\n');
    try {
      const keyBefore = await cacheKey(from);
      await fs.rename(from, to);
      await moveCachedClient(from, to, keyBefore);
      expect(await readCachedRegeneration(to)).toBeUndefined();
    } finally {
      await fs.rm(lockfile);
    }
  });
});

describe('refusals leave nothing behind', () => {
  test.each(['-leading-dash', '.hidden', 'has space', 'a/b', '../escape', ''])('the name %j is refused, with the names that work', async (name) => {
    const before = await listing();
    const error = await refusal({ name, from: 'spec/tiny.json' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`'${name}' is not a usable client name`);
    expect(error.fix).toBe('use letters, digits, dots, dashes and underscores, starting with a letter or digit');
    expect(await listing()).toEqual(before);
  });

  test('a literal header value is refused: secrets come from the environment', async () => {
    const before = await listing();
    const requests = server.requests.length;
    const error = await refusal({ name: 'secret', from: server.url('/openapi.json'), headers: { Authorization: 'Bearer hunter2' } });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^--header: header Authorization must take its value from an environment variable/);
    expect(error.message).not.toContain('hunter2');
    expect(error.fix).toBe('add --header "Authorization: Bearer \\${API_TOKEN}" (quoted so that the shell does not expand it)');
    expect(server.requests.length).toBe(requests);
    expect(await listing()).toEqual(before);
  });

  test('a source that cannot be fetched, shown as the user gave it', async () => {
    const before = await listing();
    const missing = await refusal({ name: 'missing', from: './spec/missing.json' });
    expect(missing).toBeInstanceOf(SourceFetchError);
    expect(missing.message).toBe(`${path.join('spec', 'missing.json')}: cannot read it (ENOENT)`);
    const notFound = await refusal({ name: 'missing', from: server.url('/missing.json') });
    expect(notFound.message).toBe(`${server.url('/missing.json')} answered 404 Not Found`);
    expect(await listing()).toEqual(before);
  });

  test('--timeout bounds the request', async () => {
    server.handle('/stall.json', stall);
    const error = await refusal({ name: 'slow', from: server.url('/stall.json'), timeoutMs: 50 });
    expect(error.message).toBe(`${server.url('/stall.json')} did not answer within 0.05 s`);
  });

  test('a config that cannot generate is said of the client being added, never of the folder it is built in', async () => {
    const before = await listing();
    const error = await refusal({ name: 'broken', from: 'spec/tiny.json', plugins: ['@hey-api/no-such-plugin'] });
    expect(error.message).toBe('clients/broken: hey-api generated no files for clients/broken');
    expect(await listing()).toEqual(before);
  });
});

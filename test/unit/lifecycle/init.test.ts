// `init` (init.ts) in process, in temp repositories: which folders hold hey-api configs (never
// node_modules, dot folders or what .gitignore ignores), how folders outside clients/ are recorded
// and named, what --source records and for which client, and that nothing at all is written when
// anything is refused or a client cannot be regenerated. A clean client without a
// generated-from.json gets one; a drifted client never does, and an existing record is kept as it
// is. The repositories' tsconfig.json extends a file that does not exist, so that the type check
// before the first test run says at once that it could not run, and no test waits for the compiler.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkClient } from '../../../packages/openapi-drift/src/contract/check.ts';
import { ConfigError, DriftError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { findConfigFolders, initProject, type InitOptions, type InitResult } from '../../../packages/openapi-drift/src/lifecycle/init.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { typeCheckRegeneration } from '../../../packages/openapi-drift/src/typecheck/type-check.ts';
import { acceptRegeneration } from '../../../packages/openapi-drift/src/update/update.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { removeStableFolder, stableFolder } from './stable-folder.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } },
};
const CONFIG = "export default { input: './openapi.json', output: { path: './src/client', postProcess: ['prettier'] }, plugins: ['@hey-api/typescript'] };\n";
const SKIP = `${JSON.stringify({ source: './openapi.json', typeCheck: { skip: true, reason: 'not what this test is about' } }, null, 2)}\n`;

const roots: string[] = [];
const stable: string[] = [];
afterAll(() => Promise.all([...roots.map((root) => fs.rm(root, { recursive: true, force: true })), ...stable.map(removeStableFolder)]));

/**
 * An empty repository: a package.json, the installed packages, and a tsconfig.json the compiler
 * cannot read. A repository whose clients are generated is named, and lies at the same path on
 * every run (see stable-folder.ts).
 */
async function repository(name?: string): Promise<string> {
  const root = name === undefined ? await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-init-')) : await stableFolder(`init-${name}`);
  (name === undefined ? roots : stable).push(name === undefined ? root : `init-${name}`);
  await fs.writeFile(path.join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  await fs.writeFile(path.join(root, 'tsconfig.json'), '{ "extends": "./no-such-base.json" }\n');
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

/** A hey-api config (and, unless `snapshot` is false, a snapshot) in each folder. */
async function configsIn(root: string, folders: string[], options: { snapshot?: boolean } = {}): Promise<void> {
  for (const folder of folders) {
    await fs.mkdir(path.join(root, folder), { recursive: true });
    await fs.writeFile(path.join(root, folder, 'openapi-ts.config.ts'), CONFIG);
    if (options.snapshot !== false) await fs.writeFile(path.join(root, folder, 'openapi.json'), canonicalize(JSON.stringify(DOCUMENT)));
  }
}

const exists = (file: string) => fs.lstat(file).then(() => true, () => false);

async function refusal(options: InitOptions): Promise<DriftError> {
  const error = await initProject(options).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DriftError);
  return error as DriftError;
}

describe('findConfigFolders', () => {
  test('every folder with an openapi-ts config, once, sorted; never node_modules, .git or dot folders', async () => {
    const root = await repository();
    for (const [folder, name] of [
      ['.', 'openapi-ts.config.ts'],
      ['packages/b', 'openapi-ts.config.mts'],
      ['packages/b', 'openapi-ts.config.json'],
      ['packages/a', 'openapi-ts.config.cts'],
      ['apps/web/api', 'openapi-ts.config.js'],
      ['apps/mobile', 'openapi-ts.config.mjs'],
      ['apps/desk', 'openapi-ts.config.cjs'],
      ['apps/yaml', 'openapi-ts.config.yaml'],
      ['apps/other', 'hey-api.config.ts'],
      ['real/api', 'openapi-ts.config.ts'],
      ['vendor/node_modules/pkg', 'openapi-ts.config.ts'],
      ['.git/x', 'openapi-ts.config.ts'],
      ['.hidden', 'openapi-ts.config.ts'],
    ] as Array<[string, string]>) {
      await fs.mkdir(path.join(root, folder), { recursive: true });
      await fs.writeFile(path.join(root, folder, name), CONFIG);
    }
    // A folder reached through a link is not a client of this repository.
    await fs.symlink(path.join(root, 'real'), path.join(root, 'linked'));
    expect(await findConfigFolders(root)).toEqual(['.', 'apps/desk', 'apps/mobile', 'apps/web/api', 'packages/a', 'packages/b', 'real/api']);
  });

  test('what .gitignore ignores is skipped, as git decides; a repository that ignores none of them keeps all', async () => {
    const root = await repository();
    await configsIn(root, ['kept', 'generated/api', 'also-kept'], { snapshot: false });
    execFileSync('git', ['init', '--quiet'], { cwd: root });
    expect(await findConfigFolders(root)).toEqual(['also-kept', 'generated/api', 'kept']);
    await fs.writeFile(path.join(root, '.gitignore'), 'generated/\n');
    expect(await findConfigFolders(root)).toEqual(['also-kept', 'kept']);
  });

  test('a folder without configs has none', async () => {
    expect(await findConfigFolders(await repository())).toEqual([]);
  });
});

describe('refusals before anything is written', () => {
  test('a repository without a hey-api config says how to add a client; the root is named when it is not where the user is', async () => {
    const root = await repository();
    const error = await refusal({ root, displayRoot: root });
    expect(error.message).toBe('no hey-api config (openapi-ts.config.*) found under this repository');
    expect(error.fix).toBe('add a client with `npx openapi-drift add <name> --from <url|file>`');
    const elsewhere = await refusal({ root, displayRoot: os.tmpdir() });
    expect(elsewhere.message).toBe(`no hey-api config (openapi-ts.config.*) found under ${root}`);
    expect((await fs.readdir(root)).sort()).toEqual(['node_modules', 'package.json', 'tsconfig.json']);
  });

  test('a client folder that is a link is refused', async () => {
    const root = await repository();
    await configsIn(root, ['real/api'], { snapshot: false });
    await fs.mkdir(path.join(root, 'clients'));
    await fs.symlink(path.join(root, 'real', 'api'), path.join(root, 'clients', 'linked'));
    const error = await refusal({ root, displayRoot: root });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`clients/linked is a symbolic link (to ${path.join(root, 'real', 'api')}); openapi-drift never checks or writes a client through a link`);
    expect(await exists(path.join(root, 'openapi-drift.config.json'))).toBe(false);
  });

  test('--source when every client records its source', async () => {
    const root = await repository();
    await configsIn(root, ['clients/one'], { snapshot: false });
    await fs.writeFile(path.join(root, 'clients/one/openapi-drift.json'), SKIP);
    const error = await refusal({ root, displayRoot: root, source: 'https://example.com/openapi.json' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('--source: every client already records its source in openapi-drift.json; nothing was written');
    expect(error.fix).toBe('leave out --source');
  });

  test('--source when several clients have none: each file to write is named', async () => {
    const root = await repository();
    await configsIn(root, ['packages/one', 'packages/two', 'clients/three'], { snapshot: false });
    await fs.writeFile(path.join(root, 'clients/three/openapi-drift.json'), SKIP);
    const error = await refusal({ root, displayRoot: root, source: 'https://example.com/openapi.json' });
    expect(error.message).toBe('--source names the source of one client, and 2 have none (packages/one, packages/two); nothing was written');
    expect(error.fix).toBe('write each one\'s openapi-drift.json: packages/one/openapi-drift.json, packages/two/openapi-drift.json, as {"source": "<url or file>"}');
    expect(await exists(path.join(root, 'openapi-drift.config.json'))).toBe(false);
    expect(await exists(path.join(root, 'contract-tests'))).toBe(false);
  });

  test.each([
    ['a file that does not exist', 'spec/missing.json'],
    ['a folder', 'spec'],
    ['a URL of another scheme', 'ftp://example.com/openapi.json'],
  ])('--source that is %s', async (_what, source) => {
    const root = await repository();
    await configsIn(root, ['packages/api'], { snapshot: false });
    await fs.mkdir(path.join(root, 'spec'));
    const error = await refusal({ root, displayRoot: root, source });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(`--source: ${source} is neither an http(s) URL nor a file; nothing was written`);
    expect(error.file).toBe(source);
    expect(await exists(path.join(root, 'packages/api/openapi-drift.json'))).toBe(false);
  });
});

describe('folders outside clients/', () => {
  test('are recorded in the project config under names that tell them apart, and get their contract tests', async () => {
    const root = await repository('naming');
    // Folders named api under clients/ and outside it, a name another folder takes first, and folders whose own names are free.
    await configsIn(root, ['clients/api', 'apps/a-api', 'services/a/api', 'services/b/api', 'tools/web', 'clients/api/deep']);
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), '{ "$comment": "kept", "clients": [] }\n');
    const result = await initProject({ root, displayRoot: root });
    expect(result.written).toBe(true);
    expect(result.recorded).toEqual(['apps/a-api', 'clients/api/deep', 'services/a/api', 'services/b/api', 'tools/web']);
    const suffix = createHash('sha256').update('services/a/api').digest('hex').slice(0, 6);
    expect(result.adopted.map((entry) => [entry.client.shown, entry.client.name, entry.status])).toEqual([
      ['apps/a-api', 'a-api', 'drift'],
      ['services/a/api', `a-api-${suffix}`, 'drift'],
      ['clients/api', 'api', 'drift'],
      ['services/b/api', 'b-api', 'drift'],
      ['clients/api/deep', 'deep', 'drift'],
      ['tools/web', 'web', 'drift'],
    ]);
    expect(JSON.parse(await fs.readFile(path.join(root, 'openapi-drift.config.json'), 'utf8'))).toEqual({
      $comment: 'kept',
      clients: ['apps/a-api', 'clients/api/deep', { path: 'services/a/api', name: `a-api-${suffix}` }, { path: 'services/b/api', name: 'b-api' }, 'tools/web'],
    });
    expect(result.contractTests.written).toEqual(['a-api', `a-api-${suffix}`, 'api', 'b-api', 'deep', 'web']);
  });

  test('folders the project config lists are not recorded again, and the config is left as it is', async () => {
    const root = await repository('listed');
    await configsIn(root, ['packages/api', 'apps/one']);
    const config = '{"clients":["packages/*",{"path":"apps/one","name":"uno"}]}';
    await fs.writeFile(path.join(root, 'openapi-drift.config.json'), config);
    const result = await initProject({ root, displayRoot: root });
    expect(result.written).toBe(true);
    expect(result.recorded).toEqual([]);
    expect(result.adopted.map((entry) => entry.client.name)).toEqual(['api', 'uno']);
    expect(await fs.readFile(path.join(root, 'openapi-drift.config.json'), 'utf8')).toBe(config);
  });
});

describe('adopting generated clients', () => {
  let root: string;
  const file = (name: string) => path.join(root, name);
  const records = ['clients/clean', 'clients/edited', 'packages/api'].map((dir) => `${dir}/generated-from.json`);
  let committedRecord: string;
  let committedTypes: string;

  /** The repository as before init: no project config, contract tests, records or source record of packages/api. */
  async function reset(): Promise<void> {
    for (const name of ['openapi-drift.config.json', 'contract-tests', 'packages/api/openapi-drift.json', 'clients/broken', ...records]) await fs.rm(file(name), { recursive: true, force: true });
    await fs.writeFile(file('clients/edited/src/client/types.gen.ts'), `${committedTypes}// edited by hand\n`);
  }

  beforeAll(async () => {
    root = await repository('adopting');
    await configsIn(root, ['clients/clean', 'clients/edited', 'packages/api']);
    await fs.mkdir(file('spec'));
    await fs.writeFile(file('spec/tiny.json'), JSON.stringify(DOCUMENT));
    await fs.writeFile(file('clients/clean/openapi-drift.json'), SKIP);
    await fs.writeFile(file('clients/edited/openapi-drift.json'), SKIP);
    // Generated as a team's repository has them (and the regeneration cache filled for init's checks).
    for (const dir of ['clients/clean', 'clients/edited', 'packages/api']) {
      const check = await checkClient(file(dir), { displayRoot: root });
      await acceptRegeneration(check.regeneration, check.comparisons);
    }
    committedRecord = await fs.readFile(file('clients/clean/generated-from.json'), 'utf8');
    committedTypes = await fs.readFile(file('clients/edited/src/client/types.gen.ts'), 'utf8');
  });

  test('a clean client without a record gets one, a drifted one never does, and a record that exists is kept', async () => {
    await reset();
    const first: InitResult = await initProject({ root, displayRoot: root });
    expect(first.written).toBe(true);
    expect(first.adopted.map((entry) => [entry.client.name, entry.status, entry.source])).toEqual([
      ['api', 'clean', 'none'],
      ['clean', 'clean', 'recorded'],
      ['edited', 'drift', 'recorded'],
    ]);
    expect(await fs.readFile(file('clients/clean/generated-from.json'), 'utf8')).toBe(committedRecord);
    expect(JSON.parse(await fs.readFile(file('packages/api/generated-from.json'), 'utf8'))).toHaveProperty('snapshot');
    expect(await exists(file('clients/edited/generated-from.json'))).toBe(false);

    const earlier = `${JSON.stringify({ ...JSON.parse(committedRecord), node: '0' }, null, 2)}\n`;
    await fs.writeFile(file('clients/clean/generated-from.json'), earlier);
    await initProject({ root, displayRoot: root });
    expect(await fs.readFile(file('clients/clean/generated-from.json'), 'utf8')).toBe(earlier);
    expect(await exists(file('clients/edited/generated-from.json'))).toBe(false);
  });

  test('what is reported of each client, and the folder outside clients/ recorded in the project config', async () => {
    await reset();
    const result = await initProject({ root, displayRoot: root });
    expect(result.recorded).toEqual(['packages/api']);
    expect(await fs.readFile(file('openapi-drift.config.json'), 'utf8')).toBe('{\n  "clients": [\n    "packages/api"\n  ]\n}\n');
    expect(result.contractTests.written).toEqual(['api', 'clean', 'edited']);
    expect(await fs.readFile(file('contract-tests/api.contract.test.ts'), 'utf8')).toContain("new URL('../packages/api/', import.meta.url)");
    const [api, clean, edited] = result.adopted;
    expect(clean).toMatchObject({ status: 'clean', files: 2, outputDir: 'clients/clean/src/client', snapshotFile: 'clients/clean/openapi.json', notCanonical: false, source: 'recorded' });
    expect(clean?.summary).toEqual({ changed: [], missing: [], obsolete: [] });
    expect(edited?.summary).toEqual({ changed: ['types.gen.ts'], missing: [], obsolete: [] });
    expect(clean?.typeCheck).toEqual({ status: 'off', text: '  type-check: turned off in clients/clean/openapi-drift.json: not what this test is about\n' });
    expect(edited).toMatchObject({ status: 'drift', outputDir: 'clients/edited/src/client' });
    expect(api).toMatchObject({ status: 'clean', outputDir: 'packages/api/src/client', snapshotFile: 'packages/api/openapi.json', source: 'none' });
    expect(api?.typeCheck?.status).toBe('not-run');
    expect(api?.error).toBeUndefined();

    // Listed now: a second init records nothing and leaves the project config as the team formatted it.
    await fs.writeFile(file('openapi-drift.config.json'), '{"clients":["packages/api"]}');
    const again = await initProject({ root, displayRoot: root });
    expect(again.recorded).toEqual([]);
    expect(await fs.readFile(file('openapi-drift.config.json'), 'utf8')).toBe('{"clients":["packages/api"]}');
    expect(again.contractTests).toEqual({ written: [], removed: [], unchanged: ['api', 'clean', 'edited'] });
  });

  test('a snapshot that is not canonical JSON is said', async () => {
    await reset();
    const snapshot = file('clients/clean/openapi.json');
    const canonical = await fs.readFile(snapshot, 'utf8');
    await fs.writeFile(snapshot, JSON.stringify(DOCUMENT));
    try {
      const result = await initProject({ root, displayRoot: root });
      expect(result.adopted.find((entry) => entry.client.name === 'clean')?.notCanonical).toBe(true);
      expect(result.adopted.find((entry) => entry.client.name === 'api')?.notCanonical).toBe(false);
    } finally {
      await fs.writeFile(snapshot, canonical);
    }
  });

  test('--source records a file relative to the client folder, for the one client without a record', async () => {
    await reset();
    const result = await initProject({ root, displayRoot: path.join(root, 'spec'), source: 'tiny.json' });
    expect(result.adopted.map((entry) => [entry.client.name, entry.source])).toEqual([
      ['api', 'written'],
      ['clean', 'recorded'],
      ['edited', 'recorded'],
    ]);
    expect(await fs.readFile(file('packages/api/openapi-drift.json'), 'utf8')).toBe('{\n  "source": "../../spec/tiny.json"\n}\n');
  });

  test('--source records a URL as given', async () => {
    await reset();
    await initProject({ root, displayRoot: root, source: 'https://api.example.com/openapi.json' });
    expect(JSON.parse(await fs.readFile(file('packages/api/openapi-drift.json'), 'utf8'))).toEqual({ source: 'https://api.example.com/openapi.json' });
  });

  test('one client that cannot be regenerated: nothing is written, not even the clean ones\' records', async () => {
    await reset();
    await configsIn(root, ['clients/broken'], { snapshot: false });
    try {
      const result = await initProject({ root, displayRoot: root });
      expect(result.written).toBe(false);
      expect(result.adopted.map((entry) => [entry.client.name, entry.status])).toEqual([
        ['api', 'clean'],
        ['broken', 'error'],
        ['clean', 'clean'],
        ['edited', 'drift'],
      ]);
      // Nothing is written, and what each client's type check says is still reported.
      expect(result.adopted.map((entry) => entry.typeCheck?.status)).toEqual(['not-run', undefined, 'off', 'off']);
      expect(result.contractTests).toEqual({ written: [], removed: [], unchanged: [] });
      for (const record of records) expect(await exists(file(record))).toBe(false);
      expect(await exists(file('openapi-drift.config.json'))).toBe(false);
      expect(await exists(file('contract-tests'))).toBe(false);
      expect(await exists(file('packages/api/openapi-drift.json'))).toBe(false);
    } finally {
      await fs.rm(file('clients/broken'), { recursive: true, force: true });
    }
  });
});

describe('the first test run after init', () => {
  test('is served the type check init made: it runs after the contract tests and records are written', async () => {
    const root = await repository();
    // A tsconfig that compiles the clients and the contract tests, which init writes.
    await fs.writeFile(path.join(root, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true, noEmit: true }, include: ['clients', 'contract-tests'] })}\n`);
    await configsIn(root, ['clients/tiny']);
    const generated = await checkClient(path.join(root, 'clients/tiny'), { displayRoot: root });
    await acceptRegeneration(generated.regeneration, generated.comparisons);

    const result = await initProject({ root, displayRoot: root });
    expect(result.written).toBe(true);
    expect(result.adopted[0]?.typeCheck?.status).toBe('compiles');
    expect(result.adopted[0]?.typeCheck?.text).toMatch(/^ {2}type-check: compiles with the compiler options of tsconfig\.json, TypeScript \d/);
    const check = await checkClient(path.join(root, 'clients/tiny'), { displayRoot: root });
    const typeCheck = await typeCheckRegeneration(check.regeneration, { displayRoot: root });
    expect(typeCheck).toMatchObject({ cached: true, ownership: 'owner', diagnostics: [] });
  });
});

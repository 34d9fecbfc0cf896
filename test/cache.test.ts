// The regeneration cache: a stale entry must never turn a drift into a pass. Each input is changed
// in turn and must miss the cache; a hand edit of the tree is caught even on a hit; a damaged entry
// is ignored; OPENAPI_DRIFT_CACHE=off turns it off.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { hasDrift } from '../packages/openapi-drift/src/compare/tree.ts';
import { createTempProject, REPO, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let client: string;
const originals = new Map<string, string | null>();

async function edit(file: string, change: (text: string) => string): Promise<void> {
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (!originals.has(file)) originals.set(file, text);
  await fs.writeFile(file, change(text ?? ''));
}

async function check() {
  const result = await checkClient(client, { displayRoot: project.root });
  return { cached: result.regeneration.cached === true, drift: hasDrift(result.summary) };
}

beforeAll(async () => {
  project = await createTempProject(['petstore']);
  client = project.clientDir('petstore');
  // A real node_modules of links, with its own copies of the generator and prettier packages, so
  // that their versions can be changed here without touching the repository's.
  const modules = path.join(project.root, 'node_modules');
  await fs.rm(modules);
  await fs.mkdir(path.join(modules, '@hey-api'), { recursive: true });
  for (const name of await fs.readdir(path.join(REPO, 'node_modules'))) {
    if (name === '@hey-api' || name === 'prettier' || name === '.cache') continue;
    await fs.symlink(path.join(REPO, 'node_modules', name), path.join(modules, name));
  }
  for (const name of await fs.readdir(path.join(REPO, 'node_modules/@hey-api'))) {
    if (name !== 'openapi-ts') await fs.symlink(path.join(REPO, 'node_modules/@hey-api', name), path.join(modules, '@hey-api', name));
  }
  await fs.cp(path.join(REPO, 'node_modules/@hey-api/openapi-ts'), path.join(modules, '@hey-api/openapi-ts'), { recursive: true, dereference: true });
  await fs.cp(path.join(REPO, 'node_modules/prettier'), path.join(modules, 'prettier'), { recursive: true, dereference: true });
  await fs.copyFile(path.join(REPO, 'package-lock.json'), path.join(project.root, 'package-lock.json'));
  // The config takes its plugin list from a local module, as real configs often do.
  await fs.writeFile(path.join(client, 'plugins.ts'), "export const plugins = ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'];\n");
  await edit(path.join(client, 'openapi-ts.config.ts'), (text) => text.replace(/plugins: \[[^\]]*\],/, 'plugins,').replace("from '@hey-api/openapi-ts';", "from '@hey-api/openapi-ts';\nimport { plugins } from './plugins.ts';"));
  // A local prettier plugin, named in a .prettierrc.json above the client.
  await fs.writeFile(path.join(project.root, 'prettier-noop-plugin.mjs'), 'export const languages = [];\n');
  await fs.writeFile(path.join(project.root, '.prettierrc.json'), '{ "plugins": ["./prettier-noop-plugin.mjs"] }\n');
  originals.clear();
  expect((await check()).drift).toBe(false);
}, 120_000);
afterAll(() => project?.remove());

beforeEach(async () => {
  // Every case starts from the same, cached, clean state.
  for (const [file, text] of originals) {
    if (text === null) await fs.rm(file, { force: true });
    else await fs.writeFile(file, text);
  }
  originals.clear();
  await check();
  expect(await check()).toEqual({ cached: true, drift: false });
}, 60_000);

const bump = (text: string) => text.replace(/"version": "(\d+)\.(\d+)\.(\d+)"/, (_match, major, minor, patch) => `"version": "${major}.${minor}.${Number(patch) + 1}"`);

describe('changing any input misses the cache', () => {
  test.each([
    { input: 'the snapshot', file: 'clients/petstore/openapi.json', change: (text: string) => text.replace('"tag": {\n            "type": "string"', '"tag": {\n            "type": "integer"'), drift: true },
    { input: 'the config', file: 'clients/petstore/openapi-ts.config.ts', change: (text: string) => text.replace('plugins,', "plugins: [...plugins, '@hey-api/schemas'],"), drift: true },
    { input: 'a local module the config imports', file: 'clients/petstore/plugins.ts', change: (text: string) => text.replace("'@hey-api/sdk', ", ''), drift: true },
    { input: 'a .prettierrc in the client', file: 'clients/petstore/.prettierrc', change: () => '{ "semi": false }\n', drift: true },
    { input: 'a .prettierrc above the client', file: '.prettierrc.json', change: () => '{ "singleQuote": true }\n', drift: true },
    { input: 'a local prettier plugin file', file: 'prettier-noop-plugin.mjs', change: () => '// changed\nexport const languages = [];\n', drift: false },
    { input: 'an .editorconfig above the client', file: '.editorconfig', change: () => 'root = true\n[*]\nindent_style = tab\n', drift: true },
    { input: 'the .prettierignore', file: 'clients/petstore/.prettierignore', change: () => 'src/client/core/**\n', drift: true },
    { input: 'package.json', file: 'package.json', change: (text: string) => text.replace('"name": "temp-project"', '"name": "temp-project-renamed"'), drift: false },
    { input: 'the lockfile', file: 'package-lock.json', change: (text: string) => text.replace('"lockfileVersion": 3', '"lockfileVersion": 3, "requires": true'), drift: false },
    { input: 'the generator version', file: 'node_modules/@hey-api/openapi-ts/package.json', change: bump, drift: false },
    { input: 'the prettier version', file: 'node_modules/prettier/package.json', change: bump, drift: false },
  ])('$input', async ({ file, change, drift }) => {
    const absolute = path.join(project.root, file);
    await edit(absolute, change);
    expect(await fs.readFile(absolute, 'utf8').catch(() => '')).not.toBe(originals.get(absolute) ?? '');
    const result = await check();
    expect(result.cached).toBe(false);
    expect(result.drift).toBe(drift);
  }, 60_000);
});

test('a hand edit of the tree is caught on a cache hit', async () => {
  await edit(path.join(client, 'src/client/sdk.gen.ts'), (text) => text.replace('url: "/pets"', 'url: "/pet"'));
  expect(await check()).toEqual({ cached: true, drift: true });
});

test('a damaged cache entry is ignored', async () => {
  const dir = path.join(project.root, 'node_modules/.cache/openapi-drift');
  for (const name of (await fs.readdir(dir)).filter((entry) => entry.endsWith('.json.gz'))) {
    const file = path.join(dir, name);
    const bytes = await fs.readFile(file);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await fs.writeFile(file, bytes);
  }
  expect(await check()).toEqual({ cached: false, drift: false });
}, 60_000);

test('OPENAPI_DRIFT_CACHE=off turns the cache off', async () => {
  process.env.OPENAPI_DRIFT_CACHE = 'off';
  try {
    expect(await check()).toEqual({ cached: false, drift: false });
  } finally {
    delete process.env.OPENAPI_DRIFT_CACHE;
  }
}, 60_000);

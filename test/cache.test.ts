// The regeneration cache: a stale entry must never turn a drift into a pass. Each input is changed
// in turn and must miss the cache; a hand edit of the tree is caught even on a hit; a damaged entry
// is ignored; OPENAPI_DRIFT_CACHE=off turns it off.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { hasDrift } from '../packages/openapi-drift/src/compare/tree.ts';
import { cacheKey, writeCachedRegeneration } from '../packages/openapi-drift/src/regenerate/cache.ts';
import { cacheRoot } from '../packages/openapi-drift/src/core/cache-dir.ts';
import { createTempProject, REPO, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let client: string;
const originals = new Map<string, string | null>();
/** The regeneration cache's entries as the clean check of beforeAll left them, by file name. */
let cleanEntries: Map<string, Buffer>;

const cacheFolder = () => cacheRoot(client);

async function readEntries(): Promise<Map<string, Buffer>> {
  const names = (await fs.readdir(cacheFolder()).catch(() => [] as string[])).filter((name) => name.endsWith('.json.gz'));
  return new Map(await Promise.all(names.map(async (name) => [name, await fs.readFile(path.join(cacheFolder(), name))] as const)));
}

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
  // The config takes its plugin list from a local module imported NodeNext style (./plugins.js for
  // plugins.ts), and the sdk plugin's options from a JSON file it reads with fs, as real configs do.
  await fs.writeFile(path.join(client, 'plugins.ts'), "export const plugins = ['@hey-api/typescript', '@hey-api/client-fetch'];\n");
  await fs.writeFile(path.join(client, 'sdk-options.json'), '{ "asClass": false }\n');
  await edit(path.join(client, 'openapi-ts.config.ts'), (text) =>
    text
      .replace(/plugins: \[[^\]]*\],/, "plugins: [...plugins, { name: '@hey-api/sdk', ...JSON.parse(readFileSync('./sdk-options.json', 'utf8')) }],")
      .replace("from '@hey-api/openapi-ts';", "from '@hey-api/openapi-ts';\nimport { readFileSync } from 'node:fs';\nimport { plugins } from './plugins.js';"),
  );
  // A local prettier plugin, named in a .prettierrc.json above the client.
  await fs.writeFile(path.join(project.root, 'prettier-noop-plugin.mjs'), 'export const languages = [];\n');
  await fs.writeFile(path.join(project.root, '.prettierrc.json'), '{ "plugins": ["./prettier-noop-plugin.mjs"] }\n');
  originals.clear();
  expect((await check()).drift).toBe(false);
  cleanEntries = await readEntries();
  expect(cleanEntries.size).toBe(1);
});
afterAll(() => project?.remove());

beforeEach(async () => {
  // Every case starts from the same, cached, clean state.
  for (const [file, text] of originals) {
    if (text === null) await fs.rm(file, { force: true });
    else await fs.writeFile(file, text);
  }
  originals.clear();
  // The entry of the clean check put back, which is what regenerating these inputs again would
  // store: a hit now proves that every input the generation read has its clean bytes again.
  for (const name of (await readEntries()).keys()) await fs.rm(path.join(cacheFolder(), name));
  await fs.mkdir(cacheFolder(), { recursive: true });
  for (const [name, bytes] of cleanEntries) await fs.writeFile(path.join(cacheFolder(), name), bytes);
  expect(await check()).toEqual({ cached: true, drift: false });
});

const bump = (text: string) => text.replace(/"version": "(\d+)\.(\d+)\.(\d+)"/, (_match, major, minor, patch) => `"version": "${major}.${minor}.${Number(patch) + 1}"`);

describe('changing any input misses the cache', () => {
  test.each<{ input: string; file: string; change: (text: string) => string; drift: boolean; cached?: boolean }>([
    { input: 'the snapshot', file: 'clients/petstore/openapi.json', change: (text: string) => text.replace('"tag": {\n            "type": "string"', '"tag": {\n            "type": "integer"'), drift: true },
    { input: 'the config', file: 'clients/petstore/openapi-ts.config.ts', change: (text: string) => text.replace('plugins: [...plugins,', "plugins: [...plugins, '@hey-api/schemas',"), drift: true },
    { input: 'a local module the config imports as ./plugins.js (plugins.ts)', file: 'clients/petstore/plugins.ts', change: (text: string) => text.replace("'@hey-api/typescript', ", "'@hey-api/typescript', '@hey-api/schemas', "), drift: true },
    { input: 'a JSON file the config reads with fs', file: 'clients/petstore/sdk-options.json', change: () => '{ "asClass": true }\n', drift: true },
    { input: 'a .prettierrc in the client', file: 'clients/petstore/.prettierrc', change: () => '{ "semi": false }\n', drift: true },
    { input: 'a .prettierrc above the client', file: '.prettierrc.json', change: () => '{ "singleQuote": true }\n', drift: true },
    { input: 'a local prettier plugin file', file: 'prettier-noop-plugin.mjs', change: () => '// changed\nexport const languages = [];\n', drift: false },
    { input: 'an .editorconfig above the client', file: '.editorconfig', change: () => 'root = true\n[*]\nindent_style = tab\n', drift: true },
    { input: 'the .prettierignore', file: 'clients/petstore/.prettierignore', change: () => 'src/client/core/**\n', drift: true },
    { input: 'package.json', file: 'package.json', change: (text: string) => text.replace('"name": "temp-project"', '"name": "temp-project-renamed"'), drift: false },
    // It stands for packages the config may import by name (a plugin of another package).
    { input: 'the lockfile', file: 'package-lock.json', change: (text: string) => text.replace('"lockfileVersion": 3', '"lockfileVersion": 3, "requires": true'), drift: false },
    { input: 'the generator version', file: 'node_modules/@hey-api/openapi-ts/package.json', change: bump, drift: false },
    { input: 'the prettier version', file: 'node_modules/prettier/package.json', change: bump, drift: false },
  ])('$input', async ({ file, change, drift, cached = false }) => {
    const absolute = path.join(project.root, file);
    await edit(absolute, change);
    expect(await fs.readFile(absolute, 'utf8').catch(() => '')).not.toBe(originals.get(absolute) ?? '');
    const result = await check();
    expect(result.cached).toBe(cached);
    expect(result.drift).toBe(drift);
  });
});

describe('prettier configuration that only the formatter reads', () => {
  test.each([
    {
      input: 'a JSON file that a .prettierrc.cjs requires',
      setUp: { 'clients/petstore/.prettierrc.cjs': "module.exports = { ...require('./prettier-base') };\n", 'clients/petstore/prettier-base.json': '{}\n' },
      file: 'clients/petstore/prettier-base.json',
    },
    {
      input: 'the shared config that package.json names ("prettier": "./prettier-shared.json")',
      setUp: { 'prettier-shared.json': '{}\n', 'package.json': '{ "name": "temp-project", "private": true, "type": "module", "prettier": "./prettier-shared.json" }\n', '.prettierrc.json': null },
      file: 'prettier-shared.json',
    },
  ])('$input', async ({ setUp, file }) => {
    for (const [name, text] of Object.entries(setUp)) await edit(path.join(project.root, name), () => text ?? '').then(() => (text === null ? fs.rm(path.join(project.root, name)) : undefined));
    expect(await check()).toEqual({ cached: false, drift: false });
    expect(await check()).toEqual({ cached: true, drift: false });
    await edit(path.join(project.root, file), () => '{ "semi": false }\n');
    expect(await check()).toEqual({ cached: false, drift: true });
  });
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
});

test('OPENAPI_DRIFT_CACHE=off turns the cache off', async () => {
  process.env.OPENAPI_DRIFT_CACHE = 'off';
  try {
    expect(await check()).toEqual({ cached: false, drift: false });
  } finally {
    delete process.env.OPENAPI_DRIFT_CACHE;
  }
});

test('a planted entry: trusted by an ordinary check, never by the verifying mode (OPENAPI_DRIFT_VERIFY_FORMAT=1)', async () => {
  // Anyone who can write node_modules/.cache (a cache restored from another branch) can write an
  // entry whose checksum holds: it is unkeyed. Here it says the hand-edited tree is what generation gives.
  const sdk = path.join(client, 'src/client/sdk.gen.ts');
  await edit(sdk, (text) => text.replace('url: "/pets"', 'url: "/pet"'));
  const dir = path.join(project.root, 'node_modules/.cache/openapi-drift');
  const [name] = (await fs.readdir(dir)).filter((entry) => entry.endsWith('.json.gz'));
  const file = path.join(dir, name as string);
  const entry = JSON.parse(gunzipSync((await fs.readFile(file)).subarray(32)).toString('utf8')) as { regeneration: { files: Array<[string, string]> } };
  for (const pair of entry.regeneration.files) if (pair[0] === 'sdk.gen.ts') pair[1] = await fs.readFile(sdk, 'utf8');
  const body = gzipSync(JSON.stringify(entry));
  await fs.writeFile(file, Buffer.concat([createHash('sha256').update(gunzipSync(body)).digest(), body]));
  expect(await check()).toEqual({ cached: true, drift: false });
  process.env.OPENAPI_DRIFT_VERIFY_FORMAT = '1';
  try {
    expect(await check()).toEqual({ cached: false, drift: true });
  } finally {
    delete process.env.OPENAPI_DRIFT_VERIFY_FORMAT;
  }
});

test('a regeneration that saw even one file change under it is not stored', async () => {
  const dir = path.join(project.root, 'node_modules/.cache/openapi-drift');
  const entries = async () => (await fs.readdir(dir)).filter((entry) => entry.endsWith('.json.gz'));
  const { regeneration } = await checkClient(client, { displayRoot: project.root });
  for (const entry of await entries()) await fs.rm(path.join(dir, entry));
  await writeCachedRegeneration({ ...regeneration, cached: false, unstableReads: [path.join(client, 'openapi.json')] }, await cacheKey(client));
  expect(await entries()).toEqual([]);
  // The same regeneration, stable, is stored: the test above is not passing by accident.
  await writeCachedRegeneration({ ...regeneration, cached: false, unstableReads: [] }, await cacheKey(client));
  expect(await entries()).toHaveLength(1);
});

describe('the cache never hides an edit', () => {
  // Property: for any file a cold run read (inside the repository) and any moment of that run, after
  // an edit of that file the next check regenerates, and gives what a check without cache gives.
  const cacheDir = () => path.join(project.root, 'node_modules/.cache/openapi-drift');

  async function checkedFiles(env: Record<string, string | undefined> = {}) {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
      const result = await checkClient(client, { displayRoot: project.root });
      return { cached: result.regeneration.cached === true, files: result.regeneration.files, reads: result.regeneration.reads };
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  test('any file read, edited before, during or after a cold run', async () => {
    await fs.rm(cacheDir(), { recursive: true, force: true });
    const cold = await checkedFiles();
    const readInside = cold.reads
      .filter((record) => record.kind === 'content' && record.file.startsWith(project.root + path.sep) && !record.file.includes(`${path.sep}node_modules${path.sep}`))
      .map((record) => path.relative(project.root, record.file))
      .sort();
    // The snapshot, the config and its imports, the JSON it reads, prettier's files: all were seen.
    for (const expected of ['clients/petstore/openapi.json', 'clients/petstore/openapi-ts.config.ts', 'clients/petstore/plugins.ts', 'clients/petstore/sdk-options.json', '.prettierrc.json', 'package.json']) {
      expect(readInside).toContain(expected);
    }
    const pauseDir = await fs.mkdtemp(path.join(project.root, '.pause-'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...readInside), fc.constantFrom('before', 'during', 'after'), async (file, moment) => {
        const absolute = path.join(project.root, file);
        const original = await fs.readFile(absolute, 'utf8');
        const change = () => fs.writeFile(absolute, `${original}\n`);
        try {
          await fs.rm(cacheDir(), { recursive: true, force: true });
          if (moment === 'before') await change();
          if (moment === 'during') {
            let ended = false;
            const run = checkedFiles({ OPENAPI_DRIFT_PAUSE_AT: 'check:regenerated', OPENAPI_DRIFT_PAUSE_DIR: pauseDir }).finally(() => {
              ended = true;
            });
            // A handshake through files, not a timing: the check says it paused, and waits for 'resume'.
            while (!(await fs.access(path.join(pauseDir, 'paused')).then(() => true, () => false))) {
              if (ended) throw new Error('the check ended without pausing at check:regenerated');
              await sleep(10);
            }
            await fs.rm(path.join(pauseDir, 'paused'));
            await change();
            await fs.writeFile(path.join(pauseDir, 'resume'), '');
            await run;
          } else {
            await checkedFiles();
          }
          if (moment === 'after') await change();
          const next = await checkedFiles();
          if (moment !== 'before') expect(next.cached, `${file} edited ${moment} the cold run`).toBe(false);
          // A regeneration made now is what a check without cache gives; a cached one must equal it.
          if (next.cached) expect(next.files).toEqual((await checkedFiles({ OPENAPI_DRIFT_CACHE: 'off' })).files);
        } finally {
          await fs.writeFile(absolute, original);
        }
      }),
      { numRuns: 8, seed: 0x11ca },
    );
  });
});

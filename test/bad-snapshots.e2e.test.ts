// Bad snapshots, each in its own client next to a healthy one: a bad one fails once, naming the
// file, the place and the cause; every other client is still checked; nothing is written, even
// under -u. Documents that are unusual but valid (cycles, big numbers, duplicate keys, 50 MB) work.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
// The built package, as the contract tests in the temp project run it: the regenerations made here
// are then the cache entries those runs read (the cache key includes openapi-drift's own code), so
// each good client, the 50 MB one included, is generated once rather than here and again there.
import { checkClient } from 'openapi-drift';
import { writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { acceptRegeneration } from '../packages/openapi-drift/src/update/update.ts';
import { createTempProject, failing, hashTree, runVitest, type TempProject } from './helpers/temp-project.ts';

const config = (input = './openapi.json') => `import { defineConfig } from '@hey-api/openapi-ts';
export default defineConfig({ input: '${input}', output: { path: './src/client', postProcess: ['prettier'] } });
`;

const spec = (extra: Record<string, unknown> = {}, schemas: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 'Fixture', version: '1.0.0' },
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
      },
    },
  },
  components: { schemas: { Thing: { type: 'object', properties: { id: { type: 'integer' } } }, ...schemas } },
  ...extra,
});
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

interface BadSnapshot {
  name: string;
  snapshot: string;
  file?: string;
  cause: RegExp;
}

const bad: BadSnapshot[] = [
  { name: 'empty', snapshot: '', cause: /clients\/empty\/openapi\.json: empty file/ },
  { name: 'invalid-json', snapshot: '{\n  "openapi": "3.0.0",\n  "info": {\n', cause: /clients\/invalid-json\/openapi\.json:4:1: invalid JSON/ },
  {
    name: 'invalid-yaml',
    file: 'openapi.yaml',
    snapshot: 'openapi: 3.0.0\ninfo:\n  title: x\n   version: 1\npaths: {}\n',
    cause: /clients\/invalid-yaml\/openapi\.yaml:3:10: invalid YAML/,
  },
  { name: 'byte-order-mark', snapshot: `\uFEFF${json(spec())}`, cause: /openapi\.json:1:1: the file starts with a byte-order mark \(U\+FEFF\); save it as UTF-8 without BOM/ },
  { name: 'not-openapi', snapshot: json({ name: 'my-package', version: '1.0.0' }), cause: /not an OpenAPI or Swagger document/ },
  {
    name: 'dangling-ref',
    snapshot: json(spec({}, { Box: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Nowhere' } } } })),
    cause: /clients\/dangling-ref\/openapi\.json:\d+:\d+ \(at \/components\/schemas\/Box\/properties\/thing\): unresolvable \$ref '#\/components\/schemas\/Nowhere'/,
  },
  {
    name: 'external-file-ref',
    snapshot: json(spec({}, { Box: { $ref: './common.json#/Box' } })),
    cause: /external \$ref '\.\/common\.json#\/Box'; the contract check never reads other files or the network[\s\S]*Fix: bundle the spec/,
  },
  {
    name: 'url-ref',
    snapshot: json(spec({}, { Box: { $ref: 'https://schemas.example.com/box.json' } })),
    cause: /external \$ref 'https:\/\/schemas\.example\.com\/box\.json'/,
  },
  {
    name: 'deep-nesting',
    snapshot: `{"openapi": "3.0.0", "x-deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`,
    cause: /clients\/deep-nesting\/openapi\.json:1:\d+: invalid JSON: nested too deeply for the parser/,
  },
];

// Valid but unusual: these must generate and pass (except the canonical check for duplicates).
const good: Array<{ name: string; snapshot: string }> = [
  {
    name: 'circular',
    snapshot: json(spec({}, { Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } }, parent: { $ref: '#/components/schemas/Tree' } } } })),
  },
  // Canonical form keeps these numbers exactly as written.
  { name: 'big-numbers', snapshot: json(spec()).replace('"type": "integer"', '"type": "integer",\n            "maximum": 9007199254740993,\n            "multipleOf": 1.0') },
  { name: 'duplicate-keys', snapshot: json(spec()).replace('"title": "Fixture",', '"title": "First",\n    "title": "Fixture",') },
  // 50 MB, most of it a vendor extension the generator ignores.
  { name: 'fifty-megabytes', snapshot: json(spec({ 'x-padding': Array.from({ length: 50 * 1024 }, (_, index) => `${index}`.padEnd(1000, '.')) })) },
];

let project: TempProject;
beforeAll(async () => {
  project = await createTempProject(['petstore']);
  const petstoreTree = path.join(project.clientDir('petstore'), 'src');
  for (const client of bad) {
    const dir = project.clientDir(client.name);
    await fs.mkdir(dir);
    await fs.cp(petstoreTree, path.join(dir, 'src'), { recursive: true });
    await fs.writeFile(path.join(dir, client.file ?? 'openapi.json'), client.snapshot);
    await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), config(`./${client.file ?? 'openapi.json'}`));
  }
  for (const client of good) {
    const dir = project.clientDir(client.name);
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'openapi.json'), client.snapshot);
    await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), config());
    const check = await checkClient(dir, { displayRoot: project.root });
    await acceptRegeneration(check.regeneration, check.comparisons);
  }
  await writeContractTests({ root: project.root });
});
afterAll(() => project?.remove());

test('each bad snapshot fails its client once with file, place and cause; the rest is checked; -u writes nothing', async () => {
  const before = await hashTree(path.join(project.root, 'clients'));
  const expectedFailures = [...bad.map(({ name }) => `${name} > regenerates from its snapshot`), 'duplicate-keys > openapi.json is canonical'].sort();
  for (const args of [[], ['contract-tests', '-u']]) {
    const report = await runVitest(project, args);
    expect(report.code, report.output).toBe(1);
    expect(failing(report)).toEqual(expectedFailures);
    for (const { name, cause } of bad) expect(report.tests.get(`${name} > regenerates from its snapshot`)?.failure, name).toMatch(cause);
    expect(report.tests.get('duplicate-keys > openapi.json is canonical')?.failure).toMatch(
      / {2}duplicate key "title" at clients\/duplicate-keys\/openapi\.json:5:5\nThe generator reads duplicate keys as JSON\.parse does: the last value wins/,
    );
    for (const { name } of [...good, { name: 'petstore' }]) {
      const tests = [...report.tests].filter(([test]) => test.startsWith(`${name} > `) && !test.endsWith('is canonical'));
      expect(tests.length, name).toBeGreaterThan(10);
      expect(tests.filter(([, result]) => result.status !== 'passed'), name).toEqual([]);
    }
    expect(await hashTree(path.join(project.root, 'clients'))).toEqual(before);
  }
});

test('big numbers and decimals stay exactly as written in the canonical snapshot', async () => {
  const text = await fs.readFile(path.join(project.clientDir('big-numbers'), 'openapi.json'), 'utf8');
  expect(text).toContain('"maximum": 9007199254740993');
  expect(text).toContain('"multipleOf": 1.0');
});

// `sync` (sync.ts) in process, on generated clients of a temp project whose source is a file: the
// fetched document replaces the snapshot (in the snapshot's own format) only once the tree generated
// from it is in hand, and the tree follows; a document that cannot be generated changes nothing and
// leaves no pending file. With overlays the snapshot is the patched upstream and the upstream is
// committed beside it. The impact on the repository's code is computed unless turned off, and a
// failure to compute it never stops the sync.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { checkClient } from '../../../packages/openapi-drift/src/contract/check.ts';
import { ConfigError, DriftError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { fetchSpec } from '../../../packages/openapi-drift/src/lifecycle/fetch-spec.ts';
import { syncClient } from '../../../packages/openapi-drift/src/lifecycle/sync.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { acceptRegeneration } from '../../../packages/openapi-drift/src/update/update.ts';
import { hashTree, REPO, type TempProject } from '../../helpers/temp-project.ts';
import { removeStableFolder, stableFolder } from './stable-folder.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } },
};
const CHANGED = {
  ...DOCUMENT,
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'integer' } } } } } } } },
};
const YAML_SERVED = "openapi: 3.0.3\ninfo:\n  title: tiny\n  version: '2'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n";
const CONFIG = (snapshot: string) => `export default { input: './${snapshot}', output: { path: './src/client', postProcess: ['prettier'] }, plugins: ['@hey-api/typescript'] };\n`;
const RENAME = `overlay: 1.0.0
info:
  title: rename
  version: 1.0.0
actions:
  - target: $.paths['/a'].get
    update:
      operationId: fetchA
`;

let project: TempProject;
const pristine = (name: string) => path.join(project.root, 'pristine', name);
const client = (name: string) => project.clientDir(name);
const inClient = (name: string, file: string) => path.join(client(name), file);
const read = (name: string, file: string) => fs.readFile(inClient(name, file), 'utf8');
const serve = (text: string) => fs.writeFile(path.join(project.root, 'spec', 'served'), text);
const options = () => ({ displayRoot: project.root, impact: false });

/** A client generated from `snapshotText`, kept aside, so that each test starts from the committed state. */
async function generated(name: string, snapshot: string, snapshotText: string): Promise<void> {
  const dir = client(name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, snapshot), snapshotText);
  await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), CONFIG(snapshot));
  await fs.writeFile(path.join(dir, 'openapi-drift.json'), '{ "source": "../../spec/served" }\n');
  const check = await checkClient(dir, { displayRoot: project.root });
  await acceptRegeneration(check.regeneration, check.comparisons);
  await fs.cp(dir, pristine(name), { recursive: true });
}

beforeAll(async () => {
  // The same path on every run, so that the fixture clients come from the regeneration cache (see stable-folder.ts).
  const root = await stableFolder('sync');
  project = { root, clientDir: (name) => path.join(root, 'clients', name), remove: () => removeStableFolder('sync') };
  await fs.writeFile(path.join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  await fs.mkdir(path.join(project.root, 'spec'));
  await generated('tiny', 'openapi.json', canonicalize(JSON.stringify(DOCUMENT)));
  await generated('yam', 'openapi.yaml', "openapi: 3.0.3\ninfo:\n  title: tiny\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n");
});
afterAll(() => project?.remove());
beforeEach(async () => {
  for (const name of ['tiny', 'yam']) {
    await fs.rm(client(name), { recursive: true, force: true });
    await fs.cp(pristine(name), client(name), { recursive: true });
  }
  await serve(JSON.stringify(DOCUMENT));
});

describe('the same document', () => {
  test('changes nothing and says so; with nothing new there is no impact to compute', async () => {
    const before = await hashTree(client('tiny'));
    const result = await syncClient(client('tiny'), { displayRoot: project.root });
    expect(result).toMatchObject({ name: 'tiny', status: 'unchanged', snapshotChanged: false, snapshotFile: inClient('tiny', 'openapi.json'), outputDir: inClient('tiny', 'src/client') });
    expect(result.files).toEqual({ changed: [], missing: [], obsolete: [] });
    expect(result.previousSnapshot).toBe(canonicalize(JSON.stringify(DOCUMENT)));
    expect(result.fetched?.canonical).toBe(canonicalize(JSON.stringify(DOCUMENT)));
    for (const key of ['impact', 'impactError', 'patched', 'upstreamFile', 'upstreamChanged', 'overlayTouches', 'error']) expect(result).not.toHaveProperty(key);
    expect(await hashTree(client('tiny'))).toEqual(before);
  });

  test('a hand-edited tree is brought back, and that is an update', async () => {
    const types = await read('tiny', 'src/client/types.gen.ts');
    await fs.appendFile(inClient('tiny', 'src/client/types.gen.ts'), '// edited\n');
    const result = await syncClient(client('tiny'), options());
    expect(result.status).toBe('updated');
    expect(result.snapshotChanged).toBe(false);
    expect(result.files?.changed).toEqual(['types.gen.ts']);
    expect(await read('tiny', 'src/client/types.gen.ts')).toBe(types);
  });

  test('the pending document a killed sync left beside the snapshot is removed', async () => {
    await fs.writeFile(inClient('tiny', '.openapi-drift-sync-0a1b2c3d.json'), '{}');
    await syncClient(client('tiny'), options());
    expect(await fs.readdir(client('tiny'))).not.toContain('.openapi-drift-sync-0a1b2c3d.json');
  });
});

describe('a changed document', () => {
  test('replaces the snapshot and the tree together; the impact on the repository\'s code is computed', async () => {
    await serve(`${JSON.stringify(CHANGED)}\n`);
    const result = await syncClient(client('tiny'), { displayRoot: project.root });
    expect(result.status).toBe('updated');
    expect(result.snapshotChanged).toBe(true);
    expect(await read('tiny', 'openapi.json')).toBe(canonicalize(JSON.stringify(CHANGED)));
    expect(await read('tiny', 'src/client/types.gen.ts')).toContain('number');
    expect(result.files?.changed).toEqual(['types.gen.ts']);
    expect(result.previousSnapshot).toBe(canonicalize(JSON.stringify(DOCUMENT)));
    expect(result.impact?.consumers).toEqual([]);
    expect(result.impact?.changelog.changes.length).toBeGreaterThan(0);
    expect(result.impactError).toBeUndefined();
    expect((await fs.readdir(client('tiny'))).sort()).toEqual(['generated-from.json', 'openapi-drift.json', 'openapi-ts.config.ts', 'openapi.json', 'src']);
  });

  test('a document already fetched is used as it is, and --no-impact computes no impact', async () => {
    await serve(JSON.stringify(CHANGED));
    const fetched = await fetchSpec({ location: path.join(project.root, 'spec', 'served'), isUrl: false, headers: {}, timeoutMs: 1000, maxBytes: 1_000_000 });
    // The source is gone: only the document given can be used.
    await fs.rm(path.join(project.root, 'spec', 'served'));
    const result = await syncClient(client('tiny'), { ...options(), fetched });
    expect(result.status).toBe('updated');
    expect(result.fetched).toBe(fetched);
    expect(await read('tiny', 'openapi.json')).toBe(canonicalize(JSON.stringify(CHANGED)));
    expect(result).not.toHaveProperty('impact');
    expect(result).not.toHaveProperty('impactError');
  });

  test('an impact that cannot be computed is said, and the sync goes ahead', async () => {
    await serve(JSON.stringify(CHANGED));
    // Code of the repository uses the client, under a tsconfig.json the compiler cannot read.
    const code = path.join(project.root, 'app');
    await fs.mkdir(code, { recursive: true });
    await fs.writeFile(path.join(code, 'tsconfig.json'), '{ "extends": "./no-such-base.json" }\n');
    await fs.writeFile(path.join(code, 'use.ts'), "import type { GetAResponse } from '../clients/tiny/src/client/types.gen.ts';\nexport const a: GetAResponse = '';\n");
    let result;
    try {
      result = await syncClient(client('tiny'), { displayRoot: project.root });
    } finally {
      await fs.rm(code, { recursive: true, force: true });
    }
    expect(result.status).toBe('updated');
    expect(result.impactError).toBeInstanceOf(ConfigError);
    expect(result.impactError?.message).toMatch(/^app\/tsconfig\.json cannot be read as tsc reads it/);
    expect(result.impact).toBeUndefined();
    expect(await read('tiny', 'openapi.json')).toBe(canonicalize(JSON.stringify(CHANGED)));
  });

  test('a document that cannot be generated changes nothing and leaves no pending file', async () => {
    await serve(JSON.stringify({ ...DOCUMENT, paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } } }));
    const before = await hashTree(client('tiny'));
    const result = await syncClient(client('tiny'), options());
    expect(result.status).toBe('error');
    expect(result.snapshotChanged).toBe(false);
    expect(result.error).toBeInstanceOf(DriftError);
    expect(await hashTree(client('tiny'))).toEqual(before);
  });

  test('a client without a source record is an error that names it, and nothing changes', async () => {
    await fs.rm(inClient('tiny', 'openapi-drift.json'));
    const result = await syncClient(client('tiny'), options());
    expect(result).toMatchObject({ name: 'tiny', status: 'error', snapshotChanged: false });
    expect(result.error).toBeInstanceOf(ConfigError);
    expect(result.error?.message).toContain(`${path.join('clients', 'tiny', 'openapi-drift.json')} does not exist`);
  });
});

describe('a YAML snapshot', () => {
  test('takes YAML as served', async () => {
    await serve(YAML_SERVED);
    const result = await syncClient(client('yam'), options());
    expect(result.snapshotChanged).toBe(true);
    expect(await read('yam', 'openapi.yaml')).toBe(YAML_SERVED);
  });

  test('takes JSON as the same document in YAML', async () => {
    const description = 'a description far longer than eighty characters, which YAML would fold onto more lines by default';
    await serve(JSON.stringify({ ...DOCUMENT, info: { title: 'tiny', version: '2', description } }));
    await syncClient(client('yam'), options());
    const text = await read('yam', 'openapi.yaml');
    expect(text).toContain(`openapi: 3.0.3\ninfo:\n  title: tiny\n  version: "2"\n  description: ${description}\n`);
    expect(text).not.toContain('{');
  });
});

describe('a client with overlays', () => {
  beforeEach(async () => {
    await fs.mkdir(inClient('tiny', 'patches'));
    await fs.writeFile(inClient('tiny', 'patches/rename.overlay.yaml'), RENAME);
    await fs.writeFile(inClient('tiny', 'openapi-drift.json'), '{ "source": "../../spec/served", "overlays": ["patches/rename.overlay.yaml"] }\n');
  });

  test('the snapshot becomes the patched upstream, and the upstream is committed beside it', async () => {
    await serve(JSON.stringify(CHANGED));
    await fs.writeFile(inClient('tiny', 'openapi.upstream.json'), canonicalize(JSON.stringify(DOCUMENT)));
    const result = await syncClient(client('tiny'), options());
    expect(result.status).toBe('updated');
    expect(result.upstreamFile).toBe(inClient('tiny', 'openapi.upstream.json'));
    expect(result.upstreamChanged).toBe(true);
    expect(await read('tiny', 'openapi.upstream.json')).toBe(canonicalize(JSON.stringify(CHANGED)));
    expect(await read('tiny', 'openapi.json')).toBe(canonicalize(JSON.stringify(CHANGED)).replace('"getA"', '"fetchA"'));
    expect(result.patched?.canonical).toBe(canonicalize(JSON.stringify(CHANGED)).replace('"getA"', '"fetchA"'));
    expect(await read('tiny', 'src/client/types.gen.ts')).toContain('number');
  });

  test('where the upstream change meets an overlay, it is said', async () => {
    await serve(JSON.stringify({ ...DOCUMENT, paths: { '/a': { get: { ...DOCUMENT.paths['/a'].get, summary: 'the a' } } } }));
    await fs.writeFile(inClient('tiny', 'openapi.upstream.json'), canonicalize(JSON.stringify(DOCUMENT)));
    const result = await syncClient(client('tiny'), options());
    expect(result.overlayTouches).toEqual(["the upstream changed $['paths']['/a']['get'], which clients/tiny/patches/rename.overlay.yaml action 1 (target $.paths['/a'].get) patches"]);
  });

  test('an upstream change the overlays hide changes the committed upstream alone, and that is an update', async () => {
    await fs.writeFile(inClient('tiny', 'openapi.upstream.json'), canonicalize(JSON.stringify(DOCUMENT)));
    const patched = canonicalize(JSON.stringify(DOCUMENT)).replace('"getA"', '"fetchA"');
    await fs.writeFile(inClient('tiny', 'openapi.json'), patched);
    const renamed = { ...DOCUMENT, paths: { '/a': { get: { ...DOCUMENT.paths['/a'].get, operationId: 'readA' } } } };
    await serve(JSON.stringify(renamed));
    const result = await syncClient(client('tiny'), options());
    expect(result.status).toBe('updated');
    expect(result.snapshotChanged).toBe(false);
    expect(result.upstreamChanged).toBe(true);
    expect(await read('tiny', 'openapi.json')).toBe(patched);
    expect(await read('tiny', 'openapi.upstream.json')).toBe(canonicalize(JSON.stringify(renamed)));
  });

  test('an unchanged upstream is not rewritten, and touches nothing', async () => {
    const upstream = `${canonicalize(JSON.stringify(DOCUMENT))}`;
    await fs.writeFile(inClient('tiny', 'openapi.upstream.json'), upstream);
    const patched = canonicalize(JSON.stringify(DOCUMENT)).replace('"getA"', '"fetchA"');
    await fs.writeFile(inClient('tiny', 'openapi.json'), patched);
    const stat = await fs.stat(inClient('tiny', 'openapi.upstream.json'));
    const result = await syncClient(client('tiny'), options());
    expect(result.upstreamChanged).toBe(false);
    expect(result.overlayTouches).toEqual([]);
    expect(result.snapshotChanged).toBe(false);
    expect((await fs.stat(inClient('tiny', 'openapi.upstream.json'))).mtimeMs).toBe(stat.mtimeMs);
    expect(await read('tiny', 'openapi.json')).toBe(patched);
  });

  test('a committed upstream that cannot be read touches nothing, and is replaced', async () => {
    await serve(JSON.stringify(CHANGED));
    await fs.writeFile(inClient('tiny', 'openapi.upstream.json'), '{ "openapi": ');
    const result = await syncClient(client('tiny'), options());
    expect(result.status).toBe('updated');
    expect(result.overlayTouches).toEqual([]);
    expect(await read('tiny', 'openapi.upstream.json')).toBe(canonicalize(JSON.stringify(CHANGED)));
  });
});

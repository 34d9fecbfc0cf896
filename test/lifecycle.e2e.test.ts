// The life of a client as a new user lives it, in a temp git repository: add from a served spec,
// a green suite, live drift, sync, and each kind of drift diagnosed with its fix.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, failing, hashTree, run, runCli, runVitest, type TempProject } from './helpers/temp-project.ts';
import { readSpec } from './helpers/specs.ts';

let server: SpecServer;
let project: TempProject;
let petstoreYaml: string;

const cli = (args: string[]) => runCli(args, { cwd: project.root });
const git = (args: string[]) => run('git', args, { cwd: project.root });
const shop = (file = '') => path.join(project.root, 'clients/shop', file);

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject([]);
  petstoreYaml = readSpec('petstore.oas30.yaml');
  server.routes.set('/petstore.yaml', { kind: 'body', body: petstoreYaml, contentType: 'application/yaml' });
  server.routes.set('/login.html', { kind: 'body', body: '<html><body>login</body></html>', contentType: 'text/html' });
  await git(['init', '-q', '-b', 'main']);
  await fs.writeFile(path.join(project.root, '.gitignore'), '/node_modules\n/src\n');
  await git(['add', '-A']);
  await git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'start']);
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

/** The petstore with one reference to a schema that does not exist: it parses, but cannot be generated. */
function danglingYaml(): string {
  const dangling = petstoreYaml.replace('$ref: "#/components/schemas/Pets"', '$ref: "#/components/schemas/Gone"');
  expect(dangling).not.toBe(petstoreYaml);
  return dangling;
}

describe('a client from add to sync', () => {
  test('add creates a complete, green client from a served YAML spec', async () => {
    const result = await cli(['add', 'shop', '--from', server.url('/petstore.yaml')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^added clients\/shop from http:\/\/127\.0\.0\.1:\d+\/petstore\.yaml\n/);
    expect(result.stdout).toContain('tree      16 generated files under clients/shop/src/client');
    expect(await fs.readFile(shop('openapi.json'), 'utf8')).toBe(canonicalize(petstoreYaml));
    expect(JSON.parse(await fs.readFile(shop('openapi-drift.json'), 'utf8'))).toEqual({ source: server.url('/petstore.yaml') });
    expect(await fs.readFile(shop('openapi-ts.config.ts'), 'utf8')).toContain("plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch']");
    await fs.access(path.join(project.root, 'contract-tests/shop.contract.test.ts'));
    const suite = await runVitest(project, []);
    expect(suite.code, suite.output).toBe(0);
    expect(suite.tests.size).toBeGreaterThan(16);
    await git(['add', '-A']);
    await git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'add shop']);
  });

  test('add --canary starts a canary section with the GET operations that need no parameter', async () => {
    const result = await cli(['add', 'watched', '--from', server.url('/petstore.yaml'), '--canary']);
    expect(result.code, result.stderr).toBe(0);
    const record = JSON.parse(await fs.readFile(path.join(project.root, 'clients/watched/openapi-drift.json'), 'utf8'));
    expect(record).toEqual({ source: server.url('/petstore.yaml'), canary: { operations: [{ operationId: 'listPets' }] } });
    await fs.rm(path.join(project.root, 'clients/watched'), { recursive: true });
    await fs.rm(path.join(project.root, 'contract-tests/watched.contract.test.ts'));
  });

  test('add refuses an existing client and a source that is not a spec, writing nothing', async () => {
    const before = await hashTree(project.root);
    const again = await cli(['add', 'shop', '--from', server.url('/petstore.yaml')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('clients/shop already exists; add never touches an existing client');
    const html = await cli(['add', 'web', '--from', server.url('/login.html')]);
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('did not answer with an OpenAPI document (it looks like an HTML page)');
    expect(await hashTree(project.root)).toEqual(before);
    expect(await fs.readdir(path.join(project.root, 'clients'))).toEqual(['shop']);
  });

  test('add of a spec that is fetched but cannot be generated leaves nothing, not even its build folder', async () => {
    server.routes.set('/dangling.yaml', { kind: 'body', body: danglingYaml(), contentType: 'application/yaml' });
    const before = await hashTree(project.root);
    const result = await cli(['add', 'broken', '--from', server.url('/dangling.yaml')]);
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain("unresolvable $ref '#/components/schemas/Gone'");
    expect(await fs.readdir(path.join(project.root, 'clients'))).toEqual(['shop']);
    expect(await hashTree(project.root)).toEqual(before);
  });

  test('live sees the served spec change; a failed sync changes nothing; sync brings snapshot and tree forward', async () => {
    const changedYaml = petstoreYaml.replace('      tags:\n        - pets\n      parameters:\n        - name: limit\n          in: query\n          description: How many items to return at one time (max 100)\n          required: false', '      tags:\n        - pets\n      parameters:\n        - name: limit\n          in: query\n          description: How many items to return at one time (max 100)\n          required: true');
    expect(changedYaml).not.toBe(petstoreYaml);
    server.routes.set('/petstore.yaml', { kind: 'body', body: changedYaml, contentType: 'application/yaml' });
    const live = await cli(['live']);
    expect(live.code).toBe(1);
    expect(live.stdout).toMatch(/shop: drift\nSPEC_SHA256=[0-9a-f]{64}\n/);

    server.routes.set('/petstore.yaml', { kind: 'body', body: 'oops', status: 500 });
    const before = await hashTree(project.root);
    const failed = await cli(['sync']);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('shop: skipped, nothing changed');
    expect(await hashTree(project.root)).toEqual(before);

    // Fetched, but it cannot be generated: the snapshot is replaced only after generation succeeded.
    server.routes.set('/petstore.yaml', { kind: 'body', body: danglingYaml(), contentType: 'application/yaml' });
    const ungenerated = await cli(['sync']);
    expect(ungenerated.code, ungenerated.stdout).toBe(2);
    expect(ungenerated.stdout).toContain('shop: error, nothing changed');
    expect(ungenerated.stderr).toContain("unresolvable $ref '#/components/schemas/Gone'");
    expect(await hashTree(project.root)).toEqual(before);

    server.routes.set('/petstore.yaml', { kind: 'body', body: changedYaml, contentType: 'application/yaml' });
    const sync = await cli(['sync']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain('shop: updated (snapshot changed; 2 changed, 0 added, 0 removed)');
    expect(sync.stdout).toContain("BREAKING  GET /pets  parameter 'query.limit' became required");
    expect(await fs.readFile(shop('openapi.json'), 'utf8')).toBe(canonicalize(changedYaml));
    const status = await git(['status', '--porcelain']);
    expect(status.stdout.split('\n').filter(Boolean).map((line) => line.slice(3)).sort()).toEqual([
      'clients/shop/generated-from.json',
      'clients/shop/openapi.json',
      'clients/shop/src/client/sdk.gen.ts',
      'clients/shop/src/client/types.gen.ts',
    ]);
    expect((await runVitest(project, [])).code).toBe(0);
    expect((await cli(['live'])).code).toBe(0);
    expect((await cli(['sync'])).stdout).toContain('shop: unchanged');
    await git(['add', '-A']);
    await git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'sync shop']);
  });

  test('a hand edit is diagnosed as a hand edit, by check and by the contract test', async () => {
    const file = shop('src/client/types.gen.ts');
    const original = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, original.replace('tag?: string;', 'tag?: string | null;'));
    const check = await cli(['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('  changed  src/client/types.gen.ts');
    expect(check.stdout).toContain('the tree was hand-edited');
    const suite = await runVitest(project, []);
    expect(failing(suite)).toEqual(['shop > src/client/types.gen.ts']);
    expect(suite.tests.get('shop > src/client/types.gen.ts')?.failure).toMatch(/Why: The inputs are unchanged since the last regeneration, so the tree was hand-edited/);
    await fs.writeFile(file, original);
  });

  test('a snapshot edited without regenerating is diagnosed with the API change', async () => {
    const snapshot = shop('openapi.json');
    const original = await fs.readFile(snapshot, 'utf8');
    await fs.writeFile(snapshot, original.replace('"tag": {\n            "type": "string"', '"tag": {\n            "type": "integer"'));
    try {
      const check = await cli(['check']);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('The snapshot changed since the last regeneration without regenerating the tree');
      expect(check.stdout).toMatch(/API changes since the last regeneration:\n\s+BREAKING .*'Pet\.tag' type changed from 'string' to 'integer'/);
    } finally {
      await fs.writeFile(snapshot, original);
    }
  });

  test('a config change never applied is diagnosed as such', async () => {
    const config = shop('openapi-ts.config.ts');
    const original = await fs.readFile(config, 'utf8');
    await fs.writeFile(config, original.replace("'@hey-api/client-fetch'", "'@hey-api/client-fetch', '@hey-api/schemas'"));
    const check = await cli(['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('  missing  src/client/schemas.gen.ts');
    expect(check.stdout).toContain("The client's openapi-ts config changed since the last regeneration and was never applied");
    // A new plugin adds files; that is not a change of the prettier configuration.
    expect(check.stdout).not.toContain('prettier configuration');
    await fs.writeFile(config, original);
    expect((await cli(['check'])).code).toBe(0);
  });
});

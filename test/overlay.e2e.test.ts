// Local patches that survive every refresh: a petstore client with two overlays, synced from a
// real HTTP server on 127.0.0.1 with the built CLI. The steps run in order on one project, as a
// team would meet them: first sync, an upstream change, an upstream fix that leaves an action
// with nothing to patch, a hand edit that its contract test catches, and --from-edit.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { loadClientOverlays, parseUpstream, patchUpstream } from '../packages/openapi-drift/src/overlay/index.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, failing, hashTree, run, runCli, runOpenApiTsCli, runVitest, type TempProject } from './helpers/temp-project.ts';

let server: SpecServer;
let project: TempProject;
let client: string;
let upstream: Record<string, any>;

const file = (name: string) => path.join(client, name);
const read = (name: string) => fs.readFile(file(name), 'utf8');
const readJson = async (name: string) => JSON.parse(await read(name));
const cli = (args: string[]) => runCli(args, { cwd: project.root });
const serve = (document: unknown) => server.routes.set('/petstore.json', { kind: 'body', body: JSON.stringify(document) });

const OPERATION_IDS = `overlay: 1.0.0
info:
  title: Operation names our code uses
  version: 1.0.0
actions:
  - target: $.paths['/pets'].get
    description: name the list operation as our code calls it
    update:
      operationId: listAllPets
`;
const INTERNAL = `{
  "overlay": "1.0.0",
  "info": { "title": "Drop what we must not call, fix a nullable", "version": "1.0.0" },
  "actions": [
    { "target": "$.paths['/pets'].post", "description": "creating pets is internal", "remove": true },
    { "target": "$.components.schemas.Pet.properties.tag", "update": { "nullable": true } }
  ]
}
`;

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject(['petstore']);
  client = project.clientDir('petstore');
  upstream = await readJson('openapi.json');
  serve(upstream);
  await fs.mkdir(file('patches'));
  await fs.writeFile(file('patches/operation-ids.overlay.yaml'), OPERATION_IDS);
  await fs.writeFile(file('patches/internal.overlay.json'), INTERNAL);
  await fs.writeFile(
    file('openapi-drift.json'),
    `${JSON.stringify(
      {
        source: server.url('/petstore.json'),
        overlays: ['patches/operation-ids.overlay.yaml', 'patches/internal.overlay.json'],
        // Keeps the contract run cheap; the type check has tests of its own.
        typeCheck: { skip: true, reason: 'not what this test is about' },
      },
      null,
      2,
    )}\n`,
  );
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

/** What the contract test checks, computed by the library: the overlays applied to the committed upstream. */
async function patchedFromCommittedUpstream(): Promise<string> {
  const overlays = await loadClientOverlays(client, file('openapi.json'), (await readJson('openapi-drift.json')).overlays, project.root);
  return patchUpstream(parseUpstream(overlays), overlays.overlays, file('openapi.json')).canonical;
}

describe('a client with two overlays', () => {
  test('sync writes the upstream as fetched, the patched snapshot, and the tree npx openapi-ts makes from it', async () => {
    const result = await cli(['sync', 'petstore', '--no-impact']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('petstore: updated (snapshot changed');
    expect(result.stdout).toContain('upstream openapi.upstream.json updated');
    expect(await read('openapi.upstream.json')).toBe(canonicalize(JSON.stringify(upstream)));

    const patched = await readJson('openapi.json');
    expect(patched.paths['/pets'].get.operationId).toBe('listAllPets');
    expect(patched.paths['/pets'].post).toBeUndefined();
    expect(patched.components.schemas.Pet.properties.tag).toEqual({ type: 'string', nullable: true });
    expect(await read('openapi.json')).toBe(await patchedFromCommittedUpstream());
    const sdk = await read('src/client/sdk.gen.ts');
    expect(sdk).toContain('listAllPets');
    expect(sdk).not.toContain('createPets');

    // The team's own `npx openapi-ts` reads the patched snapshot and writes the same tree.
    const synced = await hashTree(file('src/client'));
    const reference = path.join(project.root, 'clients', 'reference');
    await fs.mkdir(reference);
    for (const name of ['openapi.json', 'openapi-ts.config.ts']) await fs.copyFile(file(name), path.join(reference, name));
    const openapiTs = await runOpenApiTsCli(reference);
    expect(openapiTs.code, openapiTs.stdout + openapiTs.stderr).toBe(0);
    expect(await hashTree(path.join(reference, 'src/client'))).toEqual(synced);
    await fs.rm(reference, { recursive: true });
  });

  test('a later upstream change keeps the patches, and sync says where it meets one', async () => {
    upstream.paths['/pets'].get.summary = 'List the pets';
    upstream.components.schemas.Pet.properties.age = { type: 'integer' };
    serve(upstream);
    const result = await cli(['sync', 'petstore', '--no-impact']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await read('openapi.upstream.json')).toBe(canonicalize(JSON.stringify(upstream)));
    const patched = await readJson('openapi.json');
    expect(patched.paths['/pets'].get).toMatchObject({ operationId: 'listAllPets', summary: 'List the pets' });
    expect(patched.paths['/pets'].post).toBeUndefined();
    expect(patched.components.schemas.Pet.properties).toMatchObject({ tag: { type: 'string', nullable: true }, age: { type: 'integer' } });
    expect(await read('src/client/types.gen.ts')).toMatch(/age\?: number/);
    expect(result.stdout).toContain(
      "overlay: the upstream changed $['paths']['/pets']['get'], which clients/petstore/patches/operation-ids.overlay.yaml action 1 (target $.paths['/pets'].get: name the list operation as our code calls it) patches",
    );
    // The changelog is of the patched snapshot: the new property, not the operation the overlay removes.
    expect(result.stdout).toMatch(/age/);
    expect(result.stdout).not.toMatch(/createPets/);
  });

  test('an upstream change that leaves an action with nothing to select is reported; --strict refuses it and writes nothing', async () => {
    delete upstream.paths['/pets'].post;
    serve(upstream);
    const warning = "warning: clients/petstore/patches/internal.overlay.json action 1 (target $.paths['/pets'].post: creating pets is internal) selects nothing in the upstream document";

    const live = await cli(['live', 'petstore', '--no-impact']);
    expect(live.code, live.stdout + live.stderr).toBe(1);
    expect(live.stderr).toContain(warning);

    const before = await hashTree(project.root);
    const strict = await cli(['sync', 'petstore', '--no-impact', '--strict']);
    expect(strict.code, strict.stdout + strict.stderr).toBe(2);
    expect(strict.stdout).toContain('petstore: error, nothing changed');
    expect(strict.stderr).toContain("clients/petstore/patches/internal.overlay.json action 1 (target $.paths['/pets'].post: creating pets is internal) selects nothing");
    expect(await hashTree(project.root)).toEqual(before);

    const result = await cli(['sync', 'petstore', '--no-impact']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toContain(warning);
    expect(await read('openapi.upstream.json')).toBe(canonicalize(JSON.stringify(upstream)));
    expect(await read('openapi.json')).toBe(await patchedFromCommittedUpstream());
  });

  test('a hand edit of the patched snapshot fails its contract test, with the fix', async () => {
    const edited = await readJson('openapi.json');
    edited.info.title = 'Petstore (patched)';
    edited.components.schemas.Error.properties.message.description = 'What went wrong';
    await fs.writeFile(file('openapi.json'), canonicalize(JSON.stringify(edited)));
    const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts']);
    expect(report.code, report.output).toBe(1);
    const name = 'petstore > openapi.json is its overlays applied to the upstream';
    expect(failing(report)).toContain(name);
    const failure = report.tests.get(name)?.failure ?? '';
    expect(failure).toContain('clients/petstore/openapi.json is not its overlays applied to clients/petstore/openapi.upstream.json: it was edited by hand');
    expect(failure).toContain('+    "title": "Petstore (patched)",');
    expect(failure).toContain('npx openapi-drift overlay petstore --from-edit');
  });

  test('--from-edit writes an overlay that reproduces the hand edit exactly, and the next sync keeps it', async () => {
    const edited = await read('openapi.json');
    const result = await cli(['overlay', 'petstore', '--from-edit']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('petstore: wrote clients/petstore/patches/openapi-edits.overlay.yaml (2 actions) and listed it in clients/petstore/openapi-drift.json');
    expect((await readJson('openapi-drift.json')).overlays).toEqual(['patches/operation-ids.overlay.yaml', 'patches/internal.overlay.json', 'patches/openapi-edits.overlay.yaml']);
    expect(await read('openapi.json')).toBe(edited);
    expect(await patchedFromCommittedUpstream()).toBe(edited);

    const again = await cli(['overlay', 'petstore', '--from-edit']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('petstore: no hand edit');

    const sync = await cli(['sync', 'petstore', '--no-impact']);
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    expect(await read('openapi.json')).toBe(edited);
  });

  test('a refresh dry run commits the upstream with the patched snapshot and lists the overlay notes in its body', async () => {
    const git = async (...args: string[]) => {
      const result = await run('git', args, { cwd: project.root, timeoutMs: 60_000 });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      return result.stdout;
    };
    const bare = path.join(project.root, '.origin.git');
    await fs.writeFile(path.join(project.root, '.gitignore'), 'node_modules\n.origin.git\nclients/*/.openapi-drift.lock\n');
    await git('init', '--quiet', '--initial-branch=main');
    await git('add', '--all');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'petstore with overlays');
    await git('init', '--quiet', '--bare', '--initial-branch=main', bare);
    await git('remote', 'add', 'origin', bare);
    await git('push', '--quiet', 'origin', 'main');

    upstream.paths['/pets'].get.parameters[0].required = true;
    serve(upstream);
    const result = await cli(['refresh', '--dry-run']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('petstore: dry run: would push openapi-drift/petstore-');
    expect(result.stdout).toContain("- clients/petstore/patches/internal.overlay.json action 1 (target $.paths['/pets'].post: creating pets is internal) selects nothing in the new upstream document");
    expect(result.stdout).toContain("| `GET /pets` | parameter 'query.limit' became required |");
    for (const file of ['openapi.json', 'openapi.upstream.json', 'src/client/types.gen.ts']) expect(result.stdout).toContain(`- \`clients/petstore/${file}\``);
    expect(await git('status', '--porcelain')).toBe('');
  });
});

describe('a client that edits its snapshot by hand today', () => {
  let team: TempProject;
  beforeAll(async () => {
    team = await createTempProject(['petstore']);
  });
  afterAll(() => team?.remove());

  test('--from-edit fetches the upstream, commits it, and writes the overlay that reproduces the edit', async () => {
    const dir = team.clientDir('petstore');
    const original = await fs.readFile(path.join(dir, 'openapi.json'), 'utf8');
    await fs.writeFile(path.join(team.root, 'upstream.json'), original);
    await fs.writeFile(path.join(dir, 'openapi-drift.json'), '{\n  "source": "../../upstream.json"\n}\n');
    const document = JSON.parse(original);
    document.paths['/pets/{petId}'].get.parameters[0].schema = { type: 'string', format: 'uuid' };
    const edited = canonicalize(JSON.stringify(document));
    await fs.writeFile(path.join(dir, 'openapi.json'), edited);

    const result = await runCli(['overlay', 'petstore', '--from-edit', '--out', 'patches/uuid.overlay.json'], { cwd: team.root });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('upstream: fetched from upstream.json and written to clients/petstore/openapi.upstream.json');
    expect(await fs.readFile(path.join(dir, 'openapi.upstream.json'), 'utf8')).toBe(original);
    expect(JSON.parse(await fs.readFile(path.join(dir, 'openapi-drift.json'), 'utf8'))).toEqual({ source: '../../upstream.json', overlays: ['patches/uuid.overlay.json'] });
    const overlays = await loadClientOverlays(dir, path.join(dir, 'openapi.json'), ['patches/uuid.overlay.json'], team.root);
    expect(patchUpstream(parseUpstream(overlays), overlays.overlays, path.join(dir, 'openapi.json')).canonical).toBe(edited);
  });

  test('a bad overlay stops sync before anything is written, naming the file and the action', async () => {
    const dir = team.clientDir('petstore');
    await fs.writeFile(path.join(dir, 'patches/bad.overlay.yaml'), "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths[?@.x ==\n    remove: true\n");
    const config = JSON.parse(await fs.readFile(path.join(dir, 'openapi-drift.json'), 'utf8'));
    await fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify({ ...config, overlays: [...config.overlays, 'patches/bad.overlay.yaml'] }));
    const before = await hashTree(team.root);
    const result = await runCli(['sync', 'petstore', '--no-impact'], { cwd: team.root });
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain('petstore: error, nothing changed');
    expect(result.stderr).toContain('clients/petstore/patches/bad.overlay.yaml action 1 (target $.paths[?@.x ==): invalid JSONPath');
    expect(await hashTree(team.root)).toEqual(before);
  });
});

// Adopting the clients a repository already has, in the shapes teams really use: the hey-api config
// at the repository root, folders of one name (`services/*/api`), a minified snapshot, a pnpm
// workspace, and a client with no recorded source. Each runs the real CLI (and, where the promise
// is about the first test run, the real Vitest) in a temp repository.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createTempProject, editTsconfig, failing, REPO, runCli, runVitest, useOwnCache, type TempProject } from './helpers/temp-project.ts';

const projects: TempProject[] = [];
afterAll(async () => {
  await Promise.all(projects.map((project) => project.remove()));
});

const PETSTORE = path.join(REPO, 'clients/petstore');

/** A temp repository without clients/ or contract-tests/, with the petstore client copied to each folder (`.` is the root). */
async function repositoryWith(folders: string[], options: { packageName?: string; snapshot?: (text: string) => string } = {}): Promise<TempProject> {
  const project = await createTempProject([]);
  projects.push(project);
  await fs.rm(path.join(project.root, 'clients'), { recursive: true });
  await fs.rm(path.join(project.root, 'contract-tests'), { recursive: true });
  const manifest = JSON.parse(await fs.readFile(path.join(project.root, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (options.packageName === undefined) delete manifest.name;
  else manifest.name = options.packageName;
  await fs.writeFile(path.join(project.root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // init type-checks each client before the first test run, and the contract suite's type check
  // keeps that result only while every file and folder the compiler read is unchanged. A tsconfig
  // with `include` has the compiler list the repository's root, where init then writes
  // openapi-drift.config.json and contract-tests/, so the first test run compiled each client
  // again. The same options with `files` (the one file the copied tsconfig's include finds here
  // besides the contract tests, which import no client) have it list no folder, and the first run
  // reads init's result. No tsconfig includes these clients either way, so the compiler is given
  // the same files with the same options.
  await editTsconfig(project, (tsconfig) => {
    delete tsconfig.include;
    tsconfig.files = ['vitest.config.ts'];
  });
  for (const folder of folders) {
    const dir = path.join(project.root, folder);
    await fs.mkdir(dir, { recursive: true });
    await fs.copyFile(path.join(PETSTORE, 'openapi-ts.config.ts'), path.join(dir, 'openapi-ts.config.ts'));
    const snapshot = await fs.readFile(path.join(PETSTORE, 'openapi.json'), 'utf8');
    await fs.writeFile(path.join(dir, 'openapi.json'), options.snapshot ? options.snapshot(snapshot) : snapshot);
    await fs.cp(path.join(PETSTORE, 'src'), path.join(dir, 'src'), { recursive: true });
  }
  return project;
}

const readJson = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
const exists = (file: string) => fs.access(file).then(() => true, () => false);

describe('a hey-api config at the repository root', () => {
  test('init adopts it where it is, named from package.json, and the first test run is green and fails on drift', { timeout: 240_000 }, async () => {
    const project = await repositoryWith(['.'], { packageName: '@acme/web-app' });
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain('web-app: . (snapshot openapi.json, tree src/client)');
    expect(init.stdout).toContain('clean: the committed tree is what the snapshot generates (16 files)');
    expect(init.stdout).toContain('wrote contract-tests/web-app.contract.test.ts');
    expect(init.stdout).toContain('next: npm test');
    expect(await readJson(path.join(project.root, 'openapi-drift.config.json'))).toEqual({ clients: ['.'] });
    // Adopted in place: no second copy under clients/.
    expect(await exists(path.join(project.root, 'clients'))).toBe(false);
    expect(await fs.readFile(path.join(project.root, 'contract-tests/web-app.contract.test.ts'), 'utf8')).toContain(': checks . against its OpenAPI snapshot.');

    const green = await runVitest(project, []);
    expect(green.code, green.output).toBe(0);
    expect(green.tests.get('web-app > src/client/sdk.gen.ts')?.status).toBe('passed');

    const sdk = path.join(project.root, 'src/client/sdk.gen.ts');
    const original = await fs.readFile(sdk, 'utf8');
    await fs.writeFile(sdk, original.replace('url: "/pets"', 'url: "/pet"'));
    const red = await runVitest(project, []);
    expect(red.code).toBe(1);
    expect(failing(red)).toEqual(['web-app > src/client/sdk.gen.ts']);
    expect(red.output).toContain('npx vitest run contract-tests/web-app.contract.test.ts -u');

    const accepted = await runVitest(project, ['contract-tests/web-app.contract.test.ts', '-u']);
    expect(accepted.code, accepted.output).toBe(0);
    expect(accepted.output).toContain('.: updated');
    expect(accepted.output).not.toMatch(/^: updated/m);
    expect(await fs.readFile(sdk, 'utf8')).toBe(original);
  });

  test('the name is the same in a clone under another folder name', { timeout: 120_000 }, async () => {
    const project = await repositoryWith(['.']);
    expect((await runCli(['init'], { cwd: project.root })).code).toBe(0);
    const clone = `${project.root}-another-checkout`;
    await fs.cp(project.root, clone, { recursive: true, verbatimSymlinks: true });
    projects.push({ root: clone, clientDir: () => clone, remove: () => fs.rm(clone, { recursive: true, force: true }) });
    for (const root of [project.root, clone]) {
      expect(await fs.readdir(path.join(root, 'contract-tests'))).toEqual(['client.contract.test.ts']);
      const check = await runCli(['check'], { cwd: root });
      expect(check.stdout).toBe('client: clean (16 files)\n');
    }
  });
});

describe('where the snapshot comes from', () => {
  test('after init without a source, live, sync and refresh say which file to write; init --source records it', { timeout: 120_000 }, async () => {
    const project = await repositoryWith(['packages/api']);
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('source: none recorded, so live, sync and refresh cannot fetch this client\'s snapshot; write packages/api/openapi-drift.json as {"source": "<url or file>"}, or run npx openapi-drift init --source <url|file>');
    for (const command of [['live'], ['sync'], ['refresh', '--dry-run']]) {
      const result = await runCli(command, { cwd: project.root });
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stdout + result.stderr).not.toContain('ENOENT');
      expect(result.stdout + result.stderr).toContain(
        'packages/api/openapi-drift.json does not exist, so the client records no source to fetch its snapshot from: write it as {"source": "<an http(s) URL, or a file path relative to packages/api>"}',
      );
    }
    await fs.mkdir(path.join(project.root, 'spec'));
    await fs.copyFile(path.join(PETSTORE, 'openapi.json'), path.join(project.root, 'spec/petstore.json'));
    const recorded = await runCli(['init', '--source', 'spec/petstore.json'], { cwd: project.root });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toContain('source: recorded in packages/api/openapi-drift.json');
    expect(await readJson(path.join(project.root, 'packages/api/openapi-drift.json'))).toEqual({ source: '../../spec/petstore.json' });
    const live = await runCli(['live'], { cwd: project.root });
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toContain('api: no drift');
  });

  test('a config that generates from a URL is refused with the file to save and the source record to write', { timeout: 60_000 }, async () => {
    const project = await repositoryWith(['packages/api']);
    const config = path.join(project.root, 'packages/api/openapi-ts.config.ts');
    await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace("'./openapi.json'", "'https://petstore.example.com/openapi.json'"));
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code).toBe(2);
    expect(init.stdout).toContain('api: packages/api cannot be regenerated');
    expect(init.stderr).toContain(
      'save what https://petstore.example.com/openapi.json serves as packages/api/openapi.json, set input: \'./openapi.json\', and record the URL in packages/api/openapi-drift.json as {"source": "https://petstore.example.com/openapi.json"}',
    );
    expect(await exists(path.join(project.root, 'openapi-drift.config.json'))).toBe(false);
  });

  test('init --source with several clients that have none is refused before anything is written', { timeout: 60_000 }, async () => {
    const project = await repositoryWith(['packages/one', 'packages/two']);
    const result = await runCli(['init', '--source', 'https://example.com/openapi.json'], { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--source names the source of one client, and 2 have none (packages/one, packages/two); nothing was written');
    expect(await exists(path.join(project.root, 'openapi-drift.config.json'))).toBe(false);
    expect(await exists(path.join(project.root, 'contract-tests'))).toBe(false);
  });
});

describe('a minified JSON snapshot', () => {
  test('init says what to run before the first test run, and canonicalizing is not taken for a snapshot change later', { timeout: 180_000 }, async () => {
    const project = await repositoryWith(['packages/api'], { snapshot: (text) => JSON.stringify(JSON.parse(text)) });
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('not canonical: packages/api/openapi.json is not 2-space canonical JSON');
    expect(init.stdout).toContain('before npm test is green, run: npx openapi-drift canonicalize packages/api/openapi.json\nthen: npm test\n');
    expect(init.stdout).not.toContain('next:');

    const canonicalized = await runCli(['canonicalize', 'packages/api/openapi.json'], { cwd: project.root });
    expect(canonicalized.code).toBe(0);
    const green = await runVitest(project, []);
    expect(green.code, green.output).toBe(0);

    await fs.appendFile(path.join(project.root, 'packages/api/src/client/types.gen.ts'), '// edited\n');
    const check = await runCli(['check'], { cwd: project.root });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('the tree was hand-edited');
    expect(check.stdout).not.toContain('The snapshot changed');
  });
});

describe('clients of one folder name', () => {
  test('init names services/a/api and services/b/api apart, records the names, and every command uses them', { timeout: 120_000 }, async () => {
    const project = await repositoryWith(['services/a/api', 'services/b/api']);
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(await readJson(path.join(project.root, 'openapi-drift.config.json'))).toEqual({
      clients: [
        { path: 'services/a/api', name: 'a-api' },
        { path: 'services/b/api', name: 'b-api' },
      ],
    });
    expect((await fs.readdir(path.join(project.root, 'contract-tests'))).sort()).toEqual(['a-api.contract.test.ts', 'b-api.contract.test.ts']);
    const check = await runCli(['check'], { cwd: project.root });
    expect(check.stdout).toBe('a-api: clean (16 files)\nb-api: clean (16 files)\n');
    const suite = await runVitest(project, []);
    expect(suite.code, suite.output).toBe(0);
    expect(suite.tests.get('a-api > src/client/sdk.gen.ts')?.status).toBe('passed');
    expect(suite.tests.get('b-api > src/client/sdk.gen.ts')?.status).toBe('passed');
  });

  test('a config whose glob gives two clients one name is refused before init writes anything', { timeout: 60_000 }, async () => {
    const project = await repositoryWith(['.', 'services/a/api', 'services/b/api']);
    const config = '{ "clients": ["services/*/api"] }\n';
    await fs.writeFile(path.join(project.root, 'openapi-drift.config.json'), config);
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('two clients are named api: services/a/api and services/b/api');
    expect(init.stderr).toContain('{ "clients": [{ "path": "services/b/api", "name": "b-api" }] }');
    expect(await fs.readFile(path.join(project.root, 'openapi-drift.config.json'), 'utf8')).toBe(config);
    expect(await exists(path.join(project.root, 'contract-tests'))).toBe(false);
  });

  test('a client that cannot be regenerated makes init write nothing at all', { timeout: 60_000 }, async () => {
    const project = await repositoryWith(['packages/good', 'packages/broken']);
    await fs.rm(path.join(project.root, 'packages/broken/openapi.json'));
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code).toBe(2);
    expect(init.stdout).toContain('broken: packages/broken cannot be regenerated');
    expect(init.stdout).toContain('nothing was written');
    expect(await exists(path.join(project.root, 'openapi-drift.config.json'))).toBe(false);
    expect(await exists(path.join(project.root, 'contract-tests'))).toBe(false);
    expect(await exists(path.join(project.root, 'packages/good/generated-from.json'))).toBe(false);
  });
});

describe('a pnpm workspace', () => {
  test('every printed command is the one pnpm runs', { timeout: 180_000 }, async () => {
    const project = await repositoryWith(['packages/api'], { packageName: 'shop' });
    await fs.writeFile(path.join(project.root, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    await fs.writeFile(path.join(project.root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const init = await runCli(['init'], { cwd: project.root });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('next: pnpm test');
    expect(init.stdout).toContain('or run pnpm exec openapi-drift init --source <url|file>');

    await fs.appendFile(path.join(project.root, 'packages/api/src/client/types.gen.ts'), '// edited\n');
    const red = await runVitest(project, []);
    expect(failing(red)).toEqual(['api > src/client/types.gen.ts']);
    expect(red.output).toContain('pnpm exec vitest run contract-tests/api.contract.test.ts -u');
    expect(red.output).not.toContain('npx ');
    const check = await runCli(['check'], { cwd: project.root });
    expect(check.stdout).toContain('fix: pnpm exec vitest run contract-tests/api.contract.test.ts -u');
    expect(check.stdout).not.toContain('npx ');

    // A missing peer is installed at the workspace root, where pnpm wants -w.
    await useOwnCache(project);
    await fs.rm(path.join(project.root, 'node_modules/prettier'));
    const missing = await runCli(['check'], { cwd: project.root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Fix: pnpm add -D -w prettier@\^3\.\d+\.\d+/);
  });
});

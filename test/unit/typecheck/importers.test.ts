// A project compiles the client when its files import it through files it does not list itself
// (a shared folder outside its include), as tsc follows imports; each file is read once.
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { owningCompilerSetup } from '../../../packages/openapi-drift/src/typecheck/compiler-setup.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, SMALL_OPTIONS, type TinyRepo } from './fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-importers-');
  await repo.write('clients/shop/src/client/index.ts', 'export const a = 1;\n');
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src'] });
  await repo.write('src/main.ts', "import { c } from '../shared/c';\nimport { b } from '../shared/b';\nexport const main = [b, c];\n");
  // b and d import each other; c imports the client.
  await repo.write('shared/b.ts', "import { d } from './d';\nexport const b = d;\n");
  await repo.write('shared/d.ts', "import './b';\nexport const d = 1;\n");
  await repo.write('shared/c.ts', "import { a } from '../clients/shop/src/client/index';\nexport const c = a;\n");
});
afterAll(async () => {
  await repo?.remove();
});

test('the importer is found through files outside its include, cycles and all', () => {
  const setup = owningCompilerSetup(ts, [path.join(repo.outputDir, 'index.ts')], repo.clientDir, repo.root);
  expect(setup).toMatchObject({ ownership: 'importer', configFile: path.join(repo.root, 'tsconfig.json') });
});

test('a file the tsconfig lists that is not there is passed over, whichever is read first', async () => {
  const other = await createTinyRepo('openapi-drift-importers-missing-');
  try {
    await other.write('clients/shop/src/client/index.ts', 'export const a = 1;\n');
    await other.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, files: ['src/main.ts', 'src/missing.ts'] });
    await other.write('src/main.ts', "import '../clients/shop/src/client/index';\n");
    const setup = owningCompilerSetup(ts, [path.join(other.outputDir, 'index.ts')], other.clientDir, other.root);
    expect(setup).toMatchObject({ ownership: 'importer', configFile: path.join(other.root, 'tsconfig.json') });
  } finally {
    await other.remove();
  }
});

test('a tsconfig with files of its own and references is no solution: it stands in', async () => {
  const other = await createTinyRepo('openapi-drift-importers-refs-');
  try {
    await other.write('clients/shop/src/client/index.ts', 'export const a = 1;\n');
    await other.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src'], references: [{ path: './tools' }] });
    await other.write('src/main.ts', 'export const main = 1;\n');
    await other.write('tools/tsconfig.json', { compilerOptions: { ...SMALL_OPTIONS, composite: true }, include: ['.'] });
    await other.write('tools/build.ts', 'export const build = 1;\n');
    const setup = owningCompilerSetup(ts, [path.join(other.outputDir, 'index.ts')], other.clientDir, other.root);
    expect(setup).toMatchObject({ ownership: 'nearest', configFile: path.join(other.root, 'tsconfig.json') });
  } finally {
    await other.remove();
  }
});

// Which files `impact` finds and how it groups them, where the order of discovery matters: a module
// that passes the client on only once what it re-exports is known to (found in a later round), a
// file that both uses the client and imports a wrapper of it, source folders reached through links
// (each file once), a client folder named through a link, and the root's tsconfig (or a project it
// references) taking a file that the tsconfig nearest to it leaves out.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findConsumers, groupByConfig } from '../../../packages/openapi-drift/src/impact/consumers.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, SMALL_OPTIONS, type TinyRepo } from '../typecheck/fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;
let outside: TinyRepo;

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['src', 'packages/lib'], references: [{ path: './config/tsconfig.web.json' }] }),
  'config/tsconfig.web.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['../web/app'] }),
  'clients/shop/src/client/index.ts': 'export const listPets = () => [];\n',
  // Found first, but reaches the client only through m, which passes it on only from the second round.
  'src/a-user.ts': "import { listPets } from './m';\nlistPets();\n",
  // Uses the client, and re-exports z, which re-exports the client too.
  'src/m.ts': "import { listPets } from '../clients/shop/src/client/index';\nexport * from './z';\nexport const count = listPets().length;\n",
  'src/z.ts': "export * from '../clients/shop/src/client/index';\n",
  'src/wrapper.ts': "import { listPets } from '../clients/shop/src/client/index';\nexport const first = () => listPets()[0];\n",
  'src/both.ts': "import { listPets } from '../clients/shop/src/client/index';\nimport { first } from './wrapper';\nexport const all = [listPets(), first()];\n",
  'packages/lib/tsconfig.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['other'] }),
  'packages/lib/use.ts': "import { listPets } from '../../clients/shop/src/client/index';\nlistPets();\n",
  'web/tsconfig.json': JSON.stringify({ compilerOptions: SMALL_OPTIONS, include: ['nothing'] }),
  'web/app/main.ts': "import { listPets } from '../../clients/shop/src/client/index';\nlistPets();\n",
  'web/through-link.ts': "import { listPets } from '../client-link/index';\nlistPets();\n",
};

beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-roots-');
  outside = await createTinyRepo('openapi-drift-roots-linked-');
  for (const [file, text] of Object.entries(FILES)) await repo.write(file, text);
  // A source folder that lives elsewhere, linked in twice; and the client's folder linked in.
  await outside.write('shared/linked.ts', `import { listPets } from '${path.join(repo.outputDir, 'index')}';\nlistPets();\n`);
  await fs.symlink(path.join(outside.root, 'shared'), path.join(repo.root, 'src', 'linked'));
  await fs.symlink(path.join(outside.root, 'shared'), path.join(repo.root, 'src', 'b-linked'));
  await fs.symlink(repo.outputDir, path.join(repo.root, 'client-link'));
});
afterAll(async () => {
  await repo?.remove();
  await outside?.remove();
});

const shown = (files: string[]) => files.map((file) => path.relative(repo.root, file));
const EXPECTED = ['packages/lib/use.ts', 'src/a-user.ts', 'src/b-linked/linked.ts', 'src/both.ts', 'src/m.ts', 'src/wrapper.ts', 'src/z.ts', 'web/app/main.ts', 'web/through-link.ts'];

test('every file that reaches the client, sorted, each once; a consumer that imports a wrapper is examined, not listed apart', async () => {
  const search = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
  expect(shown(search.consumers)).toEqual(EXPECTED);
  expect(shown(search.notExamined)).toEqual([]);
});

test('the client folder named through a link finds the same files', async () => {
  const search = await findConsumers(ts, repo.root, path.join(repo.root, 'client-link'), repo.root);
  expect(shown(search.consumers)).toEqual(EXPECTED);
});

test("the root's tsconfig, or a project it references, compiles a file its nearest tsconfig leaves out", async () => {
  const { consumers } = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
  const groups = groupByConfig(ts, repo.root, consumers, repo.root);
  expect(groups.map((group) => [path.relative(repo.root, group.setup.configFile ?? ''), group.notIncluded ?? false, shown(group.files)])).toEqual([
    ['tsconfig.json', false, ['packages/lib/use.ts', 'src/a-user.ts', 'src/b-linked/linked.ts', 'src/both.ts', 'src/m.ts', 'src/wrapper.ts', 'src/z.ts']],
    ['config/tsconfig.web.json', false, ['web/app/main.ts']],
    ['web/tsconfig.json', true, ['web/through-link.ts']],
  ]);
});

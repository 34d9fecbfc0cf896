// More of how `impact` follows the client: a default import passed on as the default export is a
// re-export, an `import x = require()` that is not exported is only a use, and a bare specifier is
// a package's name, never a path, even beside the client's folder.
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findConsumers, groupByConfig } from '../../../packages/openapi-drift/src/impact/consumers.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, type TinyRepo } from '../typecheck/fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;

const FILES: Record<string, string> = {
  'clients/shop/src/client/index.ts': 'export const listPets = () => [];\nexport default listPets;\n',
  'clients/shop/src/bare.ts': "import 'client/index';\n",
  'src/default-source.ts': "import list from '../clients/shop/src/client/index';\nexport default list;\n",
  'src/default-relay.ts': "import list from './default-source';\nexport default list;\n",
  'src/uses-default.ts': "import list from './default-relay';\nlist();\n",
  'src/required.ts': "import api = require('../clients/shop/src/client/index');\napi.listPets();\nexport const used = 1;\n",
  'src/uses-required.ts': "import { used } from './required';\nexport const again = used;\n",
  'src/package.ts': "import 'some-package/client';\nexport const none = 1;\n",
};

beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-reexports-');
  for (const [file, text] of Object.entries(FILES)) await repo.write(file, text);
});
afterAll(async () => {
  await repo?.remove();
});

test('default exports passed on are followed; a use through require is not passed on; a bare name is not a path', async () => {
  // No tsconfig: every file is resolved with the default options.
  const search = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
  const shown = (files: string[]) => files.map((file) => path.relative(repo.root, file));
  expect(shown(search.consumers)).toEqual(['src/default-relay.ts', 'src/default-source.ts', 'src/required.ts', 'src/uses-default.ts']);
  expect(shown(search.notExamined)).toEqual(['src/uses-required.ts']);
  const groups = groupByConfig(ts, repo.root, search.consumers, repo.root);
  expect(groups.map((group) => [group.setup.configFile, group.notIncluded, group.files.length])).toEqual([[undefined, true, 4]]);
});

test('nothing under .git is searched', async () => {
  await repo.write('.git/hooks/check.ts', "import { listPets } from '../../clients/shop/src/client/index';\nlistPets();\n");
  try {
    const search = await findConsumers(ts, repo.root, repo.outputDir, repo.root);
    expect(search.consumers.map((file) => path.relative(repo.root, file))).not.toContain('.git/hooks/check.ts');
  } finally {
    await repo.write('.git/hooks/check.ts', '');
  }
});

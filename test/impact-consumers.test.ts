// Which files `impact` examines: those that import the client's output folder, and those that import
// a module that passes the client on, in every way TypeScript lets a module re-export; a module that
// only uses the client in its own exports (a wrapper) does not pass it on, and what imports it is
// named as not examined. Plain files in a temp folder stand in for the generated client.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findConsumers } from '../packages/openapi-drift/src/impact/consumers.ts';
import { loadTypeScript, type TypeScriptApi } from '../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from './helpers/temp-project.ts';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }),
  'src/client/index.ts': 'export const listPets = () => [];\nexport type Pet = { name: string };\n',
  'src/direct.ts': "import { listPets } from './client';\nlistPets();\n",
  'src/star.ts': "export * from './client';\n",
  'src/named.ts': "export { listPets as pets } from './star';\n",
  'src/namespace.ts': "export * as api from './named';\n",
  'src/relayed.ts': "import { pets } from './named';\nimport type { api } from './namespace';\nexport { pets };\nexport type Api = typeof api;\n",
  'src/default.ts': "import pets from './relayed-default';\nexport default pets;\n",
  'src/relayed-default.ts': "import { pets } from './relayed';\nexport default pets;\n",
  'src/uses-default.ts': "import pets from './default';\npets();\n",
  'src/wrapper.ts': "import { listPets } from './client';\nexport const firstPet = () => listPets()[0];\n",
  'src/uses-wrapper.ts': "import { firstPet } from './wrapper';\nfirstPet();\n",
  'src/unrelated.ts': "import { firstPet } from './nowhere';\nexport const two = 2;\n",
};

let root: string;
let ts: TypeScriptApi;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-consumers-'));
  for (const [file, text] of Object.entries(FILES)) {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), text);
  }
  ts = (await loadTypeScript(REPO, '.')).ts;
});
afterAll(async () => {
  if (root) await fs.rm(root, { recursive: true, force: true });
});

test('follows export *, export { } from, export * as, the export of an imported name and export default', async () => {
  const search = await findConsumers(ts, root, path.join(root, 'src/client'), root);
  const shown = (files: string[]) => files.map((file) => path.relative(root, file));
  expect(shown(search.consumers)).toEqual(['src/default.ts', 'src/direct.ts', 'src/named.ts', 'src/namespace.ts', 'src/relayed-default.ts', 'src/relayed.ts', 'src/star.ts', 'src/uses-default.ts', 'src/wrapper.ts']);
  expect(shown(search.notExamined)).toEqual(['src/uses-wrapper.ts']);
});

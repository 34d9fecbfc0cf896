// The impact of a spec change in a workspace: the client is a workspace package whose entry
// re-exports the generated code (`export * from './client'`), and an app imports it by package
// name, through a link in its own node_modules as pnpm lays it out, and through a barrel of its
// own. The call sites in the app are found and checked; code that reaches the client only through
// another module's own exports is named as not examined. Real hey-api output, real TypeScript.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { impactOfDocument } from '../packages/openapi-drift/src/impact/spec-impact.ts';
import { formatImpact } from '../packages/openapi-drift/src/impact/format-impact.ts';
import type { ImpactReport } from '../packages/openapi-drift/src/impact/impact.ts';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { addClientFromDocument } from './helpers/client-fixture.ts';
import { readSpec } from './helpers/specs.ts';
import { createTempProject, runCli, type TempProject } from './helpers/temp-project.ts';

type Document = { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

const OPTIONS = { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], skipLibCheck: true, noEmit: true };
const FILES: Record<string, string> = {
  'clients/shop/package.json': JSON.stringify({ name: '@acme/shop-api', private: true, type: 'module', exports: { '.': './src/index.ts' } }),
  'clients/shop/src/index.ts': "export * from './client';\n",
  'apps/web/package.json': JSON.stringify({ name: '@acme/web', private: true, type: 'module', dependencies: { '@acme/shop-api': 'workspace:*' } }),
  'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: OPTIONS, include: ['src'] }),
  // Through the workspace package.
  'apps/web/src/pets.ts': "import { showPetById } from '@acme/shop-api';\n\nexport async function petTag(petId: string) {\n  const { data } = await showPetById({ path: { petId } });\n  return data?.tag;\n}\n",
  // Through a barrel of the app that re-exports the package.
  'apps/web/src/api.ts': "export * from '@acme/shop-api';\n",
  'apps/web/src/tags.ts': "import { listPets } from './api';\n\nexport async function tags(): Promise<string[]> {\n  const { data } = await listPets();\n  return (data ?? []).map((pet) => pet.tag ?? '');\n}\n",
  // Reaches the client only through petTag's own return type.
  'apps/web/src/label.ts': "import { petTag } from './pets';\n\nexport const label = async (id: string) => (await petTag(id))?.toUpperCase();\n",
  // Imports nothing of the client.
  'apps/web/src/clock.ts': 'export const now = () => Date.now();\n',
};

let project: TempProject;
let report: ImpactReport;

beforeAll(async () => {
  project = await createTempProject([], 'openapi-drift-', { tsconfig: false });
  await fs.writeFile(path.join(project.root, 'package.json'), JSON.stringify({ name: 'shop-workspace', private: true, type: 'module', workspaces: ['clients/*', 'apps/*'] }, null, 2));
  await fs.writeFile(path.join(project.root, 'tsconfig.json'), JSON.stringify({ compilerOptions: OPTIONS, include: ['clients'] }, null, 2));
  await addClientFromDocument(project, 'shop', JSON.parse(canonicalize(readSpec('petstore.oas30.yaml'))) as object);
  for (const [file, text] of Object.entries(FILES)) {
    await fs.mkdir(path.dirname(path.join(project.root, file)), { recursive: true });
    await fs.writeFile(path.join(project.root, file), text);
  }
  // The workspace link, where pnpm puts it: in the app's own node_modules.
  await fs.mkdir(path.join(project.root, 'apps/web/node_modules/@acme'), { recursive: true });
  await fs.symlink(path.join(project.root, 'clients/shop'), path.join(project.root, 'apps/web/node_modules/@acme/shop-api'));
  const document = JSON.parse(canonicalize(readSpec('petstore.oas30.yaml'))) as Document;
  delete document.components.schemas.Pet?.properties.tag;
  await fs.writeFile(path.join(project.root, 'breaking.json'), JSON.stringify(document));
  report = await impactOfDocument(project.clientDir('shop'), canonicalize(JSON.stringify(document)), { root: project.root, displayRoot: project.root });
});
afterAll(async () => {
  await project?.remove();
});

const shown = (files: string[]) => files.map((file) => path.relative(project.root, file).split(path.sep).join('/'));

test('finds the code that imports the client through its workspace package and through barrels', () => {
  expect(shown(report.consumers)).toEqual(['apps/web/src/api.ts', 'apps/web/src/pets.ts', 'apps/web/src/tags.ts', 'clients/shop/src/index.ts']);
  expect(shown(report.configs).sort()).toEqual(['apps/web/tsconfig.json', 'tsconfig.json']);
});

test('names the call sites in the app that the removed property breaks', () => {
  const errors = [...report.byChange.flatMap(({ errors: list }) => list), ...report.other].map((error) => `${shown([error.file ?? ''])[0]}:${error.line}  ${error.message}`);
  expect(errors.sort()).toEqual(["apps/web/src/pets.ts:5  Property 'tag' does not exist on type 'Pet'.", "apps/web/src/tags.ts:5  Property 'tag' does not exist on type 'Pet'."]);
  expect(report.byChange.map(({ change }) => `${change.kind} ${change.schema}`)).toEqual(['response-property-removed Pet']);
});

test('says which files were not examined: those that reach the client only through the exports of code that uses it', () => {
  expect(shown(report.notExamined)).toEqual(['apps/web/src/label.ts']);
  expect(formatImpact(report, 'text', project.root)).toContain(
    '  not examined: apps/web/src/label.ts (it imports code that uses the client; only imports of the client and its re-exports are followed)\n',
  );
});

test('the impact command exits 1 and names the call sites in the app', async () => {
  const result = await runCli(['impact', 'shop', '--spec', 'breaking.json'], { cwd: project.root });
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toContain('shop: this update breaks 2 call sites in 2 files\n');
  expect(result.stdout).toMatch(/apps\/web\/src\/pets\.ts:5:\d+ {2}TS2339/);
  expect(result.stdout).toMatch(/apps\/web\/src\/tags\.ts:5:\d+ {2}TS2339/);
  expect(result.stdout).toContain('  not examined: apps/web/src/label.ts');
});

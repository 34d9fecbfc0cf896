// A consumer's own type that has the name of a schema of the client is not that schema: a breaking
// change of the client's schema, which the consumer does not use, is listed as unused.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { impactOfRegeneration } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from '../typecheck/fixture.ts';
import { CHANGELOG } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-impact-local-');
});
afterEach(async () => {
  await repo?.remove();
});

test("a consumer's own Pet is not the client's Pet", async () => {
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src', 'clients'] });
  const client = 'export type Pet = { name: string };\nexport type Owner = { name: string };\n';
  await repo.write('clients/shop/src/client/index.ts', client);
  await repo.write('src/use.ts', "import type { Owner } from '../clients/shop/src/client/index';\ntype Pet = { owner: Owner };\nexport const pet: Pet = { owner: { name: 'x' } };\n");
  const change = { id: 'pet', level: 'breaking' as const, kind: 'schema-removed', schema: 'Pet', message: 'schema removed' };
  const report = await impactOfRegeneration(regenerationOf(repo, { 'index.ts': client }), { ...CHANGELOG, changes: [change] }, { root: repo.root, displayRoot: repo.root });
  expect(report.silentBreaking).toEqual([]);
  expect(report.unusedBreaking).toEqual([change]);
});

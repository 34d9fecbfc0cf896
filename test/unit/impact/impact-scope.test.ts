// Only the client's own declarations are the client's: a type that a consumer declares under the
// name of a schema that the update breaks does not make that change used here.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { impactOfRegeneration } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from '../typecheck/fixture.ts';
import { CHANGELOG, CHANGES } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-impact-scope-');
});
afterEach(async () => {
  await repo?.remove();
});

test("a consumer's own type named like a broken schema is not the schema", async () => {
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src', 'clients'] });
  await repo.write('clients/shop/src/client/index.ts', 'export type Pet = { name: string };\n');
  await repo.write('src/use.ts', "import type { Pet } from '../clients/shop/src/client/index';\nexport type Kennel = { pets: Pet[] };\nexport const kennel: Kennel = { pets: [] };\n");
  const report = await impactOfRegeneration(regenerationOf(repo, { 'index.ts': 'export type Pet = { name: string };\n' }), { ...CHANGELOG, changes: [CHANGES.g] }, { root: repo.root, displayRoot: repo.root });
  expect(report.newErrors).toBe(0);
  expect(report.silentBreaking).toEqual([]);
  expect(report.unusedBreaking).toEqual([CHANGES.g]);
});

test('what the code uses is told by operation and path, and by schema types only; declaration files of the tsconfig are in the program; fixed errors are counted', async () => {
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src', 'clients', 'types'] });
  const sdk = (pet: string) => `export type Pet = ${pet};\nexport const client = { get: (options: { url: string }) => options };\nexport const listPets = () => client.get({ url: '/pets' });\n`;
  await repo.write('clients/shop/src/client/index.ts', sdk('{ name: string; tag?: string }'));
  // A global declared with a type of the client: the code that reads it breaks with the update.
  await repo.write('types/current.d.ts', "declare const currentPet: import('../clients/shop/src/client/index').Pet;\n");
  await repo.write('src/use.ts', "import { client, listPets } from '../clients/shop/src/client/index';\nexport const all = [client, listPets()];\nexport const tag: string | undefined = currentPet.tag;\nexport const size: number = currentPet.size;\n");
  const changes = [
    { id: 'client', level: 'breaking' as const, kind: 'schema-removed', schema: 'Client', message: 'schema removed' },
    { id: 'kennels', level: 'breaking' as const, kind: 'operation-removed', method: 'get', path: '/kennels', message: 'operation removed' },
    { id: 'pets', level: 'breaking' as const, kind: 'response-removed', method: 'get', path: '/pets', message: 'response 404 removed' },
    { id: 'tag', level: 'breaking' as const, kind: 'response-property-removed', schema: 'Pet', direction: 'response' as const, operations: [{ method: 'get', path: '/pets' }], message: "property 'tag' removed" },
  ];
  const after = sdk('{ name: string; size: number }');
  const report = await impactOfRegeneration(regenerationOf(repo, { 'index.ts': after }), { ...CHANGELOG, changes }, { root: repo.root, displayRoot: repo.root });
  expect(report.byChange.map(({ change, errors }) => [change.id, errors.map((error) => `${error.line}:${error.column} TS${error.code}`)])).toEqual([['tag', ['3:51 TS2339']]]);
  expect(report.newErrors).toBe(1);
  // currentPet.size: an error before the update, none after.
  expect(report.fixedErrors).toBe(1);
  expect(report.silentBreaking.map((change) => change.id)).toEqual(['pets']);
  expect(report.unusedBreaking.map((change) => change.id)).toEqual(['client', 'kennels']);
});

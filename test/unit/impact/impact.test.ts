// The impact of an update on the code that uses a client, on a tiny hand-written client: every new
// error at its place under the change it comes from (or apart, when none can be told), an error
// that was there before never new (even one with the same message in the same file), the errors
// the update fixes counted, breaking changes that no code uses, or that the compiler cannot see,
// listed apart; each project of the repository checked with its own tsconfig. Nothing is written.
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { hashTree } from '../../helpers/temp-project.ts';
import { impactOfRegeneration } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from '../typecheck/fixture.ts';
import { AFTER, at, BEFORE, CHANGELOG, CHANGES, CONSUMER, WEB_CONSUMER } from './fixture.ts';

let repo: TinyRepo;
afterAll(async () => {
  await repo?.remove();
});

const shown = (file: string | undefined) => path.relative(repo.root, file ?? '');
const located = (errors: Array<{ file?: string; line?: number; column?: number }>) => errors.map((error) => `${shown(error.file)}:${error.line}:${error.column}`);

// One test: the compile is the costly part, and every assertion reads the same report.
test('the impact of the update, from the files that use the client to the changes nobody uses, without writing anything', async () => {
  repo = await createTinyRepo('openapi-drift-impact-');
  for (const [file, text] of Object.entries(BEFORE)) await repo.write(`clients/shop/src/client/${file}`, text);
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src', 'clients', 'types'] });
  await repo.write('types/globals.d.ts', 'declare const buildId: string;\n');
  await repo.write('src/pets.ts', `${CONSUMER}export const build = buildId;\n`);
  await repo.write('src/uses-pets.ts', "import { petNames } from './pets';\npetNames();\n");
  await repo.write('web/tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['.'] });
  await repo.write('web/app.ts', WEB_CONSUMER);
  const treeBefore = await hashTree(repo.root);
  const report = await impactOfRegeneration(regenerationOf(repo, AFTER), CHANGELOG, { root: repo.root, displayRoot: repo.root });

  // The files that use the client, those not examined, and the tsconfig each project is checked with.
  expect(report.client).toBe('shop');
  expect(report.outputDir).toBe(repo.outputDir);
  expect(report.consumers.map(shown)).toEqual(['src/pets.ts', 'web/app.ts']);
  expect(report.notExamined.map(shown)).toEqual(['src/uses-pets.ts']);
  expect(report.configs).toEqual([path.join(repo.root, 'tsconfig.json'), path.join(repo.root, 'web', 'tsconfig.json')]);
  expect(report.changelog).toBe(CHANGELOG);

  // Each new error under the change it comes from, in the changelog's order: a required parameter,
  // a removed response property, a removed operation.
  expect(report.byChange.map(({ change, errors }) => [change.id, located(errors)])).toEqual([
    ['a', [`src/pets.ts:${at('{ limit }', 2)}`]],
    ['b', [`src/pets.ts:${at('.tag;', 1)}`]],
    ['c', [`src/pets.ts:${at('createPets }')}`]],
  ]);
  const [a, b, c] = report.byChange.map(({ errors }) => errors[0]);
  expect(a).toMatchObject({ code: 2322, message: "Type 'number | undefined' is not assignable to type 'number'.\n  Type 'undefined' is not assignable to type 'number'." });
  expect(b).toMatchObject({ code: 2339, message: "Property 'tag' does not exist on type 'Pet'." });
  expect(c).toMatchObject({ code: 2305, message: `Module '"../clients/shop/src/client/index"' has no exported member 'createPets'.` });

  // An error that no change explains is reported apart; the known one (same message, same file,
  // another place) is not new; the one the update fixes (the import of Toy, which it adds) is counted.
  expect(report.other.map((error) => `${shown(error.file)}:${error.line}:${error.column} TS${error.code}`)).toEqual([`web/app.ts:3:27 TS2353`]);
  expect(report.newErrors).toBe(4);
  expect(report.fixedErrors).toBe(1);

  // Breaking changes no code uses, and those the code uses where the compiler sees no error.
  expect(report.unusedBreaking.map((change) => change.id)).toEqual([CHANGES.d.id, CHANGES.g.id]);
  expect(report.silentBreaking.map((change) => change.id)).toEqual([CHANGES.e.id, CHANGES.f.id]);

  expect(await hashTree(repo.root)).toEqual(treeBefore);
});

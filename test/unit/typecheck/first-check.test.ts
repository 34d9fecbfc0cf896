// What `add` and `init` say about a client they have just written: that it compiles and with which
// options; that it does not, with its first errors (first lines only), the known cause, the fix and
// how to turn the check off; that the check is off and why; or that it could not run and why. A
// client generated elsewhere and moved is checked at the place it now has.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { typeCheckBeforeFirstTest } from '../../../packages/openapi-drift/src/typecheck/first-check.ts';
import type { Regeneration } from '../../../packages/openapi-drift/src/regenerate/regenerate.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
let version: string;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-first-');
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
  await repo.write('clients/shop/src/client/index.ts', '');
  version = JSON.parse(await fs.readFile(path.join(repo.root, 'node_modules/typescript/package.json'), 'utf8')).version;
});
afterEach(async () => {
  await repo?.remove();
});

const first = (files: Record<string, string>, displayRoot = repo.root) => typeCheckBeforeFirstTest(regenerationOf(repo, files), { displayRoot });
const TURN_OFF = '  When the errors are known and accepted, turn the check off with the reason in clients/shop/openapi-drift.json: "typeCheck": { "skip": true, "reason": "..." }';

test('a client that compiles: said with the options used', async () => {
  expect(await first({ 'index.ts': 'export const a = 1;\n' })).toEqual({ status: 'compiles', text: `  type-check: compiles with the compiler options of tsconfig.json, TypeScript ${version}\n` });
});

test('a client that does not compile: the count, the first five errors by their first line, the rest counted, the fix and how to turn the check off', async () => {
  const lines = Array.from({ length: 7 }, (_, index) => `export const v${index}: number = 'x${index}' as string;`);
  const result = await first({ 'index.ts': `${lines.join('\n')}\nexport const w: { a: string } = { a: 1 } as { a: number };\n` });
  expect(result.status).toBe('fails');
  const text = result.text.split('\n');
  expect(text[0]).toBe(`  type-check: FAILS: clients/shop/src/client does not compile with the compiler options of tsconfig.json, TypeScript ${version}: 8 errors in the generated files, so its \`type-checks\` test will fail`);
  expect(text.slice(1, 7)).toEqual([
    "    clients/shop/src/client/index.ts:1:14  TS2322  Type 'string' is not assignable to type 'number'.",
    "    clients/shop/src/client/index.ts:2:14  TS2322  Type 'string' is not assignable to type 'number'.",
    "    clients/shop/src/client/index.ts:3:14  TS2322  Type 'string' is not assignable to type 'number'.",
    "    clients/shop/src/client/index.ts:4:14  TS2322  Type 'string' is not assignable to type 'number'.",
    "    clients/shop/src/client/index.ts:5:14  TS2322  Type 'string' is not assignable to type 'number'.",
    '    ... and 3 more',
  ]);
  expect(text.slice(7)).toEqual([expect.stringMatching(/^  fix: this is what the generator makes of this spec/), TURN_OFF, '']);
  // Five errors: all listed, none counted.
  const five = await first({ 'index.ts': `${lines.slice(0, 5).join('\n')}\n` });
  expect(five.text.split('\n').slice(1, 7)).toEqual([...Array.from({ length: 5 }, (_, index) => `    clients/shop/src/client/index.ts:${index + 1}:14  TS2322  Type 'string' is not assignable to type 'number'.`), expect.stringMatching(/^  fix: /)]);
});

test('one error, with its message chain cut to its first line, its known cause and its fix', async () => {
  const result = await first({ 'index.ts': "export const w: { a: string } = { a: 1 } as { a: number };\nexport const d: Blob | undefined = undefined;\n" });
  const text = result.text.split('\n');
  expect(text[0]).toMatch(/: 2 errors in the generated files, so/);
  expect(text[1]).toBe("    clients/shop/src/client/index.ts:1:14  TS2322  Type '{ a: number; }' is not assignable to type '{ a: string; }'.");
  expect(text[2]).toBe("    clients/shop/src/client/index.ts:2:17  TS2304  Cannot find name 'Blob'.");
  expect(text[3]).toBe('  fix: the client uses the fetch API\'s types (Blob), which are declared by the DOM library: add "DOM" to "compilerOptions.lib" of tsconfig.json');
  const one = await first({ 'index.ts': "export const x = { style: 'deepObject' } as unknown as 1;\nexport const v: number = 'x';\n" }, repo.outputDir);
  expect(one.text.split('\n')[0]).toBe(`  type-check: FAILS: . does not compile with the compiler options of ../../../../tsconfig.json, TypeScript ${version}: 1 error in the generated files, so its \`type-checks\` test will fail`);
});

test('a known cause is named on a line of its own', async () => {
  await repo.write('tsconfig.json', { compilerOptions: { ...SMALL_OPTIONS, exactOptionalPropertyTypes: true }, include: ['clients'] });
  const result = await first({ 'index.ts': 'const take = (options: { a?: string }) => options;\nexport const taken = take({ a: undefined });\n' });
  expect(result.text).toContain('\n  cause: `exactOptionalPropertyTypes: true` in the compiler options: the fetch client of @hey-api/openapi-ts is not written for it\n  fix: compile the client under a project without exactOptionalPropertyTypes');
});

test('turned off: said with the reason, and nothing is compiled', async () => {
  await repo.write('clients/shop/openapi-drift.json', { typeCheck: { skip: true, reason: 'the generator breaks on our spec' } });
  // A tsconfig that would be refused: the check never reads it.
  await repo.write('tsconfig.json', { compilerOptions: { target: 'ES1066' } });
  expect(await first({ 'index.ts': 'export const v: number = "x";\n' })).toEqual({ status: 'off', text: '  type-check: turned off in clients/shop/openapi-drift.json: the generator breaks on our spec\n' });
});

test('a check that cannot run: said, with the fix; an unexpected failure is not hidden', async () => {
  await repo.write('tsconfig.json', { compilerOptions: { target: 'ES1066' }, include: ['clients'] });
  const result = await first({ 'index.ts': '' });
  expect(result.status).toBe('not-run');
  expect(result.text).toMatch(/^  type-check: could not run, so its `type-checks` test will fail: tsconfig\.json cannot be read as tsc reads it: Argument for '--target' option must be: .*\n  fix: fix tsconfig\.json until `npx tsc -p tsconfig\.json --noEmit` accepts it\n$/);
  await fs.rm(path.join(repo.root, 'node_modules', 'typescript'));
  await repo.write('clients/shop/openapi-drift.json', '{ "typeCheck": ');
  const unreadable = await first({ 'index.ts': '' });
  expect(unreadable.status).toBe('not-run');
  expect(unreadable.text).not.toContain('\n  fix:');
  await fs.rm(path.join(repo.clientDir, 'openapi-drift.json'));
  const broken = { ...regenerationOf(repo, {}), files: undefined } as unknown as Regeneration;
  await expect(typeCheckBeforeFirstTest(broken, { displayRoot: repo.root })).rejects.toThrow(TypeError);
});

test('a client generated in another folder and moved is checked, and named, at the place it now has', async () => {
  const elsewhere = path.join(repo.root, 'staging', 'shop');
  const made = regenerationOf({ clientDir: elsewhere, outputDir: path.join(elsewhere, 'src', 'client') }, { 'index.ts': 'export const v: number = "x";\n' });
  const result = await typeCheckBeforeFirstTest(made, { displayRoot: repo.root, movedTo: repo.clientDir });
  expect(result.text.split('\n').slice(0, 2)).toEqual([
    `  type-check: FAILS: clients/shop/src/client does not compile with the compiler options of tsconfig.json, TypeScript ${version}: 1 error in the generated files, so its \`type-checks\` test will fail`,
    "    clients/shop/src/client/index.ts:1:14  TS2322  Type 'string' is not assignable to type 'number'.",
  ]);
});

// The type check of a regeneration, on tiny hand-made clients: the regenerated files are compiled at
// their committed paths (what is committed there, or was dropped, is never seen), with the options
// and own files of the project that compiles the client; whole-program errors count, errors of the
// project's own code do not, and the result is cached until something the compiler read changes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test, vi, afterEach } from 'vitest';
import { typeCheckRegeneration, describeCompilerOptions, overlayOf } from '../../../packages/openapi-drift/src/typecheck/type-check.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
beforeAll(async () => {
  repo = await createTinyRepo('openapi-drift-tc-');
});
afterAll(async () => {
  await repo?.remove();
});
/** What each test wrote at the root, removed after it. */
const written = new Set<string>();
beforeEach(() => {
  written.clear();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const file of written) await fs.rm(path.join(repo.root, file), { recursive: true, force: true });
  await fs.rm(path.join(repo.root, 'node_modules', '.cache'), { recursive: true, force: true });
  await fs.rm(repo.outputDir, { recursive: true, force: true });
  await fs.mkdir(repo.outputDir, { recursive: true });
});
const write = (file: string, content: unknown) => {
  written.add(file.split('/')[0] as string);
  return repo.write(file, content);
};

const CLIENT = {
  'index.ts': "export * from './sdk.gen';\n",
  'sdk.gen.ts': "import type { Pet } from './types.gen';\nexport const firstPet = (pets: Pet[]): Pet | undefined => pets[0];\n",
  'types.gen.ts': 'export type Pet = { name: string };\n',
  'README.md': '# not code\n',
};
const check = (files: Record<string, string> = CLIENT) => typeCheckRegeneration(regenerationOf(repo, files), { displayRoot: repo.root });
const codes = (result: { diagnostics: Array<{ code: number }> }) => result.diagnostics.map((diagnostic) => diagnostic.code);
const shownFiles = (result: { diagnostics: Array<{ file?: string }> }) => result.diagnostics.map((diagnostic) => (diagnostic.file === undefined ? undefined : path.relative(repo.root, diagnostic.file)));

test('compiles the regenerated files, not what is committed in the output folder; only code files are counted', async () => {
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients', 'src'] });
  // Committed, broken, and replaced by the regeneration (or dropped by it).
  await repo.write('clients/shop/src/client/sdk.gen.ts', 'export const broken: number = "no";\n');
  await repo.write('clients/shop/src/client/stale.gen.ts', 'export const alsoBroken: string = 1;\n');
  // An error of the project's own code is not the client's.
  await write('src/own.ts', 'export const own: number = "no";\n');
  const result = await check();
  expect(result).toEqual({ configFile: path.join(repo.root, 'tsconfig.json'), ownership: 'owner', typescriptVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), fileCount: 3, diagnostics: [], cached: false });
  expect(describeCompilerOptions(result, repo.root)).toBe(`the compiler options of tsconfig.json, TypeScript ${result.typescriptVersion}`);
});

test('a file the regeneration dropped is not seen, though it is still committed', async () => {
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
  await repo.write('clients/shop/src/client/types.gen.ts', CLIENT['types.gen.ts']);
  const { 'types.gen.ts': _dropped, ...rest } = CLIENT;
  const result = await check(rest);
  expect(codes(result)).toEqual([2307]);
  expect(shownFiles(result)).toEqual(['clients/shop/src/client/sdk.gen.ts']);
  expect(result.diagnostics[0]?.message).toBe("Cannot find module './types.gen' or its corresponding type declarations.");
});

test('syntax errors of the generated files count as well as type errors', async () => {
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
  const result = await check({ 'index.ts': 'export const = 1;\n' });
  expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} TS${diagnostic.code} ${diagnostic.message}`)).toEqual(['1:14 TS1134 Variable declaration expected.', '1:16 TS1134 Variable declaration expected.']);
});

test('errors are sorted by file and position, with the line and column the compiler gives; warnings do not count', async () => {
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
  const result = await check({ 'b.ts': 'export const b: number = "b";\n// @ts-expect-error unused directive is an error too\nexport const fine = 1;\n', 'a.ts': 'export const a1: number = "a";\nexport const a2: string = 2;\n' });
  expect(shownFiles(result)).toEqual(['clients/shop/src/client/a.ts', 'clients/shop/src/client/a.ts', 'clients/shop/src/client/b.ts', 'clients/shop/src/client/b.ts']);
  expect(result.diagnostics[1]).toMatchObject({ line: 2, column: 14, code: 2322, message: "Type 'number' is not assignable to type 'string'." });
  expect(result.fileCount).toBe(2);
});

test.each([
  { name: 'a types package that is not installed (TS2688)', options: { types: ['openapi-drift-no-such-types'] }, code: 2688 },
  { name: 'noLib: no global types (TS2318)', options: { noLib: true }, code: 2318 },
])('whole-program errors fail the check too: $name', async ({ options, code }) => {
  await write('tsconfig.json', { compilerOptions: { ...SMALL_OPTIONS, ...options }, include: ['clients'] });
  const result = await check();
  expect(codes(result)).toContain(code);
  expect(result.diagnostics.find((diagnostic) => diagnostic.code === code)?.file).toBeUndefined();
});

test('build-only settings (composite, declaration files, incremental) do not make the compiler complain', async () => {
  await write('tsconfig.json', { compilerOptions: { ...SMALL_OPTIONS, composite: true, incremental: true, tsBuildInfoFile: './build/x.tsbuildinfo', declaration: true, declarationMap: true, emitDeclarationOnly: true }, include: ['clients'] });
  expect((await check()).diagnostics).toEqual([]);
});

test("the owner's own files are in the program: their global declarations apply to the client", async () => {
  const client = { 'index.ts': 'export const team: string = teamName;\n' };
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients', 'src'] });
  await write('src/team.ts', 'declare var teamName: string;\n');
  // Committed as it was generated last time: the tsconfig's file list holds it.
  await repo.write('clients/shop/src/client/index.ts', '');
  const result = await check(client);
  expect(result.ownership).toBe('owner');
  expect(result.diagnostics).toEqual([]);
});

test("a project whose files import the client compiles it with its own files; a stand-in gives its declaration files only", async () => {
  const client = { 'index.ts': 'export const team: string = teamName;\nexport const size: number = teamSize;\n' };
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['src'] });
  await write('src/team.ts', 'declare var teamName: string;\n');
  await write('src/size.d.ts', 'declare var teamSize: number;\n');
  await write('src/main.ts', "import { team } from '../clients/shop/src/client/index';\nexport const shown = team;\n");
  await repo.write('clients/shop/src/client/index.ts', '');
  const imported = await check(client);
  expect(imported.ownership).toBe('importer');
  expect(imported.diagnostics).toEqual([]);
  await fs.rm(path.join(repo.root, 'src/main.ts'));
  const nearest = await check(client);
  expect(nearest.ownership).toBe('nearest');
  expect(nearest.configFile).toBe(path.join(repo.root, 'tsconfig.json'));
  // The stand-in's .ts file is not compiled, its declaration file is.
  expect(nearest.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(["Cannot find name 'teamName'."]);
});

test('without a tsconfig the defaults are used, and a solution whose projects leave the client out is named', async () => {
  await write('tsconfig.json', { files: [], references: [{ path: './tsconfig.app.json' }] });
  await write('tsconfig.app.json', { compilerOptions: { ...SMALL_OPTIONS, composite: true }, include: ['src'] });
  await write('src/main.ts', 'export const main = 1;\n');
  const result = await check({ 'index.ts': 'export const a: number = 1;\n' });
  expect(result).toMatchObject({ ownership: 'defaults', solution: path.join(repo.root, 'tsconfig.json'), diagnostics: [], fileCount: 1 });
  expect(result.configFile).toBeUndefined();
});

test('served from the cache until something the compiler read changes; OPENAPI_DRIFT_CACHE=off always compiles', async () => {
  await write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
  const files = { 'index.ts': 'export const a: number = "a";\n' };
  const first = await check(files);
  expect(first.cached).toBe(false);
  expect(codes(first)).toEqual([2322]);
  const second = await check(files);
  expect(second).toEqual({ ...first, cached: true });
  // What is committed in the output folder is not read: writing there changes nothing.
  await repo.write('clients/shop/src/client/index.ts', 'export const a: number = 1;\n');
  expect((await check(files)).cached).toBe(true);
  await write('tsconfig.json', { compilerOptions: { ...SMALL_OPTIONS, strict: false }, include: ['clients'] });
  expect((await check(files)).cached).toBe(false);
  vi.stubEnv('OPENAPI_DRIFT_CACHE', 'off');
  expect((await check(files)).cached).toBe(false);
  expect((await check(files)).cached).toBe(false);
});

test('paths in messages are shown from the current folder by default', async () => {
  await write('tsconfig.json', { compilerOptions: { target: 'ES1066' }, include: ['clients'] });
  const shownConfig = path.relative(process.cwd(), path.join(repo.root, 'tsconfig.json'));
  await expect(typeCheckRegeneration(regenerationOf(repo, CLIENT))).rejects.toThrow(`${shownConfig} cannot be read as tsc reads it: `);
});

test('the overlay holds the regenerated files at their absolute paths in the output folder', () => {
  const overlay = overlayOf(regenerationOf(repo, { 'core/a.ts': 'a', 'b.ts': 'b' }));
  expect(overlay.dir).toBe(repo.outputDir);
  expect([...overlay.files]).toEqual([
    [path.join(repo.outputDir, 'b.ts'), 'b'],
    [path.join(repo.outputDir, 'core', 'a.ts'), 'a'],
  ]);
});

test('without TypeScript where the client can see it, the check says so, naming the client folder from the display root', async () => {
  await fs.rm(path.join(repo.root, 'node_modules', 'typescript'));
  try {
    await expect(check()).rejects.toThrow(/^typescript is not installed where clients\/shop can see it/);
    await expect(typeCheckRegeneration(regenerationOf(repo, CLIENT), { displayRoot: repo.clientDir })).rejects.toThrow(/^typescript is not installed where \. can see it/);
  } finally {
    await fs.symlink(path.join(process.cwd(), 'node_modules', 'typescript'), path.join(repo.root, 'node_modules', 'typescript'));
  }
});

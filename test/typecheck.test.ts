// The type check as a library: it compiles what the snapshot generates (never the committed
// files), with the nearest tsconfig's options, and its cache follows everything the result depends on.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import type { Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { typeCheckRegeneration } from '../packages/openapi-drift/src/typecheck/type-check.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let regeneration: Regeneration;

beforeAll(async () => {
  // Without a tsconfig of its own at first: the tests add one.
  project = await createTempProject(['petstore'], 'openapi-drift-', { tsconfig: false });
  regeneration = (await checkClient(project.clientDir('petstore'), { displayRoot: project.root })).regeneration;
});
afterAll(async () => {
  await project?.remove();
});

const check = () => typeCheckRegeneration(regeneration, { displayRoot: project.root });
const writeJson = (name: string, value: unknown) => fs.writeFile(path.join(project.root, name), JSON.stringify(value, null, 2));

test('compiles the regenerated files at their committed paths, not what is committed there', async () => {
  const committed = path.join(regeneration.outputDir, 'sdk.gen.ts');
  await fs.writeFile(committed, 'export const broken: number = "not a number";\n');
  await fs.writeFile(path.join(regeneration.outputDir, 'obsolete.gen.ts'), 'export const alsoBroken: string = 1;\n');
  const result = await check();
  expect(result.diagnostics).toEqual([]);
  expect(result.fileCount).toBe(regeneration.files.size);
  expect(result.configFile).toBeUndefined();
});

test('is served from the cache until the tsconfig chain changes, and then uses the new options', async () => {
  expect((await check()).cached).toBe(true);
  await writeJson('tsconfig.base.json', { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true } });
  await writeJson('tsconfig.json', { extends: './tsconfig.base.json', include: ['clients'] });
  const withConfig = await check();
  expect(withConfig.cached).toBe(false);
  expect(withConfig.configFile).toBe(path.join(project.root, 'tsconfig.json'));
  expect(withConfig.diagnostics).toEqual([]);
  expect((await check()).cached).toBe(true);

  // A change in the file it extends is a change of the options.
  await writeJson('tsconfig.base.json', { compilerOptions: { strict: true, exactOptionalPropertyTypes: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true } });
  const stricter = await check();
  expect(stricter.cached).toBe(false);
  expect(stricter.diagnostics.length).toBeGreaterThan(0);
  expect(stricter.diagnostics.every((diagnostic) => diagnostic.file?.startsWith(regeneration.outputDir))).toBe(true);
  expect(stricter.diagnostics.map((diagnostic) => diagnostic.code)).toContain(2379);
  const again = await check();
  expect(again.cached).toBe(true);
  expect(again.diagnostics).toEqual(stricter.diagnostics);
});

test('a tsconfig that tsc would refuse is a ConfigError naming it', async () => {
  await writeJson('tsconfig.json', { compilerOptions: { target: 'ES1066' }, include: ['clients'] });
  await expect(check()).rejects.toThrow(/^tsconfig\.json cannot be read as tsc reads it: Argument for '--target' option must be/);
});

test.each([
  // Reported by tsc for the program, not for a file: a types package that is not installed, and no standard library.
  { name: 'a types package that is not installed (TS2688)', options: { types: ['openapi-drift-no-such-types'] }, code: 2688 },
  { name: 'noLib: no global types (TS2318)', options: { noLib: true }, code: 2318 },
])('whole-program diagnostics fail the check too: $name', async ({ options, code }) => {
  await writeJson('tsconfig.json', { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: true, ...options }, include: ['clients'] });
  const result = await check();
  expect(result.cached).toBe(false);
  expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain(code);
});

test('a file the regeneration dropped is not seen by the compiler, even though the committed tree still has it', async () => {
  await writeJson('tsconfig.json', { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true }, include: ['clients'] });
  expect(await fs.readFile(path.join(regeneration.outputDir, 'client.gen.ts'), 'utf8')).toContain('createClient');
  const files = new Map([...regeneration.files].filter(([file]) => file !== 'client.gen.ts'));
  const result = await typeCheckRegeneration({ ...regeneration, files }, { displayRoot: project.root });
  expect(result.diagnostics.filter((diagnostic) => diagnostic.code === 2307).map((diagnostic) => path.basename(diagnostic.file ?? ''))).toContain('sdk.gen.ts');
});

test("the tsconfig nearest the client is used, not the repository root's", async () => {
  await writeJson('tsconfig.json', { compilerOptions: { strict: true, exactOptionalPropertyTypes: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true }, include: ['clients'] });
  const own = path.join(project.clientDir('petstore'), 'tsconfig.json');
  await fs.writeFile(own, JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true } }));
  try {
    const result = await check();
    expect(result.configFile).toBe(own);
    expect(result.diagnostics).toEqual([]);
  } finally {
    await fs.rm(own);
  }
  // Without it, the root's options apply, and exactOptionalPropertyTypes breaks the fetch client.
  expect((await check()).diagnostics.map((diagnostic) => diagnostic.code)).toContain(2379);
});

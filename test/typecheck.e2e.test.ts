// The `type-checks` test of each contract suite, run by Vitest in a temp project as a user runs it:
// a spec whose generated client does not compile fails that one test with the compiler's message
// while the other client stays green; the options come from the project's tsconfig.json; turning
// the check off needs a reason, and the stand-in test then passes and prints it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addClientFromDocument } from './helpers/client-fixture.ts';
import { DEEP_OBJECT_ARRAY } from './helpers/specs.ts';
import { createTempProject, failing, runVitest, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;

beforeAll(async () => {
  // Without a tsconfig of its own at first: the tests add one.
  project = await createTempProject(['petstore'], 'openapi-drift-', { tsconfig: false });
  await addClientFromDocument(project, 'search', DEEP_OBJECT_ARRAY);
});
afterAll(async () => {
  await project?.remove();
});

const settingsOf = (name: string) => path.join(project.clientDir(name), 'openapi-drift.json');

async function setTypeCheck(name: string, typeCheck: unknown): Promise<void> {
  const settings = JSON.parse(await fs.readFile(settingsOf(name), 'utf8')) as Record<string, unknown>;
  await fs.writeFile(settingsOf(name), `${JSON.stringify({ ...settings, typeCheck }, null, 2)}\n`);
}

test('a client whose generated code does not compile fails its type-checks test with the diagnostics; the other client is green', async () => {
  const report = await runVitest(project, []);
  expect(failing(report), report.output).toEqual(['search > type-checks']);
  const failure = report.tests.get('search > type-checks')?.failure ?? '';
  expect(failure).toContain('TypeCheckError: clients/search/src/client, as clients/search/openapi.json generates it, does not compile with default compiler options');
  expect(failure).toContain('no tsconfig.json was found above the client');
  expect(failure).toMatch(/clients\/search\/src\/client\/sdk\.gen\.ts:\d+:\d+ {2}TS2322 {2}Type '\{ parameters: \{ ids: \{ array: \{ style: "deepObject"; \}; \}; \}; \}' is not assignable/);
  expect(failure).toContain(`Type '"deepObject"' is not assignable to type 'ArrayStyle | undefined'.`);
  expect(failure).toContain('cause: an array query parameter with `style: deepObject` in the spec: @hey-api/openapi-ts passes');
  expect(failure).toContain('"typeCheck": { "skip": true, "reason": "..." }');
  expect(report.tests.get('petstore > type-checks')?.status).toBe('passed');
  expect(report.output).toContain('clients/petstore: type-checked with default compiler options (strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck), since no tsconfig.json was found above the client, TypeScript 6.');
});

test("the options are those of the project's tsconfig.json: exactOptionalPropertyTypes breaks the fetch client", async () => {
  const tsconfig = { compilerOptions: { strict: true, exactOptionalPropertyTypes: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true, noEmit: true }, include: ['clients'] };
  await fs.writeFile(path.join(project.root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  try {
    const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts']);
    expect(failing(report), report.output).toEqual(['petstore > type-checks']);
    const failure = report.tests.get('petstore > type-checks')?.failure ?? '';
    expect(failure).toContain('does not compile with the compiler options of tsconfig.json, TypeScript 6.');
    expect(failure).toMatch(/clients\/petstore\/src\/client\/client\/client\.gen\.ts:\d+:\d+ {2}TS2379 {2}Argument of type/);
    expect(failure).toContain("with 'exactOptionalPropertyTypes: true'");
  } finally {
    await fs.rm(path.join(project.root, 'tsconfig.json'));
  }
});

test('turned off with a reason, the stand-in test passes and prints the reason; without a reason the setting is refused', async () => {
  const reason = 'hey-api serializes deepObject arrays with an option its own types refuse; reported upstream';
  await setTypeCheck('search', { skip: true, reason });
  const off = await runVitest(project, ['contract-tests/search.contract.test.ts']);
  expect(off.code, off.output).toBe(0);
  const names = [...off.tests.keys()];
  expect(names).not.toContain('search > type-checks');
  expect(names).toContain(`search > type-checks (turned off: ${reason.slice(0, 77)}...)`);
  expect(off.output).toContain(`clients/search: the type check is turned off in clients/search/openapi-drift.json: ${reason}`);

  await setTypeCheck('search', { skip: true, reason: ' ' });
  const refused = await runVitest(project, ['contract-tests/search.contract.test.ts']);
  expect(failing(refused)).toEqual(['search > type-checks']);
  expect(refused.tests.get('search > type-checks')?.failure).toContain('clients/search/openapi-drift.json: "typeCheck.reason" must say why the check is off');
  // The file tests of the client are not the setting's business: they still pass.
  expect(refused.tests.get('search > src/client/sdk.gen.ts')?.status).toBe('passed');
});

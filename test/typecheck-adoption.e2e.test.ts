// A client whose generated code does not compile is said by `add` and `init` before they send the
// user to the first test run: the first errors, their cause when it is known, and the choice (fix
// the spec or config, or turn the check off with a reason). The spec is a known hey-api defect
// (an array query parameter with `style: deepObject`); the real CLI, generator and compiler run.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEEP_OBJECT_ARRAY } from './helpers/specs.ts';
import { createTempProject, run, runCli, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;

beforeAll(async () => {
  // Without a tsconfig: the defaults are used and said.
  project = await createTempProject([], 'openapi-drift-', { tsconfig: false });
  // A repository, as init expects (it asks git what .gitignore ignores).
  expect((await run('git', ['init', '-q'], { cwd: project.root })).code).toBe(0);
  await fs.mkdir(path.join(project.root, 'specs'));
  await fs.writeFile(path.join(project.root, 'specs', 'search.json'), JSON.stringify(DEEP_OBJECT_ARRAY, null, 2));
});
afterAll(async () => {
  await project?.remove();
});

const cli = (args: string[]) => runCli(args, { cwd: project.root });

/** The lines every report of this client's failed check holds, in this order, before "next:". */
function expectFailureSaidFirst(stdout: string): void {
  const said = [
    '  type-check: FAILS: clients/search/src/client does not compile with default compiler options (strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck), since no tsconfig.json was found above the client, TypeScript 6.',
    "so its `type-checks` test will fail\n    clients/search/src/client/sdk.gen.ts:",
    `TS2322  Type '{ parameters: { ids: { array: { style: "deepObject"; }; }; }; }' is not assignable to type`,
    '  cause: an array query parameter with `style: deepObject` in the spec: @hey-api/openapi-ts passes `{ array: { style: "deepObject" } }` to a serializer option whose type does not allow it',
    '  fix: give the parameter another style in the spec, or keep it and turn the check off until @hey-api/openapi-ts generates code that compiles\n',
    '  When the errors are known and accepted, turn the check off with the reason in clients/search/openapi-drift.json: "typeCheck": { "skip": true, "reason": "..." }\n',
    'next: npm test\n',
  ];
  const positions = said.map((text) => stdout.indexOf(text));
  expect(positions.every((position) => position >= 0), stdout).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
}

test('add says that the new client does not compile, with the first errors, the cause and the choice, before "next: npm test"', async () => {
  const added = await cli(['add', 'search', '--from', 'specs/search.json']);
  expect(added.code, added.stderr).toBe(0);
  expectFailureSaidFirst(added.stdout);
});

test('init says the same of an adopted client, and says the check is off once it is turned off with a reason', async () => {
  const adopted = await cli(['init']);
  expect(adopted.code, adopted.stderr).toBe(0);
  expect(adopted.stdout).toContain('search: clients/search (snapshot clients/search/openapi.json, tree clients/search/src/client)\n  clean:');
  expectFailureSaidFirst(adopted.stdout);

  const settingsFile = path.join(project.clientDir('search'), 'openapi-drift.json');
  const settings = JSON.parse(await fs.readFile(settingsFile, 'utf8')) as Record<string, unknown>;
  const reason = 'hey-api serializes deepObject arrays with an option its own types refuse; reported upstream';
  await fs.writeFile(settingsFile, JSON.stringify({ ...settings, typeCheck: { skip: true, reason } }, null, 2));
  const off = await cli(['init']);
  expect(off.code, off.stderr).toBe(0);
  expect(off.stdout).toContain(`  type-check: turned off in clients/search/openapi-drift.json: ${reason}\n`);
  expect(off.stdout).not.toContain('FAILS');
});

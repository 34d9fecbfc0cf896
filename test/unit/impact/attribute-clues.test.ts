// More of the clues an error is traced by, each where it decides: the calls of the whole file for
// an error outside any function, only the client's own declarations (a local function named like
// an SDK function is not one), names known only after the update (an added operation) or only
// before it (a removed schema), the operation's schema changes for either direction, a type
// without a symbol, and an error without a place, traced by the names its message quotes.
import path from 'node:path';
import type { Diagnostic } from 'typescript';
import { beforeAll, expect, test } from 'vitest';
import { attributeDiagnostic } from '../../../packages/openapi-drift/src/impact/attribute.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { attributed, attribution, change, clientFiles, OPERATIONS } from './programs.ts';

let ts: TypeScriptApi;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

const PET = '{ name: string; tag?: string }';
const PET_WITHOUT_TAG = '{ name: string }';

test('an error outside any function: the calls of the whole file tell which operation the code uses', () => {
  const changes = [
    change('list', { schema: 'Pet', direction: 'response', level: 'info', operations: [{ method: 'get', path: '/pets' }] }),
    change('show', { schema: 'Pet', direction: 'response', operations: [{ method: 'get', path: '/pets/{petId}' }] }),
  ];
  const consumer = "import { listPets, showPetById } from './client/sdk';\nexport const tag = listPets()[0]?.tag;\nexport function named(id: string) {\n  return showPetById({ path: { petId: id } })?.name;\n}\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), consumer, changes)).toEqual([['tag', 'show']]);
});

test("a local function named like an SDK function is not the client's: the schema of the argument decides", () => {
  const changes = [change('schema', { schema: 'Pet', level: 'info' }), change('operation', { method: 'post', path: '/pets' })];
  const consumer = "import type { Pet } from './client/types';\nfunction createPets(pet: Pet) {\n  return pet;\n}\nexport const made = createPets({ name: 'x' });\n";
  expect(attributed(ts, clientFiles('{ name: string }'), clientFiles('{ name: string; age: number }'), consumer, changes)).toEqual([['{ name: \'x\' }', 'schema']]);
});

test('a property read on a value of a type without a symbol (a string) leads nowhere, and does not stop the search', () => {
  const changes = [change('schema', { schema: 'Pet' })];
  const consumer = "import type { Pet } from './client/types';\ndeclare const pet: Pet;\nexport const first = pet.name.first;\n";
  expect(attributed(ts, clientFiles('{ name: { first: string } }'), clientFiles('{ name: string }'), consumer, changes)).toEqual([['first', undefined]]);
});

test('a removed function called through a namespace import: the call has no symbol, the quoted name tells', () => {
  const { create: _removed, ...rest } = OPERATIONS;
  const changes = [change('removed', { method: 'post', path: '/pets' })];
  const consumer = "import * as api from './client/sdk';\nexport const made = api.createPets({ body: { name: 'x' } });\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET, rest), consumer, changes)).toEqual([['createPets', 'removed']]);
});

test("the name at the error comes first; an operation's call brings the changes of the schemas it uses; an operation the update adds is known by its new name", () => {
  const both = [{ method: 'get', path: '/pets' }, { method: 'get', path: '/pets/{petId}' }];
  const changes = [change('response', { schema: 'Pet', direction: 'response', operations: both }), change('request', { schema: 'Pet', direction: 'request', operations: both })];
  const required = { ...OPERATIONS, show: OPERATIONS.show.replace('options?: ShowPetByIdData', 'options: ShowPetByIdData') };
  // The error is at the name of the function: a name has no direction, and the first change wins the tie.
  expect(attributed(ts, clientFiles(PET), clientFiles(PET, required), "import { showPetById } from './client/sdk';\nexport const pet = showPetById();\n", changes)).toEqual([['showPetById', 'response']]);
  // Right after an operator, with no space: the name is still the node at the error.
  expect(attributed(ts, clientFiles(PET), clientFiles(PET, required), "import { showPetById } from './client/sdk';\nexport const pet = (0,showPetById());\n", changes)).toEqual([['showPetById', 'response']]);

  const added = "export const updatePet = (options: { body: Pet }) => client.put<void>({ url: '/pets/{petId}', ...options });\n";
  const after = clientFiles(PET, { ...OPERATIONS, added });
  after['sdk.ts'] = (after['sdk.ts'] as string).replace('import type { ', 'import type { Pet, ');
  const update = [change('update', { method: 'put', path: '/pets/{petId}', message: 'operation added' })];
  expect(attributed(ts, clientFiles(PET), after, "import * as api from './client/sdk';\nexport const done = api.updatePet();\n", update)).toEqual([['updatePet', 'update']]);
});

test('a value read from what a call returns, where the error is in its arguments, is the request of the schema', () => {
  const changes = [change('response', { schema: 'Pet', direction: 'response', operations: [] }), change('request', { schema: 'Pet', direction: 'request', operations: [] })];
  const numeric = (files: Record<string, string>) => ({ ...files, 'types.ts': (files['types.ts'] as string).replace('ShowPetByIdData = { path: { petId: string } }', 'ShowPetByIdData = { path: { petId: number } }') });
  const consumer = "import { showPetById } from './client/sdk';\nexport const name = showPetById({ path: { petId: 1 } }).name;\n";
  expect(attributed(ts, numeric(clientFiles(PET)), clientFiles(PET), consumer, changes)).toEqual([['petId', 'request']]);
});

test('a schema the update removes is known by its old name; a property named like a schema is not that schema', () => {
  const changes = [change('tag', { schema: 'Tag' }), change('removed', { schema: 'Kennel', level: 'info' })];
  const consumer = "import type { Kennel } from './client/types';\nexport const kennel: Kennel | undefined = undefined;\n";
  expect(attributed(ts, clientFiles(PET, OPERATIONS, 'export type Kennel = { size: number };\n'), clientFiles(PET), consumer, changes)).toEqual([['Kennel', 'removed']]);
  const tagged = "import type { Pet } from './client/types';\nexport const tag = ({} as Pet).tag;\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), tagged, [change('tag', { schema: 'Tag' }), change('pet', { schema: 'Pet', level: 'info' })])).toEqual([['tag', 'pet']]);
});

test('the words shared by the error and the change are compared in any case', () => {
  const changes = [change('one-word', { schema: 'Pet', level: 'warning', message: "property 'tag' was removed" }), change('two-words', { schema: 'Pet', level: 'info', message: "property 'TAG' of 'pet' was removed" })];
  const consumer = "import type { Pet } from './client/types';\nexport const tag = ({} as Pet).tag;\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), consumer, changes)).toEqual([['tag', 'two-words']]);
});

test('an error without a place is traced by the names its message quotes, as they are spelled', () => {
  const { context } = attribution(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), 'export {};\n', [change('pet', { schema: 'Pet' }), change('list', { method: 'get', path: '/pets' })]);
  const whole = (messageText: Diagnostic['messageText']): Diagnostic => ({ file: undefined, start: undefined, length: undefined, category: ts.DiagnosticCategory.Error, code: 2322, messageText });
  expect(attributeDiagnostic(context, whole("Type 'Pet' is not assignable."))?.id).toBe('pet');
  expect(attributeDiagnostic(context, whole({ messageText: 'Outer.', category: ts.DiagnosticCategory.Error, code: 1, next: [{ messageText: "Inner 'listPets'.", category: ts.DiagnosticCategory.Error, code: 2 }] }))?.id).toBe('list');
  expect(attributeDiagnostic(context, whole("Type 'pet' is not assignable."))).toBeUndefined();
  expect(attributeDiagnostic(context, whole('Nothing quoted.'))).toBeUndefined();
  expect(path.isAbsolute(context.program.getRootFileNames()[0] ?? '')).toBe(true);
});

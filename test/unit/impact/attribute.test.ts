// Which API change a new compiler error comes from, on programs held in memory: the name at the
// error (an import of a removed function), the SDK call that encloses it, the generated type whose
// property is read, the declarations the compiler relates it to, the names its message quotes;
// among the changes of the first name that has some: what the surrounding code calls, then the
// direction, then the operation's own change, then shared words, then the level.
import path from 'node:path';
import type { Diagnostic, Program } from 'typescript';
import { beforeAll, expect, test } from 'vitest';
import type { ApiChange } from '../../../packages/openapi-drift/src/changelog/index.ts';
import { attributeDiagnostic } from '../../../packages/openapi-drift/src/impact/attribute.ts';
import { collectGeneratedNames, emptyNames, finishGeneratedNames, type GeneratedNames } from '../../../packages/openapi-drift/src/impact/generated-names.ts';
import { checkOnlyOptions } from '../../../packages/openapi-drift/src/typecheck/compiler-setup.ts';
import { createCheckingHost, type SourceFileCache } from '../../../packages/openapi-drift/src/typecheck/overlay-host.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

let ts: TypeScriptApi;
/** The standard library, parsed once for every program of this file. */
const parsed: SourceFileCache = new Map();
/** A folder that is not on disk: every file of the programs is held in memory. */
const DIR = path.resolve('/openapi-drift-attribute-test');
const CLIENT = path.join(DIR, 'client');

beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

function program(files: Record<string, string>): Program {
  const overlay = { dir: DIR, files: new Map(Object.entries(files).map(([file, text]) => [path.join(DIR, file), text])) };
  const options = checkOnlyOptions({ strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es5.d.ts'], types: [] });
  return ts.createProgram({ rootNames: [...overlay.files.keys()], options, host: createCheckingHost(ts, options, parsed, overlay) });
}

function namesOf(built: Program): GeneratedNames {
  const names = emptyNames();
  for (const file of built.getSourceFiles()) if (file.fileName.startsWith(CLIENT + path.sep)) collectGeneratedNames(ts, file, names);
  return finishGeneratedNames(names);
}

const SDK_HEAD = `import type { CreatePetsData, CreatePetsResponses, ListPetsData, ListPetsResponses, ShowPetByIdData, ShowPetByIdResponses } from './types';
const client = {
  get: <T>(options: { url: string }): T => options as never,
  post: <T>(options: { url: string }): T => options as never,
};
`;
const OPERATIONS = {
  list: "export const listPets = (options?: ListPetsData) => client.get<ListPetsResponses[200]>({ url: '/pets', ...options });\n",
  show: "export const showPetById = (options: ShowPetByIdData) => client.get<ShowPetByIdResponses[200]>({ url: '/pets/{petId}', ...options });\n",
  create: "export const createPets = (options: CreatePetsData) => client.post<CreatePetsResponses[200]>({ url: '/pets', ...options });\n",
};
const TYPES = (pet: string, listQuery = '{ limit?: number }') => `export type Pet = ${pet};
export type ListPetsData = { query?: ${listQuery} };
export type ListPetsResponses = { 200: Array<Pet> };
export type ShowPetByIdData = { path: { petId: string } };
export type ShowPetByIdResponses = { 200: Pet };
export type CreatePetsData = { body: Pet };
export type CreatePetsResponses = { 200: Pet };
`;

/** The new errors of `consumer` when the client goes from `before` to `after`, each with the change it is attributed to. */
function attribute(before: Record<string, string>, after: Record<string, string>, consumer: string, changes: ApiChange[]): Array<[string, string | undefined]> {
  const prefix = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([file, text]) => [`client/${file}`, text]));
  const old = program({ ...prefix(before), 'consumer.ts': consumer });
  const now = program({ ...prefix(after), 'consumer.ts': consumer });
  const errors = (built: Program): Diagnostic[] => [...built.getSemanticDiagnostics(built.getSourceFile(path.join(DIR, 'consumer.ts')))];
  const known = new Set(errors(old).map((diagnostic) => `${diagnostic.start}:${diagnostic.code}`));
  const context = { ts, program: now, isGenerated: (file: string) => file.startsWith(CLIENT + path.sep), names: [namesOf(old), namesOf(now)], changes };
  return errors(now)
    .filter((diagnostic) => !known.has(`${diagnostic.start}:${diagnostic.code}`))
    .map((diagnostic) => [consumer.slice(diagnostic.start, (diagnostic.start ?? 0) + (diagnostic.length ?? 0)), attributeDiagnostic(context, diagnostic)?.id]);
}

const change = (id: string, fields: Partial<ApiChange>): ApiChange => ({ id, level: 'breaking', kind: 'k', message: 'changed', ...fields });
const CLIENT_FILES = (pet: string, operations = OPERATIONS, listQuery?: string) => ({ 'sdk.ts': SDK_HEAD + Object.values(operations).join(''), 'types.ts': TYPES(pet, listQuery) });
const IMPORT = "import { listPets, showPetById, createPets } from './client/sdk';\n";

test('an import of a removed function: the operation of that name, its own change before a change of a schema it uses', () => {
  const { create: _removed, ...rest } = OPERATIONS;
  const changes = [change('schema', { schema: 'Pet', direction: 'request', operations: [{ method: 'post', path: '/pets' }], message: "property 'createPets' was removed" }), change('removed', { method: 'POST', path: '/pets', level: 'info' }), change('other', { method: 'get', path: '/pets' })];
  expect(attribute(CLIENT_FILES('{ name: string }'), CLIENT_FILES('{ name: string }', rest as typeof OPERATIONS), `${IMPORT}createPets({ body: { name: 'x' } });\n`, changes)).toEqual([['createPets', 'removed']]);
});

test('a property of a response read: the response change of the schema; a property sent: its request change', () => {
  const changes = [
    change('request', { schema: 'pet', direction: 'request', operations: [{ method: 'post', path: '/pets' }], message: "property 'tag' was removed" }),
    change('response', { schema: 'pet', direction: 'response', operations: [{ method: 'post', path: '/pets' }], message: "property 'tag' was removed" }),
  ];
  const consumer = `${IMPORT}export function f() { return 1; }\nexport const tag = createPets({ body: { name: 'x', tag: 'y' } }).tag;\n`;
  expect(attribute(CLIENT_FILES('{ name: string; tag?: string }'), CLIENT_FILES('{ name: string }'), consumer, changes)).toEqual([
    ['tag', 'request'],
    ['tag', 'response'],
  ]);
  expect(attribute(CLIENT_FILES('{ name: string; tag?: string }'), CLIENT_FILES('{ name: string }'), consumer, [...changes].reverse())).toEqual([
    ['tag', 'request'],
    ['tag', 'response'],
  ]);
});

test('what the surrounding function calls decides first: the change of the schema for the operation called there', () => {
  const changes = [
    change('list', { schema: 'Pet', direction: 'response', operations: [{ method: 'get', path: '/pets' }], message: "property 'tag' was removed" }),
    change('show', { schema: 'Pet', direction: 'response', level: 'info', operations: [{ method: 'get', path: '/pets/{petId}' }], message: 'other words' }),
  ];
  const consumer = `${IMPORT}export function tagOf(id: string) {\n  const pet = showPetById({ path: { petId: id } });\n  return pet.tag;\n}\nexport const first = () => listPets()[0]?.tag;\n`;
  expect(attribute(CLIENT_FILES('{ name: string; tag?: string }'), CLIENT_FILES('{ name: string }'), consumer, changes)).toEqual([
    ['tag', 'show'],
    ['tag', 'list'],
  ]);
});

test("the words of the error and of the change, then the level, break a tie", () => {
  const words = [change('warning', { schema: 'Pet', level: 'warning', message: "property 'tag' was removed" }), change('breaking', { schema: 'Pet', message: 'something else' }), change('words', { schema: 'Pet', level: 'info', message: "property 'tag' of 'Pet' was removed" })];
  const consumer = "import type { Pet } from './client/types';\nexport const tag = ({} as Pet).tag;\n";
  expect(attribute(CLIENT_FILES('{ name: string; tag?: string }'), CLIENT_FILES('{ name: string }'), consumer, words)).toEqual([['tag', 'words']]);
  const levels = [change('info', { schema: 'Pet', level: 'info' }), change('warning', { schema: 'Pet', level: 'warning' }), change('breaking', { schema: 'Pet' }), change('breaking-too', { schema: 'Pet' })];
  expect(attribute(CLIENT_FILES('{ name: string; tag?: string }'), CLIENT_FILES('{ name: string }'), consumer, levels)).toEqual([['tag', 'breaking']]);
});

test('the declaration the compiler relates an error to, in the client: a property that became required', () => {
  const changes = [change('list', { method: 'get', path: '/pets', message: "parameter 'query.limit' became required" })];
  const consumer = "import type { ListPetsData } from './client/types';\nexport const data: ListPetsData = { query: {} };\n";
  expect(attribute(CLIENT_FILES('{ name: string }'), CLIENT_FILES('{ name: string }', OPERATIONS, '{ limit: number }'), consumer, changes)).toEqual([['query', 'list']]);
});

test('a call through an alias, an argument of an SDK call; and no change when no clue leads to one', () => {
  const changes = [change('list', { method: 'get', path: '/pets' }), change('unrelated', { schema: 'Owner' })];
  const consumer = "import { listPets as pets } from './client/sdk';\nexport const limited = pets({ query: { limit: 'ten' as string | number } });\nexport const local: number = 'not the client';\n";
  const before = CLIENT_FILES('{ name: string }', OPERATIONS, '{ limit?: number | string }');
  const after = CLIENT_FILES('{ name: string }', OPERATIONS, '{ limit?: number }');
  expect(attribute(before, after, consumer.replace("local: number = 'not the client'", 'local = 1'), changes)).toEqual([['limit', 'list']]);
  expect(attribute(before, after, consumer.replace("local: number = 'not the client'", 'local = 1'), [change('unrelated', { schema: 'Owner' })])).toEqual([['limit', undefined]]);
});

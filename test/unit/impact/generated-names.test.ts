// Which operation each name of a generated client stands for, read from the code: the SDK function
// that calls `client.get({ url })` (in a function, a const or a class method), the operation types
// its signature names and their siblings by suffix; every other exported type is a schema's.
import { beforeAll, expect, test } from 'vitest';
import { collectGeneratedNames, emptyNames, finishGeneratedNames, sameSchemaName, topLevelName } from '../../../packages/openapi-drift/src/impact/generated-names.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

let ts: TypeScriptApi;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

const SDK = `
export const listPets = (options?: Options<ListPetsData>) => (options?.client ?? client).get<ListPetsResponses, ListPetsErrors>({ security: [], url: '/pets', ...options });
export function createPet(options: Options<CreatePetData>) {
  const inner = (value: InnerThing) => value;
  return client.post<CreatePetResponses>({ 'url': '/nope', url: \`/pets\`, ...options });
}
export class Pets {
  public static deletePet(options: DeletePetData): DeletePetResponse {
    return client.delete({ url: '/pets/{id}' });
  }
}
export const notAnOperation = () => client.fetch<FetchData>({ url: '/fetch' });
export const noUrl = (options: NoUrlData) => client.get<NoUrlResponses>(options);
export const computedUrl = (options: ComputedData) => client.get<ComputedResponses>({ url: base + '/x' });
export const methodOnly = (options: MethodOnlyData) => get({ url: '/plain' });
client.put({ url: '/anonymous' });
export const notAnObject = (options: ShorthandData) => client.patch<ShorthandResponses>(url);
`;

const TYPES = `
export type ListPetsData = { query?: { limit?: number } };
export type ListPetsResponse = Pet[];
export type ListPetsError = unknown;
export interface Pet { name: string }
export enum Kind { Dog = 'dog' }
type Internal = string;
export const value = 1;
export type Pet_Owner = { name: string };
declare type NotExported = number;
`;

function names(...texts: string[]) {
  const collected = emptyNames();
  texts.forEach((text, index) => collectGeneratedNames(ts, ts.createSourceFile(`/client/file${index}.ts`, text, ts.ScriptTarget.Latest, true), collected));
  return finishGeneratedNames(collected);
}

test('SDK functions by the call they make, their operation types by prefix, and the rest of the exported types as schemas', () => {
  const found = names(SDK, TYPES);
  expect(Object.fromEntries([...found.operations].map(([name, operation]) => [name, `${operation.method} ${operation.path}`]))).toEqual({
    listPets: 'get /pets',
    createPet: 'post /pets',
    deletePet: 'delete /pets/{id}',
    ListPetsData: 'get /pets',
    ListPetsResponses: 'get /pets',
    ListPetsResponse: 'get /pets',
    ListPetsErrors: 'get /pets',
    ListPetsError: 'get /pets',
    CreatePetData: 'post /pets',
    CreatePetResponses: 'post /pets',
    CreatePetResponse: 'post /pets',
    CreatePetErrors: 'post /pets',
    CreatePetError: 'post /pets',
    DeletePetData: 'delete /pets/{id}',
    DeletePetResponses: 'delete /pets/{id}',
    DeletePetResponse: 'delete /pets/{id}',
    DeletePetErrors: 'delete /pets/{id}',
    DeletePetError: 'delete /pets/{id}',
  });
  expect([...found.schemaTypes].sort()).toEqual(['Kind', 'Pet', 'Pet_Owner']);
});

test('a type is a schema until a file shows it belongs to an operation', () => {
  const collected = emptyNames();
  collectGeneratedNames(ts, ts.createSourceFile('/client/types.ts', TYPES, ts.ScriptTarget.Latest, true), collected);
  expect(collected.schemaTypes.has('ListPetsData')).toBe(true);
  collectGeneratedNames(ts, ts.createSourceFile('/client/sdk.ts', SDK, ts.ScriptTarget.Latest, true), collected);
  expect(finishGeneratedNames(collected).schemaTypes.has('ListPetsData')).toBe(false);
});

test('the name of the top-level declaration that holds a node; a method names itself, not its class', () => {
  const file = ts.createSourceFile('/x.ts', 'export class Pets { static list() { const inner = 1; return inner; } }\nexport const outer = () => { function helper() { return 2; } };\ninterface Shape { side: number }\nenum Kind { A }\ntype Alias = { a: string };\nexport default function () { return 3; }\n', ts.ScriptTarget.Latest, true);
  const at = (snippet: string) => {
    const position = file.text.indexOf(snippet);
    let found: import('typescript').Node = file;
    const visit = (node: import('typescript').Node): void => {
      if (node.getStart(file) <= position && position < node.getEnd()) {
        found = node;
        node.forEachChild(visit);
      }
    };
    file.forEachChild(visit);
    return found;
  };
  expect(topLevelName(ts, at('inner = 1'))).toBe('list');
  expect(topLevelName(ts, at('Pets'))).toBe('Pets');
  expect(topLevelName(ts, at('return 2'))).toBe('outer');
  expect(topLevelName(ts, at('side'))).toBe('Shape');
  expect(topLevelName(ts, at('A }'))).toBe('Kind');
  expect(topLevelName(ts, at('a: string'))).toBe('Alias');
  expect(topLevelName(ts, at('return 3'))).toBeUndefined();
  expect(topLevelName(ts, file)).toBeUndefined();
});

test('schema names compared as hey-api spells them: letters and digits, any case', () => {
  expect(sameSchemaName('Pet_Owner', 'PetOwner')).toBe(true);
  expect(sameSchemaName('pet-owner.v2', 'PetOwnerV2')).toBe(true);
  expect(sameSchemaName('Pet', 'Pets')).toBe(false);
  expect(sameSchemaName('Pet', 'Pe t1')).toBe(false);
});

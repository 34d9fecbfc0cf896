// A tiny hand-written client before and after an API update, the changes between them as the
// changelog gives them, and a module that calls three of its operations: (a) a parameter becomes
// required, (b) a response property the code reads is removed, (c) an operation the code calls is
// removed, (d) an operation nobody calls breaks, (e) a response status of a called operation is
// removed (the compiler sees nothing), (f) a schema the code names breaks without an error.
import type { ApiChange, ApiChangelog } from '../../../packages/openapi-drift/src/changelog/index.ts';

const SDK = (operations: string) => `import type * as t from './types.gen';
const client = {
  get: <T>(options: { url: string }): T => options as never,
  post: <T>(options: { url: string }): T => options as never,
  delete: <T>(options: { url: string }): T => options as never,
};
${operations}`;

const LIST = "export const listPets = (options?: t.ListPetsData) => client.get<t.ListPetsResponses[200]>({ url: '/pets', ...options });\n";
const SHOW = "export const showPetById = (options: t.ShowPetByIdData) => client.get<t.ShowPetByIdResponses[200]>({ url: '/pets/{petId}', ...options });\n";
const CREATE = "export const createPets = (options: t.CreatePetsData) => client.post<void>({ url: '/pets', ...options });\n";
const DELETE = "export const deletePet = (options: t.DeletePetData) => client.delete<void>({ url: '/pets/{petId}', ...options });\n";

export const BEFORE: Record<string, string> = {
  'index.ts': "export * from './sdk.gen';\nexport type * from './types.gen';\n",
  'sdk.gen.ts': SDK(LIST + SHOW + CREATE + DELETE),
  'types.gen.ts': `export type Pet = { id: number; name: string; tag?: string };
export type Owner = { name: string; pets?: Pet[] };
export type Tag = { name: string };
export type ListPetsData = { query?: { limit?: number } };
export type ListPetsResponses = { 200: Array<Pet> };
export type ShowPetByIdData = { path: { petId: string } };
export type ShowPetByIdResponses = { 200: Pet };
export type CreatePetsData = { body: Pet };
export type DeletePetData = { path: { petId: string }; query?: { force?: boolean } };
`,
};

export const AFTER: Record<string, string> = {
  'index.ts': BEFORE['index.ts'] as string,
  'sdk.gen.ts': SDK(LIST + SHOW + DELETE),
  'types.gen.ts': `export type Pet = { id: number; name: string };
export type Owner = { name: string; pets?: Pet[] };
export type Toy = { name: string };
export type Tag = { label: string };
export type ListPetsData = { query: { limit: number } };
export type ListPetsResponses = { 200: Array<Pet> };
export type ShowPetByIdData = { path: { petId: string } };
export type ShowPetByIdResponses = { 200: Pet };
export type DeletePetData = { path: { petId: string }; query: { force: boolean } };
`,
};

export const CONSUMER = `import { listPets, showPetById, createPets } from '../clients/shop/src/client/index';
import type { Owner, Toy } from '../clients/shop/src/client/index';

export function petNames(limit?: number): string[] {
  return listPets({ query: { limit } }).map((pet) => pet.name);
}

export function petTag(petId: string): string | undefined {
  return showPetById({ path: { petId } }).tag;
}

export function addPet(name: string): void {
  createPets({ body: { id: 1, name } });
}

export const owner: Owner = { name: 'x' };
export const toy: Toy | undefined = undefined;

// An error before any update with the code and message that (b) gives at petTag: known here, and
// it must not make the new one at petTag look known.
interface Pet {
  name: string;
}
declare const localPet: Pet;
export const localTag = localPet.tag;
`;

const change = (id: string, fields: Omit<ApiChange, 'id'>): ApiChange => ({ id, ...fields });

export const CHANGES = {
  a: change('a', { level: 'breaking', kind: 'parameter-required', method: 'get', path: '/pets', location: 'query.limit', message: "parameter 'query.limit' became required" }),
  bRequest: change('b-request', { level: 'warning', kind: 'request-property-removed', schema: 'Pet', direction: 'request', operations: [{ method: 'post', path: '/pets' }], message: "property 'tag' was removed" }),
  b: change('b', { level: 'breaking', kind: 'response-property-removed', schema: 'Pet', direction: 'response', operations: [{ method: 'get', path: '/pets' }, { method: 'get', path: '/pets/{petId}' }], message: "property 'tag' was removed" }),
  c: change('c', { level: 'breaking', kind: 'operation-removed', method: 'post', path: '/pets', message: 'operation removed' }),
  d: change('d', { level: 'breaking', kind: 'parameter-required', method: 'delete', path: '/pets/{petId}', location: 'query.force', message: "parameter 'query.force' became required" }),
  e: change('e', { level: 'breaking', kind: 'response-removed', method: 'GET', path: '/pets/{petId}', message: 'response 404 was removed' }),
  f: change('f', { level: 'breaking', kind: 'property-type-changed', schema: 'owner', direction: 'response', operations: [], message: "property 'name' changed type" }),
  g: change('g', { level: 'breaking', kind: 'schema-removed', schema: 'Kennel', message: 'schema removed' }),
  info: change('info', { level: 'info', kind: 'operation-added', method: 'get', path: '/toys', message: 'operation added' }),
};

export const CHANGELOG: ApiChangelog = { changes: Object.values(CHANGES), summary: { breaking: 7, warning: 1, info: 1, operationsAdded: 1, operationsRemoved: 1 } };

/** A module of another project of the repository: its new error belongs to no change in the changelog. */
export const WEB_CONSUMER = `import type { Tag } from '../clients/shop/src/client/index';

export const tag: Tag = { name: 'x' };
`;

/** Where a snippet of the consumer starts, as the compiler reports it: line:column. */
export function at(snippet: string, offset = 0): string {
  const index = CONSUMER.indexOf(snippet);
  if (index < 0) throw new Error(`not in the consumer: ${snippet}`);
  const before = CONSUMER.slice(0, index + offset).split('\n');
  return `${before.length}:${(before.at(-1) ?? '').length + 1}`;
}

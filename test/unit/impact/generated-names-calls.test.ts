// An SDK function is known by the `url` of the HTTP call it makes, whatever other string options
// come before it; a call made at the top level of a file, even inside a named option, is no SDK
// function.
import { beforeAll, expect, test } from 'vitest';
import { collectGeneratedNames, emptyNames, finishGeneratedNames } from '../../../packages/openapi-drift/src/impact/generated-names.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

let ts: TypeScriptApi;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

test('the url, not the first string option; no name for a call outside any declaration', () => {
  const text = `
export const listPets = (options?: Options<ListPetsData>) => client.get<ListPetsResponses>({ responseType: 'json', baseUrl: '/api', url: '/pets', ...options });
register({ list: client.get({ url: '/registered' }) });
`;
  const names = emptyNames();
  collectGeneratedNames(ts, ts.createSourceFile('/client/sdk.gen.ts', text, ts.ScriptTarget.Latest, true), names);
  const operations = Object.fromEntries([...finishGeneratedNames(names).operations].map(([name, operation]) => [name, `${operation.method} ${operation.path}`]));
  expect(operations).toEqual({ listPets: 'get /pets', ListPetsData: 'get /pets', ListPetsResponses: 'get /pets', ListPetsResponse: 'get /pets', ListPetsErrors: 'get /pets', ListPetsError: 'get /pets' });
});

test("types named in an SDK function's body are not its operation's; a declared export is a schema", () => {
  const sdk = "export function listPets(options: ListPetsData) {\n  const helper: HelperData = { a: 1 };\n  return client.get({ url: '/pets', ...helper });\n}\n";
  const types = 'export declare type Declared = number;\nexport type Plain = string;\n';
  const names = emptyNames();
  collectGeneratedNames(ts, ts.createSourceFile('/client/sdk.gen.ts', sdk, ts.ScriptTarget.Latest, true), names);
  collectGeneratedNames(ts, ts.createSourceFile('/client/types.gen.ts', types, ts.ScriptTarget.Latest, true), names);
  const finished = finishGeneratedNames(names);
  expect([...finished.operations.keys()].sort()).toEqual(['ListPetsData', 'ListPetsError', 'ListPetsErrors', 'ListPetsResponse', 'ListPetsResponses', 'listPets']);
  expect([...finished.schemaTypes].sort()).toEqual(['Declared', 'Plain']);
});

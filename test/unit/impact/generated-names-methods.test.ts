// Every HTTP method an OpenAPI operation can have makes an SDK function; a call by another name
// does not.
import { expect, test } from 'vitest';
import { collectGeneratedNames, emptyNames } from '../../../packages/openapi-drift/src/impact/generated-names.ts';
import { loadTypeScript } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

test('get, put, post, delete, options, head, patch and trace', async () => {
  const { ts } = await loadTypeScript(REPO, '.');
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'fetch'];
  const text = methods.map((method) => `export const ${method}Pets = () => client.${method}({ url: '/pets' });\n`).join('');
  const names = emptyNames();
  collectGeneratedNames(ts, ts.createSourceFile('/client/sdk.gen.ts', text, ts.ScriptTarget.Latest, true), names);
  expect(Object.fromEntries(names.operations)).toEqual(Object.fromEntries(methods.slice(0, -1).map((method) => [`${method}Pets`, { method, path: '/pets' }])));
});

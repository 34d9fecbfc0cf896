// `export * as name from` is found however much space its words have between them.
import { expect, test } from 'vitest';
import { importedSpecifiers, loadTypeScript } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

test('`export * as` with more than one space between its words', async () => {
  const { ts } = await loadTypeScript(REPO, '.');
  expect(importedSpecifiers(ts, "export  *  as  api  from  './api';\n")).toEqual(['./api']);
});

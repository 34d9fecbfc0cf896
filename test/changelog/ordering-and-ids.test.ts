import { expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { object, ok, openapi, type Json } from './documents.ts';

function api(withChanges: boolean): Json {
  const pet = object({ id: { type: 'integer' }, ...(withChanges ? {} : { name: { type: 'string' } }) });
  const operation = (status: string): Json => ({ responses: { [status]: { description: 'ok', content: { 'application/json': { schema: pet } } } } });
  return openapi({
    '/b': { get: operation('200'), post: operation('200') },
    '/a': { delete: operation('200'), ...(withChanges ? {} : { put: operation('200') }) },
    ...(withChanges ? { '/c': { get: { responses: ok() } } } : {}),
  });
}

test('breaking first, then by path, method and id', () => {
  const { changes } = diffOpenApi(api(false), api(true));
  expect(changes.map((change) => `${change.level} ${change.method} ${change.path} ${change.kind}`)).toEqual([
    'breaking delete /a response-property-removed',
    'breaking put /a operation-removed',
    'breaking get /b response-property-removed',
    'breaking post /b response-property-removed',
    'info get /c operation-added',
  ]);
});

test('the same documents always give the same ids, and ids are unique', () => {
  const first = diffOpenApi(api(false), api(true)).changes.map((change) => change.id);
  const second = diffOpenApi(structuredClone(api(false)), structuredClone(api(true))).changes.map((change) => change.id);
  expect(second).toEqual(first);
  expect(new Set(first).size).toBe(first.length);
});

test('summary counts levels and operations', () => {
  expect(diffOpenApi(api(false), api(true)).summary).toEqual({ breaking: 4, warning: 0, info: 1, operationsAdded: 1, operationsRemoved: 1 });
});

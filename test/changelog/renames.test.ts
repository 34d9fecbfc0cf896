/**
 * An operation whose path parameter was renamed, or that moved to another path under the same
 * operationId, is one operation compared with itself, not one removed and another added.
 */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { object, ok, openapi, type Json } from './documents.ts';

const pathParameter = (name: string): Json => ({ name, in: 'path', required: true, schema: { type: 'integer' } });
const pet = object({ id: { type: 'integer' }, name: { type: 'string' } });

function getPet(path: string, parameterName: string, operation: Json = {}): Json {
  return openapi({ [path]: { get: { operationId: 'getPet', parameters: [pathParameter(parameterName)], responses: ok(pet), ...operation } } });
}

describe('path-parameter-renamed', () => {
  test('/pets/{id} -> /pets/{petId} with nothing else changed: one warning, no operation removed or added', () => {
    const log = diffOpenApi(getPet('/pets/{id}', 'id'), getPet('/pets/{petId}', 'petId'));
    expect(log.changes).toEqual([
      {
        id: 'path-parameter-renamed:GET /pets/{petId}:path.petId',
        level: 'warning',
        kind: 'path-parameter-renamed',
        method: 'get',
        path: '/pets/{petId}',
        location: 'path.petId',
        message: "path parameter renamed from 'id' to 'petId' (was /pets/{id}); the URL is unchanged, the generated client's path key is renamed",
      },
    ]);
    expect(log.summary).toEqual({ breaking: 0, warning: 1, info: 0, operationsAdded: 0, operationsRemoved: 0 });
  });

  test('the renamed operation is still compared: a change in it is reported on the new path', () => {
    const after = openapi({ '/pets/{petId}': { get: { operationId: 'getPet', parameters: [{ ...pathParameter('petId'), schema: { type: 'string' } }], responses: ok(object({ id: { type: 'integer' } })) } } });
    expect(diffOpenApi(getPet('/pets/{id}', 'id'), after).changes.map(({ id, level }) => [level, id])).toEqual([
      ['breaking', 'parameter-type-changed:GET /pets/{petId}:path.petId'],
      ['breaking', 'response-property-removed:GET /pets/{petId}:response 200 application/json: name'],
      ['warning', 'path-parameter-renamed:GET /pets/{petId}:path.petId'],
    ]);
  });

  test('two parameters renamed: one change each, in template order', () => {
    const path = (owner: string, pet: string): Json =>
      openapi({ [`/owners/{${owner}}/pets/{${pet}}`]: { delete: { parameters: [pathParameter(owner), pathParameter(pet)], responses: ok() } } });
    expect(diffOpenApi(path('id', 'petId'), path('ownerId', 'pet')).changes.map((change) => change.message)).toEqual([
      "path parameter renamed from 'id' to 'ownerId' (was /owners/{id}/pets/{petId}); the URL is unchanged, the generated client's path key is renamed",
      "path parameter renamed from 'petId' to 'pet' (was /owners/{id}/pets/{petId}); the URL is unchanged, the generated client's path key is renamed",
    ]);
  });

  test('two candidates for one template are left as removed and added', () => {
    const before = getPet('/pets/{id}', 'id');
    const after = openapi({
      '/pets/{petId}': { get: { parameters: [pathParameter('petId')], responses: ok(pet) } },
      '/pets/{name}': { get: { parameters: [{ ...pathParameter('name'), schema: { type: 'string' } }], responses: ok(pet) } },
    });
    expect(diffOpenApi(before, after).changes.map(({ kind, path }) => [kind, path])).toEqual([
      ['operation-removed', '/pets/{id}'],
      ['operation-added', '/pets/{name}'],
      ['operation-added', '/pets/{petId}'],
    ]);
  });
});

describe('operation-moved', () => {
  test('same operationId at another path: breaking, naming both, and compared as one operation', () => {
    const log = diffOpenApi(getPet('/pets/{id}', 'id'), getPet('/animals/{id}', 'id'));
    expect(log.changes).toEqual([
      {
        id: 'operation-moved:GET /animals/{id}',
        level: 'breaking',
        kind: 'operation-moved',
        method: 'get',
        path: '/animals/{id}',
        message: "operation moved from GET /pets/{id} to GET /animals/{id} (operationId 'getPet'); calls to the old URL fail",
      },
    ]);
    expect(log.summary).toMatchObject({ operationsAdded: 0, operationsRemoved: 0 });
  });

  test('same operationId under another method: moved', () => {
    const after = openapi({ '/pets/{id}': { post: { operationId: 'getPet', parameters: [pathParameter('id')], responses: ok(pet) } } });
    expect(diffOpenApi(getPet('/pets/{id}', 'id'), after).changes.map((change) => change.message)).toEqual([
      "operation moved from GET /pets/{id} to POST /pets/{id} (operationId 'getPet'); calls to the old URL fail",
    ]);
  });

  test('an operationId used twice in a document identifies nothing: removed and added', () => {
    const after = openapi({
      '/animals/{id}': { get: { operationId: 'getPet', parameters: [pathParameter('id')], responses: ok(pet) } },
      '/beasts/{id}': { get: { operationId: 'getPet', parameters: [pathParameter('id')], responses: ok(pet) } },
    });
    expect(diffOpenApi(getPet('/pets/{id}', 'id'), after).changes.map(({ kind, path }) => [kind, path])).toEqual([
      ['operation-removed', '/pets/{id}'],
      ['operation-added', '/animals/{id}'],
      ['operation-added', '/beasts/{id}'],
    ]);
  });

  test('another operationId at another path is a removal and an addition', () => {
    const after = getPet('/animals/{id}', 'id', { operationId: 'getAnimal' });
    expect(diffOpenApi(getPet('/pets/{id}', 'id'), after).summary).toMatchObject({ breaking: 1, info: 1, operationsAdded: 1, operationsRemoved: 1 });
  });
});

/** Swagger 2.0 and OpenAPI 3.1 documents go through the same model as 3.0 ones. */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { readFixture } from './documents.ts';

describe('Swagger 2.0', () => {
  const log = diffOpenApi(readFixture('swagger2-before.yaml'), readFixture('swagger2-after.yaml'));

  test('body, formData, produces and definitions changes are found, breaking first', () => {
    expect(log.changes.map(({ id, level }) => [level, id])).toEqual([
      ['breaking', 'parameter-type-changed:GET /pets:query.limit'],
      ['breaking', 'request-enum-value-removed:GET /pets:query.status:"sold"'],
      ['breaking', 'request-property-required:schema NewPet:tag'],
      ['breaking', 'response-property-removed:schema Pet:tag'],
      ['info', 'response-media-type-added:GET /pets:response 200:application/xml'],
      ['info', 'request-property-added:POST /pets/{petId}/photo:body.caption'],
    ]);
  });

  test('a definition change is attributed to the operations using it', () => {
    expect(log.changes.find((change) => change.schema === 'Pet')).toMatchObject({
      message: "response property 'Pet.tag' removed",
      operations: [
        { method: 'get', path: '/pets' },
        { method: 'post', path: '/pets' },
      ],
    });
  });

  test('a form field becomes a property of the multipart request body', () => {
    expect(log.changes.at(-1)).toMatchObject({ method: 'post', path: '/pets/{petId}/photo', message: "request property 'caption' added" });
  });

  test('the same API written as OpenAPI 3.0 is no change', () => {
    expect(diffOpenApi(readFixture('swagger2-before.yaml'), readFixture('swagger2-before-as-oas30.yaml')).changes).toEqual([]);
    expect(diffOpenApi(readFixture('swagger2-before-as-oas30.yaml'), readFixture('swagger2-before.yaml')).changes).toEqual([]);
  });
});

describe('OpenAPI 3.1', () => {
  const log = diffOpenApi(readFixture('oas31-before.yaml'), readFixture('oas31-after.yaml'));

  test('type arrays with null, enums and a cyclic schema are compared', () => {
    expect(log.changes.map(({ id, level }) => [level, id])).toEqual([
      ['breaking', 'response-property-type-changed:schema Planet:name'],
      ['warning', 'response-enum-value-added:schema Planet:kind:"ice"'],
      ['info', 'response-property-added:schema Satellite:diameter'],
      ['info', 'response-property-type-changed:schema Planet:description'],
    ]);
    expect(log.changes[0]?.message).toBe("response property 'Planet.name' type changed from 'string' to 'string | null'");
  });

  test('changes are attributed to the one operation; webhooks are not operations', () => {
    for (const change of log.changes) {
      expect(change).toMatchObject({ method: 'get', path: '/planets/{planetId}', operations: [{ method: 'get', path: '/planets/{planetId}' }] });
    }
    expect(log.summary).toEqual({ breaking: 1, warning: 1, info: 2, operationsAdded: 0, operationsRemoved: 0 });
  });
});

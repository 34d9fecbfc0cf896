/** Self-referencing and mutually referencing schemas must terminate and still report changes. */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { object, readSpecDocument, respondsWith, type Json } from './documents.ts';

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

function tree(name: string, extra: Json = {}): Json {
  return object({ value: { type: 'string' }, children: { type: 'array', items: ref(name) }, parent: ref(name), ...extra });
}

describe('reference cycles', () => {
  test('a self-referential schema changed on both sides reports each change once', () => {
    const before = respondsWith(ref('Node'), { Node: tree('Node') });
    const after = respondsWith(ref('Node'), { Node: object({ children: { type: 'array', items: ref('Node') }, parent: ref('Node'), label: { type: 'string' } }) });
    expect(diffOpenApi(before, after).changes.map((change) => change.id)).toEqual([
      'response-property-removed:schema Node:value',
      'response-property-added:schema Node:label',
    ]);
  });

  test('a self-referential schema renamed and changed is compared inline and terminates', () => {
    const before = respondsWith(ref('Node'), { Node: tree('Node') });
    const after = respondsWith(ref('Tree'), { Tree: tree('Tree', { label: { type: 'string' } }) });
    expect(diffOpenApi(before, after).changes).toMatchObject([
      { id: 'response-property-added:GET /pets:response 200 application/json: label', level: 'info' },
    ]);
  });

  test('mutually referencing schemas report a change in either once', () => {
    const schemas = (yType: string): Json => ({ A: object({ b: ref('B'), x: { type: 'string' } }), B: object({ a: ref('A'), y: { type: yType } }) });
    const { changes } = diffOpenApi(respondsWith(ref('A'), schemas('string')), respondsWith(ref('A'), schemas('integer')));
    expect(changes).toMatchObject([{ kind: 'response-property-type-changed', schema: 'B', location: 'B.y', operations: [{ method: 'get', path: '/pets' }] }]);
  });

  test('a cycle of pure references resolves to nothing instead of looping', () => {
    const schemas = { A: ref('B'), B: ref('A') };
    const before = respondsWith(object({ a: ref('A'), n: { type: 'string' } }), schemas);
    const after = respondsWith(object({ a: ref('A') }), schemas);
    expect(diffOpenApi(before, after).changes).toMatchObject([{ kind: 'response-property-removed', location: 'response 200 application/json: n' }]);
  });

  test('scalar galaxy: renaming the cyclic Planet schema everywhere changes nothing; a Satellite change is reported once per direction', () => {
    const galaxy = readSpecDocument('scalar-galaxy-0.6.12.oas31.yaml') as Json;
    const renamed = JSON.parse(JSON.stringify(galaxy).replaceAll('#/components/schemas/Planet"', '#/components/schemas/World"')) as Json;
    const schemas = (renamed.components as { schemas: Json }).schemas;
    schemas.World = schemas.Planet;
    delete schemas.Planet;
    expect(diffOpenApi(galaxy, renamed).changes).toEqual([]);

    const satellite = schemas.Satellite as { properties: Json };
    delete satellite.properties.diameter;
    const changes = diffOpenApi(galaxy, renamed).changes;
    // Planets (and their satellites) are both sent (POST, PUT) and received (GET).
    expect(changes.map((change) => [change.level, change.id])).toEqual([
      ['breaking', 'response-property-removed:schema Satellite:diameter'],
      ['warning', 'request-property-removed:schema Satellite:diameter'],
    ]);
    expect(changes[0]?.operations?.length).toBeGreaterThan(1);
  });
});

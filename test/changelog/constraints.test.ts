/**
 * Format and constraint changes: the TypeScript types stay the same, so the level follows what
 * can fail at run time. Tightened where the schema is sent: calls that compiled may be rejected
 * (warning). Loosened where it is received: client-side validators may reject (warning).
 * Otherwise info.
 */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { accepts, getPets, jsonContent, object, ok, openapi, respondsWith, type Json } from './documents.ts';

const REJECTED = 'calls that were accepted may now be rejected';
const VALIDATORS = 'client-side validators (such as the zod plugin) may reject responses';
const name = (constraints: Json): Json => object({ name: { type: 'string', ...constraints } });
const summary = (before: Json, after: Json) => diffOpenApi(before, after).changes.map(({ id, level, kind, message }) => ({ id, level, kind, message }));

describe('a constraint in a request body', () => {
  test('tightened (maxLength lowered): warning', () => {
    expect(summary(accepts(name({ maxLength: 10 })), accepts(name({ maxLength: 5 })))).toEqual([
      { id: 'request-constraint-changed:POST /pets:body.name:maxLength', level: 'warning', kind: 'request-constraint-changed', message: `request property 'name': maxLength changed from 10 to 5, tightened: ${REJECTED}` },
    ]);
  });

  test('added where there was none (minLength): warning', () => {
    expect(summary(accepts(name({})), accepts(name({ minLength: 1 })))).toEqual([
      { id: 'request-constraint-changed:POST /pets:body.name:minLength', level: 'warning', kind: 'request-constraint-changed', message: `request property 'name': minLength 1 added, tightened: ${REJECTED}` },
    ]);
  });

  test('loosened (maximum raised, minItems removed): info', () => {
    const before = accepts(object({ age: { type: 'integer', maximum: 30 }, tags: { type: 'array', items: { type: 'string' }, minItems: 2 } }));
    const after = accepts(object({ age: { type: 'integer', maximum: 40 }, tags: { type: 'array', items: { type: 'string' } } }));
    expect(summary(before, after)).toEqual([
      { id: 'request-constraint-changed:POST /pets:body.age:maximum', level: 'info', kind: 'request-constraint-changed', message: "request property 'age': maximum changed from 30 to 40" },
      { id: 'request-constraint-changed:POST /pets:body.tags:minItems', level: 'info', kind: 'request-constraint-changed', message: "request property 'tags': minItems 2 removed" },
    ]);
  });

  test('a pattern changed cannot be judged: warning', () => {
    expect(summary(accepts(name({ pattern: '^[a-z]+$' })), accepts(name({ pattern: '^[a-z0-9]+$' })))).toEqual([
      { id: 'request-constraint-changed:POST /pets:body.name:pattern', level: 'warning', kind: 'request-constraint-changed', message: `request property 'name': pattern changed from ^[a-z]+$ to ^[a-z0-9]+$: ${REJECTED}` },
    ]);
  });

  test('multipleOf 2 -> 4 and uniqueItems set are tightenings; 4 -> 2 is not', () => {
    const body = (step: number, unique: boolean): Json => accepts(object({ size: { type: 'integer', multipleOf: step }, ids: { type: 'array', items: { type: 'integer' }, uniqueItems: unique } }));
    expect(summary(body(2, false), body(4, true)).map(({ id, level }) => [id, level])).toEqual([
      ['request-constraint-changed:POST /pets:body.ids:uniqueItems', 'warning'],
      ['request-constraint-changed:POST /pets:body.size:multipleOf', 'warning'],
    ]);
    expect(summary(body(4, true), body(2, false)).map(({ id, level }) => [id, level])).toEqual([
      ['request-constraint-changed:POST /pets:body.ids:uniqueItems', 'info'],
      ['request-constraint-changed:POST /pets:body.size:multipleOf', 'info'],
    ]);
  });
});

describe('a constraint in a response body', () => {
  test('loosened (maxLength raised): warning', () => {
    expect(summary(respondsWith(name({ maxLength: 5 })), respondsWith(name({ maxLength: 10 })))).toEqual([
      {
        id: 'response-constraint-changed:GET /pets:response 200 application/json: name:maxLength',
        level: 'warning',
        kind: 'response-constraint-changed',
        message: `response property 'name': maxLength changed from 5 to 10, loosened: ${VALIDATORS} (200 application/json)`,
      },
    ]);
  });

  test('tightened (minimum added): info', () => {
    expect(summary(respondsWith(object({ age: { type: 'integer' } })), respondsWith(object({ age: { type: 'integer', minimum: 0 } })))).toEqual([
      { id: 'response-constraint-changed:GET /pets:response 200 application/json: age:minimum', level: 'info', kind: 'response-constraint-changed', message: "response property 'age': minimum 0 added (200 application/json)" },
    ]);
  });
});

describe('a constraint of a parameter counts as a request', () => {
  const limit = (schema: Json): Json => getPets({ parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', ...schema } }] });

  test('maximum lowered: warning', () => {
    expect(summary(limit({ maximum: 100 }), limit({ maximum: 50 }))).toEqual([
      { id: 'request-constraint-changed:GET /pets:query.limit:maximum', level: 'warning', kind: 'request-constraint-changed', message: `parameter 'query.limit': maximum changed from 100 to 50, tightened: ${REJECTED}` },
    ]);
  });

  test('Swagger 2.0 parameters carry their constraints inline', () => {
    const swagger = (maxLength: number): Json => ({
      swagger: '2.0',
      info: { title: 'Pets', version: '1' },
      paths: { '/pets': { get: { parameters: [{ name: 'q', in: 'query', type: 'string', maxLength }], responses: { '200': { description: 'ok' } } } } },
    });
    expect(summary(swagger(64), swagger(32)).map(({ id, level }) => [id, level])).toEqual([['request-constraint-changed:GET /pets:query.q:maxLength', 'warning']]);
  });
});

describe('the same bound written for another version is no change', () => {
  test('3.0 exclusiveMinimum: true with minimum vs 3.1 exclusiveMinimum: number', () => {
    const before = accepts(object({ price: { type: 'number', minimum: 0, exclusiveMinimum: true } }));
    const after = { ...accepts(object({ price: { type: 'number', exclusiveMinimum: 0 } })), openapi: '3.1.0' };
    expect(diffOpenApi(before, after).changes).toEqual([]);
  });

  test('minLength 0 and uniqueItems false state no constraint', () => {
    expect(diffOpenApi(accepts(name({})), accepts(name({ minLength: 0, uniqueItems: false }))).changes).toEqual([]);
  });
});

describe('format', () => {
  const id = (format?: string): Json => object({ id: { type: 'integer', ...(format === undefined ? {} : { format }) } });

  test('in a request: int64 -> int32 is a tightening (warning), int32 -> int64 a loosening (info)', () => {
    expect(summary(accepts(id('int64')), accepts(id('int32')))).toEqual([
      { id: 'request-format-changed:POST /pets:body.id', level: 'warning', kind: 'request-format-changed', message: `request property 'id': format changed from 'int64' to 'int32', tightened: ${REJECTED}` },
    ]);
    expect(summary(accepts(id('int32')), accepts(id('int64')))).toEqual([
      { id: 'request-format-changed:POST /pets:body.id', level: 'info', kind: 'request-format-changed', message: "request property 'id': format changed from 'int32' to 'int64'" },
    ]);
  });

  test('in a response: a format removed is a loosening (warning), one added a tightening (info)', () => {
    expect(summary(respondsWith(id('int32')), respondsWith(id()))[0]).toMatchObject({ level: 'warning', message: `response property 'id': format 'int32' removed, loosened: ${VALIDATORS} (200 application/json)` });
    expect(summary(respondsWith(id()), respondsWith(id('int32')))[0]).toMatchObject({ level: 'info', message: "response property 'id': format 'int32' added (200 application/json)" });
  });

  test('an unrelated format (date -> date-time) is a warning both ways', () => {
    const day = (format: string): Json => object({ day: { type: 'string', format } });
    const api = (format: string): Json =>
      openapi({ '/days': { put: { requestBody: { content: jsonContent(day(format)) }, responses: ok(day(format)) } } });
    expect(summary(api('date'), api('date-time')).map(({ kind, level }) => [kind, level])).toEqual([
      ['request-format-changed', 'warning'],
      ['response-format-changed', 'warning'],
    ]);
  });
});

describe('a constraint inside a shared schema, sent and received', () => {
  test('maxLength lowered: a warning for the sender, info for the receivers', () => {
    const api = (maxLength: number): Json =>
      openapi(
        { '/tags': { get: { responses: ok({ $ref: '#/components/schemas/Tag' }) }, put: { requestBody: { content: jsonContent({ $ref: '#/components/schemas/Tag' }) }, responses: { '204': { description: 'stored' } } } } },
        { Tag: name({ maxLength }) },
      );
    expect(diffOpenApi(api(64), api(32)).changes.map(({ id, level, direction, operations }) => ({ id, level, direction, operations }))).toEqual([
      { id: 'request-constraint-changed:schema Tag:name:maxLength', level: 'warning', direction: 'request', operations: [{ method: 'put', path: '/tags' }] },
      { id: 'response-constraint-changed:schema Tag:name:maxLength', level: 'info', direction: 'response', operations: [{ method: 'get', path: '/tags' }] },
    ]);
  });
});

test('a nullable oneOf is printed with "| null"', () => {
  const choice = { oneOf: [{ type: 'string' }, object({ login: { type: 'string' } })], nullable: true };
  expect(summary(respondsWith(object({ owner: { type: 'string', nullable: true } })), respondsWith(object({ owner: choice })))).toEqual([
    {
      id: 'response-property-type-changed:GET /pets:response 200 application/json: owner',
      level: 'breaking',
      kind: 'response-property-type-changed',
      message: "response property 'owner' type changed from 'string | null' to 'oneOf(2 variants) | null' (200 application/json)",
    },
  ]);
});

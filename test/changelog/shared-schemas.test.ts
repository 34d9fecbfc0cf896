/**
 * A change inside a component schema is reported once, on the schema, listing the operations
 * that use it, with its level from how they use it (request, response or both).
 */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../src/changelog/index.ts';
import { jsonContent, object, ok, openapi, type Json } from './documents.ts';

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

function petStore(schemas: { Pet: Json; NewPet: Json; Owner: Json }): Json {
  return openapi(
    {
      '/pets': {
        get: { responses: ok({ type: 'array', items: ref('Pet') }) },
        post: { requestBody: { required: true, content: jsonContent(ref('NewPet')) }, responses: { '201': { description: 'made', content: jsonContent(ref('Pet')) } } },
      },
      '/pets/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], responses: ok(ref('Pet')) } },
      '/owners/{id}': {
        put: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }], requestBody: { content: jsonContent(ref('Owner')) }, responses: ok(ref('Owner')) },
      },
    },
    schemas,
  );
}

const base = {
  Pet: object({ id: { type: 'integer' }, name: { type: 'string' }, owner: ref('Owner') }, ['id', 'name']),
  NewPet: object({ name: { type: 'string' }, tag: { type: 'string' } }, ['name']),
  Owner: object({ login: { type: 'string' }, role: { type: 'string', enum: ['admin', 'member'] } }),
};

const petUsers = [
  { method: 'get', path: '/pets' },
  { method: 'post', path: '/pets' },
  { method: 'get', path: '/pets/{id}' },
];

describe('changes inside shared component schemas', () => {
  test('a property removed from a response-only schema is one breaking change listing its three users', () => {
    const after = { ...base, Pet: object({ id: { type: 'integer' }, owner: ref('Owner') }, ['id']) };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toEqual([
      {
        id: 'response-property-removed:schema Pet:name',
        level: 'breaking',
        kind: 'response-property-removed',
        schema: 'Pet',
        location: 'Pet.name',
        message: "response property 'Pet.name' removed",
        operations: petUsers,
      },
    ]);
  });

  test('the same removal from a request-only schema is a warning, attributed to its single operation', () => {
    const after = { ...base, NewPet: object({ name: { type: 'string' } }, ['name']) };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toMatchObject([
      { kind: 'request-property-removed', level: 'warning', schema: 'NewPet', method: 'post', path: '/pets', operations: [{ method: 'post', path: '/pets' }] },
    ]);
  });

  test('a nested schema used in requests and responses takes the worse level and lists all users once', () => {
    const after = { ...base, Owner: object({ role: { type: 'string', enum: ['admin', 'member'] } }) };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      kind: 'response-property-removed',
      level: 'breaking',
      schema: 'Owner',
      message: "response property 'Owner.login' removed (schema used in requests and responses)",
      operations: [{ method: 'put', path: '/owners/{id}' }, ...petUsers],
    });
  });

  test('a required property added to a schema used both ways is breaking because requests break', () => {
    const after = { ...base, Owner: { ...base.Owner, properties: { ...(base.Owner.properties as Json), email: { type: 'string' } }, required: ['email'] } };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toMatchObject([{ kind: 'request-property-added', level: 'breaking', schema: 'Owner', location: 'Owner.email' }]);
  });

  test('an enum value added to a schema used both ways is a warning because responses may carry it', () => {
    const after = { ...base, Owner: object({ login: { type: 'string' }, role: { type: 'string', enum: ['admin', 'member', 'guest'] } }) };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toMatchObject([{ kind: 'response-enum-value-added', level: 'warning', id: 'response-enum-value-added:schema Owner:role:"guest"' }]);
  });

  test('a schema kept as one alternative of a new oneOf still counts as used by the operation', () => {
    const schemas = (pet: Json): Json => ({ Pet: pet, Owner: base.Owner, Cat: object({ meows: { type: 'boolean' } }) });
    const before = openapi({ '/pets/{id}': { get: { responses: ok(ref('Pet')) } } }, schemas(base.Pet));
    const after = openapi({ '/pets/{id}': { get: { responses: ok({ oneOf: [ref('Pet'), ref('Cat')] }) } } }, schemas(object({ id: { type: 'integer' } }, ['id'])));
    expect(diffOpenApi(before, after).changes).toMatchObject([
      { id: 'response-property-removed:schema Pet:name', operations: [{ method: 'get', path: '/pets/{id}' }] },
      { id: 'response-property-removed:schema Pet:owner', operations: [{ method: 'get', path: '/pets/{id}' }] },
      { kind: 'response-property-type-changed', level: 'breaking', message: "response body type changed from 'object' to 'oneOf(2 variants)' (200 application/json)" },
    ]);
  });

  test('an operation that stops using a schema is no longer listed as its user', () => {
    const before = petStore(base);
    const after = petStore({ ...base, Pet: object({ id: { type: 'integer' }, owner: ref('Owner') }, ['id']) });
    // GET /pets/{id} now answers with an inline copy of the old Pet, so it stops using Pet.
    ((after.paths as Json)['/pets/{id}'] as Json).get = { ...(((before.paths as Json)['/pets/{id}'] as Json).get as Json), responses: ok(base.Pet) };
    const { changes } = diffOpenApi(before, after);
    expect(changes.find((change) => change.schema === 'Pet')?.operations).toEqual([
      { method: 'get', path: '/pets' },
      { method: 'post', path: '/pets' },
    ]);
  });
});

/**
 * A change inside a component schema is reported on the schema, once per direction it is used
 * in: to the operations that send it with the request reading, to those that receive it with
 * the response reading. An operation that does both is listed in both.
 */
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
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

const ownerUsers = { receive: [{ method: 'put', path: '/owners/{id}' }, ...petUsers], send: [{ method: 'put', path: '/owners/{id}' }] };
const withOwner = (owner: Json): Json => petStore({ ...base, Owner: owner });
const ownerProperties = base.Owner.properties as Json;

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
        direction: 'response',
        location: 'Pet.name',
        message: "response property 'Pet.name' removed",
        operations: petUsers,
      },
    ]);
  });

  test('the same removal from a request-only schema is a warning, attributed to its single operation', () => {
    const after = { ...base, NewPet: object({ name: { type: 'string' } }, ['name']) };
    const { changes } = diffOpenApi(petStore(base), petStore(after));
    expect(changes).toEqual([
      {
        id: 'request-property-removed:schema NewPet:tag',
        level: 'warning',
        kind: 'request-property-removed',
        schema: 'NewPet',
        direction: 'request',
        location: 'NewPet.tag',
        message: "request property 'NewPet.tag' removed",
        operations: [{ method: 'post', path: '/pets' }],
        method: 'post',
        path: '/pets',
      },
    ]);
  });
});

describe('a schema both sent and received: one change per direction, each with its own level', () => {
  test('a property removed: breaking for the operations that receive it, a warning for the one that sends it', () => {
    const { changes } = diffOpenApi(petStore(base), withOwner(object({ role: ownerProperties.role as Json })));
    expect(changes.map(({ id, level, direction, message, operations }) => ({ id, level, direction, message, operations }))).toEqual([
      { id: 'response-property-removed:schema Owner:login', level: 'breaking', direction: 'response', message: "response property 'Owner.login' removed", operations: ownerUsers.receive },
      { id: 'request-property-removed:schema Owner:login', level: 'warning', direction: 'request', message: "request property 'Owner.login' removed", operations: ownerUsers.send },
    ]);
  });

  test('a required property added: breaking where it is sent, info where it is only received', () => {
    const { changes } = diffOpenApi(petStore(base), withOwner(object({ ...ownerProperties, email: { type: 'string' } }, ['email'])));
    expect(changes.map(({ id, level, message, operations }) => ({ id, level, message, operations }))).toEqual([
      { id: 'request-property-added:schema Owner:email', level: 'breaking', message: "request property 'Owner.email' added as required", operations: ownerUsers.send },
      { id: 'response-property-added:schema Owner:email', level: 'info', message: "response property 'Owner.email' added as required", operations: ownerUsers.receive },
    ]);
  });

  test('an enum value added: a warning where it is received (exhaustive switches), info where it is sent', () => {
    const { changes } = diffOpenApi(petStore(base), withOwner(object({ login: { type: 'string' }, role: { type: 'string', enum: ['admin', 'member', 'guest'] } })));
    expect(changes.map(({ id, level, operations }) => ({ id, level, operations }))).toEqual([
      { id: 'response-enum-value-added:schema Owner:role:"guest"', level: 'warning', operations: ownerUsers.receive },
      { id: 'request-enum-value-added:schema Owner:role:"guest"', level: 'info', operations: ownerUsers.send },
    ]);
  });

  test('a property made optional: breaking where it is received, info where it is sent', () => {
    const { changes } = diffOpenApi(withOwner(object(ownerProperties, ['login'])), withOwner(object(ownerProperties)));
    expect(changes.map(({ id, level }) => ({ id, level }))).toEqual([
      { id: 'response-property-optional:schema Owner:login', level: 'breaking' },
      { id: 'request-property-optional:schema Owner:login', level: 'info' },
    ]);
  });

  test('a type widened: breaking where it is received, info where it is sent', () => {
    const { changes } = diffOpenApi(petStore(base), withOwner(object({ ...ownerProperties, login: { type: 'string', nullable: true } })));
    expect(changes.map(({ id, level, message }) => ({ id, level, message }))).toEqual([
      { id: 'response-property-type-changed:schema Owner:login', level: 'breaking', message: "response property 'Owner.login' type changed from 'string' to 'string | null'" },
      { id: 'request-property-type-changed:schema Owner:login', level: 'info', message: "request property 'Owner.login' type changed from 'string' to 'string | null'" },
    ]);
  });

  test('a deprecation is info both ways; the id names the direction since the kind does not', () => {
    const { changes } = diffOpenApi(petStore(base), withOwner(object({ ...ownerProperties, login: { type: 'string', deprecated: true } })));
    expect(changes.map(({ id, level, direction }) => ({ id, level, direction }))).toEqual([
      { id: 'schema-property-deprecated:schema Owner request:login', level: 'info', direction: 'request' },
      { id: 'schema-property-deprecated:schema Owner response:login', level: 'info', direction: 'response' },
    ]);
  });

  test('issue example: Tag sent by PUT /tags and returned by GET /tags; a required property breaks PUT only', () => {
    const tags = (tag: Json): Json =>
      openapi(
        {
          '/tags': {
            get: { responses: ok({ type: 'array', items: ref('Tag') }) },
            put: { requestBody: { required: true, content: jsonContent(ref('Tag')) }, responses: { '204': { description: 'stored' } } },
          },
        },
        { Tag: tag },
      );
    const { changes } = diffOpenApi(tags(object({ name: { type: 'string' } })), tags(object({ name: { type: 'string' }, color: { type: 'string' } }, ['color'])));
    expect(changes).toEqual([
      {
        id: 'request-property-added:schema Tag:color',
        level: 'breaking',
        kind: 'request-property-added',
        schema: 'Tag',
        direction: 'request',
        location: 'Tag.color',
        message: "request property 'Tag.color' added as required",
        operations: [{ method: 'put', path: '/tags' }],
        method: 'put',
        path: '/tags',
      },
      {
        id: 'response-property-added:schema Tag:color',
        level: 'info',
        kind: 'response-property-added',
        schema: 'Tag',
        direction: 'response',
        location: 'Tag.color',
        message: "response property 'Tag.color' added as required",
        operations: [{ method: 'get', path: '/tags' }],
        method: 'get',
        path: '/tags',
      },
    ]);
  });

  test('a schema used by a parameter counts as sent: an enum value removed breaks the request only', () => {
    const sort = (values: string[]): Json =>
      openapi(
        { '/pets': { get: { parameters: [{ name: 'sort', in: 'query', schema: ref('Sort') }], responses: ok(object({ sort: ref('Sort') })) } } },
        { Sort: { type: 'string', enum: values } },
      );
    const { changes } = diffOpenApi(sort(['asc', 'desc']), sort(['asc']));
    expect(changes.map(({ id, level, direction, message }) => ({ id, level, direction, message }))).toEqual([
      { id: 'request-enum-value-removed:schema Sort:"desc"', level: 'breaking', direction: 'request', message: "request property 'Sort': enum value \"desc\" removed" },
      { id: 'response-enum-value-removed:schema Sort:"desc"', level: 'info', direction: 'response', message: "response property 'Sort': enum value \"desc\" removed" },
    ]);
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

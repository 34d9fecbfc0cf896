/**
 * One row per kind of change: a small before/after pair, and the single change (or the
 * change among a known number) it must produce, with its level from the rule table.
 */
import { describe, expect, test } from 'vitest';
import { diffOpenApi, type ApiChange } from '../../packages/openapi-drift/src/changelog/index.ts';
import { accepts, getPets, jsonContent, object, ok, openapi, respondsWith, type Json } from './documents.ts';

interface KindCase {
  name: string;
  before: Json;
  after: Json;
  expected: Pick<ApiChange, 'kind' | 'level' | 'message'> & Partial<ApiChange>;
  /** Number of changes in the whole result; 1 unless the case necessarily yields more. */
  total?: number;
}

const pet = object({ id: { type: 'integer' }, name: { type: 'string' } }, ['id']);
const limit = { name: 'limit', in: 'query', schema: { type: 'integer' } };
const getOp = { method: 'get', path: '/pets' };
const postOp = { method: 'post', path: '/pets' };
const withSecurity = (security: unknown): Json =>
  openapi({ '/pets': { get: { responses: ok(), ...(security === undefined ? {} : { security }) } } });
const bodyMedia = (...types: string[]): Json =>
  openapi({ '/pets': { post: { requestBody: { content: Object.fromEntries(types.map((type) => [type, { schema: pet }])) }, responses: ok() } } });
const responseMedia = (...types: string[]): Json =>
  getPets({ responses: { '200': { description: 'ok', content: Object.fromEntries(types.map((type) => [type, { schema: pet }])) } } });
const animals = (...names: string[]): Json => ({ oneOf: names.map((name) => ({ $ref: `#/components/schemas/${name}` })) });
const animalSchemas = { Cat: object({ meows: { type: 'boolean' } }), Dog: object({ barks: { type: 'boolean' } }), Bird: object({ sings: { type: 'boolean' } }) };

const cases: KindCase[] = [
  { name: 'operation added', before: getPets(), after: openapi({ '/pets': { get: { responses: ok() }, post: { responses: ok() } } }), expected: { kind: 'operation-added', level: 'info', ...postOp, message: 'operation added', id: 'operation-added:POST /pets' } },
  { name: 'operation removed', before: openapi({ '/pets': { get: { responses: ok() }, post: { responses: ok() } } }), after: getPets(), expected: { kind: 'operation-removed', level: 'breaking', ...postOp, message: 'operation removed' } },
  { name: 'operationId changed', before: getPets({ operationId: 'listPets' }), after: getPets({ operationId: 'getPets' }), expected: { kind: 'operation-id-changed', level: 'warning', ...getOp, message: "operationId changed from 'listPets' to 'getPets'" } },
  { name: 'operation deprecated', before: getPets(), after: getPets({ deprecated: true }), expected: { kind: 'operation-deprecated', level: 'warning', ...getOp, message: 'operation deprecated' } },
  { name: 'required parameter added', before: getPets(), after: getPets({ parameters: [{ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } }] }), expected: { kind: 'parameter-added', level: 'breaking', ...getOp, location: 'header.X-Tenant', message: "required parameter 'header.X-Tenant' added" } },
  { name: 'optional parameter added', before: getPets(), after: getPets({ parameters: [limit] }), expected: { kind: 'parameter-added', level: 'info', ...getOp, location: 'query.limit', message: "optional parameter 'query.limit' added" } },
  { name: 'parameter removed', before: getPets({ parameters: [limit] }), after: getPets(), expected: { kind: 'parameter-removed', level: 'warning', ...getOp, message: "parameter 'query.limit' removed" } },
  { name: 'parameter made required', before: getPets({ parameters: [limit] }), after: getPets({ parameters: [{ ...limit, required: true }] }), expected: { kind: 'parameter-required', level: 'breaking', ...getOp, message: "parameter 'query.limit' became required" } },
  { name: 'parameter made optional', before: getPets({ parameters: [{ ...limit, required: true }] }), after: getPets({ parameters: [limit] }), expected: { kind: 'parameter-optional', level: 'info', ...getOp, message: "parameter 'query.limit' became optional" } },
  { name: 'parameter moved from query to header', before: getPets({ parameters: [{ name: 'token', in: 'query', schema: { type: 'string' } }] }), after: getPets({ parameters: [{ name: 'token', in: 'header', schema: { type: 'string' } }] }), expected: { kind: 'parameter-moved', level: 'breaking', ...getOp, location: 'header.token', message: "parameter 'token' moved from query to header" } },
  { name: 'parameter type changed', before: getPets({ parameters: [limit] }), after: getPets({ parameters: [{ ...limit, schema: { type: 'string' } }] }), expected: { kind: 'parameter-type-changed', level: 'breaking', ...getOp, location: 'query.limit', message: "parameter 'query.limit' type changed from 'integer' to 'string'", id: 'parameter-type-changed:GET /pets:query.limit' } },
  { name: 'parameter deprecated', before: getPets({ parameters: [limit] }), after: getPets({ parameters: [{ ...limit, deprecated: true }] }), expected: { kind: 'parameter-deprecated', level: 'info', ...getOp, message: "parameter 'query.limit' deprecated" } },
  { name: 'required request body added', before: openapi({ '/pets': { post: { responses: ok() } } }), after: accepts(pet, true), expected: { kind: 'request-body-added', level: 'breaking', ...postOp, message: 'required request body added' } },
  { name: 'request body removed', before: accepts(pet, true), after: openapi({ '/pets': { post: { responses: ok() } } }), expected: { kind: 'request-body-removed', level: 'warning', ...postOp, message: 'request body removed' } },
  { name: 'request body made required', before: accepts(pet, false), after: accepts(pet, true), expected: { kind: 'request-body-required', level: 'breaking', ...postOp, message: 'request body became required' } },
  { name: 'request body made optional', before: accepts(pet, true), after: accepts(pet, false), expected: { kind: 'request-body-optional', level: 'info', ...postOp, message: 'request body became optional' } },
  { name: 'required request property added', before: accepts(object({ id: { type: 'integer' } })), after: accepts(object({ id: { type: 'integer' }, name: { type: 'string' } }, ['name'])), expected: { kind: 'request-property-added', level: 'breaking', ...postOp, location: 'body.name', message: "request property 'name' added as required", id: 'request-property-added:POST /pets:body.name' } },
  { name: 'optional request property added', before: accepts(object({ id: { type: 'integer' } })), after: accepts(object({ id: { type: 'integer' }, name: { type: 'string' } })), expected: { kind: 'request-property-added', level: 'info', ...postOp, location: 'body.name', message: "request property 'name' added" } },
  { name: 'request property removed', before: accepts(pet), after: accepts(object({ id: { type: 'integer' } }, ['id'])), expected: { kind: 'request-property-removed', level: 'warning', ...postOp, location: 'body.name', message: "request property 'name' removed", id: 'request-property-removed:POST /pets:body.name' } },
  { name: 'request property retyped', before: accepts(pet), after: accepts(object({ id: { type: 'string' }, name: { type: 'string' } }, ['id'])), expected: { kind: 'request-property-type-changed', level: 'breaking', ...postOp, location: 'body.id', message: "request property 'id' type changed from 'integer' to 'string'" } },
  { name: 'request property widened', before: accepts(pet), after: accepts(object({ id: { type: 'number' }, name: { type: 'string' } }, ['id'])), expected: { kind: 'request-property-type-changed', level: 'info', ...postOp, message: "request property 'id' type changed from 'integer' to 'number'" } },
  { name: 'request property made required', before: accepts(pet), after: accepts({ ...pet, required: ['id', 'name'] }), expected: { kind: 'request-property-required', level: 'breaking', ...postOp, location: 'body.name', message: "request property 'name' became required" } },
  { name: 'nested request property in an array removed', before: accepts(object({ items: { type: 'array', items: object({ status: { type: 'string' } }) } })), after: accepts(object({ items: { type: 'array', items: object({}) } })), expected: { kind: 'request-property-removed', level: 'warning', location: 'body.items[].status', message: "request property 'items[].status' removed" } },
  { name: 'response property added', before: respondsWith(pet), after: respondsWith(object({ ...(pet.properties as Json), nickname: { type: 'string' } }, ['id'])), expected: { kind: 'response-property-added', level: 'info', ...getOp, location: 'response 200 application/json: nickname', message: "response property 'nickname' added (200 application/json)" } },
  { name: 'response property removed', before: respondsWith(pet), after: respondsWith(object({ id: { type: 'integer' } }, ['id'])), expected: { kind: 'response-property-removed', level: 'breaking', ...getOp, message: "response property 'name' removed (200 application/json)", id: 'response-property-removed:GET /pets:response 200 application/json: name' } },
  { name: 'response property retyped', before: respondsWith(pet), after: respondsWith(object({ id: { type: 'string' }, name: { type: 'string' } }, ['id'])), expected: { kind: 'response-property-type-changed', level: 'breaking', ...getOp, message: "response property 'id' type changed from 'integer' to 'string' (200 application/json)" } },
  { name: 'response property became nullable', before: respondsWith(pet), after: respondsWith(object({ id: { type: 'integer' }, name: { type: 'string', nullable: true } }, ['id'])), expected: { kind: 'response-property-type-changed', level: 'breaking', ...getOp, message: "response property 'name' type changed from 'string' to 'string | null' (200 application/json)" } },
  { name: 'response property format changed', before: respondsWith(object({ id: { type: 'integer', format: 'int32' } })), after: respondsWith(object({ id: { type: 'integer', format: 'int64' } })), expected: { kind: 'response-format-changed', level: 'warning', message: "response property 'id': format changed from 'int32' to 'int64', loosened: client-side validators (such as the zod plugin) may reject responses (200 application/json)" } },
  { name: 'response property made required', before: respondsWith(pet), after: respondsWith({ ...pet, required: ['id', 'name'] }), expected: { kind: 'response-property-required', level: 'info', ...getOp, message: "response property 'name' became required (200 application/json)" } },
  { name: 'response property made optional', before: respondsWith(pet), after: respondsWith({ ...pet, required: [] }), expected: { kind: 'response-property-optional', level: 'breaking', ...getOp, message: "response property 'id' became optional (200 application/json)" } },
  { name: 'request enum value added', before: accepts(object({ status: { type: 'string', enum: ['available'] } })), after: accepts(object({ status: { type: 'string', enum: ['available', 'sold'] } })), expected: { kind: 'request-enum-value-added', level: 'info', ...postOp, location: 'body.status', message: "request property 'status': enum value \"sold\" added" } },
  { name: 'request enum value removed', before: accepts(object({ status: { type: 'string', enum: ['available', 'sold'] } })), after: accepts(object({ status: { type: 'string', enum: ['available'] } })), expected: { kind: 'request-enum-value-removed', level: 'breaking', ...postOp, message: "request property 'status': enum value \"sold\" removed", id: 'request-enum-value-removed:POST /pets:body.status:"sold"' } },
  { name: 'response enum value added', before: respondsWith(object({ status: { type: 'string', enum: ['available'] } })), after: respondsWith(object({ status: { type: 'string', enum: ['available', 'sold'] } })), expected: { kind: 'response-enum-value-added', level: 'warning', ...getOp, message: "response property 'status': enum value \"sold\" added (200 application/json)" } },
  { name: 'response enum value removed', before: respondsWith(object({ status: { type: 'string', enum: ['available', 'sold'] } })), after: respondsWith(object({ status: { type: 'string', enum: ['available'] } })), expected: { kind: 'response-enum-value-removed', level: 'info', ...getOp, message: "response property 'status': enum value \"sold\" removed (200 application/json)" } },
  { name: 'enum value removed from a parameter', before: getPets({ parameters: [{ name: 'sort', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'] } }] }), after: getPets({ parameters: [{ name: 'sort', in: 'query', schema: { type: 'string', enum: ['asc'] } }] }), expected: { kind: 'request-enum-value-removed', level: 'breaking', ...getOp, location: 'query.sort', message: "parameter 'query.sort': enum value \"desc\" removed" } },
  { name: 'response status added', before: getPets(), after: getPets({ responses: { ...ok(), '404': { description: 'missing' } } }), expected: { kind: 'response-status-added', level: 'info', ...getOp, location: 'response 404', message: 'response status 404 added' } },
  { name: 'success response status removed', before: getPets({ responses: { ...ok(), '201': { description: 'made' } } }), after: getPets(), expected: { kind: 'response-status-removed', level: 'breaking', ...getOp, message: 'response status 201 removed' } },
  { name: 'error response status removed', before: getPets({ responses: { ...ok(), '404': { description: 'missing' } } }), after: getPets(), expected: { kind: 'response-status-removed', level: 'warning', ...getOp, message: 'response status 404 removed' } },
  { name: 'request media type added', before: bodyMedia('application/json'), after: bodyMedia('application/json', 'application/xml'), expected: { kind: 'request-media-type-added', level: 'info', ...postOp, location: 'body', message: "request media type 'application/xml' added" } },
  { name: 'request media type removed', before: bodyMedia('application/json', 'application/xml'), after: bodyMedia('application/json'), expected: { kind: 'request-media-type-removed', level: 'breaking', ...postOp, message: "request media type 'application/xml' removed" } },
  { name: 'response media type added', before: responseMedia('application/json'), after: responseMedia('application/json', 'application/xml'), expected: { kind: 'response-media-type-added', level: 'info', ...getOp, location: 'response 200', message: "response media type 'application/xml' added (status 200)" } },
  { name: 'response media type removed', before: responseMedia('application/json', 'application/xml'), after: responseMedia('application/json'), expected: { kind: 'response-media-type-removed', level: 'breaking', ...getOp, message: "response media type 'application/xml' removed (status 200)" } },
  { name: 'security added where there was none', before: withSecurity(undefined), after: withSecurity([{ oauth: ['read'] }]), expected: { kind: 'security-changed', level: 'breaking', ...getOp, message: 'security changed from none to oauth[read] (stricter)' } },
  { name: 'security needs another scope', before: withSecurity([{ oauth: ['read'] }]), after: withSecurity([{ oauth: ['read', 'write'] }]), expected: { kind: 'security-changed', level: 'breaking', message: 'security changed from oauth[read] to oauth[read,write] (stricter)' } },
  { name: 'security gains an alternative', before: withSecurity([{ apiKey: [] }]), after: withSecurity([{ apiKey: [] }, { oauth: ['read'] }]), expected: { kind: 'security-changed', level: 'info', message: 'security changed from apiKey to apiKey or oauth[read]' } },
  { name: 'security removed', before: withSecurity([{ apiKey: [] }]), after: withSecurity([]), expected: { kind: 'security-changed', level: 'info', message: 'security changed from apiKey to none' } },
  { name: 'schema property deprecated', before: respondsWith(pet), after: respondsWith(object({ id: { type: 'integer' }, name: { type: 'string', deprecated: true } }, ['id'])), expected: { kind: 'schema-property-deprecated', level: 'info', ...getOp, message: "response property 'name' deprecated (200 application/json)" } },
  { name: 'response oneOf variant added', before: respondsWith(animals('Cat', 'Dog'), animalSchemas), after: respondsWith(animals('Cat', 'Dog', 'Bird'), animalSchemas), expected: { kind: 'response-variant-added', level: 'warning', ...getOp, message: "response body: variant 'Bird' added (200 application/json)" } },
  { name: 'request oneOf variant removed', before: accepts(animals('Cat', 'Dog', 'Bird'), true, animalSchemas), after: accepts(animals('Cat', 'Bird'), true, animalSchemas), expected: { kind: 'request-variant-removed', level: 'breaking', ...postOp, message: "request body: variant 'Dog' removed" } },
];

describe('diffOpenApi: one case per kind of change', () => {
  test.each(cases)('$name', ({ before, after, expected, total }) => {
    const log = diffOpenApi(before, after);
    expect(log.changes).toHaveLength(total ?? 1);
    const found = log.changes.filter((change) => change.kind === expected.kind);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject(expected);
  });
});

interface SameCase {
  name: string;
  before: Json;
  after: Json;
}

const sameMeaning: SameCase[] = [
  { name: '3.0 nullable vs 3.1 type array', before: respondsWith(object({ name: { type: 'string', nullable: true } })), after: { ...respondsWith(object({ name: { type: ['string', 'null'] } })), openapi: '3.1.0' } },
  { name: 'header names differ only in case', before: getPets({ parameters: [{ name: 'X-Id', in: 'header', schema: { type: 'string' } }] }), after: getPets({ parameters: [{ name: 'x-id', in: 'header', schema: { type: 'string' } }] }) },
  { name: 'component reference vs the same schema inline', before: respondsWith({ $ref: '#/components/schemas/Pet' }, { Pet: pet }), after: respondsWith(pet) },
  { name: 'parameter moved from operation to path item', before: getPets({ parameters: [limit] }), after: openapi({ '/pets': { parameters: [limit], get: { responses: ok() } } }) },
  { name: 'referenced parameter vs inline', before: openapi({ '/pets': { get: { parameters: [{ $ref: '#/components/parameters/limit' }], responses: ok() } } }, {}, { components: { parameters: { limit } } }), after: getPets({ parameters: [limit] }) },
  { name: 'oneOf of single-value enums vs one enum', before: respondsWith(object({ kind: { type: 'string', enum: ['a', 'b'] } })), after: respondsWith(object({ kind: { oneOf: [{ type: 'string', enum: ['a'] }, { type: 'string', enum: ['b'] }] } })) },
  { name: 'oneOf with a single alternative vs that alternative', before: respondsWith({ oneOf: [pet] }), after: respondsWith(pet) },
  { name: 'media type letter case', before: openapi({ '/pets': { post: { requestBody: { content: { 'Application/JSON': { schema: pet } } }, responses: ok() } } }), after: bodyMedia('application/json') },
];

describe('diffOpenApi: different spelling, same meaning', () => {
  test.each(sameMeaning)('$name', ({ before, after }) => {
    expect(diffOpenApi(before, after).changes).toEqual([]);
  });
});

describe('diffOpenApi: composition', () => {
  test('a plain type becoming a oneOf that still includes it is a widening', () => {
    const before = accepts(object({ assignees: { type: 'array', items: { type: 'string' } } }));
    const after = accepts(object({ assignees: { type: 'array', items: { oneOf: [{ type: 'string' }, object({ login: { type: 'string' } })] } } }));
    expect(diffOpenApi(before, after).changes).toMatchObject([
      { kind: 'request-property-type-changed', level: 'info', location: 'body.assignees[]', message: "request property 'assignees[]' type changed from 'string' to 'oneOf(2 variants)'" },
    ]);
  });

  test('$ref becoming allOf [$ref, extra] reports only the extra properties', () => {
    const schemas = { Pet: pet };
    const before = respondsWith({ $ref: '#/components/schemas/Pet' }, schemas);
    const after = respondsWith({ allOf: [{ $ref: '#/components/schemas/Pet' }, object({ score: { type: 'number' } })] }, schemas);
    expect(diffOpenApi(before, after).changes.map((change) => change.id)).toEqual(['response-property-added:GET /pets:response 200 application/json: score']);
  });

  test('an inline variant inserted in the middle does not shift the others', () => {
    const rule = (type: string, extra: Json = {}): Json => object({ type: { type: 'string', enum: [type] }, ...extra });
    const before = respondsWith({ oneOf: [rule('a'), rule('c', { size: { type: 'integer' } })] });
    const after = respondsWith({ oneOf: [rule('a'), rule('b'), rule('c', { size: { type: 'integer' } })] });
    expect(diffOpenApi(before, after).changes).toMatchObject([{ kind: 'response-variant-added', level: 'warning', message: "response body: variant 'type=\"b\"' added (200 application/json)" }]);
  });
});

test('json content of the request fixture helper is what the cases assume', () => {
  // Guards the helpers: a typo in them would make every row above vacuous.
  expect(accepts(pet)).toMatchObject({ paths: { '/pets': { post: { requestBody: { content: jsonContent(pet) } } } } });
});

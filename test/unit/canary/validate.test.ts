// The body validator on its own: a schema ajv cannot compile is refused before any request, naming
// the snapshot and the schema; patterns that could not be run are listed for the body that met
// them only; properties the spec does not mention are listed for objects that conform, at their
// pointers; an alternative of a oneOf is checked on its own when asked.
import { describe, expect, test } from 'vitest';
import { BodyValidator } from '../../../packages/openapi-drift/src/canary/validate.ts';
import { SnapshotError } from '../../../packages/openapi-drift/src/core/errors.ts';

const ROOT = '/paths/~1x/get/responses/200/content/application~1json/schema';

function document(schema: unknown, version = '3.1.0', schemas: Record<string, unknown> = {}): Record<string, unknown> {
  return { openapi: version, info: { title: 't', version: '1' }, paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } }, components: { schemas } };
}

function validator(schema: unknown, version = '3.1.0', schemas: Record<string, unknown> = {}): BodyValidator {
  return new BodyValidator(document(schema, version, schemas), version.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1', [ROOT], 'clients/x/openapi.json');
}

describe('refused before any request', () => {
  test('a schema ajv cannot compile: a SnapshotError naming the snapshot, the schema and the fix', () => {
    let thrown: unknown;
    try {
      validator({ type: 'object', properties: { id: { type: 'text' } } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SnapshotError);
    const error = thrown as SnapshotError;
    expect(error.message).toMatch(new RegExp(`^clients/x/openapi\\.json: the schema at ${ROOT.replaceAll('+', '\\+')} cannot be compiled for validation: .*text`));
    expect(error.file).toBe('clients/x/openapi.json');
    expect(error.fix).toBe('correct the schema in the snapshot (or tell the API owner), or remove the operation from the canary section');
    expect(error.cause).toBeInstanceOf(Error);
  });

  test('a discriminator ajv cannot use (tags by mapping alone) falls back to plain oneOf', () => {
    const schemas = {
      Cat: { type: 'object', required: ['kind', 'meow'], properties: { kind: { type: 'string' }, meow: { type: 'string' } } },
      Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { type: 'string' }, bark: { type: 'string' } } },
    };
    const checked = validator({ oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } } }, '3.0.3', schemas);
    expect(checked.check(ROOT, { kind: 'cat', meow: 'purr' })).toEqual({ errors: [], uncheckedPatterns: [], undocumented: [] });
    expect(checked.check(ROOT, { kind: 'cat', meow: 'purr', bark: 'woof' }).errors.map((error) => error.keyword)).toEqual(['oneOf']);
  });
});

test('formats are checked', () => {
  const checked = validator({ type: 'object', properties: { at: { type: 'string', format: 'date-time' }, mail: { type: 'string', format: 'email' } } });
  expect(checked.check(ROOT, { at: '2024-05-01T12:00:00Z', mail: 'a@example.com' }).errors).toEqual([]);
  expect(checked.check(ROOT, { at: 'yesterday', mail: 'nobody' }).errors.map((error) => [error.instancePath, error.message])).toEqual([
    ['/at', 'must match format "date-time"'],
    ['/mail', 'must match format "email"'],
  ]);
});

describe('patterns', () => {
  test('those that need lookaround are listed, sorted, for the body that met them only', () => {
    const checked = validator({ type: 'object', properties: { b: { type: 'string', pattern: '^(?=b)' }, a: { type: 'string', pattern: '^(?!x)' }, c: { type: 'string', pattern: '^c+$' } } });
    expect(checked.check(ROOT, { b: 'b', a: 'a', c: 'cc' })).toEqual({ errors: [], uncheckedPatterns: ['^(?!x)', '^(?=b)'], undocumented: [] });
    expect(checked.check(ROOT, { c: 'd' })).toMatchObject({ uncheckedPatterns: [] });
    expect(checked.check(ROOT, { c: 'd' }).errors.map((error) => [error.keyword, error.instancePath])).toEqual([['pattern', '/c']]);
  });

  test('each pattern is tested as itself, not as another pattern of the document', () => {
    const checked = validator({ type: 'object', properties: { p: { type: 'string', pattern: '^a$' }, q: { type: 'string', pattern: '^b$' }, r: { type: 'object', patternProperties: { '^x-': { type: 'integer' } } } } });
    expect(checked.check(ROOT, { p: 'a', q: 'b', r: { 'x-n': 1, y: 'z' } }).errors).toEqual([]);
    expect(checked.check(ROOT, { p: 'b', q: 'a', r: { 'x-n': 'one' } }).errors.map((error) => [error.instancePath, error.message])).toEqual([
      ['/p', 'must match pattern "^a$"'],
      ['/q', 'must match pattern "^b$"'],
      ['/r/x-n', 'must be integer'],
    ]);
  });

  test('a pattern that would take exponential time with backtracking runs in linear time', () => {
    const checked = validator({ type: 'string', pattern: '^(a+)+$' });
    expect(checked.check(ROOT, `${'a'.repeat(5000)}!`).errors.map((error) => error.keyword)).toEqual(['pattern']);
    expect(checked.check(ROOT, 'a'.repeat(5000)).errors).toEqual([]);
  });
});

describe('properties the spec does not mention', () => {
  test('listed at their pointers, for objects that conform only', () => {
    const checked = validator({ type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, owner: { type: 'object', properties: { name: { type: 'string' } } } } } });
    const result = checked.check(ROOT, [{ id: 1, extra: 1, owner: { name: 'x', nick: 'y' } }, { extra: 2 }, { id: 'x', extra: 3 }, { id: 2, owner: { name: 1, nick: 'z' } }]);
    expect(result.undocumented).toEqual(['/0/owner/nick', '/0/extra']);
    expect(result.errors.map((error) => [error.keyword, error.instancePath])).toEqual([
      ['required', '/1'],
      ['type', '/2/id'],
      ['type', '/3/owner/name'],
    ]);
  });

  test('an error in one item does not hide the extras of an item whose index it starts with', () => {
    const checked = validator({ type: 'array', items: { type: 'object', properties: { id: { type: 'integer' } } } });
    const items: unknown[] = Array.from({ length: 11 }, (_, index) => ({ id: index }));
    items[1] = { id: 1, extra: true };
    items[10] = { id: 'ten' };
    expect(checked.check(ROOT, items).undocumented).toEqual(['/1/extra']);
  });

  test('a property that one oneOf alternative mentions is not listed; the next body starts afresh', () => {
    const checked = validator({ oneOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { type: 'object', required: ['b'], properties: { b: { type: 'integer' } } }] });
    expect(checked.check(ROOT, { a: 'x', b: 'y' })).toEqual({ errors: [], uncheckedPatterns: [], undocumented: ['/b'] });
    expect(checked.check(ROOT, { a: 'x' })).toEqual({ errors: [], uncheckedPatterns: [], undocumented: [] });
  });

  test('with a discriminator, the alternative it selects counts as mentioning its properties', () => {
    const schemas = {
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['cat'] }, meow: { type: 'string' } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['dog'] }, bark: { type: 'string' } } },
    };
    const checked = validator({ oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } }, '3.0.3', schemas);
    expect(checked.check(ROOT, { kind: 'dog', bark: 'woof', wag: true })).toEqual({ errors: [], uncheckedPatterns: [], undocumented: ['/wag'] });
    expect(checked.check(ROOT, { kind: 'dog', meow: 1 }).errors.map((error) => error.keyword)).toEqual([]);
    expect(checked.check(ROOT, { kind: 'dog', meow: 1 }).undocumented).toEqual(['/meow']);
    expect(checked.check(ROOT, { kind: 'dog', bark: 1 }).errors.map((error) => [error.keyword, error.instancePath])).toEqual([['type', '/bark']]);
  });
});

describe('one alternative on its own', () => {
  test('the errors of a schema of the document against a value; none for a schema it does not hold', () => {
    const alternatives = [{ type: 'string' }, { type: 'object', required: ['a'] }];
    const doc = document({ oneOf: alternatives });
    const checked = new BodyValidator(doc, 'openapi-3.1', [ROOT], 'openapi.json');
    const error = checked.check(ROOT, {}).errors.find((found) => found.keyword === 'oneOf');
    const prepared = error?.schema as unknown[];
    expect(checked.errorsAgainst(prepared[0], {})?.map((found) => found.keyword)).toEqual(['type']);
    expect(checked.errorsAgainst(prepared[1], { a: 1 })).toEqual([]);
    expect(checked.errorsAgainst(alternatives[0], {})).toBeUndefined();
    expect(checked.errorsAgainst(true, {})).toBeUndefined();
    expect(checked.errorsAgainst(null, {})).toBeUndefined();
  });
});

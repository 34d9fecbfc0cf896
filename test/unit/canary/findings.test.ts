// How ajv's errors become the findings a report shows: one kind per keyword, the pointer of the
// property concerned (secrets hidden, long names cut), what the spec says and what came back; a
// oneOf or anyOf that nothing matched reported by its closest alternative; patterns that could not
// be run said so; the same finding once; at most 100 findings per call, the rest counted.
import { describe, expect, test } from 'vitest';
import { bodyFindings, capFindings, MAX_FINDINGS_PER_CALL, type Finding } from '../../../packages/openapi-drift/src/canary/findings.ts';
import { redactor } from '../../../packages/openapi-drift/src/canary/text.ts';
import { BodyValidator } from '../../../packages/openapi-drift/src/canary/validate.ts';
import type { Dialect } from '../../../packages/openapi-drift/src/openapi/operations.ts';

const SECRET = 'tok-secret-1';
const ROOT = '/paths/~1x/get/responses/200/content/application~1json/schema';

function document(schema: unknown, schemas: Record<string, unknown> = {}, version = '3.1.0'): Record<string, unknown> {
  return { openapi: version, info: { title: 't', version: '1' }, paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } } } }, components: { schemas } };
}

function findings(schema: unknown, body: unknown, options: { schemas?: Record<string, unknown>; dialect?: Dialect } = {}): Finding[] {
  const dialect = options.dialect ?? 'openapi-3.1';
  const validator = new BodyValidator(document(schema, options.schemas, dialect === 'openapi-3.0' ? '3.0.3' : '3.1.0'), dialect, [ROOT], 'openapi.json');
  return bodyFindings(validator.check(ROOT, body), body, validator, redactor([SECRET]));
}

const mismatch = (kind: string, pointer: string, expected: string, actual: string) => ({ kind, severity: 'mismatch', pointer, expected, actual });

describe('one kind per keyword', () => {
  test('required: the pointer of the missing property, escaped; a secret in its name hidden', () => {
    expect(findings({ type: 'object', required: ['a/b', SECRET] }, {})).toEqual([
      mismatch('missing-property', '/a~1b', 'required property "a/b"', 'absent'),
      mismatch('missing-property', '/***', `required property "${SECRET}"`, 'absent'),
    ]);
  });

  test('type: the wanted types, or null where not nullable', () => {
    expect(findings({ type: ['string', 'integer'] }, null)).toEqual([mismatch('null-not-allowed', '', 'string or integer, not nullable', 'null')]);
    expect(findings({ type: ['string', 'null'] }, 1.5)).toEqual([mismatch('wrong-type', '', 'string or null', 'number 1.5')]);
    expect(findings({ type: 'object', properties: { id: { type: 'integer' } } }, { id: SECRET })).toEqual([mismatch('wrong-type', '/id', 'integer', 'string "***"')]);
  });

  test('enum and const: the allowed values, at most eight shown', () => {
    expect(findings({ enum: [1, 2, 3, 4, 5, 6, 7, 8] }, 0)).toEqual([mismatch('not-in-enum', '', 'one of 1, 2, 3, 4, 5, 6, 7, 8', 'integer 0')]);
    expect(findings({ enum: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, 0)).toEqual([mismatch('not-in-enum', '', 'one of 1, 2, 3, 4, 5, 6, 7, 8, … (9 values)', 'integer 0')]);
    expect(findings({ enum: ['a\u001b'] }, 'b')).toEqual([mismatch('not-in-enum', '', 'one of "a\\u001b"', 'string "b"')]);
    expect(findings({ const: 'a' }, 'b')).toEqual([mismatch('not-in-enum', '', 'exactly "a"', 'string "b"')]);
    expect(findings({ const: ['a', 1] }, 'b')).toEqual([mismatch('not-in-enum', '', 'exactly ["a",1]', 'string "b"')]);
  });

  test('additionalProperties and unevaluatedProperties: the extra property and its value', () => {
    expect(findings({ type: 'object', properties: { a: {} }, additionalProperties: false }, { a: 1, [SECRET]: 'x' })).toEqual([
      mismatch('constraint', '/***', 'no properties beyond those listed (additionalProperties: false)', 'string "x"'),
    ]);
    expect(findings({ type: 'object', properties: { a: {} }, unevaluatedProperties: false }, { a: 1, b: [1] })).toEqual([
      mismatch('constraint', '/b', 'no properties beyond those listed (unevaluatedProperties: false)', 'array [1] (1 items)'),
    ]);
  });

  test("any other keyword: ajv's message", () => {
    expect(findings({ type: 'integer', minimum: 3 }, 1)).toEqual([mismatch('constraint', '', 'must be >= 3', 'integer 1')]);
    expect(findings({ type: 'string', pattern: '^ab$' }, 'AB')).toEqual([mismatch('constraint', '', 'must match pattern "^ab$"', 'string "AB"')]);
  });

  test('a discriminator: a tag that selects nothing, a missing tag, a tag that is not a string', () => {
    const schemas = {
      Cat: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['cat'] } } },
      Dog: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['dog'] } } },
    };
    const pet = { oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: 'kind' } };
    const check = (body: unknown) => findings(pet, body, { schemas, dialect: 'openapi-3.0' });
    expect(check({ kind: 'bird' })).toEqual([mismatch('not-in-enum', '/kind', 'a value that selects one of the alternatives', 'string "bird"')]);
    expect(check({})).toEqual([mismatch('missing-property', '/kind', 'required property "kind"', 'absent')]);
    expect(check({ kind: 5 })).toEqual([mismatch('wrong-type', '/kind', 'string', 'integer 5')]);
  });
});

describe('oneOf and anyOf', () => {
  test('a value that matches several alternatives of a oneOf', () => {
    expect(findings({ oneOf: [{ type: 'integer' }, { type: 'number' }] }, 1)).toEqual([mismatch('constraint', '', 'exactly one alternative of oneOf', 'a value that matches alternatives #1 and #2')]);
  });

  test('nothing matched: the errors of the closest alternative only, labelled', () => {
    expect(findings({ anyOf: [{ type: 'string' }, { type: 'object', required: ['a', 'b'] }] }, {})).toEqual([mismatch('wrong-type', '', 'string [anyOf: closest alternative, #1 of 2]', 'object {}')]);
    expect(findings({ anyOf: [{ type: 'object', required: ['a', 'b'] }, { type: 'object', required: ['a'] }] }, {})).toEqual([mismatch('missing-property', '/a', 'required property "a" [anyOf: closest alternative, #2 of 2]', 'absent')]);
  });

  test('between alternatives as close, the first', () => {
    expect(findings({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, {})).toEqual([mismatch('wrong-type', '', 'string [anyOf: closest alternative, #1 of 2]', 'object {}')]);
  });

  test('an alternative that cannot be checked on its own (a boolean schema): every error as ajv gives them', () => {
    expect(findings({ oneOf: [false, { type: 'string' }] }, 5)).toEqual([
      mismatch('constraint', '', 'boolean schema is false', 'integer 5'),
      mismatch('wrong-type', '', 'string', 'integer 5'),
      mismatch('constraint', '', 'one of the alternatives of oneOf', 'integer 5'),
    ]);
    expect(findings({ anyOf: [{ type: 'string' }, false] }, 5)).toEqual([
      mismatch('wrong-type', '', 'string', 'integer 5'),
      mismatch('constraint', '', 'boolean schema is false', 'integer 5'),
      mismatch('constraint', '', 'one of the alternatives of anyOf', 'integer 5'),
    ]);
  });

  test('a null alternative is never the closest to a value that is not null', () => {
    expect(findings({ oneOf: [{ type: 'null' }, { type: 'object', required: ['a', 'b'] }] }, {})).toEqual([
      mismatch('missing-property', '/a', 'required property "a" [oneOf: closest alternative, #2 of 2]', 'absent'),
      mismatch('missing-property', '/b', 'required property "b" [oneOf: closest alternative, #2 of 2]', 'absent'),
    ]);
    expect(findings({ oneOf: [{ type: 'string' }, { type: 'null' }] }, 5)).toEqual([mismatch('wrong-type', '', 'string [oneOf: closest alternative, #1 of 2]', 'integer 5')]);
  });

  test('with only null alternatives, the first is reported', () => {
    expect(findings({ anyOf: [{ type: 'null' }, { type: 'null', title: 'second' }] }, 5)).toEqual([mismatch('wrong-type', '', 'null [anyOf: closest alternative, #1 of 2]', 'integer 5')]);
  });

  test('nested: the pointer is the whole path, the label the innermost combinator', () => {
    const schema = {
      type: 'object',
      properties: { p: { oneOf: [{ type: 'object', required: ['a'], properties: { a: { anyOf: [{ type: 'string' }, { type: 'object', required: ['z'] }] } } }, { type: 'array' }, { type: 'integer' }] } },
    };
    expect(findings(schema, { p: { a: {} } })).toEqual([mismatch('wrong-type', '/p', 'array [oneOf: closest alternative, #2 of 3]', 'object {"a":{}}')]);
    const inner = { type: 'object', properties: { p: { oneOf: [{ type: 'object', required: ['a'], properties: { a: { anyOf: [{ type: 'string' }, { type: 'object', required: ['z', 'y'] }] } } }, { type: 'object', required: ['q', 'r', 's', 't'] }] } } };
    expect(findings(inner, { p: { a: {} } })).toEqual([mismatch('wrong-type', '/p/a', 'string [anyOf: closest alternative, #1 of 2]', 'object {}')]);
  });

  test("errors beside a combinator's are kept, in ajv's order", () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' }, v: { oneOf: [{ type: 'string' }, { type: 'boolean' }] } } };
    expect(findings(schema, { v: 1 })).toEqual([
      mismatch('missing-property', '/id', 'required property "id"', 'absent'),
      mismatch('wrong-type', '/v', 'string [oneOf: closest alternative, #1 of 2]', 'integer 1'),
    ]);
  });
});

describe('patterns, properties not in the spec, repeats', () => {
  test('a pattern that needs lookaround is not run, and said so', () => {
    expect(findings({ type: 'string', pattern: '^(?=a)a+\u0007$' }, 'b')).toEqual([
      { kind: 'not-validated', severity: 'info', expected: 'the pattern /^(?=a)a+\\x07$/', actual: 'not checked: it needs lookaround or backreferences, which only an engine whose time can grow without bound matches' },
    ]);
  });

  test('a property not in the spec: information at its pointer, secrets hidden, long names cut at 200', () => {
    const long = 'k'.repeat(300);
    expect(findings({ type: 'object', properties: {} }, { [`${SECRET}\u001b`]: SECRET, [long]: 2 })).toEqual([
      { kind: 'undocumented-property', severity: 'info', pointer: '/***\\x1b', expected: 'not mentioned by the schema', actual: 'string "***"' },
      { kind: 'undocumented-property', severity: 'info', pointer: `/${'k'.repeat(199)}…`, expected: 'not mentioned by the schema', actual: 'integer 2' },
    ]);
  });

  test('the same finding twice is reported once', () => {
    expect(findings({ allOf: [{ required: ['a'] }, { required: ['a'] }, { required: ['b'] }] }, {})).toEqual([
      mismatch('missing-property', '/a', 'required property "a"', 'absent'),
      mismatch('missing-property', '/b', 'required property "b"', 'absent'),
    ]);
  });
});

describe('at most 100 findings per call', () => {
  const many = (count: number): Finding[] => Array.from({ length: count }, (_, index) => ({ kind: 'wrong-type', severity: 'mismatch', pointer: `/${index}`, expected: 'integer', actual: 'string "x"' }));

  test('100 are all kept', () => {
    expect(MAX_FINDINGS_PER_CALL).toBe(100);
    expect(capFindings(many(100))).toEqual(many(100));
  });

  test('beyond, the first 100 and how many more', () => {
    expect(capFindings(many(103))).toEqual([...many(100), { kind: 'left-out', severity: 'info', expected: 'at most 100 findings per call', actual: '3 more findings left out of this report' }]);
  });

  test('a body with thousands of wrong items', () => {
    const shown = capFindings(findings({ type: 'array', items: { type: 'integer' } }, Array.from({ length: 1000 }, () => 'x')));
    expect(shown).toHaveLength(101);
    expect(shown[99]?.pointer).toBe('/99');
    expect(shown[100]?.actual).toBe('900 more findings left out of this report');
  });
});

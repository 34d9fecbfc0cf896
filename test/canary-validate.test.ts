// The body validator on each dialect's spelling of the same ideas: nullability (3.1 type lists,
// 3.0 `nullable`, Swagger 2.0 `x-nullable`), discriminators, readOnly/writeOnly, and properties
// the spec does not mention. Real ajv, real documents, no mocks.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bodyFindings } from '../packages/openapi-drift/src/canary/findings.ts';
import { dialectOf, findOperation } from '../packages/openapi-drift/src/openapi/operations.ts';
import { starterCanarySection } from '../packages/openapi-drift/src/canary/starter.ts';
import { BodyValidator } from '../packages/openapi-drift/src/canary/validate.ts';
import { REPO } from './helpers/temp-project.ts';

type Schema = Record<string, unknown>;

function openapi(version: '3.0.3' | '3.1.0', schema: Schema, schemas: Record<string, Schema> = {}): Record<string, unknown> {
  const content = { 'application/json': { schema } };
  return { openapi: version, info: { title: 't', version: '1' }, paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', content } } } } }, components: { schemas } };
}

function swagger(schema: Schema, definitions: Record<string, Schema> = {}): Record<string, unknown> {
  return { swagger: '2.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { operationId: 'x', responses: { '200': { description: 'ok', schema } } } } }, definitions };
}

/** The findings for `body` as the answer of operation x, as kind and pointer. */
function check(document: Record<string, unknown>, body: unknown): Array<{ kind: string; pointer: string | undefined; expected?: string }> {
  const pointer = findOperation(document, 'x')?.responses[0]?.content[0]?.schemaPointer as string;
  const validator = new BodyValidator(document, dialectOf(document), [pointer], 'openapi.json');
  return bodyFindings(validator.check(pointer, body), body, validator, (text) => text).map(({ kind, pointer: at }) => ({ kind, pointer: at }));
}

const ok: never[] = [];

describe('null', () => {
  test("OpenAPI 3.1: type ['string', 'null']", () => {
    const document = openapi('3.1.0', { type: 'object', properties: { a: { type: ['string', 'null'] }, b: { type: 'string' } } });
    expect(check(document, { a: null, b: 'x' })).toEqual(ok);
    expect(check(document, { a: 5 })).toEqual([{ kind: 'wrong-type', pointer: '/a' }]);
    expect(check(document, { b: null })).toEqual([{ kind: 'null-not-allowed', pointer: '/b' }]);
  });

  test('OpenAPI 3.1: a stray 3.0 `nullable` means nothing', () => {
    expect(check(openapi('3.1.0', { type: 'string', nullable: true }), null)).toEqual([{ kind: 'null-not-allowed', pointer: '' }]);
  });

  test('OpenAPI 3.0: nullable, with a type, an enum, a $ref beside it, or allOf without a type', () => {
    const document = openapi(
      '3.0.3',
      {
        type: 'object',
        properties: {
          plain: { type: 'string' },
          nullable: { type: 'string', nullable: true },
          choice: { type: 'string', enum: ['a', 'b'], nullable: true },
          byRef: { $ref: '#/components/schemas/Owner', nullable: true },
          composed: { allOf: [{ $ref: '#/components/schemas/Owner' }], nullable: true },
        },
      },
      { Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    );
    expect(check(document, { nullable: null, choice: null, byRef: null, composed: null })).toEqual(ok);
    expect(check(document, { plain: null })).toEqual([{ kind: 'null-not-allowed', pointer: '/plain' }]);
    expect(check(document, { choice: 'c' })).toEqual([{ kind: 'not-in-enum', pointer: '/choice' }]);
    // Nullable still checks a value that is there.
    expect(check(document, { byRef: {}, composed: { name: 1 } })).toEqual([
      { kind: 'missing-property', pointer: '/byRef/name' },
      { kind: 'wrong-type', pointer: '/composed/name' },
    ]);
  });

  test('Swagger 2.0: x-nullable, boolean exclusiveMaximum and type file', () => {
    const document = swagger({ type: 'object', properties: { a: { type: 'string', 'x-nullable': true }, b: { type: 'string' }, n: { type: 'integer', maximum: 10, exclusiveMaximum: true } } });
    expect(check(document, { a: null, n: 9 })).toEqual(ok);
    expect(check(document, { b: null })).toEqual([{ kind: 'null-not-allowed', pointer: '/b' }]);
    expect(check(document, { n: 10 })).toEqual([{ kind: 'constraint', pointer: '/n' }]);
    expect(check(swagger({ type: 'file' }), 'any bytes')).toEqual(ok);
  });
});

describe('discriminator', () => {
  const pets = {
    Cat: { type: 'object', required: ['kind', 'meow'], properties: { kind: { type: 'string', enum: ['cat'] }, meow: { type: 'string' } } },
    Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { type: 'string', enum: ['dog'] }, bark: { type: 'string' } } },
  };
  const alternatives = [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }];

  test('with a mapping: only the alternative the tag selects is checked', () => {
    const document = openapi('3.0.3', { oneOf: alternatives, discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } } }, pets);
    expect(check(document, { kind: 'dog', bark: 'woof' })).toEqual(ok);
    expect(check(document, { kind: 'dog' })).toEqual([{ kind: 'missing-property', pointer: '/bark' }]);
    expect(check(document, { kind: 'bird' })).toEqual([{ kind: 'not-in-enum', pointer: '/kind' }]);
    expect(check(document, { kind: 'dog', bark: 'woof', wag: true })).toEqual([{ kind: 'undocumented-property', pointer: '/wag' }]);
  });

  test('without one, a oneOf that nothing matches is reported by its closest alternative', () => {
    const document = openapi('3.0.3', { oneOf: alternatives }, pets);
    const pointer = findOperation(document, 'x')?.responses[0]?.content[0]?.schemaPointer as string;
    const validator = new BodyValidator(document, 'openapi-3.0', [pointer], 'openapi.json');
    const findings = bodyFindings(validator.check(pointer, { kind: 'dog' }), { kind: 'dog' }, validator, (text) => text);
    expect(findings.map(({ kind, pointer: at, expected }) => ({ kind, at, expected }))).toEqual([{ kind: 'missing-property', at: '/bark', expected: 'required property "bark" [oneOf: closest alternative, #2 of 2]' }]);
  });

  test('tags given by mapping alone, and the allOf inheritance of 3.0, still validate', () => {
    const untagged = {
      Cat: { type: 'object', required: ['kind', 'meow'], properties: { kind: { type: 'string' }, meow: { type: 'string' } } },
      Dog: { type: 'object', required: ['kind', 'bark'], properties: { kind: { type: 'string' }, bark: { type: 'string' } } },
    };
    const byMapping = openapi('3.0.3', { oneOf: alternatives, discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } } }, untagged);
    expect(check(byMapping, { kind: 'cat', meow: 'purr' })).toEqual(ok);
    expect(check(byMapping, { kind: 'cat', meow: 1 })).toEqual([{ kind: 'wrong-type', pointer: '/meow' }]);
    const inherited = openapi('3.0.3', { $ref: '#/components/schemas/Lion' }, {
      Pet: { type: 'object', required: ['kind'], discriminator: { propertyName: 'kind' }, properties: { kind: { type: 'string' } } },
      Lion: { allOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'object', required: ['roar'], properties: { roar: { type: 'string' } } }] },
    });
    expect(check(inherited, { kind: 'Lion', roar: 'loud' })).toEqual(ok);
    expect(check(inherited, { kind: 'Lion' })).toEqual([{ kind: 'missing-property', pointer: '/roar' }]);
  });
});

describe('readOnly and writeOnly in responses', () => {
  const document = openapi('3.0.3', { $ref: '#/components/schemas/User' }, {
    Password: { type: 'string', writeOnly: true },
    User: {
      type: 'object',
      required: ['id', 'password', 'pin'],
      properties: { id: { type: 'integer', readOnly: true }, password: { $ref: '#/components/schemas/Password' }, pin: { type: 'string', writeOnly: true } },
    },
  });

  test('a required writeOnly property is not required in a response; a readOnly one is', () => {
    expect(check(document, { id: 1 })).toEqual(ok);
    expect(check(document, {})).toEqual([{ kind: 'missing-property', pointer: '/id' }]);
  });
});

describe('properties not in the spec', () => {
  test('reported once, as information, at their pointer; a map of extra properties is not', () => {
    const document = openapi('3.1.0', {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'integer' }, labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    });
    expect(check(document, [{ id: 1, labels: { any: 'x' } }, { id: 2, colour: 'teal' }])).toEqual([{ kind: 'undocumented-property', pointer: '/1/colour' }]);
  });

  test('a property that only the alternative that did not match leaves out is not reported', () => {
    const document = openapi('3.0.3', {
      oneOf: [
        { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['a'] }, owner: { type: 'object', properties: { name: { type: 'string' }, nick: { type: 'string' } } } } },
        { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['b'] }, owner: { type: 'object', properties: { name: { type: 'string' } } } } },
      ],
    });
    expect(check(document, { kind: 'a', owner: { name: 'x', nick: 'y' } })).toEqual(ok);
    expect(check(document, { kind: 'a', owner: { name: 'x', age: 3 } })).toEqual([{ kind: 'undocumented-property', pointer: '/owner/age' }]);
  });
});

describe('a starting canary section', () => {
  const snapshot = async (client: string) => JSON.parse(await fs.readFile(path.join(REPO, 'clients', client, 'openapi.json'), 'utf8')) as Record<string, unknown>;

  test('petstore: its one GET without parameters', async () => {
    expect(starterCanarySection(await snapshot('petstore'))).toEqual({ operations: [{ operationId: 'listPets' }] });
  });

  test('ix-api: every GET that needs no parameter, none that needs one', async () => {
    const ids = starterCanarySection(await snapshot('ix-api'))?.operations.map((operation) => operation.operationId) ?? [];
    expect(ids).toContain('api_health_read');
    expect(ids).toContain('accounts_list');
    expect(ids).not.toContain('accounts_read');
    expect(ids).not.toContain('accounts_create');
    expect(ids).toHaveLength(21);
  });

  test('none when no operation qualifies', () => {
    expect(starterCanarySection({ openapi: '3.1.0', paths: { '/x/{id}': { get: { operationId: 'x', parameters: [{ name: 'id', in: 'path', required: true }] } } } })).toBeUndefined();
  });
});

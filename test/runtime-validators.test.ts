// The generated runtime validators judge a body as the canary's validator does, over the same
// 2020-12 reading of Swagger 2.0, OpenAPI 3.0 and 3.1 schemas: for each body below, the expected
// verdict, the runtime validator's and the canary's agree. The bodies exercise what the preparation
// rewrites (nullable, x-nullable, boolean exclusiveMaximum, writeOnly, discriminator with mapping)
// and what the standalone code is rewritten for (3.1's unevaluatedProperties through allOf and $ref,
// which reads ajv's evaluation records; maxLength, which needs ajv's ucs2length helper; an enum of
// objects, which needs its deep equality).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BodyValidator } from '../packages/openapi-drift/src/canary/validate.ts';
import { dialectOf, findOperation } from '../packages/openapi-drift/src/openapi/operations.ts';
import type { OperationValidators } from '../packages/openapi-drift/src/runtime/index.ts';
import { validatorSource } from '../packages/openapi-drift/src/validators/validator-source.ts';

const answer = (schema: unknown) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });

const OPENAPI_30 = {
  openapi: '3.0.3',
  info: { title: 'shapes', version: '1' },
  paths: {
    '/shapes/{id}': { get: { operationId: 'get-shape', responses: answer({ $ref: '#/components/schemas/Shape' }) } },
    '/accounts/{id}': { get: { operationId: 'get_account', responses: answer({ $ref: '#/components/schemas/Account' }) } },
  },
  components: {
    schemas: {
      Shape: {
        oneOf: [{ $ref: '#/components/schemas/Circle' }, { $ref: '#/components/schemas/Square' }],
        discriminator: { propertyName: 'kind', mapping: { circle: '#/components/schemas/Circle', square: '#/components/schemas/Square' } },
      },
      Circle: { type: 'object', required: ['kind', 'radius'], properties: { kind: { type: 'string', enum: ['circle'] }, radius: { type: 'number', maximum: 10, exclusiveMaximum: true } } },
      Square: { type: 'object', required: ['kind', 'side'], properties: { kind: { type: 'string', enum: ['square'] }, side: { type: 'integer' } } },
      Account: {
        type: 'object',
        required: ['id', 'password', 'plan'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', maxLength: 3 },
          password: { type: 'string', writeOnly: true },
          nickname: { type: 'string', nullable: true },
          plan: { type: 'string', enum: ['free', 'paid'], nullable: true },
          limits: { enum: [{ calls: 10 }, { calls: 100 }] },
        },
      },
    },
  },
};

const OPENAPI_31 = {
  openapi: '3.1.0',
  info: { title: 'closed', version: '1' },
  paths: { '/things': { get: { operationId: 'listThings', responses: answer({ type: 'array', items: { $ref: '#/components/schemas/Thing' } }) } } },
  components: {
    schemas: {
      Named: { type: 'object', properties: { name: { type: ['string', 'null'] } } },
      Thing: { allOf: [{ $ref: '#/components/schemas/Named' }], properties: { id: { const: 1 } }, unevaluatedProperties: false },
    },
  },
};

const SWAGGER_20 = {
  swagger: '2.0',
  info: { title: 'old', version: '1' },
  paths: { '/notes': { get: { operationId: 'listNotes', produces: ['application/json'], responses: { '200': { description: 'ok', schema: { type: 'array', items: { $ref: '#/definitions/Note' } } } } } } },
  definitions: { Note: { type: 'object', required: ['text'], properties: { text: { type: 'string', 'x-nullable': true } } } },
};

const documents = { OPENAPI_30, OPENAPI_31, SWAGGER_20 } as Record<string, Record<string, unknown>>;

const cases: Array<{ description: string; document: keyof typeof documents; operationId: string; exportName: string; body: unknown; valid: boolean }> = [
  { description: 'the circle a discriminator with a mapping selects', document: 'OPENAPI_30', operationId: 'get-shape', exportName: 'getShape', body: { kind: 'circle', radius: 9.5 }, valid: true },
  { description: 'a radius at an exclusive maximum', document: 'OPENAPI_30', operationId: 'get-shape', exportName: 'getShape', body: { kind: 'circle', radius: 10 }, valid: false },
  { description: 'a square with a circle property', document: 'OPENAPI_30', operationId: 'get-shape', exportName: 'getShape', body: { kind: 'square', radius: 1 }, valid: false },
  { description: 'a response without its writeOnly property, nullable values null', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: 'a1', nickname: null, plan: null }, valid: true },
  { description: 'an id longer than maxLength (in characters, not code units)', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: '😀😀😀😀', plan: 'free' }, valid: false },
  { description: 'an id of maxLength characters that are two code units each', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: '😀😀😀', plan: 'free' }, valid: true },
  { description: 'an enum of objects, matched by value', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: 'a1', plan: 'paid', limits: { calls: 100 } }, valid: true },
  { description: 'an object outside an enum of objects', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: 'a1', plan: 'paid', limits: { calls: 5 } }, valid: false },
  { description: 'a value outside a nullable enum', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: 'a1', plan: 'gold' }, valid: false },
  { description: 'a property additionalProperties: false forbids', document: 'OPENAPI_30', operationId: 'get_account', exportName: 'getAccount', body: { id: 'a1', plan: 'free', extra: 1 }, valid: false },
  { description: 'properties evaluated through allOf and $ref', document: 'OPENAPI_31', operationId: 'listThings', exportName: 'listThings', body: [{ id: 1, name: null }, { name: 'x' }], valid: true },
  { description: 'a property unevaluatedProperties: false forbids', document: 'OPENAPI_31', operationId: 'listThings', exportName: 'listThings', body: [{ id: 1, colour: 'red' }], valid: false },
  { description: 'x-nullable text that is null', document: 'SWAGGER_20', operationId: 'listNotes', exportName: 'listNotes', body: [{ text: null }], valid: true },
  { description: 'a note without its required text', document: 'SWAGGER_20', operationId: 'listNotes', exportName: 'listNotes', body: [{}], valid: false },
];

let temp: string;
const modules = new Map<string, Record<string, OperationValidators>>();

beforeAll(async () => {
  temp = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-runtime-validators-'));
  for (const [name, document] of Object.entries(documents)) {
    // The generated module is JavaScript behind a type-check pragma: loaded here as such.
    const file = path.join(temp, `${name}.mjs`);
    await fs.writeFile(file, validatorSource(document, `${name}.json`));
    modules.set(name, await import(pathToFileURL(file).href));
  }
});

afterAll(async () => {
  await fs.rm(temp, { recursive: true, force: true });
});

describe('the runtime validators judge as the canary does', () => {
  test.each(cases)('$description ($document): valid $valid', ({ document, operationId, exportName, body, valid }) => {
    const operation = modules.get(document)![exportName]!;
    expect(operation.operationId).toBe(operationId);
    const validate = operation.responses['200']!['application/json']!;
    const spec = documents[document]!;
    const pointer = findOperation(spec, operationId)!.responses[0]!.content[0]!.schemaPointer!;
    const canary = new BodyValidator(spec, dialectOf(spec), [pointer], `${document}.json`).check(pointer, body);
    expect({ runtime: validate(body), canary: canary.errors.length === 0 }).toEqual({ runtime: valid, canary: valid });
  });
});

test('the module imports nothing and exports one object per operation and all of them as validators', () => {
  const source = validatorSource(OPENAPI_30, 'shapes.json');
  expect(source).not.toMatch(/^\s*import\b|\bimport\(|\brequire\(/m);
  expect(source).toMatch(/^\/\/ @ts-nocheck\n/);
  expect(source).toContain('export const validators = { getShape, getAccount };');
  // Generation is deterministic: the contract test compares it byte for byte.
  expect(validatorSource(OPENAPI_30, 'shapes.json')).toBe(source);
});

test("validators are refused, naming the setting and the fix, when hey-api's output folder is the client folder itself (their folder would lie outside it)", async () => {
  const { withRuntimeValidators } = await import('../packages/openapi-drift/src/validators/client-validators.ts');
  const { ConfigError } = await import('../packages/openapi-drift/src/core/errors.ts');
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-validators-place-'));
  try {
    const clientDir = path.join(root, 'clients', 'shop');
    await fs.mkdir(clientDir, { recursive: true });
    await fs.writeFile(path.join(clientDir, 'openapi-drift.json'), JSON.stringify({ runtime: { validators: true } }));
    const regeneration = { clientDir, outputDir: clientDir, snapshotFile: path.join(clientDir, 'openapi.json'), files: new Map() } as unknown as Parameters<typeof withRuntimeValidators>[0];
    const error = await withRuntimeValidators(regeneration, { displayRoot: root }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe("clients/shop: the runtime validators go beside hey-api's output folder (clients/shop-drift), which lies outside the client folder");
    // Without the setting nothing is refused, and nothing outside the client folder is read.
    await fs.writeFile(path.join(clientDir, 'openapi-drift.json'), JSON.stringify({}));
    await expect(withRuntimeValidators(regeneration, { displayRoot: root })).resolves.toMatchObject({ companionDirs: [] });
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});

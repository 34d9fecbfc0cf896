// The shape of the `canary` section of clients/<name>/openapi-drift.json: every problem in one
// ConfigError that names the file and the field, a record without the section has no canary, and
// a well-formed section is returned as written.
import { describe, expect, test } from 'vitest';
import { canarySectionOf } from '../../../packages/openapi-drift/src/canary/config.ts';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import type { SourceConfig } from '../../../packages/openapi-drift/src/project/client-record.ts';

const FILE = 'clients/shop/openapi-drift.json';

function read(canary: unknown) {
  return canarySectionOf({ source: 'https://x.example.com/o.json', canary } as SourceConfig, 'clients/shop');
}

/** The message of the ConfigError that reading `canary` throws, without the file's prefix. */
function problems(canary: unknown): string {
  try {
    read(canary);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(FILE);
    expect((error as ConfigError).fix).toBe('see docs/canary.md for the fields of the canary section');
    const message = (error as Error).message;
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    return message.slice(FILE.length + 2);
  }
  throw new Error('no problem found');
}

test('a record without a canary section has none', () => {
  expect(canarySectionOf({ source: 'https://x.example.com/o.json' } as SourceConfig, 'clients/shop')).toBeUndefined();
});

test('a well-formed section is returned as written', () => {
  const section = {
    baseUrl: 'https://api.example.com/${STAGE}',
    headers: { Authorization: 'Bearer ${TOKEN}' },
    timeoutSeconds: 2.5,
    maxBytes: 1000,
    operations: [
      { operationId: 'a', path: { id: 7, flag: true, name: '${ID}' }, query: { tag: ['x', 2, false], q: 'y' }, headers: { 'X-Key': '${KEY}' } },
      { operationId: 'b', unsafe: true, body: { any: ['json'] } },
      { operationId: 'c', unsafe: false },
    ],
  };
  expect(read(section)).toBe(section);
});

describe('the section', () => {
  test.each([
    { name: 'not an object', canary: 'yes', problem: '"canary" must be an object' },
    { name: 'an array', canary: [], problem: '"canary" must be an object' },
    { name: 'null', canary: null, problem: '"canary" must be an object' },
    { name: 'no operations', canary: {}, problem: 'canary.operations must list at least one operation, e.g. [{"operationId": "listPets"}]' },
    { name: 'an empty list of operations', canary: { operations: [] }, problem: 'canary.operations must list at least one operation, e.g. [{"operationId": "listPets"}]' },
    { name: 'operations not a list', canary: { operations: { operationId: 'a' } }, problem: 'canary.operations must list at least one operation, e.g. [{"operationId": "listPets"}]' },
  ])('$name', ({ canary, problem }) => {
    expect(problems(canary)).toBe(problem);
  });

  test('unknown fields are named, with the known ones', () => {
    expect(problems({ operations: [{ operationId: 'a' }], baseURL: 'x', timeout: 1 })).toBe(
      'canary: unknown field "baseURL" (known: baseUrl, headers, timeoutSeconds, maxBytes, operations); canary: unknown field "timeout" (known: baseUrl, headers, timeoutSeconds, maxBytes, operations)',
    );
  });

  test.each([
    { baseUrl: '' },
    { baseUrl: 5 },
  ])('a baseUrl that is not a non-empty string: $baseUrl', ({ baseUrl }) => {
    expect(problems({ baseUrl, operations: [{ operationId: 'a' }] })).toBe('canary.baseUrl must be a URL');
  });

  test('timeoutSeconds and maxBytes within their ranges', () => {
    expect(problems({ timeoutSeconds: 0, maxBytes: 1.5, operations: [{ operationId: 'a' }] })).toBe(
      'canary.timeoutSeconds must be a number of seconds from 0.001 to 86400, got 0; canary.maxBytes must be a whole number of bytes from 1 to 4294967296, got 1.5',
    );
    expect(problems({ maxBytes: '1000', operations: [{ operationId: 'a' }] })).toBe('canary.maxBytes must be a whole number of bytes from 1 to 4294967296, got "1000"');
  });

  test('headers: an object of valid names whose values are variables', () => {
    expect(problems({ headers: ['Authorization'], operations: [{ operationId: 'a' }] })).toBe('canary.headers must be an object');
    expect(problems({ headers: { 'Bad Name': '${A}', 'X-Number': 5 }, operations: [{ operationId: 'a' }] })).toBe(
      "canary.headers: 'Bad Name' is not a valid header name; canary.headers.X-Number must be a string",
    );
    expect(problems({ headers: { 'X-Key': 'literal' }, operations: [{ operationId: 'a' }] })).toMatch(/^canary\.headers\.X-Key must take its value from an environment variable/);
  });
});

describe('an operation', () => {
  test.each([
    { operation: 'a', problem: 'canary.operations[0] must be an object with an "operationId"' },
    { operation: null, problem: 'canary.operations[0] must be an object with an "operationId"' },
    { operation: ['a'], problem: 'canary.operations[0] must be an object with an "operationId"' },
    { operation: {}, problem: 'canary.operations[0].operationId must be the operationId of an operation in the snapshot' },
    { operation: { operationId: '' }, problem: 'canary.operations[0].operationId must be the operationId of an operation in the snapshot' },
    { operation: { operationId: 7 }, problem: 'canary.operations[0].operationId must be the operationId of an operation in the snapshot' },
    { operation: { operationId: 'a', unsafe: 'yes' }, problem: 'canary.operations[0].unsafe must be true or false' },
    { operation: { operationId: 'a', body: {} }, problem: 'canary.operations[0].body is sent only by an operation marked "unsafe": true' },
    { operation: { operationId: 'a', unsafe: false, body: {} }, problem: 'canary.operations[0].body is sent only by an operation marked "unsafe": true' },
    { operation: { operationId: 'a', path: 'id=1' }, problem: 'canary.operations[0].path must be an object of parameter names and values' },
    { operation: { operationId: 'a', query: ['limit'] }, problem: 'canary.operations[0].query must be an object of parameter names and values' },
    { operation: { operationId: 'a', path: { id: [1] } }, problem: 'canary.operations[0].path.id must be a string, number or boolean' },
    { operation: { operationId: 'a', path: { id: null } }, problem: 'canary.operations[0].path.id must be a string, number or boolean' },
    { operation: { operationId: 'a', query: { n: Number.POSITIVE_INFINITY } }, problem: 'canary.operations[0].query.n must be a string, number or boolean, or an array of them' },
    { operation: { operationId: 'a', query: { n: [1, {}] } }, problem: 'canary.operations[0].query.n must be a string, number or boolean, or an array of them' },
    { operation: { operationId: 'a', query: { n: {} } }, problem: 'canary.operations[0].query.n must be a string, number or boolean, or an array of them' },
    { operation: { operationId: 'a', headers: 'x' }, problem: 'canary.operations[0].headers must be an object' },
    { operation: { operationId: 'a', operationID: 'a' }, problem: 'canary.operations[0]: unknown field "operationID" (known: operationId, path, query, headers, unsafe, body)' },
  ])('$problem', ({ operation, problem }) => {
    expect(problems({ operations: [operation] })).toBe(problem);
  });

  test('every problem of every operation, in order, each naming its index', () => {
    expect(problems({ operations: [{ operationId: 'a' }, {}, { operationId: 'c', unsafe: 1 }] })).toBe(
      'canary.operations[1].operationId must be the operationId of an operation in the snapshot; canary.operations[2].unsafe must be true or false',
    );
  });
});

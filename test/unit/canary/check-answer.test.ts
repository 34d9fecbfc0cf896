// One answer against what the snapshot documents for its operation, as the report shows it: the
// status (exact, range, default), a documented error status noted, bodiless statuses and HEAD not
// read, the content type, then the JSON body against its schema. Real snapshot objects and the
// real validator; the answers are what fetch would have returned.
import { describe, expect, test } from 'vitest';
import { checkAnswer } from '../../../packages/openapi-drift/src/canary/check-answer.ts';
import type { Answer, PlannedCall } from '../../../packages/openapi-drift/src/canary/request.ts';
import { redactor } from '../../../packages/openapi-drift/src/canary/text.ts';
import { BodyValidator } from '../../../packages/openapi-drift/src/canary/validate.ts';
import { dialectOf, findOperation } from '../../../packages/openapi-drift/src/openapi/operations.ts';

const item = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/items': {
      get: {
        operationId: 'getItem',
        responses: {
          '200': { description: 'ok', content: { 'application/json': { schema: item }, 'text/csv': { schema: { type: 'string' } }, 'image/*': {} } },
          '204': { description: 'nothing' },
          '4XX': { description: 'client error', content: { 'application/problem+json': { schema: item } } },
          default: { description: 'other', content: { '*/*': { schema: item } } },
        },
      },
      head: { operationId: 'headItems', responses: { '200': { description: 'ok', content: { 'application/json': { schema: item } } } } },
      delete: { operationId: 'deleteItems', responses: { '202': { description: 'accepted' }, '3XX': { description: 'moved', content: { 'application/json': { schema: item } } } } },
      put: { operationId: 'putItems', responses: {} },
    },
  },
};

function call(operationId: string): PlannedCall {
  const operation = findOperation(DOCUMENT, operationId);
  if (!operation) throw new Error(operationId);
  return { label: operationId, operation, url: 'http://127.0.0.1/items', headers: {} };
}

const roots = ['/paths/~1items/get/responses/200/content/application~1json/schema', '/paths/~1items/get/responses/4XX/content/application~1problem+json/schema', '/paths/~1items/get/responses/default/content/*~1*/schema', '/paths/~1items/delete/responses/3XX/content/application~1json/schema', '/paths/~1items/get/responses/200/content/text~1csv/schema'];
const validator = new BodyValidator(DOCUMENT, dialectOf(DOCUMENT), roots, 'openapi.json');
const SECRET = 'tok-0123456789';
const redact = redactor([SECRET]);

function check(operationId: string, status: number, contentType: string | undefined, body: string | Buffer = '') {
  const answer: Answer = { status, contentType, body: typeof body === 'string' ? Buffer.from(body) : body };
  return checkAnswer(call(operationId), answer, validator, redact);
}

describe('the status', () => {
  test('a conforming 200: no findings', () => {
    expect(check('getItem', 200, 'application/json; charset=utf-8', '{"id":1}')).toEqual([]);
  });

  test('undocumented: the documented statuses, what came back, secrets hidden and sanitized', () => {
    expect(check('deleteItems', 500, `text/html; x=${SECRET}\u001b`, '<html>oops</html>')).toEqual([
      { kind: 'undocumented-status', severity: 'mismatch', expected: 'one of 202, 3XX', actual: '500 (text/html; x=***\\x1b, 17 bytes: <html>oops</html>)' },
    ]);
    expect(check('putItems', 200, undefined)).toEqual([{ kind: 'undocumented-status', severity: 'mismatch', expected: 'one of none', actual: '200 (no content type, an empty body)' }]);
  });

  test('a range and default are documented statuses; a non-2xx one is noted, then checked', () => {
    expect(check('getItem', 404, 'application/problem+json', '{"id":2}')).toEqual([{ kind: 'error-status', severity: 'info', expected: 'documented as 4XX; its body is checked like any other', actual: '404' }]);
    expect(check('getItem', 503, 'application/json', '{}')).toEqual([
      { kind: 'error-status', severity: 'info', expected: 'documented as default; its body is checked like any other', actual: '503' },
      { kind: 'missing-property', severity: 'mismatch', pointer: '/id', expected: 'required property "id"', actual: 'absent' },
    ]);
    expect(check('getItem', 199, 'application/json', '{"id":1}').map((finding) => finding.kind)).toEqual(['error-status']);
    expect(check('getItem', 300, 'application/json', '{"id":1}').map((finding) => finding.kind)).toEqual(['error-status']);
    expect(check('getItem', 299, 'application/json', '{"id":1}')).toEqual([]);
  });
});

describe('no body to read', () => {
  test('204 and HEAD: the body is not looked at', () => {
    expect(check('getItem', 204, 'text/plain', 'surprise')).toEqual([]);
    expect(check('headItems', 200, 'text/plain', 'anything')).toEqual([]);
  });

  test('205 and 304 have no body either; their status is noted', () => {
    expect(check('getItem', 205, undefined, 'x').map((finding) => finding.kind)).toEqual([]);
    expect(check('deleteItems', 304, 'text/plain', 'x').map((finding) => finding.kind)).toEqual(['error-status']);
  });

  test('a response documented without a body that comes with one: noted', () => {
    expect(check('deleteItems', 202, 'text/plain', 'queued')).toEqual([{ kind: 'undocumented-body', severity: 'info', expected: 'no body for 202', actual: 'text/plain, 6 bytes: queued' }]);
    expect(check('deleteItems', 202, undefined, 'queued')).toEqual([{ kind: 'undocumented-body', severity: 'info', expected: 'no body for 202', actual: 'no content type, 6 bytes: queued' }]);
    expect(check('deleteItems', 202, 'text/plain', '')).toEqual([]);
  });
});

describe('the content type', () => {
  const documented = 'application/json, text/csv, image/*';

  test('not documented, absent, or no body where one is documented', () => {
    expect(check('getItem', 200, 'text/html', '<p>login</p>')).toEqual([{ kind: 'undocumented-content-type', severity: 'mismatch', expected: documented, actual: 'text/html, 12 bytes: <p>login</p>' }]);
    expect(check('getItem', 200, undefined, '{"id":1}')).toEqual([{ kind: 'undocumented-content-type', severity: 'mismatch', expected: documented, actual: 'no content type, 8 bytes: {"id":1}' }]);
    expect(check('getItem', 200, 'application/json', '')).toEqual([{ kind: 'undocumented-content-type', severity: 'mismatch', expected: documented, actual: 'no body (application/json)' }]);
    expect(check('getItem', 200, undefined, '')).toEqual([{ kind: 'undocumented-content-type', severity: 'mismatch', expected: documented, actual: 'no body' }]);
  });

  test('a documented type without a schema: nothing to check', () => {
    expect(check('getItem', 200, 'image/png', Buffer.from([0x89, 0x50]))).toEqual([]);
  });

  test('a documented schema on a type that is not JSON: noted, not validated', () => {
    expect(check('getItem', 200, 'text/csv; header=present', 'a,b')).toEqual([{ kind: 'not-validated', severity: 'info', expected: 'text/csv with a schema', actual: 'text/csv; header=present: only JSON bodies are validated' }]);
  });

  test('*/* takes any type, and a +json type is validated as JSON', () => {
    expect(check('getItem', 500, 'application/vnd.api+json', '{"id":"x"}').map((finding) => finding.kind)).toEqual(['error-status', 'wrong-type']);
  });
});

describe('the body', () => {
  test('not JSON where JSON is documented', () => {
    expect(check('getItem', 200, 'application/json', `{"id": 7, "t": "${SECRET}"`)).toEqual([{ kind: 'unparsable-body', severity: 'mismatch', expected: 'JSON (application/json)', actual: '31 bytes: {"id": 7, "t": "***"' }]);
  });

  test('a schema mismatch, with the value that came back', () => {
    expect(check('deleteItems', 302, 'application/json', `{"id":"${SECRET}"}`)).toEqual([
      { kind: 'error-status', severity: 'info', expected: 'documented as 3XX; its body is checked like any other', actual: '302' },
      { kind: 'wrong-type', severity: 'mismatch', pointer: '/id', expected: 'integer', actual: 'string "***"' },
    ]);
  });
});

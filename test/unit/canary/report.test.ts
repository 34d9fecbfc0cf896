// The canary's report as a user reads it: text for a terminal or a CI log, markdown for an issue
// or a job summary (one line per table cell, pipes escaped), JSON for scripts (with the exit code
// of the worst client); and the exit code each outcome means.
import { describe, expect, test } from 'vitest';
import { KIND_LABELS } from '../../../packages/openapi-drift/src/canary/findings.ts';
import { formatCanaryReport } from '../../../packages/openapi-drift/src/canary/report.ts';
import { CANARY_EXIT, worstCanaryStatus, type CanaryResult, type CanaryStatus } from '../../../packages/openapi-drift/src/canary/result.ts';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';

const FIX = "a mismatch means the spec and the service disagree: tell the API's owner; if the service is right, the spec must change at its source (a snapshot corrected by hand is undone by the next sync)";

const SHOP: CanaryResult = {
  name: 'shop',
  status: 'mismatch',
  baseUrl: 'https://shop.example.com/${STAGE}',
  calls: [
    {
      operationId: 'getItem',
      method: 'GET',
      path: '/items/{itemId}',
      status: 'mismatch',
      httpStatus: 200,
      contentType: 'application/json; charset=utf-8',
      findings: [
        { kind: 'wrong-type', severity: 'mismatch', pointer: '/id', expected: 'integer', actual: 'string "7"' },
        { kind: 'undocumented-property', severity: 'info', pointer: '', expected: 'not mentioned | x', actual: 'a `b`' },
        { kind: 'error-status', severity: 'info', expected: 'documented as 404', actual: '404' },
      ],
    },
    { operationId: 'listItemsLonger', method: 'GET', path: '/items', status: 'unreachable', findings: [], problem: 'listItems: the service is unreachable (ECONNREFUSED)\n\nFix: check it' },
    { operationId: 'x', method: 'HEAD', path: '/x', status: 'not-called', findings: [], problem: 'not called: an earlier call had no answer (timeout)' },
    { operationId: 'ok', method: 'HEAD', path: '/x', status: 'conforms', httpStatus: 200, contentType: '', findings: [] },
  ],
};
const BROKEN: CanaryResult = { name: 'bad|name', status: 'error', calls: [], error: new ConfigError('clients/bad/openapi-drift.json: wrong\nsecond line', { fix: 'do x' }) };
const NONE: CanaryResult = { name: 'none', status: 'no-canary', calls: [] };

describe('text', () => {
  test('a headline per client, a line per call, three lines per finding, the fix after a mismatch', () => {
    expect(formatCanaryReport([SHOP, BROKEN, NONE], 'text')).toBe(
      [
        'shop: mismatch (4 operations, calls to https://shop.example.com/${STAGE})',
        '  MISMATCH    getItem          GET /items/{itemId}  → 200 application/json',
        '      MISMATCH wrong type  at /id',
        '               spec: integer',
        '               got:  string "7"',
        '      info     property not in the spec  at (the body)',
        '               spec: not mentioned | x',
        '               got:  a `b`',
        '      info     documented error status',
        '               spec: documented as 404',
        '               got:  404',
        '  UNREACHABLE listItemsLonger  GET /items',
        '      listItems: the service is unreachable (ECONNREFUSED)',
        '      Fix: check it',
        '  not called  x                HEAD /x',
        '      not called: an earlier call had no answer (timeout)',
        '  ok          ok               HEAD /x  → 200',
        `  fix: ${FIX}`,
        'bad|name: error',
        'none: no canary section, nothing called',
        '',
      ].join('\n'),
    );
  });

  test('names and paths from the snapshot are sanitized; an unreachable service has no fix line', () => {
    const result: CanaryResult = { name: 'api', status: 'unreachable', baseUrl: 'http://a\u001b', calls: [{ operationId: 'op\u001b', method: 'GET', path: '/x\u0007', status: 'unreachable', findings: [] }] };
    expect(formatCanaryReport([result], 'text')).toBe('api: service unreachable (1 operations, calls to http://a\\x1b)\n  UNREACHABLE op\\x1b  GET /x\\x07\n');
    expect(formatCanaryReport([{ name: 'api', status: 'conforms', calls: [] }], 'text')).toBe('api: conforms\n');
  });
});

describe('markdown', () => {
  test('tables of calls and findings, problems as one line each, pipes escaped, backticks softened', () => {
    expect(formatCanaryReport([SHOP, BROKEN, NONE], 'markdown')).toBe(
      [
        '### shop: mismatch',
        '',
        'Calls to `https://shop.example.com/${STAGE}`.',
        '',
        '| operation | call | answer | result |',
        '| --- | --- | --- | --- |',
        '| getItem | `GET /items/{itemId}` | → 200 application/json | mismatch |',
        '| listItemsLonger | `GET /items` | — | unreachable |',
        '| x | `HEAD /x` | — | not called |',
        '| ok | `HEAD /x` | → 200 | ok |',
        '',
        '| operation | severity | finding | pointer | spec | got |',
        '| --- | --- | --- | --- | --- | --- |',
        '| getItem | mismatch | wrong type | `/id` | integer | string "7" |',
        "| getItem | info | property not in the spec | `(the body)` | not mentioned \\| x | a 'b' |",
        '| getItem | info | documented error status |  | documented as 404 | 404 |',
        '',
        '- listItemsLonger: listItems: the service is unreachable (ECONNREFUSED) Fix: check it',
        '- x: not called: an earlier call had no answer (timeout)',
        '',
        `Fix: ${FIX}.`,
        '',
        '### bad\\|name: error',
        '',
        'clients/bad/openapi-drift.json: wrong second line Fix: do x',
        '',
        '### none: no canary section, nothing called',
        '',
        '',
      ].join('\n'),
    );
  });

  test('a client with calls and no findings has no findings table', () => {
    const result: CanaryResult = { name: 'api', status: 'conforms', calls: [{ operationId: 'op', method: 'GET', path: '/x', status: 'conforms', httpStatus: 204, findings: [] }] };
    expect(formatCanaryReport([result], 'markdown')).toBe('### api: conforms\n\n| operation | call | answer | result |\n| --- | --- | --- | --- |\n| op | `GET /x` | → 204 | ok |\n\n');
  });
});

describe('JSON', () => {
  test('the worst status and its exit code, each client, each finding with its label', () => {
    const report = JSON.parse(formatCanaryReport([SHOP, BROKEN, NONE], 'json')) as Record<string, unknown>;
    expect(report.summary).toEqual({ status: 'error', exitCode: 2 });
    expect(report.clients).toEqual([
      {
        name: 'shop',
        status: 'mismatch',
        baseUrl: 'https://shop.example.com/${STAGE}',
        calls: [
          { ...SHOP.calls[0], findings: [{ ...SHOP.calls[0]?.findings[0], label: 'wrong type' }, { ...SHOP.calls[0]?.findings[1], label: 'property not in the spec' }, { ...SHOP.calls[0]?.findings[2], label: 'documented error status' }] },
          SHOP.calls[1],
          SHOP.calls[2],
          SHOP.calls[3],
        ],
      },
      { name: 'bad|name', status: 'error', error: { message: 'clients/bad/openapi-drift.json: wrong\nsecond line', fix: 'do x' }, calls: [] },
      { name: 'none', status: 'no-canary', calls: [] },
    ]);
  });

  test('an error without a fix; no clients at all', () => {
    const report = JSON.parse(formatCanaryReport([{ name: 'a', status: 'error', calls: [], error: new ConfigError('broken') }], 'json')) as { clients: unknown[] };
    expect(report.clients).toEqual([{ name: 'a', status: 'error', error: { message: 'broken' }, calls: [] }]);
    expect(formatCanaryReport([], 'json')).toBe('{\n  "summary": {\n    "status": "no-canary",\n    "exitCode": 0\n  },\n  "clients": []\n}\n');
  });
});

test('each kind of finding has the label a report shows', () => {
  expect(KIND_LABELS).toEqual({
    'undocumented-status': 'undocumented status',
    'undocumented-content-type': 'undocumented content type',
    'unparsable-body': 'body is not valid JSON',
    'missing-property': 'missing required property',
    'wrong-type': 'wrong type',
    'not-in-enum': 'value outside the enum',
    'null-not-allowed': 'null where not nullable',
    constraint: 'constraint not met',
    'undocumented-property': 'property not in the spec',
    'undocumented-body': 'body the spec does not describe',
    'error-status': 'documented error status',
    'not-validated': 'body not validated',
    'left-out': 'findings left out',
  });
});

describe('exit codes', () => {
  test('0 conforms or nothing to call, 1 mismatch, 2 configuration error, 3 only when the service did not answer', () => {
    expect(CANARY_EXIT).toEqual({ conforms: 0, 'no-canary': 0, mismatch: 1, error: 2, unreachable: 3 });
  });

  test('the worst outcome wins: error over mismatch over unreachable over conforms', () => {
    const worst = (...statuses: CanaryStatus[]) => worstCanaryStatus(statuses);
    expect(worst()).toBe('no-canary');
    expect(worst('conforms', 'no-canary')).toBe('conforms');
    expect(worst('unreachable', 'conforms')).toBe('unreachable');
    expect(worst('unreachable', 'mismatch', 'conforms')).toBe('mismatch');
    expect(worst('mismatch', 'unreachable')).toBe('mismatch');
    expect(worst('error', 'mismatch', 'unreachable')).toBe('error');
    expect(worst('mismatch', 'error')).toBe('error');
  });
});

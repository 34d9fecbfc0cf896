// From a canary section and a snapshot to the calls the canary makes, before any request: the base
// URL (written, or the snapshot's first server), each call's URL with its parameters encoded, the
// headers sent (an operation's own over the section's), the limits, the values to hide, and every
// refusal at once in one ConfigError naming the file and the field.
import { afterEach, describe, expect, test } from 'vitest';
import { planCanary, type CanaryPlan } from '../../../packages/openapi-drift/src/canary/plan.ts';
import type { CanarySection } from '../../../packages/openapi-drift/src/canary/config.ts';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import type { ResolvedSource } from '../../../packages/openapi-drift/src/project/client-record.ts';

const FILE = 'clients/shop/openapi-drift.json';
const FILE_SOURCE: ResolvedSource = { location: '/repo/specs/shop.json', isUrl: false, headers: {}, timeoutMs: 12_000, maxBytes: 5_000 };
const URL_SOURCE: ResolvedSource = { ...FILE_SOURCE, location: 'https://specs.example.com/shop/v2/openapi.json', isUrl: true };

const ENV = ['PLAN_TEST_TOKEN', 'PLAN_TEST_ID', 'PLAN_TEST_HOST', 'PLAN_TEST_BROKEN'];
afterEach(() => {
  for (const name of ENV) delete process.env[name];
});

const json = (schema: unknown = { type: 'object' }) => ({ 'application/json': { schema } });

function shop(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Shop', version: '1' },
    servers: [{ url: 'https://shop.example.com/api/' }],
    paths: {
      '/items': {
        get: {
          operationId: 'listItems',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer' } },
            { name: 'tag', in: 'query', schema: { type: 'array' } },
          ],
          responses: { '200': { description: 'ok', content: json() }, '404': { description: 'none', content: { 'application/problem+json': { schema: {} }, 'application/json': { schema: {} } } } },
        },
        head: { operationId: 'headItems', responses: { '200': { description: 'ok' } } },
        post: { operationId: 'createItem', responses: { '201': { description: 'created' } } },
      },
      '/items/{itemId}/parts/{partId}': {
        get: {
          operationId: 'getPart',
          parameters: [
            { name: 'itemId', in: 'path', required: true },
            { name: 'partId', in: 'path', required: true },
            { name: 'since', in: 'query', required: true },
            { name: 'X-Tenant', in: 'header', required: true },
            { name: 'X-Optional', in: 'header' },
          ],
          responses: { '200': { description: 'ok', content: json() } },
        },
      },
    },
    ...extra,
  };
}

function plan(section: Partial<CanarySection> & Pick<CanarySection, 'operations'>, document: Record<string, unknown> = shop(), options: { source?: ResolvedSource; timeoutMs?: number } = {}): CanaryPlan {
  return planCanary({ section, document, source: options.source ?? FILE_SOURCE, timeoutMs: options.timeoutMs, file: FILE, snapshotFile: 'clients/shop/openapi.json' });
}

/** The problems of the ConfigError the plan throws, split, without the file's prefix. */
function refused(...args: Parameters<typeof plan>): string[] {
  try {
    plan(...args);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(FILE);
    expect((error as ConfigError).fix).toBe('correct the canary section (see docs/canary.md); environment variables are set in CI from repository secrets');
    const message = (error as Error).message;
    expect(message.startsWith(`${FILE}: `)).toBe(true);
    return message.slice(FILE.length + 2).split('; ');
  }
  throw new Error('the plan was not refused');
}

describe('the base URL', () => {
  test("the snapshot's first server, with a trailing slash dropped from what is shown", () => {
    const built = plan({ operations: [{ operationId: 'listItems' }] });
    expect(built.baseUrlShown).toBe("https://shop.example.com/api (the snapshot's first server)");
    expect(built.calls[0]?.url).toBe('https://shop.example.com/api/items');
  });

  test("the server's query and fragment are not shown, nor its trailing slashes", () => {
    const built = plan({ operations: [{ operationId: 'headItems' }] }, shop({ servers: [{ url: 'https://shop.example.com/api//?key=1#top' }] }));
    expect(built.baseUrlShown).toBe("https://shop.example.com/api (the snapshot's first server)");
    expect(built.calls[0]?.url).toBe('https://shop.example.com/api/items');
  });

  test('an unset variable in canary.baseUrl is named', () => {
    expect(refused({ baseUrl: 'https://${PLAN_TEST_HOST}/api', operations: [{ operationId: 'headItems' }] })).toEqual(['canary.baseUrl needs the environment variable PLAN_TEST_HOST, which is not set']);
  });

  test('the server variables take their defaults', () => {
    const document = shop({ servers: [{ url: 'https://{region}.example.com/{version}', variables: { region: { default: 'eu' }, version: { default: 'v3' } } }, { url: 'https://other.example.com' }] });
    expect(plan({ operations: [{ operationId: 'headItems' }] }, document).calls[0]?.url).toBe('https://eu.example.com/v3/items');
  });

  test('a server variable without a default: the section must give the base URL', () => {
    const document = shop({ servers: [{ url: 'https://{region}.example.com/{version}', variables: { region: { enum: ['eu'] }, version: { default: 'v3' } } }] });
    expect(refused({ operations: [{ operationId: 'headItems' }] }, document)).toEqual(['the snapshot\'s server URL has the variable {region} with no default: give "canary.baseUrl"']);
    expect(plan({ baseUrl: 'https://eu.example.com/v3', operations: [{ operationId: 'headItems' }] }, document).calls[0]?.url).toBe('https://eu.example.com/v3/items');
  });

  test('a server variable with no variables object at all', () => {
    expect(refused({ operations: [{ operationId: 'headItems' }] }, shop({ servers: [{ url: 'https://{host}/' }] }))).toEqual(['the snapshot\'s server URL has the variable {host} with no default: give "canary.baseUrl"']);
  });

  test('no servers: "/", resolved against the source URL', () => {
    const built = plan({ operations: [{ operationId: 'headItems' }] }, shop({ servers: undefined }), { source: URL_SOURCE });
    expect(built.calls[0]?.url).toBe('https://specs.example.com/items');
    expect(built.baseUrlShown).toBe("https://specs.example.com (the snapshot's first server)");
    expect(plan({ operations: [{ operationId: 'headItems' }] }, shop({ servers: [{ description: 'no url' }] }), { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/items');
    expect(plan({ operations: [{ operationId: 'headItems' }] }, shop({ servers: ['https://x.example.com'] }), { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/items');
  });

  test('a relative server URL resolves against the source URL, and not against a file', () => {
    const document = shop({ servers: [{ url: 'api/v1' }] });
    expect(plan({ operations: [{ operationId: 'headItems' }] }, document, { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/shop/v2/api/v1/items');
    expect(refused({ operations: [{ operationId: 'headItems' }] }, document)).toEqual(['the snapshot\'s server URL "api/v1" is relative and the source is a file: give "canary.baseUrl"']);
  });

  test('a relative canary.baseUrl: resolved against the source URL; without one it is refused', () => {
    expect(plan({ baseUrl: '/gateway', operations: [{ operationId: 'headItems' }] }, shop(), { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/gateway/items');
    expect(refused({ baseUrl: '/gateway', operations: [{ operationId: 'headItems' }] })).toEqual(['canary.baseUrl is not a URL (a relative one needs a source URL to resolve against)']);
    expect(refused({ baseUrl: 'http://[bad', operations: [{ operationId: 'headItems' }] }, shop(), { source: URL_SOURCE })).toEqual(['canary.baseUrl is not a URL']);
  });

  test('only http and https', () => {
    expect(refused({ baseUrl: 'ftp://files.example.com', operations: [{ operationId: 'headItems' }] })).toEqual(['canary.baseUrl must be an http or https URL, not ftp:']);
    expect(refused({ operations: [{ operationId: 'headItems' }] }, shop({ servers: [{ url: 'ws://shop.example.com' }] }))).toEqual(['canary.baseUrl must be an http or https URL, not ws:']);
    expect(plan({ baseUrl: 'http://shop.example.com', operations: [{ operationId: 'headItems' }] }).calls[0]?.url).toBe('http://shop.example.com/items');
  });

  test("the base's query and fragment are dropped; its path is kept", () => {
    expect(plan({ baseUrl: 'https://shop.example.com/v1/?key=1#top', operations: [{ operationId: 'headItems' }] }).calls[0]?.url).toBe('https://shop.example.com/v1/items');
  });

  test('variables in canary.baseUrl are expanded, hidden as secrets, and the section\'s text is what is shown', () => {
    process.env.PLAN_TEST_HOST = 'internal.example.com';
    const built = plan({ baseUrl: 'https://${PLAN_TEST_HOST}/api', operations: [{ operationId: 'headItems' }] });
    expect(built.calls[0]?.url).toBe('https://internal.example.com/api/items');
    expect(built.baseUrlShown).toBe('https://${PLAN_TEST_HOST}/api');
    expect(built.secrets).toEqual(['internal.example.com']);
  });

  test('Swagger 2.0: the first scheme, the host and the base path', () => {
    const swagger = { swagger: '2.0', info: { title: 't', version: '1' }, paths: { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok' } } } } } };
    expect(plan({ operations: [{ operationId: 'listPets' }] }, { ...swagger, schemes: ['http', 'https'], host: 'pets.example.com:8080', basePath: '/v2' }).calls[0]?.url).toBe('http://pets.example.com:8080/v2/pets');
    expect(plan({ operations: [{ operationId: 'listPets' }] }, { ...swagger, host: 'pets.example.com', basePath: '/v2' }, { source: URL_SOURCE }).calls[0]?.url).toBe('https://pets.example.com/v2/pets');
    expect(plan({ operations: [{ operationId: 'listPets' }] }, { ...swagger, schemes: [1], host: 'pets.example.com' }, { source: URL_SOURCE }).calls[0]?.url).toBe('https://pets.example.com/pets');
    expect(plan({ operations: [{ operationId: 'listPets' }] }, { ...swagger, basePath: '/v2' }, { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/v2/pets');
    expect(plan({ operations: [{ operationId: 'listPets' }] }, { ...swagger, basePath: 2 }, { source: URL_SOURCE }).calls[0]?.url).toBe('https://specs.example.com/pets');
    expect(refused({ operations: [{ operationId: 'listPets' }] }, { ...swagger, schemes: ['https'], basePath: '/v2' })).toEqual(['the snapshot\'s server URL "/v2" is relative and the source is a file: give "canary.baseUrl"']);
  });
});

describe('the URL of a call', () => {
  test('path and query values, numbers and booleans, arrays sent once per value', () => {
    process.env.PLAN_TEST_ID = 'id 1/2';
    const built = plan({
      baseUrl: 'https://shop.example.com/api//',
      operations: [
        { operationId: 'getPart', path: { itemId: '${PLAN_TEST_ID}', partId: 7 }, query: { since: 'x y&z' }, headers: { 'X-Tenant': '${PLAN_TEST_ID}' } },
        { operationId: 'listItems', query: { tag: ['a', true, 3], limit: '${PLAN_TEST_ID}' } },
        { operationId: 'listItems' },
      ],
    });
    expect(built.calls.map((call) => call.url)).toEqual([
      'https://shop.example.com/api/items/id%201%2F2/parts/7?since=x+y%26z',
      'https://shop.example.com/api/items?tag=a&tag=true&tag=3&limit=id+1%2F2',
      'https://shop.example.com/api/items',
    ]);
    expect(built.calls.map((call) => call.label)).toEqual(['getPart', 'listItems', 'listItems']);
    expect(built.calls[0]?.operation.path).toBe('/items/{itemId}/parts/{partId}');
    expect(built.secrets).toEqual(['id 1/2', 'id 1/2', 'id 1/2']);
  });

  test('missing and unknown path parameters, unknown and missing query parameters, all at once', () => {
    process.env.PLAN_TEST_ID = 't';
    expect(refused({ operations: [{ operationId: 'getPart', path: { itemId: 1, partid: 2 }, query: { sinse: 'x' }, headers: { 'X-Tenant': '${PLAN_TEST_ID}' } }] })).toEqual([
      'canary.operations[0].path.partId is needed: the path is /items/{itemId}/parts/{partId}',
      'canary.operations[0].path.partid is not in the path /items/{itemId}/parts/{partId}',
      'canary.operations[0].query.sinse is not a query parameter of getPart (it has since)',
      'canary.operations[0].query.since is needed: getPart requires it',
    ]);
    expect(refused({ operations: [{ operationId: 'headItems', query: { limit: 1 } }] })).toEqual(['canary.operations[0].query.limit is not a query parameter of headItems (it has none)']);
  });

  test('a path template that does not start with "/" is refused, sanitized', () => {
    const document = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { 'x\u001b': { get: { operationId: 'op', responses: {} } } } };
    expect(refused({ baseUrl: 'https://a.example.com', operations: [{ operationId: 'op' }] }, document).join('; ')).toBe(
      'canary.operations[0]: the path template "x\\x1b" of op does not start with "/", so it cannot be placed under the base URL; the snapshot\'s paths must start with "/"',
    );
  });
});

describe('the headers of a call', () => {
  test('accept lists the documented media types once each, else */*', () => {
    const built = plan({ operations: [{ operationId: 'listItems' }, { operationId: 'headItems' }] });
    expect(built.calls[0]?.headers).toEqual({ accept: 'application/json, application/problem+json' });
    expect(built.calls[1]?.headers).toEqual({ accept: '*/*' });
  });

  test("the section's headers go with every call; an operation's own win, whatever the case of the name", () => {
    process.env.PLAN_TEST_TOKEN = 'section-token';
    process.env.PLAN_TEST_ID = 'operation-token';
    const built = plan({
      headers: { Authorization: 'Bearer ${PLAN_TEST_TOKEN}', 'X-Trace': '${PLAN_TEST_TOKEN}' },
      operations: [{ operationId: 'headItems', headers: { authorization: 'token ${PLAN_TEST_ID}', Accept: '${PLAN_TEST_ID}' } }, { operationId: 'headItems' }],
    });
    expect(built.calls[0]?.headers).toEqual({ accept: 'operation-token', authorization: 'token operation-token', 'x-trace': 'section-token' });
    expect(built.calls[1]?.headers).toEqual({ accept: '*/*', authorization: 'Bearer section-token', 'x-trace': 'section-token' });
  });

  test('a required header parameter must be configured; given in the section, it counts', () => {
    process.env.PLAN_TEST_ID = '42';
    expect(refused({ operations: [{ operationId: 'getPart', path: { itemId: 1, partId: 2 }, query: { since: 'x' } }] })).toEqual([
      'getPart requires the header X-Tenant: add it to canary.operations[0].headers, its value from an environment variable',
    ]);
    const built = plan({ headers: { 'x-tenant': '${PLAN_TEST_ID}' }, operations: [{ operationId: 'getPart', path: { itemId: 1, partId: 2 }, query: { since: 'x' } }] });
    expect(built.calls[0]?.headers['x-tenant']).toBe('42');
  });

  test('a value with a line break or another control character is refused, and not printed', () => {
    process.env.PLAN_TEST_BROKEN = 'abc\r\nX-Injected: 1';
    process.env.PLAN_TEST_TOKEN = 'fine\tvalue';
    const problems = refused({ headers: { 'X-A': '${PLAN_TEST_BROKEN}', 'X-B': 'Bearer ${PLAN_TEST_TOKEN}${PLAN_TEST_BROKEN}' }, operations: [{ operationId: 'headItems' }] });
    expect(problems).toEqual([
      'canary.headers.X-A, from PLAN_TEST_BROKEN, contains a line break or another control character, which no header value may hold (the value is not printed)',
      'canary.headers.X-B, from PLAN_TEST_TOKEN, PLAN_TEST_BROKEN, contains a line break or another control character, which no header value may hold (the value is not printed)',
    ]);
    process.env.PLAN_TEST_BROKEN = 'del\u007f';
    expect(refused({ headers: { 'X-A': '${PLAN_TEST_BROKEN}' }, operations: [{ operationId: 'headItems' }] })).toHaveLength(1);
    process.env.PLAN_TEST_BROKEN = 'bs\u0008';
    expect(refused({ headers: { 'X-A': '${PLAN_TEST_BROKEN}' }, operations: [{ operationId: 'headItems' }] })).toHaveLength(1);
    process.env.PLAN_TEST_BROKEN = 'us\u001f';
    expect(refused({ headers: { 'X-A': '${PLAN_TEST_BROKEN}' }, operations: [{ operationId: 'headItems' }] })).toHaveLength(1);
    // A tab may stand in a header value.
    expect(plan({ headers: { 'X-B': '${PLAN_TEST_TOKEN}' }, operations: [{ operationId: 'headItems' }] }).calls[0]?.headers['x-b']).toBe('fine\tvalue');
  });

  test('an unset variable is named with its field; nothing is called', () => {
    expect(refused({ headers: { Authorization: 'Bearer ${PLAN_TEST_TOKEN}' }, operations: [{ operationId: 'getPart', path: { itemId: '${PLAN_TEST_ID}', partId: 1 }, query: { since: '${PLAN_TEST_ID}' }, headers: { 'X-Tenant': 'x' } }] })).toEqual([
      'canary.operations[0].path.itemId needs the environment variable PLAN_TEST_ID, which is not set',
      'canary.operations[0].query.since needs the environment variable PLAN_TEST_ID, which is not set',
      'canary.headers.Authorization needs the environment variable PLAN_TEST_TOKEN, which is not set',
    ]);
  });
});

describe('operations', () => {
  test('an unknown operationId lists the known ones, at most ten', () => {
    expect(refused({ operations: [{ operationId: 'listItem' }] })).toEqual(['canary.operations[0]: no operation has operationId "listItem" in clients/shop/openapi.json (it has listItems, createItem, headItems, getPart)']);
    const paths = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`/p${index}`, { get: { operationId: `op${index}`, responses: {} } }]));
    const many = { openapi: '3.1.0', info: { title: 't', version: '1' }, servers: [{ url: 'https://a.example.com' }], paths: { ...paths, '/anonymous': { get: { responses: {} } } } };
    expect(refused({ operations: [{ operationId: 'nope' }] }, many)).toEqual(['canary.operations[0]: no operation has operationId "nope" in clients/shop/openapi.json (it has op0, op1, op2, op3, op4, op5, op6, op7, op8, op9, … (11))']);
    const ten = { ...many, paths: Object.fromEntries(Object.entries(paths).slice(0, 10)) };
    expect(refused({ operations: [{ operationId: 'nope' }] }, ten)).toEqual(['canary.operations[0]: no operation has operationId "nope" in clients/shop/openapi.json (it has op0, op1, op2, op3, op4, op5, op6, op7, op8, op9)']);
    expect(refused({ operations: [{ operationId: 'nope' }] }, { ...many, paths: { '/anonymous': { get: { responses: {} } } } })).toEqual(['canary.operations[0]: no operation has operationId "nope" in clients/shop/openapi.json (it names none)']);
  });

  test('a method other than GET and HEAD only when marked unsafe; its body is JSON text', () => {
    expect(refused({ operations: [{ operationId: 'createItem' }, { operationId: 'createItem', unsafe: false }] })).toEqual([
      'canary.operations[0] (createItem) is POST /items: only GET and HEAD are called unless the operation is marked "unsafe": true, because the canary calls the live service and a POST can change its data',
      'canary.operations[1] (createItem) is POST /items: only GET and HEAD are called unless the operation is marked "unsafe": true, because the canary calls the live service and a POST can change its data',
    ]);
    const built = plan({ operations: [{ operationId: 'createItem', unsafe: true, body: { name: 'canary', n: [1] } }, { operationId: 'createItem', unsafe: true }] });
    expect(built.calls.map((call) => [call.operation.method, call.body])).toEqual([
      ['POST', '{"name":"canary","n":[1]}'],
      ['POST', undefined],
    ]);
    expect('body' in (built.calls[1] ?? {})).toBe(false);
  });

  test('a GET or HEAD cannot carry a body, even marked unsafe', () => {
    expect(refused({ operations: [{ operationId: 'listItems', unsafe: true, body: {} }, { operationId: 'headItems', unsafe: true, body: null }] })).toEqual([
      'canary.operations[0].body: listItems is GET /items, and a GET or HEAD request cannot carry a body',
      'canary.operations[1].body: headItems is HEAD /items, and a GET or HEAD request cannot carry a body',
    ]);
    expect(plan({ operations: [{ operationId: 'headItems', unsafe: true }] }).calls).toHaveLength(1);
  });

  test('a refused operation is not planned beside one that is fine; all problems come together', () => {
    expect(refused({ baseUrl: 'ftp://x', operations: [{ operationId: 'createItem' }, { operationId: 'nope' }] })).toEqual([
      'canary.baseUrl must be an http or https URL, not ftp:',
      expect.stringMatching(/^canary\.operations\[0\] \(createItem\) is POST/),
      expect.stringMatching(/^canary\.operations\[1\]: no operation has operationId "nope"/),
    ]);
  });
});

describe('limits', () => {
  test("--timeout over the section's timeoutSeconds over the source's; maxBytes from the section or the source", () => {
    const operations = [{ operationId: 'headItems' }];
    expect(plan({ operations }).limits).toEqual({ timeoutMs: 12_000, maxBytes: 5_000 });
    expect(plan({ operations, timeoutSeconds: 2.5, maxBytes: 99 }).limits).toEqual({ timeoutMs: 2_500, maxBytes: 99 });
    expect(plan({ operations, timeoutSeconds: 2.5 }, shop(), { timeoutMs: 700 }).limits).toEqual({ timeoutMs: 700, maxBytes: 5_000 });
  });
});

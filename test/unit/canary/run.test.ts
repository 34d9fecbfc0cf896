// A client's canary run from its files to its result: a real client folder in a temp project and
// a real HTTP server on 127.0.0.1. The outcome of each call, the client's status (which sets the
// exit code: a mismatch beside an unreachable call is a mismatch), calls skipped after a service
// stopped answering, a request fetch will not send as a configuration error, and secrets hidden.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { canaryClient, runCanary } from '../../../packages/openapi-drift/src/canary/index.ts';
import { ConfigError, SnapshotError } from '../../../packages/openapi-drift/src/core/errors.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

const TOKEN = 'tok-7b2e9c41d05f';
const ENV = 'CANARY_RUN_TEST_TOKEN';

const item = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Shop', version: '1' },
  paths: {
    '/items/{itemId}': {
      get: {
        operationId: 'getItem',
        parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: item }, 'text/plain': {} } } },
      },
    },
    '/many': { get: { operationId: 'listMany', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'integer' } } } } } } } },
  },
};

let server: http.Server;
let base: string;
const requests: string[] = [];
const hanging = new Set<http.ServerResponse>();
let root: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const answer = (body: string, contentType = 'application/json') => response.writeHead(200, { 'content-type': contentType }).end(body);
    if (url === '/api/items/ok') answer('{"id":1}');
    else if (url === '/api/items/wrong') answer(`{"id":"${TOKEN}"}`);
    else if (url === '/api/items/extra') answer('{"id":1,"colour":"teal"}', `application/json; x=${TOKEN}\u0085`);
    else if (url === '/api/items/big') answer(`[${'1,'.repeat(5000)}1]`);
    else if (url === '/api/items/hang') hanging.add(response);
    else if (url === '/api/items/untyped') response.writeHead(200).end('{"id":1}');
    else if (url === '/api/many') answer(JSON.stringify(Array.from({ length: 150 }, () => 'x')));
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hanging) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'canary-run-'));
  // The generator that reads the client's config is the repository's own.
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  process.env[ENV] = TOKEN;
});

afterEach(async () => {
  delete process.env[ENV];
  await fs.rm(root, { recursive: true, force: true });
});

/** clients/<name> with its snapshot, its generator config and its openapi-drift.json. */
async function client(name: string, record: Record<string, unknown>, spec: unknown = SPEC): Promise<string> {
  const dir = path.join(root, 'clients', name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'openapi.json'), JSON.stringify(spec));
  await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: './src/client' };\n");
  await fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify(record));
  return dir;
}

const get = (itemId: string) => ({ operationId: 'getItem', path: { itemId } });

describe('the outcome of each call', () => {
  test('conforming, mismatched, oversized and information-only calls: a mismatch beside an unreachable call is a mismatch', async () => {
    // The source's headers are not needed (nothing is fetched from it): their variable may be unset.
    const dir = await client('shop', {
      source: 'https://specs.example.com/openapi.json',
      headers: { Authorization: 'Bearer ${CANARY_RUN_TEST_UNSET}' },
      canary: { baseUrl: `${base}/api/${TOKEN}/..`, headers: { Authorization: `Bearer \${${ENV}}` }, maxBytes: 1000, operations: [get('ok'), get('wrong'), get('big'), get('extra'), { operationId: 'listMany' }, get('untyped')] },
    });
    const result = await canaryClient(dir, { displayRoot: root });
    expect(result.name).toBe('shop');
    expect(result.status).toBe('mismatch');
    // As written, a value from the environment hidden.
    expect(result.baseUrl).toBe(`${base}/api/***/..`);
    const [ok, wrong, big, extra, many, untyped] = result.calls;
    expect(ok).toEqual({ operationId: 'getItem', method: 'GET', path: '/items/{itemId}', status: 'conforms', httpStatus: 200, contentType: 'application/json', findings: [] });
    expect(wrong).toEqual({
      operationId: 'getItem',
      method: 'GET',
      path: '/items/{itemId}',
      status: 'mismatch',
      httpStatus: 200,
      contentType: 'application/json',
      findings: [{ kind: 'wrong-type', severity: 'mismatch', pointer: '/id', expected: 'integer', actual: 'string "***"' }],
    });
    expect(big).toEqual({
      operationId: 'getItem',
      method: 'GET',
      path: '/items/{itemId}',
      status: 'unreachable',
      findings: [],
      problem: 'getItem (GET /items/{itemId}) sent more than 1000 bytes\n\nFix: raise "canary.maxBytes" in openapi-drift.json, or call the operation with parameters that make the answer smaller',
    });
    // An oversized answer is no reason to skip the next calls; information is no mismatch.
    expect(extra?.status).toBe('conforms');
    expect(extra?.contentType).toBe('application/json; x=***\\x85');
    expect(extra?.findings.map((finding) => finding.kind)).toEqual(['undocumented-property']);
    expect(many?.status).toBe('mismatch');
    expect(many?.findings).toHaveLength(101);
    expect(many?.findings[100]?.kind).toBe('left-out');
    expect(untyped && 'contentType' in untyped).toBe(false);
    expect(untyped?.findings).toEqual([{ kind: 'undocumented-content-type', severity: 'mismatch', expected: 'application/json, text/plain', actual: 'no content type, 8 bytes: {"id":1}' }]);
  });

  test('an answer that never comes: unreachable, the later calls not made, --timeout over the section', async () => {
    const dir = await client('shop', { source: './openapi.json', canary: { baseUrl: `${base}/api`, timeoutSeconds: 600, operations: [get('hang'), get('ok'), get('ok')] } });
    const before = requests.length;
    const result = await canaryClient(dir, { displayRoot: root, timeoutMs: 200 });
    expect(result.status).toBe('unreachable');
    expect(result.calls.map((call) => [call.status, call.problem])).toEqual([
      ['unreachable', 'getItem (GET /items/{itemId}) did not answer within 0.2 s\n\nFix: raise "canary.timeoutSeconds" in openapi-drift.json, or --timeout'],
      ['not-called', 'not called: an earlier call had no answer (timeout)'],
      ['not-called', 'not called: an earlier call had no answer (timeout)'],
    ]);
    expect(requests.slice(before)).toEqual(['/api/items/hang']);
  });

  test('a request fetch will not send: a configuration error, with the calls made so far', async () => {
    const dir = await client('shop', { source: './openapi.json', canary: { baseUrl: 'http://127.0.0.1:6000/api', operations: [get('ok'), get('ok')] } });
    const result = await canaryClient(dir, { displayRoot: root });
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(ConfigError);
    expect(result.error?.message).toBe('getItem (GET /items/{itemId}) could not be sent: the request is not one fetch makes (bad port)');
    expect(result.calls).toEqual([{ operationId: 'getItem', method: 'GET', path: '/items/{itemId}', status: 'conforms', findings: [] }]);
    expect(result.baseUrl).toBeUndefined();
  });
});

describe('refused before any call', () => {
  test('no canary section: nothing called', async () => {
    const dir = await client('plain', { source: './openapi.json' });
    expect(await canaryClient(dir, { displayRoot: root })).toEqual({ name: 'plain', status: 'no-canary', calls: [] });
  });

  test('a section with a problem: an error naming the file, no calls', async () => {
    const dir = await client('shop', { source: './openapi.json', canary: { operations: [] } });
    const result = await canaryClient(dir, { displayRoot: root });
    expect(result).toMatchObject({ name: 'shop', status: 'error', calls: [] });
    expect(result.error?.message).toBe('clients/shop/openapi-drift.json: canary.operations must list at least one operation, e.g. [{"operationId": "listPets"}]');
  });

  test("a client whose generator config is missing: an error naming the client's folder", async () => {
    const dir = await client('shop', { source: './openapi.json', canary: { baseUrl: `${base}/api`, operations: [get('ok')] } });
    await fs.rm(path.join(dir, 'openapi-ts.config.ts'));
    const result = await canaryClient(dir, { displayRoot: root });
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(/^clients\/shop\b/);
  });

  test('a schema ajv cannot compile: an error naming the snapshot', async () => {
    const spec = structuredClone(SPEC);
    spec.paths['/items/{itemId}'].get.responses['200'].content['application/json'].schema = { type: 'integer', properties: { id: { type: 'text' } } } as never;
    const before = requests.length;
    const dir = await client('shop', { source: './openapi.json', canary: { baseUrl: `${base}/api`, operations: [get('ok')] } }, spec);
    const result = await canaryClient(dir, { displayRoot: root });
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(SnapshotError);
    expect(result.error?.message).toMatch(/^clients\/shop\/openapi\.json: the schema at \/paths\/~1items~1\{itemId\}\/get\/responses\/200\/content\/application~1json\/schema cannot be compiled for validation: /);
    expect(requests.length).toBe(before);
  });
});

test('every client of the repository, or the ones given, in order', async () => {
  await client('a-plain', { source: './openapi.json' });
  await client('b-broken', { source: './openapi.json', canary: {} });
  const results = await runCanary({ root, displayRoot: root });
  expect(results.map((result) => [result.name, result.status])).toEqual([
    ['a-plain', 'no-canary'],
    ['b-broken', 'error'],
  ]);
  expect(await runCanary({ root, displayRoot: root, clients: [] })).toEqual([]);
});

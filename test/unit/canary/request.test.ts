// One call to a real HTTP server on 127.0.0.1: whatever the service answers comes back for checking
// (any status, a redirect not followed); no answer at all (refused, cut off, never answered) and an
// oversized answer are "unreachable" failures naming the operation, never the URL; a request fetch
// will not send is the configuration's problem.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callOperation, type PlannedCall } from '../../../packages/openapi-drift/src/canary/request.ts';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { SourceFetchError } from '../../../packages/openapi-drift/src/lifecycle/fetch-spec.ts';

let server: http.Server;
let base: string;
const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
const open = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      switch (request.url) {
        case '/json':
          response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end('{"id":7}');
          return;
        case '/bare':
          // No content type at all, and a body sent in pieces.
          response.writeHead(500);
          response.write('no ');
          response.end('type');
          return;
        case '/moved':
          response.writeHead(302, { location: '/json' }).end();
          return;
        case '/declared-big':
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': '11' }).end('{"a":"bcd"}');
          return;
        case '/streamed':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('x'.repeat(6));
          response.end('y'.repeat(6));
          return;
        case '/hang':
          open.add(response);
          return;
        case '/hang-body':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"partial":');
          open.add(response);
          return;
        case '/cut':
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          response.write('{"partial":', () => response.socket?.destroy());
          return;
        default:
          response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of open) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function planned(path: string, extra: Partial<PlannedCall> = {}, method = 'GET'): PlannedCall {
  return { label: 'getThing', operation: { operationId: 'getThing', method, path: '/things/{id}', parameters: [], responses: [] }, url: `${base}${path}`, headers: { accept: 'application/json', 'x-token': 'secret-header' }, ...extra };
}

const LIMITS = { timeoutMs: 30_000, maxBytes: 1_000_000 };

/** The error a call throws, for its class, message, reason and fix. */
async function failureOf(call: PlannedCall, limits = LIMITS): Promise<SourceFetchError | ConfigError> {
  try {
    await callOperation(call, limits);
  } catch (error) {
    return error as SourceFetchError | ConfigError;
  }
  throw new Error('the call did not fail');
}

describe('an answer, whatever it is', () => {
  test('status, content type and body; the planned headers sent', async () => {
    const answer = await callOperation(planned('/json'), LIMITS);
    expect(answer).toEqual({ status: 201, contentType: 'application/json; charset=utf-8', body: Buffer.from('{"id":7}') });
    expect(seen.at(-1)?.headers['x-token']).toBe('secret-header');
    expect(seen.at(-1)?.headers['content-type']).toBeUndefined();
    expect(seen.at(-1)?.method).toBe('GET');
  });

  test('no content type, an error status, a body in pieces', async () => {
    expect(await callOperation(planned('/bare'), LIMITS)).toEqual({ status: 500, contentType: undefined, body: Buffer.from('no type') });
  });

  test('a redirect is returned, not followed', async () => {
    const before = seen.length;
    const answer = await callOperation(planned('/moved'), LIMITS);
    expect(answer.status).toBe(302);
    expect(seen.slice(before).map((request) => request.url)).toEqual(['/moved']);
  });

  test('an unsafe call sends its method and its JSON body as application/json', async () => {
    await callOperation(planned('/json', { body: '{"name":"canary"}' }, 'POST'), LIMITS);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/json', body: '{"name":"canary"}' });
    expect(seen.at(-1)?.headers['content-type']).toBe('application/json');
    await callOperation(planned('/json', { body: '{}', headers: { 'content-type': 'application/merge-patch+json' } }, 'PATCH'), LIMITS);
    expect(seen.at(-1)?.headers['content-type']).toBe('application/merge-patch+json');
  });

  test('a HEAD: the status and content type, and no body', async () => {
    expect(await callOperation(planned('/json', {}, 'HEAD'), LIMITS)).toEqual({ status: 201, contentType: 'application/json; charset=utf-8', body: Buffer.alloc(0) });
    expect(seen.at(-1)?.method).toBe('HEAD');
  });

  test('a body exactly at the limit is accepted', async () => {
    expect((await callOperation(planned('/declared-big'), { ...LIMITS, maxBytes: 11 })).body.toString()).toBe('{"a":"bcd"}');
    expect((await callOperation(planned('/streamed'), { ...LIMITS, maxBytes: 12 })).body.toString()).toBe('xxxxxxyyyyyy');
  });
});

describe('too large: unreachable, reason too-large', () => {
  test('by its declared length, before reading it', async () => {
    const error = await failureOf(planned('/declared-big'), { ...LIMITS, maxBytes: 10 });
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).reason).toBe('too-large');
    expect(error.message).toBe('getThing (GET /things/{id}) answered with 11 bytes, over the limit of 10');
    expect(error.fix).toBe('raise "canary.maxBytes" in openapi-drift.json, or call the operation with parameters that make the answer smaller');
  });

  test('by what it sent, without a declared length', async () => {
    const error = await failureOf(planned('/streamed'), { ...LIMITS, maxBytes: 11 });
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).reason).toBe('too-large');
    expect(error.message).toBe('getThing (GET /things/{id}) sent more than 11 bytes');
    expect(error.fix).toBe('raise "canary.maxBytes" in openapi-drift.json, or call the operation with parameters that make the answer smaller');
  });
});

describe('no answer: unreachable', () => {
  test('connection refused: the error code, not the URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf({ ...planned('/'), url: `http://127.0.0.1:${port}/secret-path` });
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).reason).toBe('unreachable');
    expect(error.message).toBe('getThing (GET /things/{id}): the service is unreachable (ECONNREFUSED)');
    expect(error.fix).toBe('check "canary.baseUrl" (or the snapshot\'s servers) and that the service is up');
  });

  test('a connection cut in the middle of the body', async () => {
    const error = await failureOf(planned('/cut'));
    expect(error).toBeInstanceOf(SourceFetchError);
    expect((error as SourceFetchError).reason).toBe('unreachable');
    expect(error.message).toMatch(/^getThing \(GET \/things\/\{id\}\): the service is unreachable \([A-Z_]+\)$/);
  });

  test('a service that never answers: a timeout, before the headers or in the body', async () => {
    for (const path of ['/hang', '/hang-body']) {
      const error = await failureOf(planned(path), { ...LIMITS, timeoutMs: 150 });
      expect(error, path).toBeInstanceOf(SourceFetchError);
      expect((error as SourceFetchError).reason, path).toBe('timeout');
      expect(error.message, path).toBe('getThing (GET /things/{id}) did not answer within 0.15 s');
      expect(error.fix, path).toBe('raise "canary.timeoutSeconds" in openapi-drift.json, or --timeout');
    }
  });
});

describe('a request fetch will not send: a configuration error', () => {
  test('a port fetch refuses', async () => {
    const error = await failureOf({ ...planned('/'), url: 'http://127.0.0.1:6000/x' });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).not.toBeInstanceOf(SourceFetchError);
    expect(error.message).toBe('getThing (GET /things/{id}) could not be sent: the request is not one fetch makes (bad port)');
    expect(error.fix).toBe('check "canary.baseUrl" (fetch refuses some ports, e.g. 6000) and the headers of the canary section');
  });

  test('a header value fetch refuses: its reason is not shown, as it would quote the value', async () => {
    const error = await failureOf(planned('/json', { headers: { 'x-token': 'secret\nvalue' } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).not.toBeInstanceOf(SourceFetchError);
    expect(error.message).toBe('getThing (GET /things/{id}) could not be sent: the request is not one fetch makes (the reason is not shown, as it may quote a header)');
    expect(error.message).not.toContain('secret');
  });
});

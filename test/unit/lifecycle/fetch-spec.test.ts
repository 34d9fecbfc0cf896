// Fetching a client's source (fetch-spec.ts) from real files and a real HTTP server on 127.0.0.1:
// the document comes back as served, canonical and hashed; every failure is a SourceFetchError with
// the reason `live` reports it by and a message that names the source and the cause. Configured
// headers (tokens) go only to the source's own origin, redirects are followed at most 10 times, and
// the declared and the streamed size are both held to maxBytes. Nothing here waits on a clock: the
// stalled server never answers, so only the (short) timeout can end the request.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchSpec, SourceFetchError, type FetchedSpec } from '../../../packages/openapi-drift/src/lifecycle/fetch-spec.ts';
import type { ResolvedSource } from '../../../packages/openapi-drift/src/project/client-record.ts';
import { canonicalize, toPlainJson } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { answer, redirect, stall, startServer, type TestServer } from './http.ts';

const DOCUMENT = { openapi: '3.0.3', info: { title: 'tiny', version: '1' }, paths: {} };
const TEXT = JSON.stringify(DOCUMENT);
const CANONICAL = canonicalize(TEXT);
const YAML_TEXT = "openapi: 3.0.3\ninfo:\n  title: tiny\n  version: '1'\npaths: {}\n";
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
let server: TestServer;
let other: TestServer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-fetch-spec-'));
  server = await startServer();
  other = await startServer();
});
afterAll(async () => {
  await server?.close();
  await other?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

function local(file: string, maxBytes = 1_000_000): ResolvedSource {
  return { location: path.join(dir, file), isUrl: false, headers: {}, timeoutMs: 30_000, maxBytes };
}

function remote(url: string, options: Partial<ResolvedSource> = {}): ResolvedSource {
  return { location: url, isUrl: true, headers: {}, timeoutMs: 30_000, maxBytes: 1_000_000, ...options };
}

/** The SourceFetchError that fetching `source` fails with. */
async function failureOf(source: ResolvedSource, shown?: string): Promise<SourceFetchError> {
  const error = await fetchSpec(source, shown).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SourceFetchError);
  return error as SourceFetchError;
}

describe('a local file', () => {
  test('is read, parsed, canonicalized and hashed; nothing says it was redirected', async () => {
    await fs.writeFile(path.join(dir, 'spec.json'), TEXT);
    const fetched = await fetchSpec(local('spec.json'), 'spec.json');
    expect(fetched.text).toBe(TEXT);
    expect(fetched.canonical).toBe(CANONICAL);
    expect(fetched.sha256).toBe(sha256(CANONICAL));
    expect(fetched.parsed.format).toBe('json');
    expect(toPlainJson(fetched.parsed.value)).toEqual(DOCUMENT);
    expect(Object.keys(fetched).sort()).toEqual(['canonical', 'parsed', 'sha256', 'text']);
  });

  test('a YAML document has the canonical JSON of the same document', async () => {
    await fs.writeFile(path.join(dir, 'spec.yaml'), YAML_TEXT);
    const fetched = await fetchSpec(local('spec.yaml'), 'spec.yaml');
    expect(fetched.parsed.format).toBe('yaml');
    expect(fetched.text).toBe(YAML_TEXT);
    expect(fetched.canonical).toBe(CANONICAL);
  });

  test('a byte-order mark is not part of the document', async () => {
    await fs.writeFile(path.join(dir, 'bom.json'), `\uFEFF${TEXT}`);
    const fetched = await fetchSpec(local('bom.json'), 'bom.json');
    expect(fetched.text).toBe(TEXT);
    expect(fetched.canonical).toBe(CANONICAL);
  });

  test('bytes that are not UTF-8 are not a spec, with the offset of the first bad byte and the fix', async () => {
    await fs.writeFile(path.join(dir, 'latin1.json'), Buffer.concat([Buffer.from('{"openapi": "3.0.3", "x": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    const error = await failureOf(local('latin1.json'), 'clients/a/latin1.json');
    expect(error.reason).toBe('not-a-spec');
    expect(error.message).toBe('clients/a/latin1.json is not UTF-8: the byte 0xe9 at offset 30 (line 1) does not fit UTF-8; save the file as UTF-8');
    expect(error.fix).toBe('the document must be UTF-8: tell its owner, or convert it');
  });

  test('a file of exactly maxBytes is read; one byte more is too large, with both sizes and the fix', async () => {
    await fs.writeFile(path.join(dir, 'sized.json'), TEXT);
    expect((await fetchSpec(local('sized.json', TEXT.length), 'sized.json')).canonical).toBe(CANONICAL);
    const error = await failureOf(local('sized.json', TEXT.length - 1), 'clients/a/sized.json');
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(`clients/a/sized.json is ${TEXT.length} bytes, over the limit of ${TEXT.length - 1}`);
    expect(error.fix).toBe('raise "maxBytes" in openapi-drift.json');
  });

  test('a missing file is unreachable, with the system\'s code; the message names the source as given, else its location', async () => {
    const error = await failureOf(local('missing.json'), 'clients/a/missing.json');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe('clients/a/missing.json: cannot read it (ENOENT)');
    expect(error.fix).toBeUndefined();
    expect((await failureOf(local('missing.json'))).message).toBe(`${path.join(dir, 'missing.json')}: cannot read it (ENOENT)`);
  });

  test('a folder where the file should be is unreachable too', async () => {
    await fs.mkdir(path.join(dir, 'folder.json'), { recursive: true });
    const error = await failureOf(local('folder.json'), 'folder.json');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe('folder.json: cannot read it (EISDIR)');
  });
});

describe('what is not an OpenAPI document', () => {
  test('a YAML document in flow style is read as YAML, as its name says, though it starts with "{"', async () => {
    await fs.writeFile(path.join(dir, 'flow.yaml'), "{openapi: 3.0.3, info: {title: tiny, version: '1'}, paths: {}}\n");
    const fetched = await fetchSpec(local('flow.yaml'), 'flow.yaml');
    expect(fetched.parsed.format).toBe('yaml');
    expect(fetched.canonical).toBe(CANONICAL);
  });

  test('an empty answer (204) is not a spec', async () => {
    server.handle('/empty', (_request, response) => void response.writeHead(204).end());
    const error = await failureOf(remote(server.url('/empty')), 'src');
    expect(error.reason).toBe('not-a-spec');
    expect(error.message).toMatch(/^src did not answer with an OpenAPI document: /);
  });

  test('an HTML page, even after blank lines, is said to look like one', async () => {
    await fs.writeFile(path.join(dir, 'login.json'), '\n  <!doctype html><html><body>Please log in</body></html>');
    const error = await failureOf(local('login.json'), 'https://api.example.com/openapi.json');
    expect(error.reason).toBe('not-a-spec');
    expect(error.message).toMatch(/^https:\/\/api\.example\.com\/openapi\.json did not answer with an OpenAPI document \(it looks like an HTML page\): \S/);
    expect(error.fix).toBe('check the source URL and its headers (an error or login page is not a spec)');
  });

  test('other text is not said to be HTML, even with a "<" in it', async () => {
    await fs.writeFile(path.join(dir, 'package.json'), '{"name": "a <b> package.json, not a spec"}');
    const error = await failureOf(local('package.json'), 'package.json');
    expect(error.reason).toBe('not-a-spec');
    expect(error.message).toBe('package.json did not answer with an OpenAPI document: package.json: not an OpenAPI or Swagger document (no top-level "openapi" or "swagger" version field)');
  });
});

describe('a URL', () => {
  test('asks for JSON or YAML and sends the configured headers; the document is as served', async () => {
    server.handle('/spec.yaml', answer(YAML_TEXT, 200, { 'content-type': 'application/yaml' }));
    const fetched = await fetchSpec(remote(server.url('/spec.yaml'), { headers: { Authorization: 'Bearer t0k3n', 'X-Team': 'web' } }));
    expect(fetched.canonical).toBe(CANONICAL);
    expect(fetched.parsed.format).toBe('yaml');
    expect(fetched.redirectedTo).toBeUndefined();
    const { headers } = server.requests.at(-1)!;
    expect(headers.accept).toBe('application/json, application/yaml, text/yaml, */*');
    expect(headers.authorization).toBe('Bearer t0k3n');
    expect(headers['x-team']).toBe('web');
  });

  test('a redirect on the same origin keeps the headers, and is not reported', async () => {
    server.handle('/moved.json', redirect('/spec.json', 301));
    server.handle('/spec.json', answer(TEXT));
    const before = server.requests.length;
    const fetched = await fetchSpec(remote(server.url('/moved.json'), { headers: { Authorization: 'Bearer t0k3n' } }));
    expect(fetched.canonical).toBe(CANONICAL);
    expect(Object.keys(fetched)).not.toContain('redirectedTo');
    expect(server.requests.slice(before).map((request) => [request.path, request.headers.authorization])).toEqual([
      ['/moved.json', 'Bearer t0k3n'],
      ['/spec.json', 'Bearer t0k3n'],
    ]);
  });

  test('a redirect to another origin is followed without the headers, and reported', async () => {
    other.handle('/elsewhere.json', answer(TEXT));
    server.handle('/away.json', redirect(other.url('/elsewhere.json'), 307));
    const fetched = await fetchSpec(remote(server.url('/away.json'), { headers: { Authorization: 'Bearer t0k3n' } }));
    expect(fetched.redirectedTo).toBe(other.url('/elsewhere.json'));
    expect(fetched.canonical).toBe(CANONICAL);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer t0k3n');
    expect(other.requests.at(-1)?.path).toBe('/elsewhere.json');
    expect(other.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(other.requests.at(-1)?.headers.accept).toBe('application/json, application/yaml, text/yaml, */*');
  });

  test.each([300, 308, 399])('a %i with a Location is followed', async (status) => {
    server.handle(`/status-${status}`, (_request, response) => void response.writeHead(status, { location: '/spec.json' }).end());
    server.handle('/spec.json', answer(TEXT));
    expect((await fetchSpec(remote(server.url(`/status-${status}`)))).canonical).toBe(CANONICAL);
  });

  test('a 304 with a Location is followed, though it has no body', async () => {
    server.handle('/not-modified', (_request, response) => void response.writeHead(304, { location: '/spec.json' }).end());
    server.handle('/spec.json', answer(TEXT));
    expect((await fetchSpec(remote(server.url('/not-modified')))).canonical).toBe(CANONICAL);
  });

  test('a 304 without a Location is an HTTP error, though it has no body', async () => {
    server.handle('/stale', (_request, response) => void response.writeHead(304).end());
    const error = await failureOf(remote(server.url('/stale')), 'src');
    expect(error.reason).toBe('http-status');
    expect(error.message).toBe('src answered 304 Not Modified');
  });

  test('a declared size over the limit on an answer without a body is refused', async () => {
    server.handle('/reset', (_request, response) => void response.writeHead(205, { 'content-length': '5000' }).end());
    const error = await failureOf(remote(server.url('/reset'), { maxBytes: 100 }), 'src');
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe('src declares 5000 bytes, over the limit of 100');
  });

  test('a request that cannot even be made (a header name fetch refuses) is unreachable, with the reason', async () => {
    server.handle('/spec.json', answer(TEXT));
    const error = await failureOf(remote(server.url('/spec.json'), { headers: { 'bad name': 'x' } }), 'src');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/^src is unreachable: .*invalid header name/);
  });

  test('a 200 with a Location is the document itself', async () => {
    server.handle('/here.json', answer(TEXT, 200, { location: '/elsewhere.json' }));
    expect((await fetchSpec(remote(server.url('/here.json')))).canonical).toBe(CANONICAL);
    expect(server.requests.at(-1)?.path).toBe('/here.json');
  });

  test('a 400 with a Location is an HTTP error, not a redirect', async () => {
    server.handle('/bad.json', answer('{}', 400, { location: '/spec.json' }));
    const error = await failureOf(remote(server.url('/bad.json')), 'clients/a: source');
    expect(error.reason).toBe('http-status');
    expect(error.message).toBe('clients/a: source answered 400 Bad Request');
    expect(server.requests.at(-1)?.path).toBe('/bad.json');
  });

  test('a redirect without a Location is an HTTP error', async () => {
    server.handle('/nowhere.json', (_request, response) => void response.writeHead(302).end());
    const error = await failureOf(remote(server.url('/nowhere.json')), 'src');
    expect(error.reason).toBe('http-status');
    expect(error.message).toBe('src answered 302 Found');
  });

  test('a status without a reason phrase is said without a trailing space', async () => {
    server.handle('/odd.json', (_request, response) => void response.writeHead(503, '', { 'content-type': 'application/json' }).end('{}'));
    expect((await failureOf(remote(server.url('/odd.json')), 'src')).message).toBe('src answered 503');
  });

  test('10 redirects are followed; the 11th is refused', async () => {
    for (let hop = 0; hop < 11; hop++) server.handle(`/hop-${hop}`, redirect(hop === 10 ? '/spec.json' : `hop-${hop + 1}`));
    server.handle('/spec.json', answer(TEXT));
    expect((await fetchSpec(remote(server.url('/hop-1')))).canonical).toBe(CANONICAL);
    const error = await failureOf(remote(server.url('/hop-0')), 'src');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe('src redirected more than 10 times');
  });

  test.each([
    { status: 401, statusText: 'Unauthorized', fix: 'check the headers and their environment variables' },
    { status: 403, statusText: 'Forbidden', fix: 'check the headers and their environment variables' },
    { status: 404, statusText: 'Not Found', fix: undefined },
    { status: 500, statusText: 'Internal Server Error', fix: undefined },
  ])('a $status is an HTTP error, with its status text', async ({ status, statusText, fix }) => {
    server.handle(`/error-${status}`, answer('{"message":"no"}', status));
    const error = await failureOf(remote(server.url(`/error-${status}`)), 'src');
    expect(error.reason).toBe('http-status');
    expect(error.message).toBe(`src answered ${status} ${statusText}`);
    expect(error.fix).toBe(fix);
  });

  test('a declared size of maxBytes is accepted; a declared size over it is refused before the body is read', async () => {
    server.handle('/declared.json', answer(TEXT, 200, { 'content-length': String(TEXT.length) }));
    expect((await fetchSpec(remote(server.url('/declared.json'), { maxBytes: TEXT.length }))).canonical).toBe(CANONICAL);
    const error = await failureOf(remote(server.url('/declared.json'), { maxBytes: TEXT.length - 1 }), 'src');
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(`src declares ${TEXT.length} bytes, over the limit of ${TEXT.length - 1}`);
    expect(error.fix).toBe('raise "maxBytes" in openapi-drift.json');
  });

  test('a body sent without a declared size is counted: maxBytes is accepted, more is refused', async () => {
    server.handle('/streamed.json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(TEXT.slice(0, 10));
      response.end(TEXT.slice(10));
    });
    expect((await fetchSpec(remote(server.url('/streamed.json'), { maxBytes: TEXT.length }))).canonical).toBe(CANONICAL);
    const error = await failureOf(remote(server.url('/streamed.json'), { maxBytes: TEXT.length - 1 }), 'src');
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(`src sent more than ${TEXT.length - 1} bytes`);
    expect(error.fix).toBe('raise "maxBytes" in openapi-drift.json');
  });

  test('a server that never answers is a timeout, said in seconds, with the fix', async () => {
    server.handle('/stall.json', stall);
    const error = await failureOf(remote(server.url('/stall.json'), { timeoutMs: 50 }), 'src');
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('src did not answer within 0.05 s');
    expect(error.fix).toBe('raise "timeoutSeconds" in openapi-drift.json, or --timeout');
  });

  test('a server that stops in the middle of the body is a timeout too', async () => {
    server.handle('/half.json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(TEXT.slice(0, 10));
    });
    const error = await failureOf(remote(server.url('/half.json'), { timeoutMs: 50 }), 'src');
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe('src did not answer within 0.05 s');
  });

  test('a server that cuts the connection in the middle of the body is unreachable', async () => {
    server.handle('/cut.json', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(TEXT.slice(0, 10), () => response.destroy());
    });
    const error = await failureOf(remote(server.url('/cut.json')), 'src');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toMatch(/^src is unreachable: \S/);
  });

  test('a port nobody listens on is unreachable, with the system\'s code', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(remote(`http://127.0.0.1:${port}/openapi.json`), 'src');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe('src is unreachable: ECONNREFUSED');
    expect(error.fix).toBeUndefined();
  });

  test('an HTML error page served with 200 is not a spec', async () => {
    server.handle('/login', answer('<html><body>Please log in</body></html>', 200, { 'content-type': 'text/html' }));
    const error = await failureOf(remote(server.url('/login')), 'src');
    expect(error.reason).toBe('not-a-spec');
    expect(error.message).toMatch(/^src did not answer with an OpenAPI document \(it looks like an HTML page\): /);
  });
});

test('a fetched document carries what `live` and `sync` compare and record', async () => {
  server.handle('/spec.json', answer(`  ${TEXT}\n`));
  const fetched: FetchedSpec = await fetchSpec(remote(server.url('/spec.json')));
  expect({ ...fetched, parsed: toPlainJson(fetched.parsed.value) }).toEqual({ text: `  ${TEXT}\n`, canonical: CANONICAL, sha256: sha256(CANONICAL), parsed: DOCUMENT });
});

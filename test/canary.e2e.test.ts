// `openapi-drift canary` against a real HTTP server on 127.0.0.1 that answers each listed operation:
// a conforming answer, one answer per mismatch kind (each reported once, at its pointer), the
// failures `live` also meets (timeout, non-2xx, HTML page, oversized, unreachable), refusals made
// before any request, and secrets that never reach the output.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, runCli, type TempProject } from './helpers/temp-project.ts';
import { SHOP_SPEC, shopItem } from './helpers/canary-shop.ts';

let server: SpecServer;
let project: TempProject;

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject([]);
  await fs.mkdir(project.clientDir('shop'));
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi.json'), `${JSON.stringify(SHOP_SPEC, null, 2)}\n`);
  // The canary reads the snapshot the client's config names, as every command does.
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: './src/client' };\n");
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

interface JsonReport {
  summary: { status: string; exitCode: number };
  clients: Array<{ name: string; status: string; calls: Array<{ status: string; httpStatus?: number; problem?: string; findings: Array<{ kind: string; severity: string; pointer?: string; expected: string; actual: string }> }> }>;
}

/** The CLI in this process, as bin/openapi-drift.ts runs it, with the output captured. */
async function canary(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCliInProcess(['canary', ...args], { cwd: project.root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

async function configureShop(canarySection: Record<string, unknown>): Promise<void> {
  const record = { source: server.url('/shop/openapi.json'), canary: { baseUrl: server.url('/api'), ...canarySection } };
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-drift.json'), JSON.stringify(record));
}

/** Serves `body` for GET /api/items/<route> and checks that item with the canary, JSON output. */
async function checkItem(route: string, answer: { body: unknown; status?: number; contentType?: string }, args: string[] = []) {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  server.routes.set(`/api/items/${route}`, { kind: 'body', body, status: answer.status, contentType: answer.contentType });
  await configureShop({ operations: [{ operationId: 'getItem', path: { itemId: route } }] });
  const result = await canary(['shop', '--format', 'json', ...args]);
  const report = JSON.parse(result.stdout) as JsonReport;
  const findings = report.clients[0]?.calls[0]?.findings ?? [];
  return { code: result.code, report, findings, found: findings.map(({ kind, severity, pointer }) => ({ kind, severity, pointer })) };
}

describe('one answer per mismatch kind, each reported once at its pointer', () => {
  test('a conforming answer: nullable null, readOnly present, required writeOnly absent', async () => {
    const { code, found } = await checkItem('conforming', { body: shopItem() });
    expect(found).toEqual([]);
    expect(code).toBe(0);
  });

  test.each([
    { name: 'undocumented status', answer: { body: shopItem(), status: 500 }, kind: 'undocumented-status', pointer: undefined },
    { name: 'undocumented content type', answer: { body: 'id=7', contentType: 'text/plain' }, kind: 'undocumented-content-type', pointer: undefined },
    { name: 'missing required property', answer: { body: shopItem({ name: undefined }) }, kind: 'missing-property', pointer: '/name' },
    { name: 'wrong type', answer: { body: shopItem({ id: '7' }) }, kind: 'wrong-type', pointer: '/id' },
    { name: 'value outside the enum', answer: { body: shopItem({ status: 'lost' }) }, kind: 'not-in-enum', pointer: '/status' },
    { name: 'null where not nullable', answer: { body: shopItem({ name: null }) }, kind: 'null-not-allowed', pointer: '/name' },
    { name: 'a nested wrong type', answer: { body: shopItem({ tags: [{ label: 'a' }, { label: 5 }] }) }, kind: 'wrong-type', pointer: '/tags/1/label' },
    { name: 'a format not met', answer: { body: shopItem({ createdAt: 'yesterday' }) }, kind: 'constraint', pointer: '/createdAt' },
    { name: 'a body that is not JSON', answer: { body: '{"id": 7,' }, kind: 'unparsable-body', pointer: undefined },
  ])('$name: exit 1', async ({ answer, kind, pointer }) => {
    const { code, found, report } = await checkItem(kind, answer);
    expect(found).toEqual([{ kind, severity: 'mismatch', pointer }]);
    expect(code).toBe(1);
    expect(report.summary).toEqual({ status: 'mismatch', exitCode: 1 });
  });

  test('a property not in the spec is information, not a mismatch: exit 0', async () => {
    const { code, found, findings } = await checkItem('extra', { body: shopItem({ colour: 'teal' }) });
    expect(found).toEqual([{ kind: 'undocumented-property', severity: 'info', pointer: '/colour' }]);
    expect(findings[0]?.actual).toBe('string "teal"');
    expect(code).toBe(0);
  });

  test('what the spec says and what came back are in the report, values truncated', async () => {
    const { findings } = await checkItem('long', { body: shopItem({ status: 'x'.repeat(500) }) });
    expect(findings[0]?.expected).toBe('one of "available", "sold"');
    expect(findings[0]?.actual).toBe(`string "${'x'.repeat(59)}…`);
  });
});

describe('non-2xx answers, HTML pages, time and size limits, as live meets them', () => {
  test('a documented 404 with its documented body conforms, and is noted', async () => {
    const { code, found } = await checkItem('gone', { body: { code: 404, message: 'no such item' }, status: 404 });
    expect(found).toEqual([{ kind: 'error-status', severity: 'info', pointer: undefined }]);
    expect(code).toBe(0);
  });

  test('a documented 404 whose body breaks its schema is a mismatch', async () => {
    const { code, found } = await checkItem('gone-bad', { body: { message: 'no such item' }, status: 404 });
    expect(found).toEqual([
      { kind: 'error-status', severity: 'info', pointer: undefined },
      { kind: 'missing-property', severity: 'mismatch', pointer: '/code' },
    ]);
    expect(code).toBe(1);
  });

  test('an HTML error page where JSON is documented is a mismatch of content type', async () => {
    const page = '<!doctype html><html><body>Please log in</body></html>';
    const { code, found, findings } = await checkItem('login', { body: page, status: 404, contentType: 'text/html' });
    expect(found).toEqual([
      { kind: 'error-status', severity: 'info', pointer: undefined },
      { kind: 'undocumented-content-type', severity: 'mismatch', pointer: undefined },
    ]);
    expect(findings[1]?.expected).toBe('application/json');
    expect(findings[1]?.actual).toMatch(/^text\/html, 54 bytes: <!doctype html>/);
    expect(code).toBe(1);
  });

  test('an undocumented 502 page from a gateway is an undocumented status', async () => {
    const { code, found } = await checkItem('gateway', { body: '<html>Bad gateway</html>', status: 502, contentType: 'text/html' });
    expect(found).toEqual([{ kind: 'undocumented-status', severity: 'mismatch', pointer: undefined }]);
    expect(code).toBe(1);
  });

  test('a redirect is an answer to check, not followed', async () => {
    server.routes.set('/api/items/moved', { kind: 'redirect', to: '/api/items/elsewhere' });
    await configureShop({ operations: [{ operationId: 'getItem', path: { itemId: 'moved' } }] });
    const requestsBefore = server.requests.length;
    const report = JSON.parse((await canary(['shop', '--format', 'json'])).stdout) as JsonReport;
    expect(report.clients[0]?.calls[0]?.findings.map((finding) => [finding.kind, finding.actual.slice(0, 3)])).toEqual([['undocumented-status', '302']]);
    expect(server.requests.slice(requestsBefore)).toEqual(['/api/items/moved']);
  });

  test('a HEAD is called, and only its status is checked', async () => {
    server.routes.set('/api/items', { kind: 'body', body: 'ignored', status: 200, contentType: 'text/plain' });
    await configureShop({ operations: [{ operationId: 'headItems' }] });
    const result = await canary(['shop']);
    expect(result.stdout).toMatch(/ok\s+headItems\s+HEAD \/items\s+→ 200/);
    expect(result.code).toBe(0);
  });

  test('a service that never answers: exit 3, and the later calls are not made', async () => {
    server.routes.set('/api/items/slow', { kind: 'hang' });
    server.routes.set('/api/items/after', { kind: 'body', body: JSON.stringify(shopItem()) });
    await configureShop({ operations: [{ operationId: 'getItem', path: { itemId: 'slow' } }, { operationId: 'getItem', path: { itemId: 'after' } }] });
    const requestsBefore = server.requests.length;
    const result = await canary(['shop', '--timeout', '1']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/shop: service unreachable/);
    expect(result.stdout).toContain('getItem (GET /items/{itemId}) did not answer within 1 s');
    expect(result.stdout).toMatch(/not called\s+getItem/);
    expect(server.requests.slice(requestsBefore)).toEqual(['/api/items/slow']);
  });

  test('an oversized body: exit 3', async () => {
    server.routes.set('/api/items/huge', { kind: 'stream', bytes: 4 * 1024 * 1024 });
    await configureShop({ maxBytes: 1_000_000, operations: [{ operationId: 'getItem', path: { itemId: 'huge' } }] });
    const result = await canary(['shop']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('sent more than 1000000 bytes');
  });

  test('a service that refuses connections: exit 3', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await configureShop({ baseUrl: `http://127.0.0.1:${port}/api`, operations: [{ operationId: 'listItems' }] });
    const result = await canary(['shop']);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('listItems (GET /items): the service is unreachable (ECONNREFUSED)');
  });
});

describe('refused before any request: exit 2', () => {
  test.each([
    { name: 'a POST without "unsafe"', operations: [{ operationId: 'createItem' }], message: 'canary.operations[0] (createItem) is POST /items: only GET and HEAD are called unless the operation is marked "unsafe": true' },
    { name: 'an unknown operationId', operations: [{ operationId: 'listItem' }], message: 'no operation has operationId "listItem" in clients/shop/openapi.json (it has listItems, createItem, headItems, getItem)' },
    { name: 'a missing path parameter', operations: [{ operationId: 'getItem' }], message: 'canary.operations[0].path.itemId is needed: the path is /items/{itemId}' },
    { name: 'a query parameter the operation does not have', operations: [{ operationId: 'listItems', query: { limt: 2 } }], message: 'canary.operations[0].query.limt is not a query parameter of listItems (it has limit)' },
    { name: 'a literal header value', operations: [{ operationId: 'listItems', headers: { Authorization: 'Bearer hunter2' } }], message: 'canary.operations[0].headers.Authorization must take its value from an environment variable' },
    { name: 'an unset environment variable', operations: [{ operationId: 'listItems', headers: { Authorization: 'Bearer ${SHOP_TOKEN_NOT_SET}' } }], message: 'canary.operations[0].headers.Authorization needs the environment variable SHOP_TOKEN_NOT_SET, which is not set' },
    { name: 'a misspelt field', operations: [{ operationID: 'listItems' }], message: 'canary.operations[0]: unknown field "operationID"' },
  ])('$name', async ({ operations, message }) => {
    await configureShop({ operations });
    const requestsBefore = server.requests.length;
    const result = await canary(['shop']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('clients/shop/openapi-drift.json');
    expect(server.requests.length).toBe(requestsBefore);
  });

  test('a POST marked "unsafe" is sent, with its body', async () => {
    await configureShop({ operations: [{ operationId: 'createItem', unsafe: true, body: { name: 'canary' } }] });
    server.routes.set('/api/items', { kind: 'body', body: '', status: 201 });
    const result = await canary(['shop']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(server.lastHeaders()?.['content-type']).toBe('application/json');
  });

  test('a client named on the command line without a canary section', async () => {
    await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-drift.json'), JSON.stringify({ source: server.url('/shop/openapi.json') }));
    const result = await canary(['shop']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('clients/shop/openapi-drift.json has no "canary" section');
  });
});

test('an environment value in a header is sent but never printed, even when the service echoes it', async () => {
  const token = 'tok-3f9a8c1e5d7b2a64';
  // The service echoes the token: in a wrong type, in a property not in the spec and in an HTML page.
  server.routes.set('/api/items/echo', { kind: 'body', body: JSON.stringify(shopItem({ id: `Bearer ${token}`, echoed: token })) });
  server.routes.set(`/api/items/page`, { kind: 'body', body: `<html>${token}</html>`, contentType: `text/html; note=${token}` });
  server.routes.set('/api/items?limit=2', { kind: 'body', body: JSON.stringify([shopItem({ seen: token })]) });
  await configureShop({
    headers: { Authorization: 'Bearer ${SHOP_TOKEN}' },
    operations: [{ operationId: 'getItem', path: { itemId: 'echo' } }, { operationId: 'getItem', path: { itemId: 'page' } }, { operationId: 'listItems', query: { limit: 2 } }],
  });
  for (const format of ['text', 'markdown', 'json']) {
    const result = await runCli(['canary', 'shop', '--format', format], { cwd: project.root, env: { SHOP_TOKEN: token } });
    expect(result.code, result.stderr).toBe(1);
    expect(server.lastHeaders()?.authorization).toBe(`Bearer ${token}`);
    expect(result.stdout).toContain('***');
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(result.stdout + result.stderr).not.toContain(token.slice(0, 12));
  }
});

test('control characters from the service are shown escaped, in values and in property names', async () => {
  const value = await checkItem('escape', { body: shopItem({ status: '\u001b[2Jgone' }) });
  expect(value.findings[0]?.actual).toBe('string "\\u001b[2Jgone"');
  const name = await checkItem('escape-name', { body: shopItem({ '\u001b[31mred': 1 }) });
  expect(name.found).toEqual([{ kind: 'undocumented-property', severity: 'info', pointer: '/\\x1b[31mred' }]);
  const text = await canary(['shop']);
  expect(text.stdout).toContain('at /\\x1b[31mred');
  expect(text.stdout).not.toMatch(/\u001b/);
});

// The canary's exit codes mean what the workflow takes them to mean: 2 for a problem of the
// configuration or the snapshot (found before any request where it can be), 1 for a finding, and 3
// only when the service did not answer. A spec's `pattern` is matched in linear time, and a report
// stays bounded whatever the service sends. Also the small rules a plausible slip would break:
// operation headers over section headers, percent-encoded path values, exclusive bounds.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { SHOP_SPEC, shopItem } from './helpers/canary-shop.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, runCli, type TempProject } from './helpers/temp-project.ts';

let server: SpecServer;
let project: TempProject;

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject([]);
  await fs.mkdir(project.clientDir('shop'));
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: './src/client' };\n");
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

interface JsonReport {
  summary: { status: string; exitCode: number };
  clients: Array<{ status: string; error?: { message: string }; calls: Array<{ status: string; findings: Array<{ kind: string; severity: string; pointer?: string; expected: string; actual: string }> }> }>;
}

async function configure(section: Record<string, unknown>, spec: Record<string, unknown> = SHOP_SPEC): Promise<void> {
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi.json'), JSON.stringify(spec));
  await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-drift.json'), JSON.stringify({ source: './openapi.json', canary: { baseUrl: server.url('/api'), ...section } }));
}

async function canary(args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; report: JsonReport }> {
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    const code = await runCliInProcess(['canary', 'shop', '--format', 'json', ...args], { cwd: project.root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr, report: JSON.parse(stdout || '{}') as JsonReport };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** The shop spec with one schema changed. */
function specWithItem(change: (item: Record<string, unknown>) => void): Record<string, unknown> {
  const spec = structuredClone(SHOP_SPEC) as unknown as { components: { schemas: { Item: Record<string, unknown> } } };
  change(spec.components.schemas.Item);
  return spec as unknown as Record<string, unknown>;
}

describe('our problems are exit 2, not "service unreachable"', () => {
  test('a GET with a body: refused before any request', async () => {
    await configure({ operations: [{ operationId: 'getItem', unsafe: true, body: { a: 1 }, path: { itemId: '7' } }] });
    const before = server.requests.length;
    const { code, report } = await canary();
    expect(code).toBe(2);
    expect(report.clients[0]?.error?.message).toContain('canary.operations[0].body: getItem is GET /items/{itemId}, and a GET or HEAD request cannot carry a body');
    expect(server.requests.length).toBe(before);
  });

  test('a line break in a header value from the environment: refused, the value not printed', async () => {
    await configure({ headers: { 'X-Key': '${CANARY_LIMITS_KEY}' }, operations: [{ operationId: 'listItems' }] });
    const before = server.requests.length;
    const { code, stdout, stderr, report } = await canary([], { CANARY_LIMITS_KEY: 'abc-secret\r\nX-Evil: 1' });
    expect(code).toBe(2);
    expect(report.clients[0]?.error?.message).toContain('canary.headers.X-Key, from CANARY_LIMITS_KEY, contains a line break or another control character');
    expect(stdout + stderr).not.toContain('abc-secret');
    expect(server.requests.length).toBe(before);
  });

  test("a server variable without a default in the snapshot's server URL: refused, naming it", async () => {
    const spec = { ...SHOP_SPEC, servers: [{ url: 'https://{region}.shop.example.com/api', variables: { region: { enum: ['eu', 'us'] } } }] };
    await fs.writeFile(path.join(project.clientDir('shop'), 'openapi.json'), JSON.stringify(spec));
    await fs.writeFile(path.join(project.clientDir('shop'), 'openapi-drift.json'), JSON.stringify({ source: './openapi.json', canary: { operations: [{ operationId: 'listItems' }] } }));
    const { code, report } = await canary();
    expect(code).toBe(2);
    expect(report.clients[0]?.error?.message).toContain(`the snapshot's server URL has the variable {region} with no default: give "canary.baseUrl"`);
  });

  test('a port that fetch refuses to call: exit 2, not unreachable', async () => {
    await configure({ baseUrl: 'http://127.0.0.1:6000/api', operations: [{ operationId: 'listItems' }] });
    const { code, report } = await canary();
    expect(code).toBe(2);
    expect(report.clients[0]?.error?.message).toContain('listItems (GET /items) could not be sent: the request is not one fetch makes (bad port)');
  });

  test('a malformed Content-Type from the service is a finding: exit 1', async () => {
    server.routes.set('/api/items/ct', { kind: 'body', body: JSON.stringify(shopItem()), contentType: '/;;=' });
    await configure({ operations: [{ operationId: 'getItem', path: { itemId: 'ct' } }] });
    const { code, report } = await canary();
    expect(report.clients[0]?.calls[0]?.findings.map((finding) => finding.kind)).toEqual(['undocumented-content-type']);
    expect(code).toBe(1);
  });

  test('a mismatch and an answer too large: the mismatch decides, exit 1', async () => {
    server.routes.set('/api/items/wrong', { kind: 'body', body: JSON.stringify(shopItem({ id: 'x' })) });
    server.routes.set('/api/items/huge', { kind: 'stream', bytes: 256 * 1024 });
    await configure({ maxBytes: 100_000, operations: [{ operationId: 'getItem', path: { itemId: 'wrong' } }, { operationId: 'getItem', path: { itemId: 'huge' } }] });
    const { code, report } = await canary();
    expect(report.clients[0]?.calls.map((call) => call.status)).toEqual(['mismatch', 'unreachable']);
    expect(report.summary).toEqual({ status: 'mismatch', exitCode: 1 });
    expect(code).toBe(1);
  });
});

describe("a spec's pattern, matched in linear time", () => {
  test('^(a+)+$ against 35 characters that almost match: a finding at once, not a hang', async () => {
    server.routes.set('/api/items/redos', { kind: 'body', body: JSON.stringify(shopItem({ name: `${'a'.repeat(34)}!` })) });
    await configure({ timeoutSeconds: 5, operations: [{ operationId: 'getItem', path: { itemId: 'redos' } }] }, specWithItem((item) => {
      (item.properties as Record<string, Record<string, unknown>>).name = { type: 'string', pattern: '^(a+)+$' };
    }));
    // A subprocess: a backtracking engine would block this process's event loop for minutes.
    const result = await runCli(['canary', 'shop', '--format', 'json'], { cwd: project.root, timeoutMs: 60_000 });
    const report = JSON.parse(result.stdout || '{}') as JsonReport;
    expect(report.clients?.[0]?.calls[0]?.findings.map(({ kind, pointer }) => ({ kind, pointer }))).toEqual([{ kind: 'constraint', pointer: '/name' }]);
    expect(result.code).toBe(1);
  });

  test('a pattern the linear engine cannot run (a lookahead) is reported as not checked, not skipped in silence', async () => {
    server.routes.set('/api/items/look', { kind: 'body', body: JSON.stringify(shopItem({ name: 'abc' })) });
    await configure({ operations: [{ operationId: 'getItem', path: { itemId: 'look' } }] }, specWithItem((item) => {
      (item.properties as Record<string, Record<string, unknown>>).name = { type: 'string', pattern: '^(?=.*\\d).+$' };
    }));
    const { code, report } = await canary();
    const findings = report.clients[0]?.calls[0]?.findings ?? [];
    expect(findings.map(({ kind, severity }) => ({ kind, severity }))).toEqual([{ kind: 'not-validated', severity: 'info' }]);
    expect(findings[0]?.expected).toContain('^(?=.*\\d).+$');
    expect(code).toBe(0);
  });

  test('a pattern still finds what it should', async () => {
    server.routes.set('/api/items/digits', { kind: 'body', body: JSON.stringify(shopItem({ name: 'Lamp' })) });
    await configure({ operations: [{ operationId: 'getItem', path: { itemId: 'digits' } }] }, specWithItem((item) => {
      (item.properties as Record<string, Record<string, unknown>>).name = { type: 'string', pattern: '^[0-9]+$' };
    }));
    const { code, report } = await canary();
    expect(report.clients[0]?.calls[0]?.findings.map(({ kind, pointer }) => ({ kind, pointer }))).toEqual([{ kind: 'constraint', pointer: '/name' }]);
    expect(code).toBe(1);
  });
});

test('an answer of many wrong items: findings capped per operation, saying how many were left out', async () => {
  const items = Array.from({ length: 3000 }, (_, index) => shopItem({ id: `x${index}`, status: 'lost' }));
  server.routes.set('/api/items', { kind: 'body', body: JSON.stringify(items) });
  await configure({ operations: [{ operationId: 'listItems' }] });
  const { code, report } = await canary();
  const findings = report.clients[0]?.calls[0]?.findings ?? [];
  expect(findings).toHaveLength(101);
  expect(findings.at(-1)).toMatchObject({ kind: 'left-out', severity: 'info', actual: '5900 more findings left out of this report' });
  expect(code).toBe(1);
  const text = await canary([]);
  expect(text.stdout.length).toBeLessThan(100_000);
});

describe('rules a plausible slip would break', () => {
  test("an operation's own header wins over the section's", async () => {
    server.routes.set('/api/items/7', { kind: 'body', body: JSON.stringify(shopItem()) });
    await configure({ headers: { 'X-Tenant': '${CANARY_LIMITS_SECTION}' }, operations: [{ operationId: 'getItem', path: { itemId: '7' }, headers: { 'x-tenant': '${CANARY_LIMITS_OWN}' } }] });
    const { code } = await canary([], { CANARY_LIMITS_SECTION: 'section-value', CANARY_LIMITS_OWN: 'own-value' });
    expect(code).toBe(0);
    expect(server.lastHeaders()?.['x-tenant']).toBe('own-value');
  });

  test('a path value is percent-encoded: a slash or a space stays inside its segment', async () => {
    server.routes.set('/api/items/a%20b%2Fc%3F', { kind: 'body', body: JSON.stringify(shopItem()) });
    await configure({ operations: [{ operationId: 'getItem', path: { itemId: 'a b/c?' } }] });
    const { code } = await canary();
    expect(server.requests.at(-1)).toBe('/api/items/a%20b%2Fc%3F');
    expect(code).toBe(0);
  });

  test('OpenAPI 3.0 exclusiveMinimum: true makes the lower bound exclusive, the upper one stays inclusive', async () => {
    const spec = specWithItem((item) => {
      (item.properties as Record<string, Record<string, unknown>>).id = { type: 'integer', minimum: 5, exclusiveMinimum: true, maximum: 10 };
    });
    for (const [id, kinds] of [[5, ['constraint']], [6, []], [10, []], [11, ['constraint']]] as const) {
      server.routes.set(`/api/items/n${id}`, { kind: 'body', body: JSON.stringify(shopItem({ id })) });
      await configure({ operations: [{ operationId: 'getItem', path: { itemId: `n${id}` } }] }, spec);
      const { report } = await canary();
      expect(report.clients[0]?.calls[0]?.findings.map((finding) => finding.kind), `id ${id}`).toEqual(kinds);
    }
  });
});

test('the reason a call had no answer is shown on lines of its own, its fix included, not as escaped line breaks', async () => {
  server.routes.set('/api/items/big', { kind: 'stream', bytes: 256 * 1024 });
  await configure({ maxBytes: 100_000, operations: [{ operationId: 'getItem', path: { itemId: 'big' } }] });
  let stdout = '';
  const code = await runCliInProcess(['canary', 'shop'], { cwd: project.root, stdout: (text) => (stdout += text), stderr: () => undefined });
  expect(code).toBe(3);
  expect(stdout).not.toContain('\\x0a');
  expect(stdout).toMatch(/^ {6}getItem \(GET \/items\/\{itemId\}\) sent more than 100000 bytes$/m);
  expect(stdout).toMatch(/^ {6}Fix: raise "canary.maxBytes" in openapi-drift.json/m);
});

test("a report stays bounded when the service's property names are huge: pointers are cut to 200 characters, marked with an ellipsis", async () => {
  const huge = 'k'.repeat(200_000);
  server.routes.set('/api/items/hugekeys', { kind: 'body', body: JSON.stringify(shopItem(Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`${huge}${index}`, 1])))) });
  await configure({ operations: Array.from({ length: 3 }, () => ({ operationId: 'getItem', path: { itemId: 'hugekeys' } })) });
  for (const format of ['text', 'markdown', 'json']) {
    let stdout = '';
    const code = await runCliInProcess(['canary', 'shop', '--format', format], { cwd: project.root, stdout: (text) => (stdout += text), stderr: () => undefined });
    expect(code, format).toBe(0);
    expect(stdout.length, format).toBeLessThan(200_000);
    expect(stdout, format).toContain(`/${'k'.repeat(199)}…`);
    expect(stdout, format).not.toContain('k'.repeat(201));
  }
});

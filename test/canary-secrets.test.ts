// Where the canary's configured headers may go, and what of a secret may show. The spec is the API
// owner's published document: its path templates and property names are not the team's to trust.
// The plan is built by the real planner from a spec; the property test generates spec paths, path
// values and base URLs, and checks that every call whose headers carry a secret stays on the base's
// origin. One test calls a real server with a path template that would move the call to another port.
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { planCanary, type CanaryPlan } from '../packages/openapi-drift/src/canary/plan.ts';
import { canarySectionOf } from '../packages/openapi-drift/src/canary/config.ts';
import { describeValue, redactor } from '../packages/openapi-drift/src/canary/text.ts';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { validateSourceConfig, type ResolvedSource, type SourceConfig } from '../packages/openapi-drift/src/project/client-record.ts';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

const SOURCE: ResolvedSource = { location: '/nowhere/openapi.json', isUrl: false, headers: {}, timeoutMs: 30_000, maxBytes: 1_000_000 };
const TOKEN = 'tok-5e1f0c9a7d3b2e48';
process.env.CANARY_SECRETS_TEST_TOKEN = TOKEN;

function specWithPath(template: string): Record<string, unknown> {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: { [template]: { get: { operationId: 'op', parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), responses: { '200': { description: 'ok' } } } } },
  };
}

function plan(baseUrl: string, template: string, pathValues: Record<string, string> = {}): CanaryPlan {
  const section = { baseUrl, headers: { Authorization: 'Bearer ${CANARY_SECRETS_TEST_TOKEN}' }, operations: [{ operationId: 'op', path: pathValues }] };
  return planCanary({ section, document: specWithPath(template), source: SOURCE, file: 'clients/x/openapi-drift.json', snapshotFile: 'clients/x/openapi.json' });
}

describe('a configured header goes only to the base URL\'s origin', () => {
  test.each([
    { name: 'a port glued on', base: 'http://127.0.0.1:18081', template: ':18082/x' },
    { name: 'a host glued on', base: 'https://api.example.com', template: '.attacker.net/x' },
    { name: 'user info glued on', base: 'https://api.example.com', template: '@attacker.net/x' },
    { name: 'no leading slash under a base path', base: 'https://api.example.com/v1', template: 'x' },
  ])('a path template that does not start with "/" is refused: $name', ({ base, template }) => {
    expect(() => plan(base, template)).toThrow(ConfigError);
    expect(() => plan(base, template)).toThrow(`the path template "${template}" of op does not start with "/"`);
  });

  test.each([
    { name: 'a template that starts with "//"', template: '//attacker.net/x' },
    { name: 'a backslash', template: '/\\attacker.net/x' },
    { name: 'a path value with a slash and dots', template: '/items/{id}', values: { id: '../../@attacker.net' } },
  ])('a path that starts with "/" stays below the base: $name', ({ template, values }) => {
    const [call] = plan('https://api.example.com/v1', template, values).calls;
    expect(new URL(call?.url ?? '').origin).toBe('https://api.example.com');
    expect(new URL(call?.url ?? '').pathname.startsWith('/v1/')).toBe(true);
  });

  test('property: whatever the spec\'s path and the values, a call with the header has the base\'s origin', () => {
    const piece = fc.oneof(
      fc.constantFrom('/', '//', ':', '@', '.', '..', '\\', '?', '#', '%2F', '%40', 'attacker.net', ':18082', '{a}', '{b}', ' ', '\t', '\n'),
      fc.string({ maxLength: 6 }),
    );
    const template = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    const value = fc.array(piece, { maxLength: 4 }).map((pieces) => pieces.join(''));
    const base = fc.constantFrom('http://127.0.0.1:18081', 'https://api.example.com', 'https://api.example.com/v1/', 'http://[::1]:8080/a/b');
    fc.assert(
      fc.property(base, template, value, value, (baseUrl, path, a, b) => {
        let built: CanaryPlan;
        try {
          built = plan(baseUrl, path, { ...(path.includes('{a}') ? { a } : {}), ...(path.includes('{b}') ? { b } : {}) });
        } catch (error) {
          // Refused before any call: a ConfigError and nothing else.
          return error instanceof ConfigError;
        }
        return built.calls.every((call) => new URL(call.url).origin === new URL(baseUrl).origin);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a header value is variables and scheme words, never a literal beside a variable', () => {
  const literal = ['Bearer sk_live_X${EMPTY}', '${EMPTY}sk_live_X', 'sk_live_X ${EMPTY}', 'Bearer ${TOKEN} sk_live_X', 'Bearer ${TOKEN}sk_live_X'];
  const allowed = ['${TOKEN}', 'Bearer ${TOKEN}', 'Basic ${CREDENTIALS}', 'token ${GITHUB_TOKEN}', '${A}${B}'];

  test.each(literal)('refused in a source record, in "add --header" and in the canary section: %s', (value) => {
    expect(validateSourceConfig({ source: 'https://x.example.com/o.json', headers: { Authorization: value } })).toEqual([expect.stringContaining('header Authorization must take its value from an environment variable')]);
    const config = { source: 'https://x.example.com/o.json', canary: { headers: { Authorization: value }, operations: [{ operationId: 'op', headers: { 'X-Key': value } }] } } as SourceConfig;
    expect(() => canarySectionOf(config, 'clients/x')).toThrow(/canary\.headers\.Authorization must take its value from an environment variable.*canary\.operations\[0\]\.headers\.X-Key must take its value from an environment variable/);
  });

  test.each(allowed)('accepted: %s', (value) => {
    expect(validateSourceConfig({ source: 'https://x.example.com/o.json', headers: { Authorization: value } })).toEqual([]);
    const config = { source: 'https://x.example.com/o.json', canary: { headers: { Authorization: value }, operations: [{ operationId: 'op' }] } } as SourceConfig;
    expect(canarySectionOf(config, 'clients/x')).toBeDefined();
  });
});

describe('a secret is hidden however the service spells it', () => {
  const secret = 'ab/cd+ef gh~ij==';
  const redact = redactor([secret]);

  test.each([
    { name: 'percent-encoded', text: `x=${encodeURIComponent(secret)}` },
    { name: 'percent-encoded, lower-case hex', text: `x=${encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase())}` },
    { name: 'form-encoded', text: `${new URLSearchParams({ x: secret })}` },
    { name: 'as a JSON pointer token', text: `/${secret.replaceAll('~', '~0').replaceAll('/', '~1')}/a` },
    { name: 'as a URI fragment', text: `#/${encodeURIComponent(secret.replaceAll('~', '~0').replaceAll('/', '~1'))}` },
  ])('$name', ({ text }) => {
    expect(redact(text)).toContain('***');
    expect(redact(text)).not.toContain('cd');
  });

  test('a long value is cut after the secret is hidden, so no part of it shows', () => {
    const shown = describeValue(`${'x'.repeat(50)}${TOKEN}`, redactor([TOKEN]));
    expect(shown).toContain('***');
    expect(shown).not.toContain(TOKEN.slice(0, 6));
  });
});

describe('against a real server', () => {
  let api: SpecServer;
  let elsewhere: SpecServer;
  let project: TempProject;
  beforeAll(async () => {
    [api, elsewhere] = await Promise.all([startSpecServer(), startSpecServer()]);
    project = await createTempProject([]);
    await fs.mkdir(project.clientDir('shop'));
  });
  afterAll(async () => {
    await Promise.all([api?.close(), elsewhere?.close()]);
    await project?.remove();
  });

  async function canary(spec: Record<string, unknown>, section: Record<string, unknown>): Promise<{ code: number; stdout: string; stderr: string }> {
    const dir = project.clientDir('shop');
    await fs.writeFile(path.join(dir, 'openapi.json'), JSON.stringify(spec));
    await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: './src/client' };\n");
    await fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify({ source: './openapi.json', canary: section }));
    let stdout = '';
    let stderr = '';
    const code = await runCliInProcess(['canary', 'shop', '--format', 'json'], { cwd: project.root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
  }

  test('a path template that would move the call to another port: exit 2, nothing sent anywhere', async () => {
    const port = new URL(elsewhere.url('/')).port;
    elsewhere.routes.set('/x', { kind: 'body', body: '{}' });
    const result = await canary(specWithPath(`:${port}/x`), { baseUrl: api.url(''), headers: { Authorization: 'Bearer ${CANARY_SECRETS_TEST_TOKEN}' }, operations: [{ operationId: 'op' }] });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stdout).toContain(`does not start with \\"/\\"`);
    expect(elsewhere.requests).toEqual([]);
    expect(api.requests).toEqual([]);
  });

  test('a secret in a property name is hidden in the pointer', async () => {
    const spec = specWithPath('/echo');
    ((spec.paths as Record<string, Record<string, Record<string, unknown>>>)['/echo']?.get as Record<string, unknown>).responses = {
      '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'object', properties: { z: { type: 'string' } } }, b: { type: 'object', additionalProperties: false } } } } } },
    };
    api.routes.set('/echo', { kind: 'body', body: JSON.stringify({ a: { [`k/${TOKEN}`]: 1, [TOKEN]: 'x' }, b: { [TOKEN]: 2 } }) });
    const result = await canary(spec, { baseUrl: api.url(''), headers: { Authorization: 'Bearer ${CANARY_SECRETS_TEST_TOKEN}' }, operations: [{ operationId: 'op' }] });
    expect(api.lastHeaders()?.authorization).toBe(`Bearer ${TOKEN}`);
    const pointers = (JSON.parse(result.stdout) as { clients: Array<{ calls: Array<{ findings: Array<{ pointer: string }> }> }> }).clients[0]?.calls[0]?.findings.map((finding) => finding.pointer);
    expect(pointers?.sort()).toEqual(['/a/***', '/a/k~1***', '/b/***']);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});

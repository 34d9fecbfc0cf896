// `openapi-drift live` against a real HTTP server on 127.0.0.1, run as a user runs it: exit codes,
// stdout, and that it never writes.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, hashTree, runCli, type TempProject } from './helpers/temp-project.ts';
import { readSpec } from './helpers/specs.ts';

let server: SpecServer;
let project: TempProject;
let snapshot: string;
let changed: string;

function cli(args: string[], cwd = project.root) {
  return runCli(args, { cwd });
}

async function pointAt(client: string, source: Record<string, unknown>) {
  await fs.writeFile(path.join(project.clientDir(client), 'openapi-drift.json'), JSON.stringify(source));
}

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject(['petstore']);
  snapshot = await fs.readFile(path.join(project.clientDir('petstore'), 'openapi.json'), 'utf8');
  const document = JSON.parse(snapshot);
  document.paths['/pets'].get.parameters[0].required = true;
  changed = JSON.stringify(document, null, 2);
  server.routes.set('/same.json', { kind: 'body', body: snapshot });
  server.routes.set('/minified.json', { kind: 'body', body: JSON.stringify(JSON.parse(snapshot)) });
  server.routes.set('/petstore.yaml', { kind: 'body', body: readSpec('petstore.oas30.yaml'), contentType: 'application/yaml' });
  server.routes.set('/changed.json', { kind: 'body', body: changed });
  server.routes.set('/error.json', { kind: 'body', body: '{"message":"boom"}', status: 500 });
  server.routes.set('/hang.json', { kind: 'hang' });
  server.routes.set('/login.html', { kind: 'body', body: '<!doctype html><html><body>Please log in</body></html>', contentType: 'text/html' });
  server.routes.set('/moved.json', { kind: 'redirect', to: '/changed.json' });
  server.routes.set('/huge.json', { kind: 'stream', bytes: 8 * 1024 * 1024 });
  server.routes.set('/not-openapi.json', { kind: 'body', body: '{"name":"a package.json, not a spec"}' });
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface LiveRun {
  result: Awaited<ReturnType<typeof cli>>;
  before: Map<string, string>;
  after: Map<string, string>;
}
const liveRuns = new Map<string, Promise<LiveRun>>();

/**
 * `live` with the petstore client pointed at `route`, and the tree before and after. A drift run
 * regenerates the client and type-checks the code against it: tests that ask the same question of
 * the same run share it.
 */
function liveRun(route: string, args: string[] = [], source: Record<string, unknown> = {}): Promise<LiveRun> {
  const key = JSON.stringify([route, args, source]);
  let run = liveRuns.get(key);
  if (!run) {
    run = (async () => {
      await pointAt('petstore', { source: server.url(route), ...source });
      const before = await hashTree(project.root);
      const result = await cli(['live', ...args]);
      return { result, before, after: await hashTree(project.root) };
    })();
    liveRuns.set(key, run);
  }
  return run;
}

describe('one client', () => {
  test.each([
    { description: 'the same document', route: '/same.json', code: 0, stdout: /petstore: no drift/ },
    { description: 'a reformatted but equal document', route: '/minified.json', code: 0, stdout: /petstore: no drift/ },
    { description: 'the same document as YAML', route: '/petstore.yaml', code: 0, stdout: /petstore: no drift/ },
    { description: 'a changed document', route: '/changed.json', code: 1, stdout: /petstore: drift\nSPEC_SHA256=[0-9a-f]{64}\n[\s\S]*BREAKING\s+GET \/pets\s+parameter 'query\.limit' became required/ },
    { description: 'a redirect to a changed document', route: '/moved.json', code: 1, stdout: /petstore: drift/ },
    { description: 'a 404', route: '/missing.json', code: 3, stdout: /skipped/, stderr: /answered 404/ },
    { description: 'a 500', route: '/error.json', code: 3, stdout: /skipped/, stderr: /answered 500/ },
    { description: 'a server that never answers', route: '/hang.json', code: 3, stderr: /did not answer within 1 s/, args: ['--timeout', '1'] },
    { description: "a server that never answers, within the client's own timeoutSeconds", route: '/hang.json', code: 3, stderr: /did not answer within 1 s/, source: { timeoutSeconds: 1 } },
    { description: '--timeout overrides the client\'s timeoutSeconds', route: '/hang.json', code: 3, stderr: /did not answer within 2 s/, args: ['--timeout', '2'], source: { timeoutSeconds: 1 } },
    { description: 'an HTML error page', route: '/login.html', code: 3, stderr: /did not answer with an OpenAPI document \(it looks like an HTML page\)/ },
    { description: 'JSON that is not a spec', route: '/not-openapi.json', code: 3, stderr: /not an OpenAPI or Swagger document/ },
    { description: 'an oversized body', route: '/huge.json', code: 3, stderr: /more than 1000000 bytes/, source: { maxBytes: 1_000_000 } },
  ])('$description: exit $code', async ({ route, code, stdout, stderr, args, source }) => {
    const { result, before, after } = await liveRun(route, args, source);
    expect(result.code, result.stdout + result.stderr).toBe(code);
    if (stdout) expect(result.stdout).toMatch(stdout);
    if (stderr) expect(result.stderr).toMatch(stderr);
    expect(after).toEqual(before);
  });

  test('drift prints the sha256 of the canonical bytes of the served document', async () => {
    // The run of 'a changed document' above.
    const { result } = await liveRun('/changed.json');
    expect(result.stdout).toContain(`SPEC_SHA256=${sha256(canonicalize(changed))}\n`);
  });

  test('an unreadable snapshot is exit 2, found before any request', async () => {
    await pointAt('petstore', { source: server.url('/same.json') });
    const snapshotFile = path.join(project.clientDir('petstore'), 'openapi.json');
    await fs.writeFile(snapshotFile, '{ "openapi": ');
    const requestsBefore = server.requests.length;
    try {
      const result = await cli(['live']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/clients\/petstore\/openapi\.json:1:\d+: invalid JSON/);
      expect(server.requests.length).toBe(requestsBefore);
    } finally {
      await fs.writeFile(snapshotFile, snapshot);
    }
  });

  test('a header taken from an unset environment variable is exit 2 before any request', async () => {
    await pointAt('petstore', { source: server.url('/same.json'), headers: { Authorization: 'Bearer ${PETSTORE_TOKEN_NOT_SET}' } });
    const requestsBefore = server.requests.length;
    const result = await cli(['live']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs the environment variable PETSTORE_TOKEN_NOT_SET');
    expect(server.requests.length).toBe(requestsBefore);
  });

  test('header values come from the environment and are sent', async () => {
    await pointAt('petstore', { source: server.url('/same.json'), headers: { Authorization: 'Bearer ${PETSTORE_TOKEN}', 'X-Team': '${TEAM}' } });
    const result = await runCli(['live'], {
      cwd: project.root,
      env: { PETSTORE_TOKEN: 's3cret', TEAM: 'web-checkout' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(server.lastHeaders()?.authorization).toBe('Bearer s3cret');
    expect(server.lastHeaders()?.['x-team']).toBe('web-checkout');
  });

  test('a literal header value is refused: secrets come from the environment', async () => {
    await pointAt('petstore', { source: server.url('/same.json'), headers: { Authorization: 'Bearer hunter2' } });
    const result = await cli(['live']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('header Authorization must take its value from an environment variable');
  });
});

test('several clients: every client is reported and the worst outcome sets the exit code', async () => {
  for (const name of ['bravo', 'charlie']) {
    await fs.cp(project.clientDir('petstore'), project.clientDir(name), { recursive: true });
  }
  await pointAt('petstore', { source: server.url('/same.json') });
  await pointAt('bravo', { source: server.url('/missing.json') });
  await pointAt('charlie', { source: server.url('/changed.json') });
  let result = await cli(['live']);
  expect(result.stdout).toMatch(/bravo: skipped[\s\S]*charlie: drift[\s\S]*petstore: no drift/);
  expect(result.stdout).toMatch(/charlie: drift[\s\S]*impact: /);
  expect(result.code).toBe(1);
  result = await cli(['live', 'petstore', 'bravo']);
  expect(result.code).toBe(3);
  await fs.writeFile(path.join(project.clientDir('bravo'), 'openapi-drift.json'), '{}');
  // --no-impact leaves out the type check of the repository's code against each drifted spec.
  result = await cli(['live', '--no-impact']);
  expect(result.code).toBe(2);
  expect(result.stdout).toMatch(/charlie: drift/);
  expect(result.stdout).not.toContain('impact:');
  await Promise.all(['bravo', 'charlie'].map((name) => fs.rm(project.clientDir(name), { recursive: true })));
});

// `live` (live.ts) in process: a client of a temp project, its source on a real HTTP server on
// 127.0.0.1. What can be checked before a request is (config, snapshot, source record); a served
// document equal in canonical form is current, another is drift, a failed fetch is skipped and a
// configuration mistake is an error; with overlays the upstream is what is compared. Several
// clients take the worst outcome, and each outcome has its exit code. `live` never writes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError, SnapshotError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { configSource, DEFAULT_PLUGINS } from '../../../packages/openapi-drift/src/lifecycle/add.ts';
import { SourceFetchError } from '../../../packages/openapi-drift/src/lifecycle/fetch-spec.ts';
import { LIVE_EXIT, liveClient, prepareClient, worstLiveStatus, type LiveResult, type LiveStatus } from '../../../packages/openapi-drift/src/lifecycle/live.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { createTempProject, hashTree, type TempProject } from '../../helpers/temp-project.ts';
import { answer, startServer, type TestServer } from './http.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' } } } } },
};
const CHANGED = { ...DOCUMENT, info: { title: 'tiny', version: '2' } };
const CANONICAL = canonicalize(JSON.stringify(DOCUMENT));
const OVERLAY = `overlay: 1.0.0
info:
  title: rename
  version: 1.0.0
actions:
  - target: $.paths['/a'].get
    update:
      operationId: fetchA
`;
const NOTHING_SELECTED = `overlay: 1.0.0
info:
  title: stale
  version: 1.0.0
actions:
  - target: $.paths['/gone'].get
    update:
      operationId: x
`;

let project: TempProject;
let server: TestServer;
let dir: string;
const file = (name: string) => path.join(dir, name);
const options = () => ({ displayRoot: project.root });

async function record(settings: Record<string, unknown>): Promise<void> {
  await fs.writeFile(file('openapi-drift.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

beforeAll(async () => {
  project = await createTempProject([]);
  server = await startServer();
  server.handle('/same.json', answer(JSON.stringify(DOCUMENT)));
  server.handle('/changed.json', answer(JSON.stringify(CHANGED)));
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});
beforeEach(async () => {
  dir = project.clientDir('tiny');
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir);
  await fs.writeFile(file('openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS));
  await fs.writeFile(file('openapi.json'), CANONICAL);
  await record({ source: server.url('/same.json') });
});

describe('prepareClient', () => {
  test('reads the layout, the snapshot and its canonical form, and resolves the source', async () => {
    await fs.writeFile(file('openapi.json'), JSON.stringify(DOCUMENT));
    await record({ source: server.url('/same.json'), timeoutSeconds: 7 });
    const prepared = await prepareClient(dir, options());
    expect(prepared.name).toBe('tiny');
    expect(prepared.layout).toEqual({ clientDir: dir, configFile: file('openapi-ts.config.ts'), snapshotFile: file('openapi.json'), outputDir: file('src/client') });
    expect(prepared.snapshotText).toBe(JSON.stringify(DOCUMENT));
    expect(prepared.snapshotCanonical).toBe(CANONICAL);
    expect(prepared.source).toEqual({ location: server.url('/same.json'), isUrl: true, headers: {}, timeoutMs: 7000, maxBytes: 100 * 1024 * 1024 });
    expect(prepared.shownSource).toBe(server.url('/same.json'));
    expect('overlays' in prepared).toBe(false);
  });

  test('a file source is shown relative to the display root; --timeout overrides timeoutSeconds', async () => {
    await record({ source: '../spec/tiny.json', timeoutSeconds: 7 });
    const prepared = await prepareClient(dir, { displayRoot: project.root, timeoutMs: 1234 });
    expect(prepared.source.location).toBe(path.join(project.root, 'clients/spec/tiny.json'));
    expect(prepared.source.isUrl).toBe(false);
    expect(prepared.source.timeoutMs).toBe(1234);
    expect(prepared.shownSource).toBe(path.join('clients', 'spec', 'tiny.json'));
  });

  test('a YAML snapshot is compared by the canonical JSON of its document', async () => {
    await fs.rm(file('openapi.json'));
    await fs.writeFile(file('openapi.yaml'), "openapi: 3.0.3\ninfo:\n  title: tiny\n  version: '1'\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n");
    await fs.writeFile(file('openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS).replace('./openapi.json', './openapi.yaml'));
    const prepared = await prepareClient(dir, options());
    expect(prepared.snapshotCanonical).toBe(CANONICAL);
    expect(prepared.snapshotText).toContain('operationId: getA');
  });

  test('listed overlays are loaded with the committed upstream; an empty list is no overlays', async () => {
    await record({ source: server.url('/same.json'), overlays: [] });
    expect('overlays' in (await prepareClient(dir, options()))).toBe(false);
    await fs.mkdir(file('patches'));
    await fs.writeFile(file('patches/rename.overlay.yaml'), OVERLAY);
    await fs.writeFile(file('openapi.upstream.json'), CANONICAL);
    await record({ source: server.url('/same.json'), overlays: ['patches/rename.overlay.yaml'] });
    const prepared = await prepareClient(dir, options());
    expect(prepared.overlays?.overlays).toHaveLength(1);
    expect(prepared.overlays?.upstreamFile).toBe(file('openapi.upstream.json'));
    expect(prepared.overlays?.upstreamText).toBe(CANONICAL);
  });

  test('a client without a source record is a ConfigError that says what to write', async () => {
    await fs.rm(file('openapi-drift.json'));
    await expect(prepareClient(dir, options())).rejects.toThrow(ConfigError);
    await expect(prepareClient(dir, options())).rejects.toThrow(`${path.join('clients', 'tiny', 'openapi-drift.json')} does not exist, so the client records no source`);
  });

  test('a snapshot that is not JSON is a SnapshotError naming it', async () => {
    await fs.writeFile(file('openapi.json'), '{ "openapi": ');
    await expect(prepareClient(dir, options())).rejects.toThrow(SnapshotError);
    await expect(prepareClient(dir, options())).rejects.toThrow(/^clients\/tiny\/openapi\.json:1:\d+: invalid JSON/);
  });
});

describe('liveClient', () => {
  test('the same document, reformatted, is current; nothing is written', async () => {
    const before = await hashTree(dir);
    const result = await liveClient(dir, options());
    expect(result.status).toBe('current');
    expect(result.name).toBe('tiny');
    expect(result.fetched?.canonical).toBe(CANONICAL);
    expect(result.snapshotText).toBe(CANONICAL);
    expect(result.layout?.snapshotFile).toBe(file('openapi.json'));
    expect(result.error).toBeUndefined();
    expect(result.patched).toBeUndefined();
    expect(await hashTree(dir)).toEqual(before);
  });

  test('a changed document is drift, with the fetched document; nothing is written', async () => {
    await record({ source: server.url('/changed.json') });
    const before = await hashTree(dir);
    const result = await liveClient(dir, options());
    expect(result.status).toBe('drift');
    expect(result.fetched?.canonical).toBe(canonicalize(JSON.stringify(CHANGED)));
    expect(result.snapshotText).toBe(CANONICAL);
    expect(result.layout?.outputDir).toBe(file('src/client'));
    expect(await hashTree(dir)).toEqual(before);
  });

  test('a source that cannot be fetched is skipped, with the reason, the snapshot and the layout', async () => {
    await record({ source: server.url('/missing.json') });
    const result = await liveClient(dir, options());
    expect(result.status).toBe('skipped');
    expect(result.error).toBeInstanceOf(SourceFetchError);
    expect(result.error?.message).toBe(`${server.url('/missing.json')} answered 404 Not Found`);
    expect(result.snapshotText).toBe(CANONICAL);
    expect(result.layout?.snapshotFile).toBe(file('openapi.json'));
  });

  test('a mistake found before the request is an error, and no request is made', async () => {
    await record({ source: server.url('/same.json'), headers: { Authorization: 'Bearer ${LIVE_TEST_TOKEN_NOT_SET}' } });
    const requests = server.requests.length;
    const result = await liveClient(dir, options());
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(ConfigError);
    expect(result.error?.message).toBe(`${path.join('clients', 'tiny', 'openapi-drift.json')}: header Authorization needs the environment variable LIVE_TEST_TOKEN_NOT_SET, which is not set`);
    expect(result.snapshotText).toBeUndefined();
    expect(server.requests.length).toBe(requests);
  });

  test('a client without a hey-api config is an error that names its folder as the user sees it', async () => {
    await fs.rm(file('openapi-ts.config.ts'));
    const result = await liveClient(dir, options());
    expect(result.status).toBe('error');
    expect(result.error?.message).toBe('clients/tiny has no openapi-ts.config.ts');
  });

  test('a snapshot that cannot be read is an error', async () => {
    await fs.writeFile(file('openapi.json'), '{ "openapi": ');
    const result = await liveClient(dir, options());
    expect(result.status).toBe('error');
    expect(result.error).toBeInstanceOf(SnapshotError);
  });

  describe('with overlays', () => {
    beforeEach(async () => {
      await fs.mkdir(file('patches'));
      await fs.writeFile(file('patches/rename.overlay.yaml'), OVERLAY);
      await fs.writeFile(file('patches/stale.overlay.yaml'), NOTHING_SELECTED);
      // The snapshot is the patched upstream: it differs from what the source serves.
      await fs.writeFile(file('openapi.json'), CANONICAL.replace('"getA"', '"fetchA"'));
      await fs.writeFile(file('openapi.upstream.json'), CANONICAL);
    });

    test('the upstream is compared with the committed upstream, and the patched document is given', async () => {
      await record({ source: server.url('/same.json'), overlays: ['patches/rename.overlay.yaml'] });
      const result = await liveClient(dir, options());
      expect(result.status).toBe('current');
      expect(result.patched?.canonical).toBe(CANONICAL.replace('"getA"', '"fetchA"'));
      expect(result.snapshotText).toBe(CANONICAL.replace('"getA"', '"fetchA"'));
      expect(result.layout?.snapshotFile).toBe(file('openapi.json'));
      await record({ source: server.url('/changed.json'), overlays: ['patches/rename.overlay.yaml'] });
      const drift = await liveClient(dir, options());
      expect(drift.status).toBe('drift');
      expect(drift.fetched?.canonical).toBe(canonicalize(JSON.stringify(CHANGED)));
      expect(drift.patched?.canonical).toContain('"fetchA"');
    });

    test('an action that selects nothing is reported, and with --strict it is an error', async () => {
      await record({ source: server.url('/same.json'), overlays: ['patches/rename.overlay.yaml', 'patches/stale.overlay.yaml'] });
      const lenient = await liveClient(dir, options());
      expect(lenient.status).toBe('current');
      expect(lenient.patched?.unmatched).toHaveLength(1);
      const strict = await liveClient(dir, { ...options(), strict: true });
      expect(strict.status).toBe('error');
      expect(strict.error).toBeInstanceOf(ConfigError);
      expect(strict.error?.message).toContain('clients/tiny/patches/stale.overlay.yaml');
      expect(strict.snapshotText).toBe(CANONICAL.replace('"getA"', '"fetchA"'));
      expect(strict.layout?.snapshotFile).toBe(file('openapi.json'));
    });
  });
});

describe('several clients', () => {
  const of = (...statuses: LiveStatus[]): LiveResult[] => statuses.map((status, index) => ({ name: `c${index}`, status }));

  test('each outcome has its exit code', () => {
    expect(LIVE_EXIT).toEqual({ current: 0, drift: 1, error: 2, skipped: 3 });
  });

  test.each([
    [[], 'current'],
    [['current'], 'current'],
    [['current', 'skipped'], 'skipped'],
    [['skipped', 'current'], 'skipped'],
    [['skipped', 'drift'], 'drift'],
    [['drift', 'skipped', 'current'], 'drift'],
    [['drift', 'error'], 'error'],
    [['error', 'drift', 'skipped'], 'error'],
  ] as Array<[LiveStatus[], LiveStatus]>)('%j: the worst is %s', (statuses, worst) => {
    expect(worstLiveStatus(of(...statuses))).toBe(worst);
  });
});

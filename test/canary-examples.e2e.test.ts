// The canary on the two example clients, their committed snapshots copied into a temp project,
// against a local server that answers their operations: a conforming answer and a mismatch each.
// petstore names its base URL; ix-api's comes from its snapshot's relative server (`/api/v2`),
// resolved against the source URL.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatCanaryReport, runCanary } from '../packages/openapi-drift/src/canary/index.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { findClients } from '../packages/openapi-drift/src/project/clients.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let server: SpecServer;
let project: TempProject;

beforeAll(async () => {
  server = await startSpecServer();
  project = await createTempProject(['petstore', 'ix-api']);
  await writeRecord('petstore', {
    source: server.url('/petstore/openapi.yaml'),
    canary: { baseUrl: server.url('/petstore/v1'), operations: [{ operationId: 'listPets', query: { limit: 2 } }, { operationId: 'showPetById', path: { petId: '1' } }] },
  });
  await writeRecord('ix-api', {
    source: server.url('/ix/ix-api-latest.json'),
    canary: { operations: [{ operationId: 'api_health_read' }, { operationId: 'accounts_list', query: { state: 'production' } }] },
  });
});
afterAll(async () => {
  await server?.close();
  await project?.remove();
});

async function writeRecord(client: string, record: Record<string, unknown>): Promise<void> {
  await fs.writeFile(path.join(project.clientDir(client), 'openapi-drift.json'), JSON.stringify(record, null, 2));
}

function serve(route: string, body: unknown): void {
  server.routes.set(route, { kind: 'body', body: JSON.stringify(body) });
}

const account = { id: 'IX:Account:1', name: 'Moonpeer Inc.', state: 'production', metro_area_network_presence: ['14021'], legal_name: null, discoverable: true };

async function canary(name: string) {
  const [result] = await runCanary({ root: project.root, clients: (await findClients({ root: project.root })).filter((client) => client.name === name), displayRoot: project.root });
  if (!result) throw new Error('no result');
  return result;
}

const findingsOf = (result: Awaited<ReturnType<typeof canary>>) =>
  result.calls.flatMap((call) => call.findings.map(({ kind, severity, pointer }) => ({ operationId: call.operationId, kind, severity, pointer })));

test('petstore: conforming answers', async () => {
  serve('/petstore/v1/pets?limit=2', [{ id: 1, name: 'Rex', tag: 'dog' }, { id: 2, name: 'Tom' }]);
  serve('/petstore/v1/pets/1', { id: 1, name: 'Rex' });
  const result = await canary('petstore');
  expect(findingsOf(result)).toEqual([]);
  expect(result.calls.map((call) => [call.operationId, call.status, call.httpStatus])).toEqual([['listPets', 'conforms', 200], ['showPetById', 'conforms', 200]]);
  expect(result.status).toBe('conforms');
});

test('petstore: a pet whose id is a string, and an error answer its `default` response documents', async () => {
  serve('/petstore/v1/pets?limit=2', [{ id: 1, name: 'Rex' }, { id: '2', name: 'Tom' }]);
  server.routes.set('/petstore/v1/pets/1', { kind: 'body', body: JSON.stringify({ code: 404, message: 'no pet 1' }), status: 404 });
  const result = await canary('petstore');
  expect(findingsOf(result)).toEqual([
    { operationId: 'listPets', kind: 'wrong-type', severity: 'mismatch', pointer: '/1/id' },
    { operationId: 'showPetById', kind: 'error-status', severity: 'info', pointer: undefined },
  ]);
  expect(result.status).toBe('mismatch');
});

test('ix-api: conforming answers at the base URL its snapshot names', async () => {
  serve('/api/v2/health', { status: 'pass', version: '2', checks: { db: { state: 'ok' } } });
  serve('/api/v2/accounts?state=production', [account]);
  const result = await canary('ix-api');
  expect(findingsOf(result)).toEqual([]);
  expect(result.baseUrl).toBe(`${server.url('/api/v2')} (the snapshot's first server)`);
  expect(result.status).toBe('conforms');
});

test('ix-api: a state outside the enum, a missing required property and a property not in the spec', async () => {
  serve('/api/v2/health', { status: 'degraded' });
  serve('/api/v2/accounts?state=production', [account, { ...account, id: undefined, state: 'retired', colour: 'teal' }, { ...account, tier: 'gold' }]);
  const result = await canary('ix-api');
  expect(findingsOf(result)).toEqual([
    { operationId: 'api_health_read', kind: 'not-in-enum', severity: 'mismatch', pointer: '/status' },
    { operationId: 'accounts_list', kind: 'not-in-enum', severity: 'mismatch', pointer: '/1/state' },
    { operationId: 'accounts_list', kind: 'missing-property', severity: 'mismatch', pointer: '/1/id' },
    // Reported for conforming objects only: item 1 has mismatches of its own.
    { operationId: 'accounts_list', kind: 'undocumented-property', severity: 'info', pointer: '/2/tier' },
  ]);
  expect(result.status).toBe('mismatch');
  // The sample in docs/canary.md.
  expect(formatCanaryReport([result], 'text')).toMatch(/^ix-api: mismatch \(2 operations, calls to http:\/\/127\.0\.0\.1:\d+\/api\/v2 \(the snapshot's first server\)\)\n/);
});

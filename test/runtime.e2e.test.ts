// openapi-drift/runtime on the real generated petstore client and a real HTTP server on 127.0.0.1:
// the validators written by `sync` into the tree, a conforming answer that reports nothing, each
// kind of drift reported once with its operation and pointer and never a value, the caller getting
// what the server sent (the same as a client without the interceptor), and a snapshot changed
// without -u failing the contract test on the stale validators.
//
// Petstore documents a `default` answer for every operation, so no status of it is undocumented:
// the client here is synced from a copy whose showPetById documents 200 only.
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { watchDrift, type DriftFinding, type OperationValidators, type WatchDriftOptions } from '../packages/openapi-drift/src/runtime/index.ts';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { readRuntimeSetting } from '../packages/openapi-drift/src/project/client-record.ts';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { acceptRegeneration } from '../packages/openapi-drift/src/update/update.ts';
import { createTempProject, failing, runCli, runOpenApiTsCli, runVitest, REPO, type TempProject } from './helpers/temp-project.ts';

/** Where the validators are written: beside hey-api's output folder, out of reach of its `clean`. */
const VALIDATORS_PATH = 'src/client-drift/validators.gen.ts';

interface Answer {
  status: number;
  body: string;
  contentType?: string;
}

// The generated client's modules, loaded from the temp project.
interface PetstoreClient {
  createClient(config: { baseUrl: string }): { interceptors: { response: { use(fn: unknown): number } } };
}
type Call = (options: { client: unknown; path?: { petId: string } }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

let project: TempProject;
let server: http.Server;
let baseUrl: string;
let answer: Answer = { status: 200, body: '[]' };
let clientModule: PetstoreClient;
let sdk: { listPets: Call; showPetById: Call };
let validators: Record<string, OperationValidators>;
let validatorsFile: string;
let synced: { code: number | null; stdout: string };

beforeAll(async () => {
  project = await createTempProject(['petstore'], 'openapi-drift-runtime-');
  const dir = project.clientDir('petstore');
  const snapshot = JSON.parse(await fs.readFile(path.join(dir, 'openapi.json'), 'utf8'));
  delete snapshot.paths['/pets/{petId}'].get.responses.default;
  await fs.writeFile(path.join(dir, 'next.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
  await fs.writeFile(path.join(dir, 'openapi-drift.json'), `${JSON.stringify({ source: './next.json', runtime: { validators: true } }, null, 2)}\n`);
  synced = await runCli(['sync', '--no-impact'], { cwd: project.root });
  validatorsFile = path.join(dir, VALIDATORS_PATH);
  clientModule = (await import(path.join(dir, 'src/client/client/index.ts'))) as PetstoreClient;
  sdk = await import(path.join(dir, 'src/client/sdk.gen.ts'));
  ({ validators } = await import(validatorsFile));
  server = http.createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await project?.remove();
});

/** A client of the generated bundle; with options, watched by watchDrift. */
function client(options?: Partial<WatchDriftOptions>) {
  const created = clientModule.createClient({ baseUrl });
  if (!options) return { client: created, interceptor: undefined, findings: [] as DriftFinding[] };
  const findings: DriftFinding[] = [];
  const interceptor = watchDrift({ validators, onFinding: (finding) => findings.push(finding), sample: 1, ...options });
  created.interceptors.response.use(interceptor);
  return { client: created, interceptor, findings };
}

/** What a caller sees of one call. */
async function outcome(call: Call, target: unknown) {
  const result = await call({ client: target, path: { petId: '7' } });
  return { data: result.data, error: result.error, status: result.response.status, contentType: result.response.headers.get('content-type') };
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const PET_LIST = JSON.stringify([
  { id: 1, name: 'secret-name-1' },
  { id: 2, name: 'secret-name-2', tag: 'secret-tag' },
]);

const cases: Array<{ description: string; operation: 'listPets' | 'showPetById'; answer: Answer; finding?: Partial<DriftFinding> }> = [
  { description: 'a conforming list', operation: 'listPets', answer: { status: 200, body: PET_LIST } },
  { description: 'a conforming pet', operation: 'showPetById', answer: { status: 200, body: JSON.stringify({ id: 7, name: 'secret-name' }) } },
  { description: 'a documented error (default)', operation: 'listPets', answer: { status: 503, body: JSON.stringify({ code: 503, message: 'secret-message' }) } },
  {
    description: 'a missing required property',
    operation: 'listPets',
    answer: { status: 200, body: JSON.stringify([{ id: 1, name: 'secret-name' }, { id: 2, tag: 'secret-tag' }, { id: 3 }]) },
    finding: { kind: 'missing-property', operationId: 'listPets', method: 'GET', path: '/pets', status: 200, pointer: '/1/name', expected: "required: must have required property 'name'", receivedType: 'missing' },
  },
  {
    description: 'a wrong type',
    operation: 'showPetById',
    answer: { status: 200, body: JSON.stringify({ id: 'secret-id', name: 'secret-name' }) },
    finding: { kind: 'wrong-type', operationId: 'showPetById', method: 'GET', path: '/pets/{petId}', status: 200, pointer: '/id', expected: 'type: must be integer', receivedType: 'string' },
  },
  {
    description: 'an undocumented status',
    operation: 'showPetById',
    answer: { status: 500, body: JSON.stringify({ code: 500, message: 'secret-message' }) },
    finding: { kind: 'undocumented-status', operationId: 'showPetById', method: 'GET', path: '/pets/{petId}', status: 500, pointer: '', expected: 'one of the documented statuses 200', receivedType: 'application/json' },
  },
  {
    description: 'an undocumented content type',
    operation: 'showPetById',
    answer: { status: 200, body: '<html>secret login page</html>', contentType: 'text/html; charset=utf-8' },
    finding: { kind: 'undocumented-content-type', operationId: 'showPetById', method: 'GET', path: '/pets/{petId}', status: 200, pointer: '', expected: 'one of application/json', receivedType: 'text/html' },
  },
  {
    description: 'a body that is not JSON',
    operation: 'listPets',
    answer: { status: 503, body: 'secret stack trace' },
    finding: { kind: 'unparsable-body', operationId: 'listPets', method: 'GET', path: '/pets', status: 503, pointer: '', expected: 'a JSON body', receivedType: 'not JSON' },
  },
];

test('sync writes the validators beside the generated client, in a folder of their own', async () => {
  expect(synced.code, synced.stdout).toBe(0);
  expect(synced.stdout).toContain(`added    ${VALIDATORS_PATH}`);
  expect(Object.keys(validators).sort()).toEqual(['createPets', 'listPets', 'showPetById']);
  expect(validators.showPetById).toMatchObject({ operationId: 'showPetById', method: 'GET', path: '/pets/{petId}' });
});

describe('watchDrift on the generated petstore client', () => {
  test.each(cases.map((entry) => ({ ...entry, reports: entry.finding?.kind ?? 'nothing' })))('$description: $operation reports $reports', async ({ operation, answer: served, finding }) => {
    answer = served;
    const watched = client({});
    const seen = await outcome(sdk[operation], watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings).toEqual(finding ? [finding] : []);
    // No value of the body reaches a finding: every value served here contains "secret".
    expect(JSON.stringify(watched.findings)).not.toContain('secret');
    // The caller gets what the server sent, as a client without the interceptor gets it.
    const sent = served.contentType ? served.body : parsedOrText(served.body);
    expect(served.status < 400 ? seen.data : seen.error).toEqual(sent);
    expect(seen).toEqual(await outcome(sdk[operation], client().client));
    expect(seen.status).toBe(served.status);
  });

  test('the same drift on every call is reported once per interval, and again in the next', async () => {
    answer = cases[3]!.answer;
    let clock = 0;
    const watched = client({ now: () => clock, intervalMs: 1000 });
    for (let call = 0; call < 3; call++) await outcome(sdk.listPets, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings.map((finding) => finding.pointer)).toEqual(['/1/name']);
    // Another item of the list without a name is the same place.
    answer = { status: 200, body: JSON.stringify([{ id: 1, name: 'Rex' }, { id: 2, name: 'Tom' }, { id: 3 }]) };
    await outcome(sdk.listPets, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings.map((finding) => finding.pointer)).toEqual(['/1/name']);
    clock = 1000;
    await outcome(sdk.listPets, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings.map((finding) => finding.pointer)).toEqual(['/1/name', '/2/name']);
  });

  test('findings stop at the rate limit', async () => {
    answer = { status: 200, body: JSON.stringify({ id: 'secret-id', name: 'secret-name' }) };
    const watched = client({ maxFindingsPerInterval: 1 });
    await outcome(sdk.showPetById, watched.client);
    answer = { status: 500, body: '{}' };
    await outcome(sdk.showPetById, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings.map((finding) => finding.kind)).toEqual(['wrong-type']);
  });

  test('a value is reported only for an operation opted in', async () => {
    answer = { status: 200, body: JSON.stringify({ id: 'secret-id', name: 'secret-name' }) };
    const watched = client({ revealValues: ['showPetById'] });
    await outcome(sdk.showPetById, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings).toMatchObject([{ pointer: '/id', received: 'secret-id' }]);
  });

  test('unsampled, excluded, not included and oversized answers are not validated', async () => {
    answer = { status: 200, body: JSON.stringify({ id: 'secret-id', name: 'secret-name' }) };
    const settings: Array<Partial<WatchDriftOptions>> = [
      { sample: 0.1, random: () => 0.5 },
      { exclude: ['showPetById'] },
      { include: ['listPets'] },
      { maxBodyBytes: 10 },
    ];
    for (const setting of settings) {
      const watched = client(setting);
      const seen = await outcome(sdk.showPetById, watched.client);
      await watched.interceptor?.settled();
      expect(watched.findings, JSON.stringify(Object.keys(setting))).toEqual([]);
      expect(seen.data).toEqual({ id: 'secret-id', name: 'secret-name' });
    }
  });

  test('a validator that throws is reported once and switched off; the caller never sees it', async () => {
    answer = { status: 200, body: JSON.stringify({ id: 7, name: 'secret-name' }) };
    let runs = 0;
    const failing = Object.assign(
      () => {
        runs++;
        throw new RangeError('secret-detail');
      },
      { errors: null },
    );
    const broken = { ...validators.showPetById!, responses: { '200': { 'application/json': failing } } };
    const findings: DriftFinding[] = [];
    const interceptor = watchDrift({ validators: { showPetById: broken }, onFinding: (finding) => findings.push(finding), sample: 1 });
    const watched = clientModule.createClient({ baseUrl });
    watched.interceptors.response.use(interceptor);
    for (let call = 0; call < 3; call++) expect((await outcome(sdk.showPetById, watched)).data).toEqual({ id: 7, name: 'secret-name' });
    await interceptor.settled();
    expect(runs).toBe(1);
    expect(findings).toMatchObject([{ kind: 'validator-failed', operationId: 'showPetById', pointer: '' }]);
    expect(JSON.stringify(findings)).not.toContain('secret');
  });

  test('a validation that takes longer than the limit is reported once and switched off', async () => {
    answer = { status: 200, body: JSON.stringify({ id: 7, name: 'secret-name' }) };
    // A clock that moves 100 ms at every reading: each validation "takes" 100 ms.
    let clock = 0;
    const watched = client({ now: () => (clock += 100), slowValidationMs: 50 });
    for (let call = 0; call < 3; call++) await outcome(sdk.showPetById, watched.client);
    await watched.interceptor?.settled();
    expect(watched.findings).toMatchObject([{ kind: 'validator-slow', operationId: 'showPetById' }]);
  });

  test('a reporter that throws does not reach the caller', async () => {
    answer = cases[3]!.answer;
    const watched = clientModule.createClient({ baseUrl });
    const interceptor = watchDrift({
      validators,
      sample: 1,
      onFinding: () => {
        throw new Error('reporter down');
      },
    });
    watched.interceptors.response.use(interceptor);
    const seen = await outcome(sdk.listPets, watched);
    await interceptor.settled();
    expect(seen.data).toEqual(JSON.parse(cases[3]!.answer.body));
  });

  test('settings that cannot be meant are refused at setup', () => {
    expect(() => watchDrift({ validators, onFinding: () => undefined, include: ['listPet'] })).toThrow('include names operations the validators do not have: listPet');
    expect(() => watchDrift({ validators, onFinding: () => undefined, sample: 2 })).toThrow('sample must be between 0 and 1');
  });
});

test('the runtime and the validators bundle for the browser, with no Node module, keeping only the operations imported', async () => {
  const bundle = async (imported: string) => {
    const result = await build({
      stdin: {
        contents: `import { watchDrift } from './packages/openapi-drift/src/runtime/index.ts';\nimport { ${imported} } from ${JSON.stringify(validatorsFile)};\nexport const interceptor = watchDrift({ validators: ${imported === 'validators' ? imported : `{ ${imported} }`}, onFinding: console.warn });\n`,
        resolveDir: REPO,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    return result.outputFiles[0]!.text;
  };
  const all = await bundle('validators');
  const one = await bundle('showPetById');
  expect(all).toContain('function watchDrift');
  // Only listPets' schema (Pets) has maxItems: the bundle of showPetById alone leaves it out.
  expect(all).toContain('maxItems');
  expect(one).not.toContain('maxItems');
  expect(one).toContain('/pets/{petId}');
});

test('add --runtime writes the validators with the new client and says where they are', async () => {
  const result = await runCli(['add', 'shop', '--from', path.join(REPO, 'test/fixtures/specs/petstore.oas30.yaml'), '--runtime'], { cwd: project.root });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`  runtime   clients/shop/${VALIDATORS_PATH} (import { validators } for watchDrift from openapi-drift/runtime)`);
  const record = JSON.parse(await fs.readFile(path.join(project.clientDir('shop'), 'openapi-drift.json'), 'utf8'));
  expect(record.runtime).toEqual({ validators: true });
  await expect(fs.readFile(path.join(project.clientDir('shop'), VALIDATORS_PATH), 'utf8')).resolves.toContain('export const validators = { listPets, createPets, showPetById };');
});

test('a runtime setting that is not { "validators": boolean } is refused, naming the file; other sections do not matter to it', async () => {
  const dir = project.clientDir('petstore');
  const recordFile = path.join(dir, 'openapi-drift.json');
  const record = await fs.readFile(recordFile, 'utf8');
  await fs.writeFile(recordFile, JSON.stringify({ source: './next.json', runtime: { validator: true } }));
  try {
    await expect(readRuntimeSetting(dir, 'clients/petstore')).rejects.toThrow('clients/petstore/openapi-drift.json: "runtime" has no setting "validator"; "runtime" is { "validators": true }');
    await fs.writeFile(recordFile, JSON.stringify({ source: './next.json', runtime: true }));
    await expect(readRuntimeSetting(dir, 'clients/petstore')).rejects.toBeInstanceOf(ConfigError);
    // Another section's mistake is for its own command or test to report, not for the tree.
    await fs.writeFile(recordFile, JSON.stringify({ source: './next.json', runtime: { validators: true }, typeCheck: { skip: true, reason: ' ' } }));
    await expect(readRuntimeSetting(dir, 'clients/petstore')).resolves.toBe(true);
  } finally {
    await fs.writeFile(recordFile, record);
  }
});

test("the team's own npx openapi-ts leaves the validators in place: the contract test stays green", async () => {
  const before = await fs.readFile(validatorsFile, 'utf8');
  const generated = await runOpenApiTsCli(project.clientDir('petstore'));
  expect(generated.code, generated.stdout + generated.stderr).toBe(0);
  await expect(fs.readFile(validatorsFile, 'utf8')).resolves.toBe(before);
  const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts'], { CI: 'true' });
  expect(report.code, report.output).toBe(0);
  expect(report.tests.get(`petstore > ${VALIDATORS_PATH}`)?.status).toBe('passed');
});

test('turning the validators off makes them obsolete: the update removes them and their folder, and turning them on writes them back', async () => {
  const dir = project.clientDir('petstore');
  const recordFile = path.join(dir, 'openapi-drift.json');
  const record = await fs.readFile(recordFile, 'utf8');
  const before = await fs.readFile(validatorsFile, 'utf8');
  try {
    await fs.writeFile(recordFile, JSON.stringify({ source: './next.json', runtime: { validators: false } }));
    const off = await checkClient(dir, { displayRoot: project.root });
    expect(off.summary).toEqual({ changed: [], missing: [], obsolete: ['../client-drift/validators.gen.ts'] });
    await acceptRegeneration(off.regeneration, off.comparisons);
    await expect(fs.stat(path.join(dir, 'src/client-drift'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fs.stat(path.join(dir, 'src/client/sdk.gen.ts'))).resolves.toBeDefined();
  } finally {
    await fs.writeFile(recordFile, record);
  }
  const on = await checkClient(dir, { displayRoot: project.root });
  expect(on.summary).toEqual({ changed: [], missing: ['../client-drift/validators.gen.ts'], obsolete: [] });
  await acceptRegeneration(on.regeneration, on.comparisons);
  await expect(fs.readFile(validatorsFile, 'utf8')).resolves.toBe(before);
});

// Last: it changes the snapshot.
test('a snapshot changed without -u fails the contract test on the stale validators', async () => {
  const snapshotFile = path.join(project.clientDir('petstore'), 'openapi.json');
  const snapshot = JSON.parse(await fs.readFile(snapshotFile, 'utf8'));
  // A constraint the generated types do not show: only the validators change.
  snapshot.components.schemas.Pet.properties.name.maxLength = 50;
  await fs.writeFile(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
  const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts'], { CI: 'true' });
  expect(report.code, report.output).toBe(1);
  expect(failing(report)).toEqual([`petstore > ${VALIDATORS_PATH}`]);
  expect(report.tests.get(`petstore > ${VALIDATORS_PATH}`)?.failure).toContain('maxLength');
});

// The impact of a spec change on the code that uses a client, end to end: a temp repository with a
// client made from the petstore (plus an operation nobody calls), a module that calls three of its
// operations, and a tsconfig.json that compiles both. One new document changes four things: a
// parameter becomes required (a), a response property the code reads is removed (b), an operation
// the code calls is removed (c), and an operation the code never calls breaks (d). Another only
// adds an optional property (e). Real hey-api output, real TypeScript, the real command.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { impactOfDocument } from '../packages/openapi-drift/src/impact/spec-impact.ts';
import { formatImpact } from '../packages/openapi-drift/src/impact/format-impact.ts';
import { pullRequestBody } from '../packages/openapi-drift/src/lifecycle/refresh.ts';
import type { ImpactReport } from '../packages/openapi-drift/src/impact/impact.ts';
import { addClientFromDocument } from './helpers/client-fixture.ts';
import { readSpec } from './helpers/specs.ts';
import { createTempProject, runCli, type TempProject } from './helpers/temp-project.ts';

type Document = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };

const CONSUMER = `import { createPets, listPets, showPetById } from '../clients/shop/src/client/index.js';

export async function petNames(limit?: number): Promise<string[]> {
  const { data } = await listPets({ query: { limit } });
  return (data ?? []).map((pet) => pet.name);
}

export async function petTag(petId: string): Promise<string | undefined> {
  const { data } = await showPetById({ path: { petId } });
  return data?.tag;
}

export async function addPet(name: string): Promise<void> {
  await createPets({ body: { id: 1, name } });
}

// An error before any update, with the code and message that (b) gives at petTag: it is known
// here, and must not make the new one at petTag look known.
interface Pet {
  name: string;
}
declare const localPet: Pet;
export const localTag = localPet.tag;
`;

/** Where a snippet of the consumer starts, as the compiler reports it: src/pets.ts:line:column. */
function at(snippet: string, offset = 0): string {
  const index = CONSUMER.indexOf(snippet);
  expect(index, snippet).toBeGreaterThanOrEqual(0);
  const before = CONSUMER.slice(0, index + offset).split('\n');
  return `src/pets.ts:${before.length}:${(before.at(-1) ?? '').length + 1}`;
}
const LIMIT = at('{ limit }', 2);
const TAG = at('data?.tag', 'data?.'.length);
const CREATE = at('createPets,');

/** The petstore, plus DELETE /pets/{petId} with an optional query parameter: the operation nobody calls. */
function baseDocument(): Document {
  const document = JSON.parse(canonicalize(readSpec('petstore.oas30.yaml'))) as Document;
  document.paths['/pets/{petId}']!.delete = {
    operationId: 'deletePet',
    parameters: [
      { name: 'petId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'force', in: 'query', required: false, schema: { type: 'boolean' } },
    ],
    responses: { '204': { description: 'deleted' } },
  };
  return document;
}

function breakingDocument(): Document {
  const document = baseDocument();
  document.paths['/pets']!.get.parameters[0].required = true; // (a)
  delete document.components.schemas.Pet.properties.tag; // (b)
  delete document.paths['/pets']!.post; // (c)
  document.paths['/pets/{petId}']!.delete.parameters[1].required = true; // (d)
  return document;
}

function additiveDocument(): Document {
  const document = baseDocument();
  document.components.schemas.Pet.properties.nickname = { type: 'string' }; // (e)
  return document;
}

let project: TempProject;
const cli = (args: string[]) => runCli(args, { cwd: project.root });
const specFile = (name: string) => path.join(project.root, 'specs', name);

beforeAll(async () => {
  project = await createTempProject([]);
  await addClientFromDocument(project, 'shop', baseDocument());
  await fs.mkdir(path.join(project.root, 'src'));
  await fs.writeFile(path.join(project.root, 'src', 'pets.ts'), CONSUMER);
  const tsconfig = { compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true, noEmit: true }, include: ['src', 'clients'] };
  await fs.writeFile(path.join(project.root, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  await fs.mkdir(path.join(project.root, 'specs'));
  await fs.writeFile(specFile('breaking.json'), JSON.stringify(breakingDocument(), null, 2));
  await fs.writeFile(specFile('additive.json'), JSON.stringify(additiveDocument(), null, 2));
  await fs.writeFile(specFile('login.html'), '<html><body>login</body></html>');
});
afterAll(async () => {
  await project?.remove();
});

const located = (errors: Array<{ file?: string; line?: number; column?: number }>) => errors.map((error) => `${path.relative(project.root, error.file ?? '')}:${error.line}:${error.column}`);

describe('the impact library', () => {
  let report: ImpactReport;

  beforeAll(async () => {
    report = await impactOfDocument(project.clientDir('shop'), canonicalize(JSON.stringify(breakingDocument())), { root: project.root, displayRoot: project.root });
  });

  test('finds the module that imports the client and the tsconfig that compiles it', () => {
    expect(report.consumers.map((file) => path.relative(project.root, file))).toEqual(['src/pets.ts']);
    expect(report.configs).toEqual([path.join(project.root, 'tsconfig.json')]);
  });

  test('names exactly the call sites that (a), (b) and (c) break, each under its change', () => {
    const byKind = Object.fromEntries(report.byChange.map(({ change, errors }) => [[change.kind, change.method, change.path ?? change.schema].filter(Boolean).join(' '), located(errors)]));
    expect(byKind).toEqual({
      'parameter-required get /pets': [LIMIT],
      'response-property-removed Pet': [TAG],
      'operation-removed post /pets': [CREATE],
    });
    expect(report.other).toEqual([]);
    expect(report.newErrors).toBe(3);
    const removed = report.byChange.find(({ change }) => change.kind === 'operation-removed');
    expect(removed?.errors[0]?.message).toBe(`Module '"../clients/shop/src/client/index.js"' has no exported member 'createPets'.`);
    const tag = report.byChange.find(({ change }) => change.kind === 'response-property-removed');
    expect(tag?.errors[0]?.message).toBe("Property 'tag' does not exist on type 'Pet'.");
  });

  test('lists the breaking change to the operation nobody calls (d) as breaking with no call site here', () => {
    expect(report.unusedBreaking.map((change) => `${change.kind} ${change.method} ${change.path} ${change.location}`)).toEqual(['parameter-required delete /pets/{petId} query.force']);
    expect(report.silentBreaking).toEqual([]);
  });

  test('text, markdown and the pull request body say the same', () => {
    const text = formatImpact(report, 'text', project.root);
    expect(text).toContain('shop: this update breaks 3 call sites in 1 file\n  checked src/pets.ts with tsconfig.json\n');
    expect(text).toContain(`BREAKING  GET /pets  parameter 'query.limit' became required\n  ${LIMIT}  TS2322  Type 'number | undefined' is not assignable to type 'number'.`);
    expect(text).toContain(`breaking for the API, no call site here:\n  BREAKING  DELETE /pets/{petId}  parameter 'query.force' became required\n`);
    const markdown = formatImpact(report, 'markdown', project.root);
    expect(markdown).toContain(`### Impact on this repository\n\nThis update breaks 3 call sites in 1 file.\n\n- **BREAKING** \`GET /pets\` parameter 'query.limit' became required\n  - \`${LIMIT}\` TS2322:`);
    const body = pullRequestBody('shop', canonicalize(JSON.stringify(baseDocument())), canonicalize(JSON.stringify(breakingDocument())), ['clients/shop/openapi.json'], 'f'.repeat(64), { impact: report, displayRoot: project.root });
    expect(body).toContain(`### Impact on this repository\n\nThis update breaks 3 call sites in 1 file.`);
    expect(body).toContain(`\`${CREATE}\` TS2305`);
  });
});

describe('the impact command', () => {
  test('exits 1 with the new errors by change as JSON', async () => {
    const result = await cli(['impact', 'shop', '--spec', 'specs/breaking.json', '--format', 'json']);
    expect(result.code, result.stderr).toBe(1);
    const json = JSON.parse(result.stdout) as { consumers: string[]; newErrors: number; byChange: Array<{ change: { kind: string }; errors: Array<{ file: string; line: number; column: number }> }>; breakingUnused: Array<{ kind: string; method: string }> };
    expect(json.consumers).toEqual(['src/pets.ts']);
    expect(json.newErrors).toBe(3);
    expect(json.byChange.map(({ change, errors }) => [change.kind, errors.map((error) => `${error.file}:${error.line}:${error.column}`)])).toEqual([
      ['parameter-required', [LIMIT]],
      ['operation-removed', [CREATE]],
      ['response-property-removed', [TAG]],
    ]);
    expect(json.breakingUnused.map((change) => `${change.kind} ${change.method}`)).toEqual(['parameter-required delete']);
  });

  test('exits 0 and says nothing breaks for an added optional property (e)', async () => {
    const result = await cli(['impact', 'shop', '--spec', 'specs/additive.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('shop: no call site in this repository is affected (1 file imports clients/shop/src/client)\n  checked src/pets.ts with tsconfig.json\n');
  });

  test('exits 2 for a document that is not a spec and for a client that does not exist', async () => {
    const page = await cli(['impact', 'shop', '--spec', 'specs/login.html']);
    expect(page.code).toBe(2);
    expect(page.stderr).toContain('specs/login.html did not answer with an OpenAPI document (it looks like an HTML page)');
    const unknown = await cli(['impact', 'nobody', '--spec', 'specs/breaking.json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no client named nobody');
  });
});

describe('live and sync show the impact', () => {
  beforeAll(async () => {
    const settings = path.join(project.clientDir('shop'), 'openapi-drift.json');
    await fs.writeFile(settings, `${JSON.stringify({ source: '../../specs/breaking.json' }, null, 2)}\n`);
  });

  test('live reports the drift and the call sites it breaks, without writing', async () => {
    const snapshot = await fs.readFile(path.join(project.clientDir('shop'), 'openapi.json'), 'utf8');
    const result = await cli(['live', 'shop']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`  impact: this update breaks 3 call sites in 1 file: ${CREATE}, ${LIMIT}, ${TAG}\n  fix: npx openapi-drift sync shop\n`);
    expect(await fs.readFile(path.join(project.clientDir('shop'), 'openapi.json'), 'utf8')).toBe(snapshot);
    expect((await fs.readdir(project.clientDir('shop'))).filter((name) => name.startsWith('.openapi-drift-sync-'))).toEqual([]);
  });

  test("sync's summary says which call sites the update breaks", async () => {
    const result = await cli(['sync', 'shop']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('shop: updated (snapshot changed;');
    expect(result.stdout).toContain(`  impact: this update breaks 3 call sites in 1 file: ${CREATE}, ${LIMIT}, ${TAG}\n`);
  });
});

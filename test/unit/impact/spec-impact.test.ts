// The impact of a new document for a client's spec: compared with the committed snapshot (or the one
// of the layout given), the client regenerated from it beside the snapshot, and that file removed at
// once, whether the generation succeeds or not; the client's folder is left as it was. No code uses
// the client here, so nothing is compiled.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { impactOfDocument } from '../../../packages/openapi-drift/src/impact/spec-impact.ts';
import { createTempProject, hashTree, type TempProject } from '../../helpers/temp-project.ts';

let project: TempProject;
let clientDir: string;
let snapshot: { paths: Record<string, Record<string, { operationId?: string }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

beforeAll(async () => {
  project = await createTempProject(['petstore']);
  clientDir = project.clientDir('petstore');
  // The example's own code that uses the client is left out: nothing is compiled here.
  await fs.rm(path.join(clientDir, 'src', 'pets'), { recursive: true });
  snapshot = JSON.parse(await fs.readFile(path.join(clientDir, 'openapi.json'), 'utf8'));
});
afterAll(async () => {
  await project?.remove();
});

test('the changes against the snapshot, the regenerated client laid over the code, and nothing left behind', async () => {
  const before = await hashTree(clientDir);
  const document = structuredClone(snapshot);
  delete document.components.schemas.Pet?.properties.tag;
  const report = await impactOfDocument(clientDir, JSON.stringify(document, null, 2), { root: project.root, displayRoot: project.root });
  expect(report.client).toBe('petstore');
  expect(report.outputDir).toBe(path.join(clientDir, 'src', 'client'));
  expect(report.consumers).toEqual([]);
  expect(report.changelog.changes.map((change) => `${change.level} ${change.schema} ${change.message}`)).toEqual(["breaking Pet response property 'Pet.tag' removed", "warning Pet request property 'Pet.tag' removed"]);
  expect(report.unusedBreaking).toEqual(report.changelog.changes.filter((change) => change.level === 'breaking'));
  expect(await hashTree(clientDir)).toEqual(before);

  // A document that is not one is named as the new document, the snapshot by its path.
  await expect(impactOfDocument(clientDir, '{"hello": "world"}', { root: project.root, displayRoot: project.root })).rejects.toThrow(/the new document/);
  // A document the generator refuses: the error, and still nothing left behind.
  const refused = structuredClone(snapshot) as Record<string, unknown>;
  refused.paths = { '/pets': { get: { operationId: 'listPets', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nowhere' } } } } } } } };
  await expect(impactOfDocument(clientDir, JSON.stringify(refused), { root: project.root, displayRoot: project.root, timeoutMs: 60_000 })).rejects.toThrow();
  expect(await hashTree(clientDir)).toEqual(before);
});

test('with the layout given, its snapshot is the one compared', async () => {
  const older = path.join(clientDir, 'older.json');
  const document = structuredClone(snapshot);
  delete document.components.schemas.Pet?.properties.tag;
  await fs.writeFile(older, JSON.stringify(document));
  try {
    const layout = { clientDir, configFile: path.join(clientDir, 'openapi-ts.config.ts'), snapshotFile: older, outputDir: path.join(clientDir, 'src', 'client') };
    const report = await impactOfDocument(clientDir, JSON.stringify(document), { root: project.root, displayRoot: project.root, layout });
    expect(report.changelog.changes).toEqual([]);
  } finally {
    await fs.rm(older, { force: true });
  }
});

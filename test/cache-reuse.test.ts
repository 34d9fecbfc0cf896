// What one command's regeneration saves the next, and only while it still holds: the regeneration a
// sync made from the fetched document is the snapshot's once the snapshot is replaced (the check after
// a sync generates nothing), and a cached regeneration tells where the config puts the snapshot and
// tree (live, sync, impact and the canary load no config for it). The verifying mode trusts no entry
// but still leaves one for the ordinary checks.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { hasDrift } from '../packages/openapi-drift/src/compare/tree.ts';
import { syncClient } from '../packages/openapi-drift/src/lifecycle/sync.ts';
import { loadLayout } from '../packages/openapi-drift/src/regenerate/layout.ts';
import { regenerate } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let client: string;

beforeAll(async () => {
  project = await createTempProject(['petstore'], 'openapi-drift-cache-reuse-');
  client = project.clientDir('petstore');
});
afterAll(() => project?.remove());

test('after a sync, the next check is served from the cache, equals a fresh regeneration, and an edit of the snapshot misses', async () => {
  const snapshot = path.join(client, 'openapi.json');
  const document = JSON.parse(await fs.readFile(snapshot, 'utf8'));
  document.components.schemas.Pet.properties.nickname = { type: 'string' };
  await fs.writeFile(path.join(project.root, 'served.json'), JSON.stringify(document, null, 4));
  await fs.writeFile(path.join(client, 'openapi-drift.json'), `${JSON.stringify({ source: '../../served.json' })}\n`);

  const synced = await syncClient(client, { displayRoot: project.root, impact: false });
  expect(synced.error).toBeUndefined();
  expect(synced).toMatchObject({ status: 'updated', snapshotChanged: true });
  expect(await fs.readFile(path.join(client, 'src/client/types.gen.ts'), 'utf8')).toContain('nickname');

  const after = await checkClient(client, { displayRoot: project.root });
  expect(after.regeneration.cached).toBe(true);
  expect(hasDrift(after.summary)).toBe(false);
  const fresh = await regenerate(client, { displayRoot: project.root });
  expect([...after.regeneration.files]).toEqual([...fresh.files]);

  // The entry now stands for the snapshot's bytes: any other bytes miss it, and the edit is seen.
  document.components.schemas.Pet.properties.nickname = { type: 'integer' };
  await fs.writeFile(snapshot, JSON.stringify(document, null, 2));
  const edited = await checkClient(client, { displayRoot: project.root });
  expect(edited.regeneration.cached).not.toBe(true);
  expect(edited.comparisons.filter((file) => file.status !== 'unchanged').map((file) => file.path)).toEqual(['types.gen.ts']);
});

test('a sync in the verifying mode, which trusts no entry, still leaves its regeneration to the ordinary check after it', async () => {
  const document = JSON.parse(await fs.readFile(path.join(project.root, 'served.json'), 'utf8'));
  document.components.schemas.Pet.properties.verified = { type: 'boolean' };
  await fs.writeFile(path.join(project.root, 'served.json'), JSON.stringify(document, null, 4));
  const mode = process.env.OPENAPI_DRIFT_VERIFY_FORMAT ?? '';
  vi.stubEnv('OPENAPI_DRIFT_VERIFY_FORMAT', '1');
  try {
    const synced = await syncClient(client, { displayRoot: project.root, impact: false });
    expect(synced).toMatchObject({ status: 'updated', snapshotChanged: true });
  } finally {
    vi.stubEnv('OPENAPI_DRIFT_VERIFY_FORMAT', mode);
  }
  const after = await checkClient(client, { displayRoot: project.root });
  expect(after.regeneration.cached).toBe(true);
  expect(hasDrift(after.summary)).toBe(false);
  expect(after.regeneration.files.get('types.gen.ts')).toContain('verified');
});

test('the layout read from a cached regeneration is the config loaded again, and follows a change of the config', async () => {
  await checkClient(client, { displayRoot: project.root });
  const config = path.join(client, 'openapi-ts.config.ts');
  const text = await fs.readFile(config, 'utf8');
  expect(await loadLayout(client, { displayRoot: project.root })).toEqual({
    clientDir: client,
    configFile: config,
    snapshotFile: path.join(client, 'openapi.json'),
    outputDir: path.join(client, 'src/client'),
  });
  await fs.writeFile(config, text.replace(/path: '\.\/src\/client'/, "path: './src/api'"));
  expect(await fs.readFile(config, 'utf8')).not.toBe(text);
  expect((await loadLayout(client, { displayRoot: project.root })).outputDir).toBe(path.join(client, 'src/api'));
  await fs.writeFile(config, text);
});

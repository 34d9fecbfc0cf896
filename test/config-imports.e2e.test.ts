// Why a client drifts, when the change is in a module its openapi-ts config imports: that is a
// config change (apply it with -u), not a hand edit of the tree (restore the tree).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { recordRegeneration } from '../packages/openapi-drift/src/update/update.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let client: string;
beforeAll(async () => {
  project = await createTempProject(['petstore']);
  client = project.clientDir('petstore');
  await fs.writeFile(path.join(client, 'plugins.ts'), "export const plugins = ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'];\n");
  const config = path.join(client, 'openapi-ts.config.ts');
  await fs.writeFile(config, (await fs.readFile(config, 'utf8')).replace("plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],", 'plugins,').replace("from '@hey-api/openapi-ts';", "from '@hey-api/openapi-ts';\nimport { plugins } from './plugins.js';"));
  // The regeneration is recorded as `-u` records it: the tree is current.
  const check = await checkClient(client, { displayRoot: project.root });
  expect(check.summary).toEqual({ changed: [], missing: [], obsolete: [] });
  await recordRegeneration(check.regeneration);
});
afterAll(() => project?.remove());

test('a change in a module the config imports is diagnosed as a config change', async () => {
  await fs.writeFile(path.join(client, 'plugins.ts'), "export const plugins = ['@hey-api/typescript', { name: '@hey-api/sdk', asClass: true }, '@hey-api/client-fetch'];\n");
  const check = await checkClient(client, { displayRoot: project.root });
  expect(check.summary.changed).toContain('sdk.gen.ts');
  expect(check.diagnosis?.causes).toEqual(['config-changed']);
  expect(check.diagnosis?.explanation).toContain("The client's openapi-ts config changed since the last regeneration");
});

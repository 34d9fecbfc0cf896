// `init` adopts clients where they are: a client whose committed tree equals its regeneration gets
// the record of its inputs (generated-from.json) when it has none, and an existing record is kept.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { initProject } from '../packages/openapi-drift/src/lifecycle/init.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let record: string;
beforeAll(async () => {
  project = await createTempProject(['petstore']);
  record = path.join(project.clientDir('petstore'), 'generated-from.json');
});
afterAll(() => project?.remove());

test('a clean client without a record gets one; a record that exists is left as it is', async () => {
  const committed = await fs.readFile(record, 'utf8');
  await fs.rm(record);
  const first = await initProject({ root: project.root, displayRoot: project.root });
  expect(first.adopted.map((client) => client.status)).toEqual(['clean']);
  expect(JSON.parse(await fs.readFile(record, 'utf8'))).toEqual(JSON.parse(committed));

  const earlier = `${JSON.stringify({ ...JSON.parse(committed), node: '0' }, null, 2)}\n`;
  await fs.writeFile(record, earlier);
  await initProject({ root: project.root, displayRoot: project.root });
  expect(await fs.readFile(record, 'utf8')).toBe(earlier);
});

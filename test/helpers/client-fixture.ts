// A client made from a document in a temp project: snapshot, hey-api config with the default
// plugins, source record and the generated tree, written by the same code as `add`, without a server.
import fs from 'node:fs/promises';
import path from 'node:path';
import { checkClient } from '../../packages/openapi-drift/src/contract/check.ts';
import { configSource, DEFAULT_PLUGINS } from '../../packages/openapi-drift/src/lifecycle/add.ts';
import { writeContractTests } from '../../packages/openapi-drift/src/project/contract-tests.ts';
import { canonicalize } from '../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { acceptRegeneration } from '../../packages/openapi-drift/src/update/update.ts';
import type { TempProject } from './temp-project.ts';

/** Writes `clients/<name>` from `document` and generates its tree; `settings` is its openapi-drift.json. */
export async function addClientFromDocument(project: TempProject, name: string, document: object, settings: Record<string, unknown> = {}): Promise<string> {
  const dir = project.clientDir(name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'openapi.json'), canonicalize(JSON.stringify(document)));
  await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS));
  await fs.writeFile(path.join(dir, 'openapi-drift.json'), `${JSON.stringify({ source: './openapi.json', ...settings }, null, 2)}\n`);
  const check = await checkClient(dir, { displayRoot: project.root });
  await acceptRegeneration(check.regeneration, check.comparisons);
  await writeContractTests({ root: project.root });
  return dir;
}

// The named points the writers of a client pass, in order, as the crash tests enumerate them
// (OPENAPI_DRIFT_CRASH_LOG): the lock, the tree update, the contract tests, the source record and a
// new Vitest config each announce every write, so that a kill can be placed at each of them.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = '../../../packages/openapi-drift/src';

let root: string;
let log: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-crash-points-'));
  log = path.join(root, 'crash.log');
  // The crash points read the variable when they load: the modules are loaded anew for each test.
  vi.stubEnv('OPENAPI_DRIFT_CRASH_LOG', log);
  vi.stubEnv('OPENAPI_DRIFT_CRASH_AT', undefined);
  vi.resetModules();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  await fs.rm(root, { recursive: true, force: true });
});

/** The points passed, without their numbers. */
const passed = async () => (await fs.readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => line.replace(/^\d+ /, ''));

test('an update under the lock: taken, each file written and renamed, removed with its empty folder, released', async () => {
  const { withClientLock } = await import(`${SRC}/update/lock.ts`);
  const { applyComparisons } = await import(`${SRC}/update/update.ts`);
  const output = path.join(root, 'src', 'client');
  await fs.mkdir(path.join(output, 'old'), { recursive: true });
  await fs.writeFile(path.join(output, 'old', 'gone.ts'), 'old');
  await withClientLock(root, root, () =>
    applyComparisons(output, [
      { path: 'old/gone.ts', status: 'obsolete', committed: 'old' },
      { path: 'index.ts', status: 'missing', generated: 'new' },
    ]),
  );
  expect(await passed()).toEqual(['lock:taken', 'tree:removed', 'tree:folder-removed', 'tree:written', 'tree:renamed', 'lock:releasing']);
});

test('a contract test and a source record are written atomically, each point named after what is written', async () => {
  const { writeContractTest } = await import(`${SRC}/project/contract-tests.ts`);
  const { writeSourceConfig } = await import(`${SRC}/project/client-record.ts`);
  await writeContractTest({ root }, { name: 'petstore', dir: path.join(root, 'clients', 'petstore'), shown: 'clients/petstore' });
  await fs.mkdir(path.join(root, 'clients', 'petstore'), { recursive: true });
  await writeSourceConfig(path.join(root, 'clients', 'petstore'), { source: 'https://x/openapi.json' });
  expect(await passed()).toEqual(['contract-test:written', 'contract-test:renamed', 'source:written', 'source:renamed']);
});

test('a Vitest config written for a repository without one', async () => {
  const { checkVitestRunsContractTests } = await import(`${SRC}/project/vitest-check.ts`);
  const project = path.join(root, 'repo');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'));
  await checkVitestRunsContractTests(project, []);
  expect((await passed()).slice(0, 2)).toEqual(['vitest-config:written', 'vitest-config:renamed']);
});

// Contract tests partition cleanly across machines with `vitest --shard=i/n`: together the shards
// check every client exactly once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { createTempProject, REPO, run, runVitest, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
const CLIENTS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];

beforeAll(async () => {
  project = await createTempProject(['petstore']);
  for (const name of CLIENTS) await fs.cp(project.clientDir('petstore'), project.clientDir(name), { recursive: true });
  await writeContractTests({ root: project.root });
});
afterAll(() => project?.remove());

// Each shard is listed once: the run below compares against the listing its shard count already made.
const listings = new Map<string, Promise<string[]>>();
function shardFiles(index: number, count: number): Promise<string[]> {
  const key = `${index}/${count}`;
  let listing = listings.get(key);
  if (!listing) listings.set(key, (listing = listShard(index, count)));
  return listing;
}

async function listShard(index: number, count: number): Promise<string[]> {
  const result = await run(path.join(REPO, 'node_modules/.bin/vitest'), ['list', '--filesOnly', '--json', `--shard=${index}/${count}`, 'contract-tests'], { cwd: project.root });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as Array<{ file: string }>).map(({ file }) => path.relative(project.root, file));
}

test.each([1, 2, 3, 5])('%i shards check every client exactly once', async (count) => {
  const all = [...CLIENTS, 'petstore'].map((name) => `contract-tests/${name}.contract.test.ts`).concat('contract-tests/every-client.test.ts').sort();
  const seen: string[] = [];
  for (let index = 1; index <= count; index++) seen.push(...(await shardFiles(index, count)));
  expect(seen.sort()).toEqual(all);
});

test('a shard runs only its own clients', async () => {
  // One shard of three: a few clients run, most do not, and each client that runs is checked in full.
  const files = await shardFiles(1, 3);
  const report = await runVitest(project, ['--shard=1/3', 'contract-tests']);
  expect(report.code, report.output).toBe(0);
  const clients = new Set([...report.tests.keys()].map((name) => name.split(' > ')[0]));
  const expected = files.filter((file) => file.endsWith('.contract.test.ts')).map((file) => path.basename(file, '.contract.test.ts'));
  // The shard holds several clients and leaves out most: both sides of "only its own" are exercised.
  expect(expected.length).toBeGreaterThanOrEqual(2);
  expect(expected.length).toBeLessThanOrEqual((CLIENTS.length + 1) / 2);
  expect([...clients].filter((name) => CLIENTS.includes(name as string) || name === 'petstore').sort()).toEqual(expected.sort());
});

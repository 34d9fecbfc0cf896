// End to end, as a user would see it: a temp copy of the petstore client, one kind of drift at a
// time, Vitest run as a subprocess. Each drift must fail exactly the expected tests, a plain run
// (locally or in CI) must not write anything, and `-u` must bring the copy back to green with the
// tree that the openapi-ts CLI itself produces.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, failing, hashTree, REPO, runOpenApiTsCli, runVitest, type TempProject } from './helpers/temp-project.ts';
import { readTree } from '../packages/openapi-drift/src/compare/tree.ts';

const OUT = 'clients/petstore/src/client';

interface Scenario {
  description: string;
  drift: (project: TempProject) => Promise<void>;
  failingTests: string[];
  message: RegExp;
}

const scenarios: Scenario[] = [
  {
    description: 'a hand-edited line fails that file with a unified diff',
    drift: async (project) => {
      const file = path.join(project.root, OUT, 'sdk.gen.ts');
      const text = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, text.replace('url: "/pets"', 'url: "/pets/v2"'));
    },
    failingTests: ['petstore > src/client/sdk.gen.ts'],
    message: /--- committed\/sdk\.gen\.ts\n\+\+\+ generated\/sdk\.gen\.ts\n@@[^\n]*@@[\s\S]*\n-[^\n]*url: "\/pets\/v2"[\s\S]*\n\+[^\n]*url: "\/pets",/,
  },
  {
    description: 'a deleted file fails as missing',
    drift: (project) => fs.rm(path.join(project.root, OUT, 'core/auth.gen.ts')),
    failingTests: ['petstore > src/client/core/auth.gen.ts'],
    message: /clients\/petstore\/src\/client\/core\/auth\.gen\.ts is missing: clients\/petstore\/openapi\.json generates it, but it is not committed/,
  },
  {
    description: 'an extra file fails as obsolete',
    drift: async (project) => {
      await fs.mkdir(path.join(project.root, OUT, 'legacy'), { recursive: true });
      await fs.writeFile(path.join(project.root, OUT, 'legacy/old.gen.ts'), 'export const old = 1;\n');
    },
    failingTests: ['petstore > src/client/legacy/old.gen.ts'],
    message: /legacy\/old\.gen\.ts is obsolete: it is committed, but clients\/petstore\/openapi\.json no longer generates it/,
  },
  {
    description: 'a snapshot changed without regenerating fails the files it changes',
    drift: async (project) => {
      const file = path.join(project.clientDir('petstore'), 'openapi.json');
      const text = await fs.readFile(file, 'utf8');
      // A new optional property of the Pet schema, kept in canonical form.
      const changed = text.replace('"tag": {\n            "type": "string"\n          }', '"tag": {\n            "type": "string"\n          },\n          "nickname": {\n            "type": "string"\n          }');
      expect(changed).not.toBe(text);
      await fs.writeFile(file, changed);
    },
    failingTests: ['petstore > src/client/types.gen.ts'],
    message: /\+\s+nickname\?: string;/,
  },
];

// One project for every scenario, each starting from a fresh copy of the petstore client. A copy
// with the same bytes is the same client to the regeneration and type-check caches, so the client
// is generated and type-checked once, not once per scenario (the snapshot that a scenario changes
// is generated anew), and each run still compares the committed tree against a regeneration whose
// every read was verified, as the second plain run of each scenario always did.
let project: TempProject;
// The openapi-ts CLI's trees, by the snapshot and config they were generated from, generated in a
// project of their own laid out as `project` is (its tsconfig, its node_modules).
let references: TempProject;
const referenceTrees = new Map<string, Map<string, string>>();
beforeAll(async () => {
  project = await createTempProject(['petstore']);
  references = await createTempProject([]);
});
afterAll(async () => {
  await project?.remove();
  await references?.remove();
});

/** The tree the openapi-ts CLI with prettier writes from these inputs, generated once per distinct inputs. */
async function referenceTree(inputs: Record<'openapi.json' | 'openapi-ts.config.ts', string>): Promise<Map<string, string>> {
  const key = JSON.stringify(inputs);
  const known = referenceTrees.get(key);
  if (known) return known;
  const reference = path.join(references.root, 'clients', `reference-${referenceTrees.size}`);
  await fs.mkdir(reference);
  for (const [file, text] of Object.entries(inputs)) await fs.writeFile(path.join(reference, file), text);
  const cli = await runOpenApiTsCli(reference);
  expect(cli.code, cli.stdout + cli.stderr).toBe(0);
  const tree = await readTree(path.join(reference, 'src/client'));
  referenceTrees.set(key, tree);
  return tree;
}

describe.each(scenarios)('$description', ({ drift, failingTests, message }) => {
  test('fails exactly the expected tests, writes nothing, and -u restores green', async () => {
    await fs.rm(project.clientDir('petstore'), { recursive: true, force: true });
    await fs.cp(path.join(REPO, 'clients/petstore'), project.clientDir('petstore'), { recursive: true });
    await drift(project);
    const before = await hashTree(project.root);

    for (const env of [{ CI: undefined }, { CI: 'true' }]) {
      const report = await runVitest(project, [], env);
      expect(report.code, report.output).toBe(1);
      expect(failing(report)).toEqual(failingTests);
      for (const name of failingTests) expect(report.tests.get(name)?.failure).toMatch(message);
      expect(report.output).toContain('npx vitest run contract-tests/petstore.contract.test.ts -u');
      expect(await hashTree(project.root), `a plain run with CI=${env.CI} wrote files`).toEqual(before);
    }

    const update = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
    expect(update.code, update.output).toBe(0);
    const green = await runVitest(project, []);
    expect(green.code, green.output).toBe(0);
    expect(failing(green)).toEqual([]);

    // The accepted tree is what the openapi-ts CLI with prettier writes from the same snapshot.
    const read = (file: string) => fs.readFile(path.join(project.clientDir('petstore'), file), 'utf8');
    const reference = await referenceTree({ 'openapi.json': await read('openapi.json'), 'openapi-ts.config.ts': await read('openapi-ts.config.ts') });
    expect(await readTree(path.join(project.root, OUT))).toEqual(reference);
    // Empty folders left by obsolete files are gone.
    await expect(fs.access(path.join(project.root, OUT, 'legacy'))).rejects.toThrow();
  });
});

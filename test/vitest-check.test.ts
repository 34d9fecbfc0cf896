// `init` and `add` ask the repository's own Vitest which contract tests it collects. Every one
// must be collected: a config that includes one of two leaves the other a gate that is always green.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkVitestRunsContractTests } from '../packages/openapi-drift/src/project/vitest-check.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let tests: string[];
beforeAll(async () => {
  project = await createTempProject([]);
  tests = ['alpha', 'beta'].map((name) => path.join(project.root, 'contract-tests', `${name}.contract.test.ts`));
  for (const file of tests) await fs.writeFile(file, "import { test } from 'vitest';\ntest('x', () => {});\n");
  await fs.writeFile(path.join(project.root, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['contract-tests/alpha.contract.test.ts'] } });\n");
});
afterAll(() => project?.remove());

test('a config that collects one contract test of two does not run the contract tests, and names the one left out', async () => {
  const verdict = await checkVitestRunsContractTests(project.root, tests);
  expect(verdict.runs).toBe(false);
  expect(verdict.runs === false && verdict.reason).toContain('does not include contract-tests/beta.contract.test.ts');
  // Vitest did list alpha: the verdict is about beta alone, not a Vitest that failed to list anything.
  expect(verdict.runs === false && verdict.reason).not.toContain('alpha');
  expect(verdict.runs === false && verdict.reason).not.toContain('vitest list said');
});

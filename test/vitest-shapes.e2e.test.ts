// The gate holds however a team runs Vitest: `test.projects` (inline, by file, with the plugin at the
// root or inside one project), `--project`, `vitest related` and `--changed` on a client's file, and
// every spelling of "do not update". In each, a hand-edited generated file fails exactly its test,
// and nothing is written without an explicit update. One client, generated once; every case is a
// Vitest run over its cached regeneration.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, editTsconfig, failing, hashTree, REPO, run, type TempProject, type VitestReport } from './helpers/temp-project.ts';

const PLUGIN = "import { openapiDrift } from 'openapi-drift/plugin';";
const CONFIGS = {
  plain: `${PLUGIN}\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ plugins: [openapiDrift()], test: { include: ['test/**/*.test.ts'] } });\n`,
  projectsInline: `${PLUGIN}\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ plugins: [openapiDrift()], test: { projects: [{ test: { name: 'unit', include: ['test/**/*.test.ts'] } }] } });\n`,
  projectsByFile: `${PLUGIN}\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ plugins: [openapiDrift()], test: { projects: ['packages/*'] } });\n`,
  pluginInsideProject: `${PLUGIN}\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { projects: [{ test: { name: 'unit', include: ['test/**/*.test.ts'] } }, { plugins: [openapiDrift()], test: { name: 'contracts', include: ['contract-tests/**/*.test.ts'] } }] } });\n`,
  noPlugin: `import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts'] } });\n`,
} as const;

const EDITED = 'petstore > src/client/sdk.gen.ts';
let project: TempProject;
let sdk: string;
let drifted: Map<string, string>;

beforeAll(async () => {
  project = await createTempProject(['petstore']);
  // The cases rewrite vitest.config.ts, and the contract suite's type check keeps its result only
  // while every file the compiler read is unchanged: with the config among the tsconfig's files,
  // each change of config type-checked the client anew. Left out of it, the client is type-checked
  // once and every case still runs the type-check test, over its cached result.
  await editTsconfig(project, (tsconfig) => {
    tsconfig.include = tsconfig.include?.filter((entry) => entry !== 'vitest.config.ts');
  });
  await fs.mkdir(path.join(project.root, 'test'));
  await fs.writeFile(path.join(project.root, 'test/unit.test.ts'), "import { expect, test } from 'vitest';\n\ntest('adds', () => expect(1 + 1).toBe(2));\n");
  // A project of its own, found by the glob `packages/*`, that collects only its own tests.
  await fs.mkdir(path.join(project.root, 'packages/app/test'), { recursive: true });
  await fs.writeFile(path.join(project.root, 'packages/app/vitest.config.ts'), "import { defineProject } from 'vitest/config';\nexport default defineProject({ test: { name: 'app' } });\n");
  await fs.writeFile(path.join(project.root, 'packages/app/test/app.test.ts'), "import { expect, test } from 'vitest';\n\ntest('app', () => expect(true).toBe(true));\n");
  // The built-in check of every client's contract test is under test here, not the repository's own.
  await fs.rm(path.join(project.root, 'contract-tests/every-client.test.ts'));
  sdk = path.join(project.clientDir('petstore'), 'src/client/sdk.gen.ts');
  const git = (...args: string[]) => run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: project.root });
  await git('init', '-q');
  await git('add', '-A');
  await git('commit', '-qm', 'a clean client');
  // The drift every case must catch: a hand edit, not committed (what --changed looks at).
  await fs.writeFile(sdk, (await fs.readFile(sdk, 'utf8')).replace('url: "/pets"', 'url: "/pet"'));
  drifted = await hashTree(project.clientDir('petstore'));
});
afterAll(() => project?.remove());

async function useConfig(config: keyof typeof CONFIGS): Promise<void> {
  await fs.writeFile(path.join(project.root, 'vitest.config.ts'), CONFIGS[config]);
}

/** Failing tests by name. */
const failingTests = failing;

/**
 * Vitest in the project as a user runs it: `args` start with the command (`related`) or are
 * options of `vitest run`; results come from the JSON reporter.
 */
async function runVitest(_project: TempProject, args: string[], env: Record<string, string> = {}): Promise<VitestReport> {
  const reportFile = path.join(project.root, 'vitest-report.json');
  const command = args[0] === 'related' ? ['related', '--run', ...args.slice(1)] : ['run', ...args];
  const result = await run(path.join(REPO, 'node_modules/.bin/vitest'), [...command, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], { cwd: project.root, env });
  const tests = new Map<string, { status: string; failure: string }>();
  const report = JSON.parse(await fs.readFile(reportFile, 'utf8').catch(() => '{"testResults":[]}')) as {
    testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }> }>;
  };
  await fs.rm(reportFile, { force: true });
  for (const file of report.testResults) {
    for (const entry of file.assertionResults) tests.set([...entry.ancestorTitles, entry.title].join(' > '), { status: entry.status, failure: entry.failureMessages.join('\n') });
  }
  return { code: result.code, output: result.stdout + result.stderr, tests };
}

describe('Vitest projects', () => {
  test.for([
    ['inline projects, plugin at the root', 'projectsInline'],
    ['projects found by a glob of config files, plugin at the root', 'projectsByFile'],
    ['plugin inside one inline project', 'pluginInsideProject'],
  ] as const)('%s: the contract test runs and fails on the hand edit', async ([, config]) => {
    await useConfig(config);
    const report = await runVitest(project, []);
    expect(report.code, report.output).toBe(1);
    expect(failingTests(report)).toEqual([EDITED]);
    // The team's own tests still run beside it.
    expect(report.tests.get('adds')?.status ?? report.tests.get('app')?.status).toBe('passed');
    expect(await hashTree(project.clientDir('petstore'))).toEqual(drifted);
  });

  test('--project filters: the contract tests run under their project, and not under another', async () => {
    await useConfig('projectsInline');
    const contracts = await runVitest(project, ['--project', 'openapi-drift']);
    expect(failingTests(contracts)).toEqual([EDITED]);
    expect(contracts.tests.has('adds')).toBe(false);
    const unit = await runVitest(project, ['--project', 'unit']);
    expect(unit.code, unit.output).toBe(0);
    expect([...unit.tests.keys()]).toEqual(['adds']);
  });
});

describe('runs that select tests by what changed', () => {
  test.for([
    ['vitest related <a generated file>', ['related', 'clients/petstore/src/client/sdk.gen.ts']],
    ['vitest related <the snapshot>', ['related', 'clients/petstore/openapi.json']],
    ['vitest related <the hey-api config>', ['related', 'clients/petstore/openapi-ts.config.ts']],
    ['vitest run --changed', ['--changed']],
  ] as const)('%s selects the contract test, which fails on the hand edit', async ([, args]) => {
    for (const config of ['plain', 'projectsInline'] as const) {
      await useConfig(config);
      const report = await runVitest(project, [...args]);
      expect(report.code, `${config}\n${report.output}`).toBe(1);
      expect(failingTests(report), config).toEqual([EDITED]);
    }
  });

  test('vitest related <an unrelated file> does not select the contract test', async () => {
    await useConfig('plain');
    const report = await runVitest(project, ['related', 'test/unit.test.ts']);
    expect(report.code, report.output).toBe(0);
    expect([...report.tests.keys()]).toEqual(['adds']);
  });
});

describe('update mode: only an explicit update writes', () => {
  test.for([
    ['UPDATE_SNAPSHOT=false', [], { UPDATE_SNAPSHOT: 'false' }],
    ['UPDATE_SNAPSHOT=0 with CI=true', [], { UPDATE_SNAPSHOT: '0', CI: 'true' }],
    ['UPDATE_SNAPSHOT=no', [], { UPDATE_SNAPSHOT: 'no' }],
    ['--update=false', ['--update=false'], {}],
    ['--update=none', ['--update=none'], {}],
  ] as const)('%s is not an update: the drift fails and nothing is written', async ([spelling, args, env]) => {
    await useConfig('plain');
    const report = await runVitest(project, [...args], { ...env });
    expect(report.code, report.output).toBe(1);
    expect(failingTests(report)).toEqual([EDITED]);
    if (spelling !== '--update=none') expect(report.output).toContain(`openapi-drift: ${spelling.split(' ')[0]} is not an update`);
    expect(await hashTree(project.clientDir('petstore'))).toEqual(drifted);
  });

  test('without the plugin nothing is written, even under -u, and a test says what to add', async () => {
    await useConfig('noPlugin');
    const report = await runVitest(project, ['-u']);
    // The drift is still reported: without the plugin, -u is not taken for an update.
    expect(failingTests(report)).toEqual([EDITED, 'the Vitest config uses the openapi-drift plugin']);
    expect(report.tests.get('the Vitest config uses the openapi-drift plugin')?.failure).toContain("import { openapiDrift } from 'openapi-drift/plugin';");
    expect(await hashTree(project.clientDir('petstore'))).toEqual(drifted);
  });

  test('-u with projects writes the regeneration, and the next run is green', async () => {
    await useConfig('projectsInline');
    const updated = await runVitest(project, ['-u']);
    expect(updated.code, updated.output).toBe(0);
    expect(await fs.readFile(sdk, 'utf8')).toContain('url: "/pets"');
    const green = await runVitest(project, []);
    expect(green.code, green.output).toBe(0);
    // Put the drift back for the other cases.
    await fs.writeFile(sdk, (await fs.readFile(sdk, 'utf8')).replace('url: "/pets"', 'url: "/pet"'));
  });
});

test("the editor's update button (Vitest's own updateSnapshot, no -u anywhere) writes, also where UPDATE_SNAPSHOT=false refused the start", async () => {
  await useConfig('plain');
  // What the Vitest extension does: start Vitest through its API, then ask it to update a file's snapshots.
  const script = path.join(project.root, 'editor.mjs');
  await fs.writeFile(
    script,
    [
      "import { readFileSync } from 'node:fs';",
      "import { createVitest } from 'vitest/node';",
      "const vitest = await createVitest('test', { watch: false, reporters: ['default'] });",
      "const file = new URL('./contract-tests/petstore.contract.test.ts', import.meta.url).pathname;",
      "const sdk = () => readFileSync(new URL('./clients/petstore/src/client/sdk.gen.ts', import.meta.url), 'utf8');",
      'await vitest.start([file]);',
      "console.log(`AFTER THE RUN: ${sdk().includes('url: \"/pet\"') ? 'still drifted' : 'rewritten'}`);",
      'await vitest.updateSnapshot([file]);',
      "console.log(`AFTER THE UPDATE: ${sdk().includes('url: \"/pet\"') ? 'still drifted' : 'rewritten'}`);",
      'await vitest.close();',
      '',
    ].join('\n'),
  );
  try {
    const result = await run(process.execPath, [script], { cwd: project.root, env: { UPDATE_SNAPSHOT: 'false' } });
    expect(result.stdout, result.stdout + result.stderr).toContain('AFTER THE RUN: still drifted');
    expect(result.stdout).toContain('AFTER THE UPDATE: rewritten');
    expect(await fs.readFile(sdk, 'utf8')).toContain('url: "/pets"');
  } finally {
    await fs.writeFile(sdk, (await fs.readFile(sdk, 'utf8')).replace('url: "/pets"', 'url: "/pet"'));
    await fs.rm(script, { force: true });
  }
});

test('a client folder without a contract test fails the run', async () => {
  await useConfig('plain');
  const handmade = path.join(project.root, 'clients', 'handmade');
  await fs.cp(project.clientDir('petstore'), handmade, { recursive: true });
  try {
    const report = await runVitest(project, []);
    expect(failingTests(report)).toEqual(['every client of the repository has a contract test', EDITED].sort());
    expect(report.tests.get('every client of the repository has a contract test')?.failure).toContain('clients/handmade has no contract test (contract-tests/handmade.contract.test.ts)');
  } finally {
    await fs.rm(handmade, { recursive: true, force: true });
  }
});

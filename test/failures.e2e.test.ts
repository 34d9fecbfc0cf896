// A broken client gives one failing test that names it and the cause, every other client is still
// checked, and `-u` writes nothing for a client whose regeneration failed.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { createTempProject, failing, hashTree, runVitest, type TempProject } from './helpers/temp-project.ts';

interface BrokenClient {
  name: string;
  files: Record<string, string>;
  cause: RegExp;
}

const petstoreConfig = (extra = '') => `import { defineConfig } from '@hey-api/openapi-ts';
${extra}
export default defineConfig({ input: './openapi.json', output: { path: './src/client', postProcess: ['prettier'] } });
`;

const brokenClients: BrokenClient[] = [
  { name: 'unreadable-snapshot', files: { 'openapi-ts.config.ts': petstoreConfig() }, cause: /unreadable-snapshot\/openapi\.json: cannot read the snapshot \(ENOENT\)/ },
  {
    name: 'invalid-snapshot',
    files: { 'openapi-ts.config.ts': petstoreConfig(), 'openapi.json': '{\n  "openapi": "3.0.0",\n  "info": {\n' },
    cause: /invalid-snapshot\/openapi\.json:4:1: .*invalid JSON/i,
  },
  {
    name: 'config-throws',
    files: { 'openapi-ts.config.ts': "throw new Error('the config exploded');\n", 'openapi.json': '' },
    cause: /config-throws.*the config exploded/,
  },
  {
    name: 'generator-error',
    files: {
      // A custom hey-api plugin with a bug: the generator itself fails.
      'openapi-ts.config.ts': `import { defineConfig, definePluginConfig } from '@hey-api/openapi-ts';
const exploding = definePluginConfig({ name: 'exploding-plugin', config: {}, dependencies: [], handler: () => { throw new Error('the exploding plugin exploded'); } } as never);
export default defineConfig({ input: './openapi.json', output: { path: './src/client', postProcess: ['prettier'] }, plugins: ['@hey-api/typescript', exploding()] });
`,
    },
    cause: /generator-error: hey-api failed: the exploding plugin exploded[\s\S]*Generator output:[\s\S]*Failed with the message/,
  },
  {
    name: 'formatter-error',
    files: {
      'openapi-ts.config.ts': petstoreConfig(),
      '.prettierrc': '{ "plugins": ["./no-such-prettier-plugin.mjs"] }\n',
    },
    cause: /formatter-error.*prettier failed on .*no-such-prettier-plugin/s,
  },
  {
    name: 'formatter-crash',
    files: {
      'openapi-ts.config.ts': petstoreConfig(),
      // A prettier plugin that takes its whole process down.
      '.prettierrc': '{ "plugins": ["./crash-plugin.mjs"] }\n',
      'crash-plugin.mjs': 'process.exit(3);\n',
    },
    cause: /formatter-crash: the formatter process stopped \(exit code 3\)/,
  },
  {
    name: 'hangs',
    files: { 'openapi-ts.config.ts': 'setInterval(() => {}, 1000);\nexport default new Promise(() => {});\n' },
    cause: /hangs: generation did not finish within 8 s and was stopped[\s\S]*OPENAPI_DRIFT_TIMEOUT/,
  },
];

let project: TempProject;
beforeAll(async () => {
  project = await createTempProject(['petstore']);
  const petstore = project.clientDir('petstore');
  for (const { name, files } of brokenClients) {
    const dir = project.clientDir(name);
    // Each broken client has a committed tree that must survive -u untouched.
    await fs.cp(path.join(petstore, 'src'), path.join(dir, 'src'), { recursive: true });
    await fs.copyFile(path.join(petstore, 'openapi.json'), path.join(dir, 'openapi.json'));
    for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(dir, file), text);
    if (!('openapi.json' in files) && name === 'unreadable-snapshot') await fs.rm(path.join(dir, 'openapi.json'));
  }
  await writeContractTests({ root: project.root });
  // The hanging client's own contract test stops its generation after 8 s; the others keep the default
  // limit, so that a slow machine never turns a healthy client into a timeout.
  await fs.writeFile(
    path.join(project.root, 'contract-tests/hangs.contract.test.ts'),
    "import { describeClientContract } from 'openapi-drift/vitest';\n\nawait describeClientContract(new URL('../clients/hangs/', import.meta.url), { timeoutMs: 8000 });\n",
  );
});
afterAll(() => project?.remove());

test('each broken client fails once with its cause while the others are checked, and -u writes nothing for it', async () => {
  const before = await hashTree(path.join(project.root, 'clients'));
  for (const args of [[], ['contract-tests', '-u']]) {
    const report = await runVitest(project, args);
    expect(report.code, report.output).toBe(1);
    expect(failing(report)).toEqual(brokenClients.map(({ name }) => `${name} > regenerates from its snapshot`).sort());
    for (const { name, cause } of brokenClients) {
      expect(report.tests.get(`${name} > regenerates from its snapshot`)?.failure, name).toMatch(cause);
    }
    const petstoreTests = [...report.tests].filter(([name]) => name.startsWith('petstore > '));
    expect(petstoreTests.length).toBeGreaterThan(10);
    expect(petstoreTests.every(([, result]) => result.status === 'passed')).toBe(true);
    expect(await hashTree(path.join(project.root, 'clients'))).toEqual(before);
  }
});

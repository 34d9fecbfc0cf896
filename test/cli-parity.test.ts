// The proof that the in-memory regeneration is the real thing: for real specs and two prettier
// set-ups, it equals byte for byte what the openapi-ts CLI with prettier post-processing writes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { regenerate } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { readTree } from '../packages/openapi-drift/src/compare/tree.ts';
import { readSpec, type SpecName } from './helpers/specs.ts';
import { createTempProject, runOpenApiTsCli, type TempProject } from './helpers/temp-project.ts';

const specs = [
  { name: 'petstore', file: 'petstore.oas30.yaml', description: 'OpenAPI 3.0 YAML' },
  { name: 'galaxy', file: 'scalar-galaxy-0.6.12.oas31.yaml', description: 'OpenAPI 3.1 YAML with a $ref cycle' },
  { name: 'docker', file: 'docker-engine-1.56.swagger20.yaml', description: 'Swagger 2.0 YAML' },
] satisfies Array<{ name: string; file: SpecName; description: string }>;

const BANNER_PLUGIN = `import * as typescript from 'prettier/plugins/typescript';
const parser = typescript.parsers.typescript;
export const parsers = {
  typescript: { ...parser, preprocess: (text) => (text.startsWith('// banner') ? text : '// banner: formatted with a plugin\\n' + text) },
};
`;

const prettierSetups = [
  { name: 'defaults', files: {} as Record<string, string> },
  {
    name: 'prettierrc with overrides, a plugin, editorconfig and prettierignore',
    files: {
      // Above the client folder, as in a monorepo.
      '.prettierrc.json': JSON.stringify({ singleQuote: true, semi: false, printWidth: 100, overrides: [{ files: '**/core/**', options: { printWidth: 60 } }], plugins: ['./prettier-plugin-banner.mjs'] }),
      'prettier-plugin-banner.mjs': BANNER_PLUGIN,
      '.editorconfig': 'root = true\n\n[*]\nindent_style = tab\n',
      // hey-api passes the client folder's .prettierignore to prettier.
      'clients/{client}/.prettierignore': 'src/client/client/**\n',
    },
  },
];

const config = `import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi.json',
  output: { path: './src/client', postProcess: ['prettier'] },
  plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
});
`;

const results = new Map<string, Map<string, string>>();

describe.each(prettierSetups)('prettier set-up: $name', (setup) => {
  let project: TempProject;
  beforeAll(async () => {
    project = await createTempProject([], 'openapi-drift-parity-');
    for (const [file, text] of Object.entries(setup.files)) {
      if (file.includes('{client}')) continue;
      await fs.writeFile(path.join(project.root, file), text);
    }
  });
  afterAll(() => project?.remove());

  test.each(specs)('$description: in-memory result equals the CLI output on disk', async (spec) => {
    const dir = project.clientDir(spec.name);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'openapi.json'), canonicalize(readSpec(spec.file), { file: spec.file }));
    await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), config);
    for (const [file, text] of Object.entries(setup.files)) {
      if (file.includes('{client}')) await fs.writeFile(path.join(project.root, file.replace('{client}', spec.name)), text);
    }

    const cli = await runOpenApiTsCli(dir);
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    const onDisk = await readTree(path.join(dir, 'src/client'));
    expect(onDisk.size).toBeGreaterThanOrEqual(16);

    const inMemory = await regenerate(dir, { displayRoot: project.root });
    expect([...inMemory.files.keys()]).toEqual([...onDisk.keys()].sort());
    for (const [file, text] of onDisk) expect(inMemory.files.get(file), file).toBe(text);
    results.set(`${setup.name}/${spec.name}`, inMemory.files);
  });
});

test('the two prettier set-ups really format differently', () => {
  const plain = results.get(`defaults/petstore`)?.get('sdk.gen.ts');
  const styled = results.get(`${prettierSetups[1]?.name}/petstore`)?.get('sdk.gen.ts');
  expect(plain).toMatch(/^ {2}\S/m);
  expect(styled).toMatch(/^\/\/ banner: formatted with a plugin/);
  expect(styled).toMatch(/^\t\S/m);
  // The ignored folder is left as the generator wrote it, so it matches the unformatted bundle.
  const ignored = results.get(`${prettierSetups[1]?.name}/petstore`)?.get('client/client.gen.ts');
  expect(ignored).not.toMatch(/^\/\/ banner/);
});

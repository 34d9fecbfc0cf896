// The proof on real output: for every fixture spec, hey-api's real generated files, formatted by
// pieces, equal prettier on each whole file byte for byte, under the prettier set-ups of the CLI
// parity test, each file at its committed path exactly as src/format.ts formats it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import * as prettier from 'prettier';
import typescript from 'typescript';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_TARGET_CHUNK_SIZE, formatByDeclaration, joinFormattedChunks, planChunks } from '../packages/openapi-drift/src/format/chunks.ts';
import { writeSpec, type SpecName } from './helpers/specs.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

const specs: Array<{ name: string; file: SpecName; targetChunkSize: number }> = [
  // Cut at every boundary that allows it: the finest split, the strongest claim (a coarser one only
  // keeps more statements together, which prettier then formats as in the file).
  { name: 'petstore', file: 'petstore.oas30.yaml', targetChunkSize: 0 },
  { name: 'galaxy', file: 'scalar-galaxy-0.6.12.oas31.yaml', targetChunkSize: 0 },
  { name: 'mastodon', file: 'mastodon.oas303.json', targetChunkSize: 0 },
  { name: 'ix-api', file: 'ix-api-2.1.0.oas30.json', targetChunkSize: 0 },
  { name: 'docker', file: 'docker-engine-1.56.swagger20.yaml', targetChunkSize: 0 },
  // 3.9 MB of types and 1.3 MB of SDK, in the pieces a check would use: 6,500 single statements
  // would triple the time of the pieces, to prove what the small specs prove already.
  { name: 'github', file: 'github-octokit-23.0.2.oas303.json', targetChunkSize: DEFAULT_TARGET_CHUNK_SIZE },
];

const BANNER_PLUGIN = `import * as typescript from 'prettier/plugins/typescript';
const parser = typescript.parsers.typescript;
export const parsers = {
  typescript: { ...parser, preprocess: (text) => (text.startsWith('// banner') ? text : '// banner: formatted with a plugin\\n' + text) },
};
`;
const styled = {
  // Above the client folder, as in a monorepo.
  '.prettierrc.json': { singleQuote: true, semi: false, printWidth: 100, overrides: [{ files: '**/core/**', options: { printWidth: 60 } }] },
  '.editorconfig': 'root = true\n\n[*]\nindent_style = tab\n',
  // hey-api passes the client folder's .prettierignore to prettier.
  'clients/{client}/.prettierignore': 'src/client/client/**\n',
};

// The set-ups of test/cli-parity.test.ts, and the styled one without its plugin, so that the pieces
// are formatted with those options too (with the plugin, every file is formatted whole).
const setups = [
  { name: 'defaults', files: {} as Record<string, unknown>, plugin: false },
  { name: 'prettierrc with overrides, editorconfig with tabs and prettierignore', files: styled as Record<string, unknown>, plugin: false },
  {
    name: 'the same with a local plugin',
    files: { ...styled, '.prettierrc.json': { ...styled['.prettierrc.json'], plugins: ['./prettier-plugin-banner.mjs'] }, 'prettier-plugin-banner.mjs': BANNER_PLUGIN } as Record<string, unknown>,
    plugin: true,
  },
];

/** The repository's own prettier and TypeScript, as a check passes the team's. */
const tools = { prettier, typescript };

const config = { plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'] };

const projects = new Map<string, TempProject>();
const outputs = new Map<string, string>();
const printWidths = new Map<string, unknown>();

beforeAll(async () => {
  for (const setup of setups) {
    const project = await createTempProject([], 'openapi-drift-chunks-');
    projects.set(setup.name, project);
    for (const [file, content] of Object.entries(setup.files)) {
      if (file.includes('{client}')) continue;
      await fs.writeFile(path.join(project.root, file), typeof content === 'string' ? content : JSON.stringify(content));
    }
  }
});
afterAll(async () => {
  for (const project of projects.values()) await project.remove();
});

describe.each(specs)('$name', (spec) => {
  /** What hey-api generated, unformatted, by path below the output folder. */
  const generated = new Map<string, string>();
  let scratch: string;

  beforeAll(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-chunks-raw-'));
    const input = await writeSpec(spec.file, scratch);
    await createClient({ ...config, input, output: { path: path.join(scratch, 'out'), postProcess: [] }, logs: { level: 'silent', file: false } } as Parameters<typeof createClient>[0]);
    for (const file of (await glob('**/*', { cwd: path.join(scratch, 'out'), onlyFiles: true })).sort()) {
      generated.set(file, await fs.readFile(path.join(scratch, 'out', file), 'utf8'));
    }
    expect(generated.size).toBeGreaterThanOrEqual(16);
  });
  afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

  test.each(setups)('$name: formatted by pieces equals prettier on each whole file', async (setup) => {
    const project = projects.get(setup.name) as TempProject;
    const clientDir = project.clientDir(spec.name);
    const outputDir = path.join(clientDir, 'src', 'client');
    for (const [file, content] of Object.entries(setup.files)) {
      if (file.includes('{client}')) await writeFile(path.join(project.root, file.replace('{client}', spec.name)), String(content));
    }
    const ignorePath = path.join(clientDir, '.prettierignore');
    let formattedFiles = 0;
    let ignoredFiles = 0;
    let statements = 0;
    let unsafeBoundaries = 0;
    for (const [file, text] of generated) {
      const filepath = path.join(outputDir, file);
      await writeFile(filepath, text);
      // As src/format.ts: the committed path decides the ignore file, the config and the parser.
      const info = await prettier.getFileInfo(filepath, { ignorePath, resolveConfig: true });
      if (info.ignored || !info.inferredParser) {
        ignoredFiles++;
        continue;
      }
      const options = { ...((await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {}), filepath };
      const plan = planChunks(tools, text, options, { targetChunkSize: spec.targetChunkSize, inferredParser: info.inferredParser });
      formattedFiles++;
      printWidths.set(`${setup.name}/${spec.name}/${file}`, options.printWidth);
      if (setup.plugin) {
        expect(plan, file).toMatchObject({ kind: 'whole', reason: 'plugins' });
        // Formatting GitHub's 5 MB twice more would only show prettier equals prettier.
        if (spec.name === 'github') continue;
        const whole = await prettier.format(text, options);
        const calls: string[] = [];
        // The formatter is prettier; asked for the whole text, which prettier has just formatted with
        // these options, it answers with that result rather than formatting the same bytes again.
        const format = (chunk: string) => (calls.push(chunk), chunk === text ? Promise.resolve(whole) : prettier.format(chunk, options));
        const formatted = await formatByDeclaration(tools, text, options, format, { inferredParser: info.inferredParser });
        expect(calls).toEqual([text]);
        expect(formatted, file).toBe(whole);
        outputs.set(`${setup.name}/${spec.name}/${file}`, whole);
        continue;
      }
      if (plan.kind !== 'chunks') throw new Error(`${file} was not split: ${plan.reason}`);
      const whole = await prettier.format(text, options);
      const pieces: string[] = [];
      for (const chunk of plan.chunks) pieces.push(await prettier.format(chunk, options));
      expect(joinFormattedChunks(plan.join, pieces), file).toBe(whole);
      // Really cut: at every safe boundary, or into about target-sized pieces.
      if (spec.targetChunkSize === 0) expect(plan.chunks.length, file).toBe(plan.statements - plan.unsafeBoundaries);
      else expect(plan.chunks.length, file).toBeGreaterThanOrEqual(Math.min(plan.statements, text.length / spec.targetChunkSize / 4));
      statements += plan.statements;
      unsafeBoundaries += plan.unsafeBoundaries;
      outputs.set(`${setup.name}/${spec.name}/${file}`, whole);
    }
    expect(formattedFiles).toBeGreaterThanOrEqual(10);
    if (!setup.plugin) {
      expect(statements).toBeGreaterThan(formattedFiles);
      // hey-api writes nothing the rules keep together. Were a version to, the pieces would still be
      // right, only larger: this says so.
      expect(unsafeBoundaries).toBe(0);
    }
    // The styled set-ups ignore the client bundle, as the parity test does.
    expect(ignoredFiles > 0).toBe(setup.files !== setups[0]?.files);
  });
});

test('the set-ups really format differently', () => {
  const [defaults, styledNoPlugin, styledPlugin] = setups.map((setup) => outputs.get(`${setup.name}/petstore/sdk.gen.ts`));
  expect(defaults).toMatch(/^ {2}\S/m);
  expect(defaults).toMatch(/;$/m);
  expect(styledNoPlugin).toMatch(/^\t\S/m);
  expect(styledNoPlugin).not.toMatch(/;$/m);
  expect(styledPlugin).toMatch(/^\/\/ banner: formatted with a plugin/);
  // The override for core/** applies there, and only there.
  expect(printWidths.get(`${setups[1]?.name}/petstore/core/params.gen.ts`)).toBe(60);
  expect(printWidths.get(`${setups[1]?.name}/petstore/sdk.gen.ts`)).toBe(100);
});

async function writeFile(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, content);
}

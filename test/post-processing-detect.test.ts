// Which post-processing `add` writes into a new client's config: the repository's own.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { detectPostProcess } from '../packages/openapi-drift/src/format/post-processors/detect.ts';
import { postProcessSteps } from '../packages/openapi-drift/src/format/post-processors/steps.ts';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-detect-'));
  await fs.mkdir(path.join(root, 'clients'));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

test.each([
  { description: 'no configuration at all: prettier, as before', files: {}, expected: ['prettier'] },
  { description: 'a .prettierrc at the root', files: { '.prettierrc': '{}' }, expected: ['prettier'] },
  { description: 'a "prettier" key in package.json', files: { 'package.json': '{ "prettier": {} }' }, expected: ['prettier'] },
  { description: 'biome.json at the root', files: { 'biome.json': '{}' }, expected: ['biome:format'] },
  { description: 'biome.jsonc in the clients folder', files: { 'clients/biome.jsonc': '{}' }, expected: ['biome:format'] },
  { description: 'an .oxfmtrc.json', files: { '.oxfmtrc.json': '{}' }, expected: ['oxfmt'] },
  { description: 'prettier and Biome both: prettier', files: { 'biome.json': '{}', 'clients/.prettierrc.json': '{}' }, expected: ['prettier'] },
  { description: 'a biome.json above the repository root is not the repository\'s', files: { '../biome.json': '{}' }, expected: ['prettier'] },
])('$description', async ({ files, expected }) => {
  const nested = path.join(root, 'repo');
  await fs.mkdir(path.join(nested, 'clients'), { recursive: true });
  for (const [file, text] of Object.entries(files)) await fs.writeFile(path.join(nested, file), text);
  expect(detectPostProcess(path.join(nested, 'clients', 'shop'), nested)).toEqual(expected);
});

test.each([
  { description: 'none', output: {}, steps: [] },
  { description: 'presets in order', output: { postProcess: ['eslint', 'prettier'] }, steps: ['eslint', 'prettier'] },
  { description: "legacy lint then format, 'biome' meaning biome:lint and biome:format", output: { format: 'biome', lint: 'biome' }, steps: ['biome:lint', 'biome:format'] },
  { description: 'legacy fields are ignored when postProcess lists steps', output: { postProcess: ['oxfmt'], format: 'prettier' }, steps: ['oxfmt'] },
  { description: 'an unknown legacy value adds nothing', output: { format: 'dprint', lint: false }, steps: [] },
  { description: 'a custom step spelled as a preset is that preset', output: { postProcess: [{ command: 'oxfmt', args: ['{{path}}'] }] }, steps: ['oxfmt'] },
  { description: 'a custom step', output: { postProcess: [{ command: 'sed', args: ['{{path}}'] }] }, steps: [undefined] },
])('steps as hey-api reads them: $description', ({ output, steps }) => {
  const result = postProcessSteps(output);
  expect(result.ok && result.steps.map((step) => step.preset)).toEqual(steps);
});

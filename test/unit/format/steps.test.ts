// A client's post-processing steps as hey-api 0.99 reads them from its config
// (src/format/post-processors/steps.ts), which adapter reproduces each or why it is refused
// (index.ts, post-process.ts's refusedStep), and which tool `add` picks for a new client (detect.ts).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusedStep } from '../../../packages/openapi-drift/src/format/post-process.ts';
import { detectPostProcess } from '../../../packages/openapi-drift/src/format/post-processors/detect.ts';
import { adapterFor, POST_PROCESSORS } from '../../../packages/openapi-drift/src/format/post-processors/index.ts';
import { postProcessSteps, PRESETS, type PostProcessStep } from '../../../packages/openapi-drift/src/format/post-processors/steps.ts';

const stepsOf = (output: Parameters<typeof postProcessSteps>[0]): PostProcessStep[] => {
  const result = postProcessSteps(output);
  if (!result.ok) throw new Error(result.reason);
  return result.steps;
};

describe('postProcessSteps', () => {
  it('gives each preset the command line hey-api runs', () => {
    expect(stepsOf({ postProcess: Object.keys(PRESETS) })).toEqual([
      { preset: 'biome:check', command: 'biome', args: ['check', '--write', '{{path}}'], label: 'biome:check' },
      { preset: 'biome:format', command: 'biome', args: ['format', '--write', '{{path}}'], label: 'biome:format' },
      { preset: 'biome:lint', command: 'biome', args: ['lint', '--write', '{{path}}'], label: 'biome:lint' },
      { preset: 'eslint', command: 'eslint', args: ['{{path}}', '--fix'], label: 'eslint' },
      { preset: 'oxfmt', command: 'oxfmt', args: ['{{path}}'], label: 'oxfmt' },
      { preset: 'oxlint', command: 'oxlint', args: ['--fix', '{{path}}'], label: 'oxlint' },
      { preset: 'prettier', command: 'prettier', args: ['--ignore-unknown', '{{path}}', '--write', '--ignore-path', './.prettierignore'], label: 'prettier' },
    ]);
  });

  it('gives each step its own copy of the arguments', () => {
    const [step] = stepsOf({ postProcess: ['oxfmt'] });
    step?.args.push('--changed');
    expect(PRESETS.oxfmt.args).toEqual(['{{path}}']);
  });

  it('refuses an unknown preset and a step that is neither a preset nor { command, args }', () => {
    expect(postProcessSteps({ postProcess: ['prettier', 'dprint'] })).toEqual({ ok: false, reason: 'postProcess names an unknown preset "dprint" (hey-api refuses it too)' });
    expect(postProcessSteps({ postProcess: ['toString'] })).toEqual({ ok: false, reason: 'postProcess names an unknown preset "toString" (hey-api refuses it too)' });
    for (const item of [null, { command: 1, args: [] }, { command: 'sed' }, { command: 'sed', args: 'x' }, { command: 'sed', args: ['a', 2] }]) {
      expect(postProcessSteps({ postProcess: [item] })).toEqual({ ok: false, reason: `postProcess has a step that is neither a preset name nor { command, args }: ${JSON.stringify(item)}` });
    }
  });

  it('labels a custom step with its command line, and counts it as a preset only when spelled exactly alike', () => {
    expect(stepsOf({ postProcess: [{ command: 'sed', args: ['-i', '{{path}}'] }] })).toEqual([
      { preset: undefined, command: 'sed', args: ['-i', '{{path}}'], label: '{ command: "sed", args: ["-i","{{path}}"] }' },
    ]);
    expect(stepsOf({ postProcess: [{ command: 'eslint', args: ['{{path}}', '--fix'] }] })[0]?.preset).toBe('eslint');
    expect(stepsOf({ postProcess: [{ command: 'eslint', args: ['--fix', '{{path}}'] }] })[0]?.preset).toBeUndefined();
    expect(stepsOf({ postProcess: [{ command: 'eslint', args: ['{{path}}'] }] })[0]?.preset).toBeUndefined();
    expect(stepsOf({ postProcess: [{ command: 'eslint', args: ['{{path}}', '--quiet'] }] })[0]?.preset).toBeUndefined();
    expect(stepsOf({ postProcess: [{ command: 'eslint', args: ['{{path}}', '--fix', '--cache'] }] })[0]?.preset).toBeUndefined();
    expect(stepsOf({ postProcess: [{ command: 'oxlint', args: ['{{path}}'] }] })[0]?.preset).toBeUndefined();
  });

  it('reads the legacy fields, lint first, only when postProcess lists nothing', () => {
    expect(stepsOf({ postProcess: [], lint: 'eslint', format: 'prettier' }).map((step) => step.label)).toEqual(['eslint', 'prettier']);
    expect(stepsOf({ postProcess: 'prettier', format: 'biome' }).map((step) => step.label)).toEqual(['biome:format']);
    expect(stepsOf({ lint: 'biome' }).map((step) => step.label)).toEqual(['biome:lint']);
    expect(stepsOf({ format: 'oxfmt', lint: 'dprint' }).map((step) => step.label)).toEqual(['oxfmt']);
    expect(stepsOf({ format: true, lint: 'toString' })).toEqual([]);
    expect(stepsOf({ format: ['prettier'], lint: ['eslint'] })).toEqual([]);
    expect(stepsOf({})).toEqual([]);
  });
});

describe('adapters', () => {
  it('has one for each preset but oxlint, which is refused with the reason', () => {
    for (const name of ['prettier', 'biome:format', 'biome:check', 'biome:lint', 'eslint', 'oxfmt'] as const) {
      expect(adapterFor(stepsOf({ postProcess: [name] })[0] as PostProcessStep)).toBe(POST_PROCESSORS[name]);
      expect('adapter' in POST_PROCESSORS[name]).toBe(true);
    }
    expect(POST_PROCESSORS['biome:check']).not.toBe(POST_PROCESSORS['biome:format']);
    const oxlint = stepsOf({ postProcess: ['oxlint'] });
    expect(refusedStep(oxlint, 'clients/shop/openapi-ts.config.ts')?.message).toBe(
      'clients/shop/openapi-ts.config.ts: postProcess step oxlint cannot be checked: `oxlint --fix` has no stdin mode: it fixes files only where they lie, so it cannot be reproduced without writing the generated folder, ' +
        'and its configuration and tsconfig discovery depend on the real paths, so a copy elsewhere could lint differently',
    );
  });

  it('refuses a custom command, naming the config and the step', () => {
    const steps = stepsOf({ postProcess: ['prettier', { command: 'sed', args: ['{{path}}'] }] });
    const error = refusedStep(steps, 'clients/shop/openapi-ts.config.ts');
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toBe(
      'clients/shop/openapi-ts.config.ts: postProcess step { command: "sed", args: ["{{path}}"] } cannot be checked: a custom command can do anything with the files it is given (write elsewhere, read other files, depend on the machine), ' +
        'so openapi-drift cannot reproduce it in memory and will not compare the tree with output the command may not write',
    );
    expect(error?.file).toBe('clients/shop/openapi-ts.config.ts');
    expect(error?.fix).toBe("use a preset openapi-drift reproduces ('prettier', 'biome:format', 'biome:check', 'biome:lint', 'eslint', 'oxfmt'; see docs/post-processing.md), or none");
    expect(refusedStep(stepsOf({ postProcess: ['prettier', 'eslint'] }), 'c.ts')).toBeUndefined();
  });

  it('says in one sentence what each adapter runs', () => {
    const sentences = Object.fromEntries(Object.entries(POST_PROCESSORS).map(([name, entry]) => [name, 'adapter' in entry ? entry.adapter.reproduces : entry.refused.slice(0, 20)]));
    expect(sentences).toEqual({
      prettier: "prettier's API at each file's committed path, with the options and ignore file the CLI uses there",
      'biome:format': '`biome format --write --stdin-file-path=<committed path>` per file, in the client folder',
      'biome:check': '`biome check --write --stdin-file-path=<committed path>` per file, in the client folder',
      'biome:lint': '`biome lint --write --stdin-file-path=<committed path>` per file, in the client folder',
      eslint: "ESLint's `lintText` with `fix: true` (what `--stdin --stdin-filename <path> --fix-dry-run` runs) per file, in the client folder",
      oxfmt: '`oxfmt --stdin-filepath=<committed path>` per file, in the client folder; the ignore files of its folder walk applied as it applies them',
      oxlint: '`oxlint --fix` has n',
    });
  });
});

describe('detectPostProcess', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-detect-'));
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  let cases = 0;
  /** Each call in a folder of its own. */
  const detect = async (files: Record<string, string>, clientDir = 'repo/clients/shop', rootDir = 'repo') => {
    const base = path.join(root, String(cases++));
    for (const [file, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(base, file)), { recursive: true });
      await fs.writeFile(path.join(base, file), text);
    }
    return detectPostProcess(path.join(base, clientDir), path.join(base, rootDir));
  };

  it.each([
    '.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml', '.prettierrc.js', '.prettierrc.mjs', '.prettierrc.cjs',
    '.prettierrc.ts', '.prettierrc.mts', '.prettierrc.cts', 'prettier.config.js', 'prettier.config.mjs', 'prettier.config.cjs', 'prettier.config.ts', 'prettier.config.mts', 'prettier.config.cts',
  ])('prettier for a %s, before a Biome configuration', async (name) => {
    expect(await detect({ [`repo/${name}`]: '{}', 'repo/clients/biome.json': '{}' })).toEqual(['prettier']);
  });

  it('Biome, then oxfmt, else prettier', async () => {
    expect(await detect({ 'repo/biome.jsonc': '{}', 'repo/clients/.oxfmtrc.json': '{}' })).toEqual(['biome:format']);
    expect(await detect({ 'repo/clients/shop/.oxfmtrc.jsonc': '{}' })).toEqual(['oxfmt']);
    expect(await detect({ 'repo/.oxfmtrc.json': '{}' })).toEqual(['oxfmt']);
    expect(await detect({ 'repo/package.json': '{ "name": "x" }', 'repo/biome.json': '{}' })).toEqual(['biome:format']);
    expect(await detect({ 'repo/package.json': '{ "prettier": "shared" }', 'repo/biome.json': '{}' })).toEqual(['prettier']);
    expect(await detect({ 'repo/package.json': 'not json', 'repo/biome.json': '{}' })).toEqual(['biome:format']);
    expect(await detect({ 'repo/package.json': '{}' })).toEqual(['prettier']);
  });

  it('looks no higher than the repository root, and stops at the file system root', async () => {
    expect(await detect({ 'biome.json': '{}' })).toEqual(['prettier']);
    expect(await detect({ 'repo/clients/shop/biome.json': '{}' }, 'repo/clients/shop', 'repo/clients/shop')).toEqual(['biome:format']);
    expect(await detect({ 'repo/biome.json': '{}' }, 'repo/clients/shop', 'repo/clients/shop')).toEqual(['prettier']);
    expect(await detect({ 'repo/biome.json': '{}' }, 'repo/clients/shop', 'elsewhere')).toEqual(['biome:format']);
  });
});

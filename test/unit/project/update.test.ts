// Accepting a regeneration writes only inside the output folder and its companion folders, never
// through a link (a link where a file belongs is replaced, a linked folder on the way is refused),
// removes obsolete files and the folders they leave empty, names the file and the cause when a write
// fails, and records what the tree was generated from.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { treeDigest } from '../../../packages/openapi-drift/src/compare/fingerprint.ts';
import type { FileComparison } from '../../../packages/openapi-drift/src/compare/tree.ts';
import { ConfigError, DriftError, WriteError } from '../../../packages/openapi-drift/src/core/errors.ts';
import type { Regeneration } from '../../../packages/openapi-drift/src/regenerate/regenerate.ts';
import { acceptRegeneration, applyComparison, applyComparisons, recordRegeneration, safeTarget } from '../../../packages/openapi-drift/src/update/update.ts';

let root: string;
let client: string;
let output: string;
let companion: string;
let outside: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-update-'));
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-update-outside-'));
  await fs.writeFile(path.join(root, 'package.json'), '{}\n');
  client = path.join(root, 'clients', 'petstore');
  output = path.join(client, 'src', 'client');
  companion = path.join(client, 'src', 'validators');
  await fs.mkdir(output, { recursive: true });
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(outside, { recursive: true, force: true });
});

async function write(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text);
}

/** Every entry under `dir` (folders with a trailing /), with the content of files. */
async function tree(dir: string): Promise<Record<string, string>> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const listed: Record<string, string> = {};
  for (const entry of entries) {
    const file = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (entry.isDirectory()) listed[`${file}/`] = '';
    else if (entry.isSymbolicLink()) listed[file] = `-> ${await fs.readlink(path.join(entry.parentPath, entry.name))}`;
    else listed[file] = await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return listed;
}

const changed = (file: string, generated: string): FileComparison => ({ path: file, status: 'changed', generated, committed: 'old' });
const missing = (file: string, generated: string): FileComparison => ({ path: file, status: 'missing', generated });
const obsolete = (file: string): FileComparison => ({ path: file, status: 'obsolete', committed: 'old' });
const unchanged = (file: string, text: string): FileComparison => ({ path: file, status: 'unchanged', generated: text, committed: text });

describe('applying comparisons', () => {
  test('obsolete files go first, so a freed name takes the new file; unchanged files are not touched', async () => {
    await write(path.join(output, 'models'), 'a file where a folder is now generated');
    await write(path.join(output, 'index.ts'), 'old index');
    await write(path.join(output, 'keep.ts'), 'kept as committed');
    const result = await applyComparisons(output, [missing('models/pet.ts', 'pet'), changed('index.ts', 'new index'), obsolete('models'), unchanged('keep.ts', 'keep')]);
    expect(result).toEqual({ written: ['models/pet.ts', 'index.ts'], deleted: ['models'] });
    expect(await tree(output)).toEqual({ 'index.ts': 'new index', 'keep.ts': 'kept as committed', 'models/': '', 'models/pet.ts': 'pet' });
  });

  test('nothing to apply writes nothing', async () => {
    expect(await applyComparisons(output, [unchanged('a.ts', 'a')])).toEqual({ written: [], deleted: [] });
    expect(await tree(output)).toEqual({});
  });

  test('an obsolete file takes the folders it leaves empty with it, never the output folder or a folder still in use', async () => {
    await write(path.join(output, 'a', 'b', 'c', 'gone.ts'), 'x');
    await write(path.join(output, 'a', 'kept.ts'), 'y');
    await write(path.join(output, 'only.ts'), 'z');
    await applyComparisons(output, [obsolete('a/b/c/gone.ts')]);
    expect(await tree(output)).toEqual({ 'a/': '', 'a/kept.ts': 'y', 'only.ts': 'z' });
    await applyComparisons(output, [obsolete('a/kept.ts'), obsolete('only.ts')]);
    expect(await tree(output)).toEqual({});
    expect((await fs.stat(output)).isDirectory()).toBe(true);
  });

  test('an obsolete file that is already gone is no error', async () => {
    await expect(applyComparison(output, obsolete('x/gone.ts'))).resolves.toBeUndefined();
    expect(await tree(output)).toEqual({});
  });

  test('a companion folder is written through its key, and emptied it goes too', async () => {
    await write(path.join(client, 'src', 'keep.ts'), 'beside');
    const result = await applyComparisons(output, [missing('../validators/schemas/pet.ts', 'validate pet')], [companion]);
    expect(result).toEqual({ written: ['../validators/schemas/pet.ts'], deleted: [] });
    expect(await fs.readFile(path.join(companion, 'schemas', 'pet.ts'), 'utf8')).toBe('validate pet');
    await applyComparisons(output, [obsolete('../validators/schemas/pet.ts')], [companion]);
    expect(await tree(path.join(client, 'src'))).toEqual({ 'client/': '', 'keep.ts': 'beside' });
  });

  test('an entry without generated content writes nothing', async () => {
    await expect(applyComparison(output, { path: 'a.ts', status: 'changed', committed: 'old' })).resolves.toBeUndefined();
    expect(await tree(output)).toEqual({});
  });
});

describe('never through a link', () => {
  test('a link where a file belongs is replaced by the file; its target is untouched', async () => {
    await fs.writeFile(path.join(outside, 'target.ts'), 'outside');
    await fs.symlink(path.join(outside, 'target.ts'), path.join(output, 'index.ts'));
    await applyComparison(output, changed('index.ts', 'generated'));
    expect(await tree(output)).toEqual({ 'index.ts': 'generated' });
    expect(await tree(outside)).toEqual({ 'target.ts': 'outside' });
  });

  test('a linked folder on the way to a file is refused, naming it; nothing is written through it', async () => {
    await fs.mkdir(path.join(output, 'a'));
    await fs.symlink(outside, path.join(output, 'a', 'models'));
    const error = await applyComparison(output, changed('a/models/pet.ts', 'pet')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).message).toBe(`refusing to write a/models/pet.ts: ${path.join('a', 'models')} is a symbolic link`);
    expect((error as DriftError).file).toBe(path.join(output, 'a', 'models'));
    expect((error as DriftError).fix).toBe('replace the link with a real folder; generated trees never contain links');
    await expect(applyComparison(output, obsolete('a/models/pet.ts'))).rejects.toThrow('a/models is a symbolic link');
    expect(await tree(outside)).toEqual({});
  });

  test('an output folder that is itself a link is refused, for a file written in it or removed from it', async () => {
    await fs.rm(output, { recursive: true });
    await fs.writeFile(path.join(outside, 'old.ts'), 'outside');
    await fs.symlink(outside, output);
    const error = await applyComparison(output, missing('index.ts', 'index')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).message).toBe(`refusing to write index.ts: ${output} is a symbolic link`);
    expect((error as DriftError).file).toBe(output);
    await expect(applyComparisons(output, [obsolete('old.ts'), missing('a/b.ts', 'b')])).rejects.toThrow(`refusing to write old.ts: ${output} is a symbolic link`);
    expect(await tree(outside)).toEqual({ 'old.ts': 'outside' });
  });

  test('a linked folder in a companion folder is refused too', async () => {
    await fs.mkdir(companion, { recursive: true });
    await fs.symlink(outside, path.join(companion, 'schemas'));
    await expect(safeTarget(output, '../validators/schemas/pet.ts', [companion])).rejects.toThrow('refusing to write ../validators/schemas/pet.ts: schemas is a symbolic link');
  });

  test('a folder where a file is generated is refused with the fix, left as it is', async () => {
    await write(path.join(output, 'index.ts', 'hand-written.ts'), 'mine');
    const error = await applyComparison(output, changed('index.ts', 'generated')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).message).toBe('index.ts is a folder where the generator writes a file');
    expect((error as DriftError).file).toBe(path.join(output, 'index.ts'));
    expect((error as DriftError).fix).toBe(`remove the folder ${path.join(output, 'index.ts')} (check first that nothing hand-written is in it), then run the update again`);
    expect(await tree(output)).toEqual({ 'index.ts/': '', 'index.ts/hand-written.ts': 'mine' });
  });
});

describe('where a generated path may lead', () => {
  test('inside the output folder, or a companion folder, with the folder it lies in', async () => {
    expect(await safeTarget(output, 'models/pet.ts')).toEqual({ target: path.join(output, 'models', 'pet.ts'), root: output });
    expect(await safeTarget(`${output}/`, 'a/../b.ts')).toEqual({ target: path.join(output, 'b.ts'), root: output });
    expect(await safeTarget(output, '../validators/pet.ts', [companion])).toEqual({ target: path.join(companion, 'pet.ts'), root: companion });
    expect(await safeTarget(output, '../validators/pet.ts', [`${client}/src/./validators`])).toEqual({ target: path.join(companion, 'pet.ts'), root: companion });
  });

  test.each(['../outside.ts', '../client-other/x.ts', 'a/../../x.ts', '.', '', '../validators/pet.ts', '/etc/passwd', `${path.join(os.tmpdir(), 'x.ts')}`])('%s is refused: it leaves the output folder', async (relative) => {
    const error = await safeTarget(output, relative).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DriftError);
    expect((error as DriftError).message).toBe(`refusing to write ${relative}: it lies outside the output folder ${output}`);
    expect((error as DriftError).file).toBe(relative);
  });

  test('an absolute path is refused even when it points into the output folder', async () => {
    await expect(safeTarget(output, path.join(output, 'a.ts'))).rejects.toThrow(`refusing to write ${path.join(output, 'a.ts')}: it lies outside the output folder`);
  });
});

describe('a write that fails', () => {
  test('names the file and the cause, and leaves the rest as it was', async () => {
    await write(path.join(output, 'models'), 'a file where a folder should be');
    const error = await applyComparison(output, missing('models/pet.ts', 'pet')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).message).toMatch(new RegExp(`^cannot write ${path.join(output, 'models', 'pet.ts')}: .*; it keeps its previous content$`));
    expect(await tree(output)).toEqual({ models: 'a file where a folder should be' });
  });

  test('a removal that fails says remove', async () => {
    await write(path.join(output, 'models', 'pet.ts'), 'a folder where an obsolete file was');
    const error = await applyComparison(output, obsolete('models')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteError);
    expect((error as WriteError).message).toMatch(new RegExp(`^cannot remove ${path.join(output, 'models')}: `));
    expect(await tree(output)).toEqual({ 'models/': '', 'models/pet.ts': 'a folder where an obsolete file was' });
  });
});

describe('accepting a regeneration', () => {
  const regeneration = (files: Map<string, string>): Regeneration =>
    ({
      clientDir: client,
      configFile: path.join(client, 'openapi-ts.config.ts'),
      snapshotFile: path.join(client, 'openapi.json'),
      outputDir: output,
      files,
      companionDirs: [companion],
      inputs: { snapshot: 's', config: 'c', formatterConfig: 'f', generator: 'g', prettier: 'p', node: 'n' },
      output: '',
      snapshotForm: { format: 'json', canonical: true, duplicateKeys: [], document: 'd' },
      reads: [],
      unstableReads: [],
    }) as Regeneration;

  test('writes the tree and records what it was generated from', async () => {
    const files = new Map([
      ['index.ts', 'index'],
      ['../validators/pet.ts', 'validate'],
    ]);
    await write(path.join(output, 'old.ts'), 'old');
    const result = await acceptRegeneration(regeneration(files), [missing('index.ts', 'index'), missing('../validators/pet.ts', 'validate'), obsolete('old.ts')]);
    expect(result).toEqual({ written: ['index.ts', '../validators/pet.ts'], deleted: ['old.ts'] });
    expect(await tree(path.join(client, 'src'))).toEqual({ 'client/': '', 'client/index.ts': 'index', 'validators/': '', 'validators/pet.ts': 'validate' });
    expect(JSON.parse(await fs.readFile(path.join(client, 'generated-from.json'), 'utf8'))).toEqual({
      snapshot: 's',
      config: 'c',
      formatterConfig: 'f',
      generator: 'g',
      prettier: 'p',
      node: 'n',
      document: 'd',
      tree: treeDigest(files),
    });
  });

  test('a regeneration without companion folders writes the output folder alone', async () => {
    const { companionDirs: _none, ...alone } = regeneration(new Map([['index.ts', 'index']]));
    const result = await acceptRegeneration(alone as Regeneration, [missing('index.ts', 'index')]);
    expect(result).toEqual({ written: ['index.ts'], deleted: [] });
    expect(await tree(path.join(client, 'src'))).toEqual({ 'client/': '', 'client/index.ts': 'index' });
  });

  test('a record alone can be written', async () => {
    await recordRegeneration(regeneration(new Map([['a.ts', 'a']])));
    expect(JSON.parse(await fs.readFile(path.join(client, 'generated-from.json'), 'utf8')).tree).toBe(treeDigest(new Map([['a.ts', 'a']])));
  });

  test('an output folder that became a link is refused before anything is written', async () => {
    await fs.rm(output, { recursive: true });
    await fs.symlink(outside, output);
    await expect(acceptRegeneration(regeneration(new Map([['index.ts', 'index']])), [missing('index.ts', 'index')])).rejects.toThrow(ConfigError);
    expect(await tree(outside)).toEqual({});
    await expect(fs.access(path.join(client, 'generated-from.json'))).rejects.toThrow();
  });

  test('a companion folder that became a link is refused too', async () => {
    await fs.symlink(outside, companion);
    await expect(acceptRegeneration(regeneration(new Map([['../validators/pet.ts', 'v']])), [missing('../validators/pet.ts', 'v')])).rejects.toThrow('is a symbolic link');
    expect(await tree(outside)).toEqual({});
  });
});

// Tree comparison and the update that repairs it, over real temp folders.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { compareTrees, readTree, summarize } from '../packages/openapi-drift/src/compare/tree.ts';
import { applyComparisons, safeTarget } from '../packages/openapi-drift/src/update/update.ts';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-tree-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

async function writeTree(dir: string, files: Map<string, string>): Promise<void> {
  for (const [file, text] of files) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

describe('compareTrees', () => {
  test.each([
    { description: 'equal trees', generated: { 'a.ts': '1' }, committed: { 'a.ts': '1' }, expected: { changed: [], missing: [], obsolete: [] } },
    { description: 'a changed file', generated: { 'a.ts': '1' }, committed: { 'a.ts': '2' }, expected: { changed: ['a.ts'], missing: [], obsolete: [] } },
    { description: 'a missing file', generated: { 'a.ts': '1', 'b/c.ts': '2' }, committed: { 'a.ts': '1' }, expected: { changed: [], missing: ['b/c.ts'], obsolete: [] } },
    { description: 'an obsolete file', generated: {}, committed: { 'old.ts': 'x' }, expected: { changed: [], missing: [], obsolete: ['old.ts'] } },
  ])('$description', ({ generated, committed, expected }) => {
    const comparisons = compareTrees(new Map(Object.entries(generated)), new Map(Object.entries(committed)));
    expect(summarize(comparisons)).toEqual(expected);
  });

  const fileName = fc.constantFrom('a.ts', 'b.ts', 'x/c.ts', 'x/y/d.ts', 'e.gen.ts', 'x/y/z/f.ts', '.hidden.ts');
  const tree = fc.dictionary(fileName, fc.string({ maxLength: 20 }), { maxKeys: 7 });

  test('any mix of changed, missing and obsolete files is reported exactly, and applying it repairs the tree', async () => {
    await fc.assert(
      fc.asyncProperty(tree, tree, async (generatedObject, committedObject) => {
        const generated = new Map(Object.entries(generatedObject));
        const committed = new Map(Object.entries(committedObject));
        const comparisons = compareTrees(generated, committed);
        const summary = summarize(comparisons);
        for (const file of new Set([...generated.keys(), ...committed.keys()])) {
          const expected = !generated.has(file) ? 'obsolete' : !committed.has(file) ? 'missing' : generated.get(file) === committed.get(file) ? 'unchanged' : 'changed';
          expect(comparisons.find((entry) => entry.path === file)?.status).toBe(expected);
        }
        expect(comparisons.map((entry) => entry.path)).toEqual([...comparisons.map((entry) => entry.path)].sort());

        const dir = await tempDir();
        const outputDir = path.join(dir, 'out');
        await writeTree(outputDir, committed);
        await fs.writeFile(path.join(dir, 'hand-written.ts'), 'keep me');
        const result = await applyComparisons(outputDir, comparisons);
        expect(result.written.sort()).toEqual([...summary.changed, ...summary.missing].sort());
        expect(result.deleted).toEqual(summary.obsolete);
        expect(await readTree(outputDir)).toEqual(generated);
        expect(await fs.readFile(path.join(dir, 'hand-written.ts'), 'utf8')).toBe('keep me');
        // Obsolete files leave no empty folders behind.
        for (const file of summary.obsolete) {
          const folder = path.dirname(path.join(outputDir, file));
          if (folder !== outputDir && ![...generated.keys()].some((kept) => path.join(outputDir, kept).startsWith(folder + path.sep))) {
            await expect(fs.access(folder)).rejects.toThrow();
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('writing only inside the output folder', () => {
  test.each(['../outside.ts', '../../etc/x', '/etc/passwd', 'a/../../b.ts'])('refuses %s', async (relativePath) => {
    const dir = await tempDir();
    await expect(safeTarget(path.join(dir, 'out'), relativePath)).rejects.toThrow(/outside the output folder/);
  });

  test('never writes through a symbolic link to a folder', async () => {
    const dir = await tempDir();
    const outputDir = path.join(dir, 'out');
    await fs.mkdir(path.join(dir, 'elsewhere'), { recursive: true });
    await fs.mkdir(outputDir);
    await fs.symlink(path.join(dir, 'elsewhere'), path.join(outputDir, 'linked'));
    const comparisons = compareTrees(new Map([['linked/a.ts', 'new']]), new Map());
    await expect(applyComparisons(outputDir, comparisons)).rejects.toThrow(/linked is a symbolic link/);
    expect(await fs.readdir(path.join(dir, 'elsewhere'))).toEqual([]);
  });

  test('replaces a symbolic link to a file instead of writing through it', async () => {
    const dir = await tempDir();
    const outputDir = path.join(dir, 'out');
    await fs.mkdir(outputDir);
    await fs.writeFile(path.join(dir, 'target.ts'), 'original');
    await fs.symlink(path.join(dir, 'target.ts'), path.join(outputDir, 'a.ts'));
    await applyComparisons(outputDir, compareTrees(new Map([['a.ts', 'generated']]), new Map([['a.ts', 'original']])));
    expect(await fs.readFile(path.join(dir, 'target.ts'), 'utf8')).toBe('original');
    expect((await fs.lstat(path.join(outputDir, 'a.ts'))).isSymbolicLink()).toBe(false);
    expect(await fs.readFile(path.join(outputDir, 'a.ts'), 'utf8')).toBe('generated');
  });

  test('leaves no temporary files behind', async () => {
    const dir = await tempDir();
    await applyComparisons(dir, compareTrees(new Map([['a.ts', 'x'], ['b/c.ts', 'y']]), new Map()));
    expect((await fs.readdir(dir, { recursive: true })).sort()).toEqual(['a.ts', 'b', 'b/c.ts']);
  });
});

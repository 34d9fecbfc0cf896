// Formatting by declaration when one file is all there is: the file's pieces are formatted and
// joined before the tree is returned, whatever else is (or is not) waiting in the queue.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FormatterPool } from '../packages/openapi-drift/src/format/formatter-pool.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let clientDir: string;
beforeAll(async () => {
  project = await createTempProject(['ix-api']);
  clientDir = project.clientDir('ix-api');
});
afterAll(() => project?.remove());

test('a single file cut into pieces comes back whole and formatted, with and without cached pieces', async () => {
  const outputDir = path.join(clientDir, 'src/generated');
  const committed = await fs.readFile(path.join(outputDir, 'types.gen.ts'), 'utf8');
  // Indented by four: prettier's output differs, so the pieces are really formatted.
  const unformatted = committed.replace(/^( +)/gm, '$1$1');
  for (const run of ['cold', 'warm']) {
    const pool = new FormatterPool(clientDir, project.root, { chunkThreshold: 0, verify: false, chunkCacheDir: path.join(project.root, 'node_modules/.cache/openapi-drift/chunks') });
    try {
      const tree = await pool.format(new Map([['types.gen.ts', unformatted]]), { outputDir, cwd: clientDir, displayRoot: project.root }, 120_000);
      expect(tree.stats.byDeclaration.map((file) => file.path), run).toEqual(['types.gen.ts']);
      expect(tree.files.get('types.gen.ts'), run).toBe(committed);
    } finally {
      pool.close();
    }
  }
});

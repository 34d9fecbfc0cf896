// The team's own TypeScript, loaded once per package folder, with its version and folder; which
// files it reads as code; and what a file imports, including `export * as name from`, which the
// compiler's quick scan misses.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from 'vitest';
import { importedSpecifiers, isTypeScriptFile, loadTypeScript } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

test('the TypeScript the folder sees, its API, version and real folder, loaded once', async () => {
  const manifest = JSON.parse(await fs.readFile(path.join(REPO, 'node_modules/typescript/package.json'), 'utf8'));
  const loaded = await loadTypeScript(REPO, '.');
  expect(loaded.version).toBe(manifest.version);
  expect(loaded.dir).toBe(await fs.realpath(path.join(REPO, 'node_modules/typescript')));
  expect(typeof loaded.ts.createProgram).toBe('function');
  expect(loaded.ts.version).toBe(manifest.version);
  const again = await loadTypeScript(path.join(REPO, 'packages'), 'packages');
  expect(again).toBe(loaded);
});

test('code files: .ts, .tsx, .mts, .cts and declarations; not .js, .json or a folder named like code', () => {
  for (const file of ['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'a.d.ts', '/x/y.gen.ts']) expect(isTypeScriptFile(file), file).toBe(true);
  for (const file of ['a.js', 'a.json', 'a.ts.map', 'a.tsx.bak', 'ts', '/x.ts/readme', 'a.jts', 'a.ats']) expect(isTypeScriptFile(file), file).toBe(false);
});

test('what a file imports: imports, re-exports, require, import types and `export * as`', async () => {
  const { ts } = await loadTypeScript(REPO, '.');
  const text = [
    "import a from './a';",
    "export { b } from './b';",
    "const c = require('./c');",
    "type D = import('./d').D;",
    "export * as e from './e';",
    'export*as $f from"./f";',
    "export * from './g';",
    "// export * as nothing from './comment-like'",
    "const reexport = 1; myexport * as q from './not-a-statement';",
  ].join('\n');
  expect(importedSpecifiers(ts, text)).toEqual(['./a', './b', './c', './d', './g', './e', './f', './comment-like']);
  expect(importedSpecifiers(ts, 'export const x = 1;\n')).toEqual([]);
});

// The compiler host of the type check: the output folder is replaced whole by the regenerated files
// (a committed file there that the regeneration dropped does not exist, nor does a committed folder
// it does not hold), everything else comes from disk, parsed once per run, and nothing is written.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCheckingHost, type Overlay, type SourceFileCache } from '../../../packages/openapi-drift/src/typecheck/overlay-host.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { createTinyRepo, type TinyRepo } from './fixture.ts';

let ts: TypeScriptApi;
let repo: TinyRepo;
let overlay: Overlay;
const inOutput = (...parts: string[]) => path.join(repo.outputDir, ...parts);

beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
  repo = await createTinyRepo('openapi-drift-overlay-');
  // Committed: an index that the regeneration replaces, a file and a folder it dropped.
  await repo.write('clients/shop/src/client/index.ts', 'export const committed = 1;\n');
  await repo.write('clients/shop/src/client/dropped.ts', 'export const dropped = 1;\n');
  await repo.write('clients/shop/src/client/old/x.ts', 'export const x = 1;\n');
  await repo.write('src/main.ts', 'export const main = 1;\n');
  await fs.symlink(path.join(repo.root, 'src'), path.join(repo.root, 'linked'));
  overlay = { dir: repo.outputDir, files: new Map([[inOutput('index.ts'), 'export const regenerated = 1;\n'], [inOutput('core', 'deep', 'a.ts'), 'export const a = 1;\n']]) };
});
afterAll(async () => {
  await repo?.remove();
});

const options = { noEmit: true };

test('files: the regenerated ones exist with their text, dropped ones do not, the rest is read from disk', () => {
  const host = createCheckingHost(ts, options, new Map(), overlay);
  expect(host.fileExists(inOutput('index.ts'))).toBe(true);
  expect(host.readFile(inOutput('index.ts'))).toBe('export const regenerated = 1;\n');
  expect(host.fileExists(inOutput('core', 'deep', 'a.ts'))).toBe(true);
  expect(host.fileExists(inOutput('dropped.ts'))).toBe(false);
  expect(host.readFile(inOutput('dropped.ts'))).toBeUndefined();
  expect(host.fileExists(path.join(repo.root, 'src', 'main.ts'))).toBe(true);
  expect(host.readFile(path.join(repo.root, 'src', 'main.ts'))).toBe('export const main = 1;\n');
  expect(host.fileExists(path.join(repo.root, 'src', 'none.ts'))).toBe(false);
  // Relative paths are taken from the current folder, as the compiler does.
  expect(host.readFile(path.relative(process.cwd(), inOutput('index.ts')))).toBe('export const regenerated = 1;\n');
});

test('folders: those of the regenerated files exist, committed ones it does not hold do not, the rest from disk', () => {
  const host = createCheckingHost(ts, options, new Map(), overlay);
  expect(host.directoryExists?.(repo.outputDir)).toBe(true);
  expect(host.directoryExists?.(inOutput('core'))).toBe(true);
  expect(host.directoryExists?.(inOutput('core', 'deep'))).toBe(true);
  expect(host.directoryExists?.(inOutput('old'))).toBe(false);
  expect(host.directoryExists?.(inOutput('core', 'deep', 'deeper'))).toBe(false);
  expect(host.directoryExists?.(path.join(repo.root, 'src'))).toBe(true);
  expect(host.directoryExists?.(path.join(repo.root, 'nowhere'))).toBe(false);
  // The folders above the output folder are the disk's.
  expect(host.directoryExists?.(path.join(repo.clientDir, 'generated'))).toBe(false);
});

test('source files: the regenerated text, nothing for a dropped file, and disk files parsed once for every program of a run', () => {
  const cache: SourceFileCache = new Map();
  const host = createCheckingHost(ts, options, cache, overlay);
  const index = host.getSourceFile(inOutput('index.ts'), ts.ScriptTarget.ES2022);
  expect(index?.text).toBe('export const regenerated = 1;\n');
  expect(index?.fileName).toBe(inOutput('index.ts'));
  expect(host.getSourceFile(inOutput('dropped.ts'), ts.ScriptTarget.ES2022)).toBeUndefined();
  const main = path.join(repo.root, 'src', 'main.ts');
  const first = host.getSourceFile(main, ts.ScriptTarget.ES2022);
  expect(first?.text).toBe('export const main = 1;\n');
  // Another host of the same run (without an overlay) gets the same parse.
  const plain = createCheckingHost(ts, options, cache);
  expect(plain.getSourceFile(main, ts.ScriptTarget.ES2022)).toBe(first);
  expect(plain.getSourceFile(inOutput('dropped.ts'), ts.ScriptTarget.ES2022)?.text).toBe('export const dropped = 1;\n');
  expect(plain.readFile(inOutput('index.ts'))).toBe('export const committed = 1;\n');
  expect(plain.directoryExists?.(inOutput('old'))).toBe(true);
  // Parsed for another language version, or other options, it is another parse.
  const es5 = host.getSourceFile(main, ts.ScriptTarget.ES5);
  expect(es5).not.toBe(first);
  const withOptions = host.getSourceFile(main, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext });
  const again = host.getSourceFile(main, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext });
  expect(withOptions).not.toBe(first);
  expect(again).toBe(withOptions);
  expect(host.getSourceFile(main, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.CommonJS })).not.toBe(withOptions);
  expect(cache.size).toBe(5);
});

test('links are resolved outside the output folder only; nothing is ever written', () => {
  const host = createCheckingHost(ts, options, new Map(), overlay);
  expect(host.realpath?.(path.join(repo.root, 'linked', 'main.ts'))).toBe(path.join(repo.root, 'src', 'main.ts'));
  expect(host.realpath?.(inOutput('index.ts'))).toBe(inOutput('index.ts'));
  expect(host.realpath?.(inOutput('dropped.ts'))).toBe(inOutput('dropped.ts'));
  expect(() => host.writeFile(path.join(repo.root, 'out.js'), '', false)).toThrow(`openapi-drift never writes while type-checking, yet the compiler asked to write ${path.join(repo.root, 'out.js')}`);
});

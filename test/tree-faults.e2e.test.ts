// Odd things in a committed tree: each is reported for what it is, and -u repairs it without
// following a link, without touching anything outside the output folder, and keeping a
// read-only file read-only.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTempProject, failing, hashTree, runVitest, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let outside: string;
let out: string;
let pristine: Map<string, string>;

beforeAll(async () => {
  project = await createTempProject(['petstore']);
  out = path.join(project.clientDir('petstore'), 'src/client');
  pristine = await hashTree(out);
  outside = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-outside-'));
  await fs.writeFile(path.join(outside, 'target.ts'), 'not generated\n');
  await fs.mkdir(path.join(outside, 'folder'));
  await fs.writeFile(path.join(outside, 'folder', 'inside.ts'), 'also not generated\n');

  // A link where a generated file belongs, and a link to a folder elsewhere.
  await fs.rm(path.join(out, 'client.gen.ts'));
  await fs.symlink(path.join(outside, 'target.ts'), path.join(out, 'client.gen.ts'));
  await fs.symlink(path.join(outside, 'folder'), path.join(out, 'linked-folder'));
  // A read-only generated file that was edited.
  const readOnly = path.join(out, 'types.gen.ts');
  await fs.writeFile(readOnly, `${await fs.readFile(readOnly, 'utf8')}// edited\n`);
  await fs.chmod(readOnly, 0o444);
  // A folder where a file belongs.
  await fs.rm(path.join(out, 'index.ts'));
  await fs.mkdir(path.join(out, 'index.ts'));
  await fs.writeFile(path.join(out, 'index.ts', 'stray.ts'), 'export {};\n');
  // CRLF line endings, a name that differs in letter case, bytes that are not UTF-8.
  const crlf = path.join(out, 'sdk.gen.ts');
  await fs.writeFile(crlf, (await fs.readFile(crlf, 'utf8')).replace(/\n/g, '\r\n'));
  await fs.rename(path.join(out, 'core/types.gen.ts'), path.join(out, 'core/Types.gen.ts'));
  await fs.writeFile(path.join(out, 'core/auth.gen.ts'), Buffer.from([0x65, 0x78, 0xff, 0xfe, 0x0a]));
  // Hand-written files next to the output folder.
  await fs.writeFile(path.join(project.clientDir('petstore'), 'src', 'hand-written.ts'), 'export const mine = 1;\n');
  await fs.writeFile(path.join(project.clientDir('petstore'), 'NOTES.md'), 'notes\n');
});
afterAll(async () => {
  await project?.remove();
  if (outside) await fs.rm(outside, { recursive: true, force: true });
});

test('each odd entry is reported for what it is, and -u repairs the tree without touching anything else', async () => {
  const outsideBefore = await hashTree(outside);
  const report = await runVitest(project, []);
  expect(failing(report)).toEqual(
    [
      'src/client/client.gen.ts',
      'src/client/core/Types.gen.ts',
      'src/client/core/auth.gen.ts',
      'src/client/core/types.gen.ts',
      'src/client/index.ts',
      'src/client/index.ts/stray.ts',
      'src/client/linked-folder',
      'src/client/sdk.gen.ts',
      'src/client/types.gen.ts',
    ].map((name) => `petstore > ${name}`),
  );
  const failure = (name: string) => report.tests.get(`petstore > src/client/${name}`)?.failure ?? '';
  expect(failure('client.gen.ts')).toMatch(/client\.gen\.ts is a symbolic link \(to .*target\.ts\); generated files are never links/);
  expect(failure('linked-folder')).toMatch(/linked-folder is obsolete: it is a symbolic link/);
  expect(failure('sdk.gen.ts')).toMatch(/differs only in line endings: it is committed with CRLF[\s\S]*\.gitattributes/);
  expect(failure('core/types.gen.ts')).toMatch(/is committed as core\/Types\.gen\.ts, which differs only in letter case/);
  expect(failure('core/Types.gen.ts')).toMatch(/differs only in letter case from the generated core\/types\.gen\.ts/);
  expect(failure('core/auth.gen.ts')).toMatch(/is not valid UTF-8 text/);
  expect(failure('index.ts')).toMatch(/index\.ts is missing/);
  expect(failure('types.gen.ts')).toMatch(/\n-\/\/ edited/);

  const handWritten = await hashTree(path.join(project.clientDir('petstore')));
  const update = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
  expect(update.code, update.output).toBe(0);
  expect(failing(await runVitest(project, []))).toEqual([]);

  // The tree is exactly the generated one again: no links, no stray folder, right names and bytes.
  expect(await hashTree(out)).toEqual(pristine);
  expect((await fs.lstat(path.join(out, 'client.gen.ts'))).isSymbolicLink()).toBe(false);
  await expect(fs.lstat(path.join(out, 'linked-folder'))).rejects.toThrow();
  expect((await fs.stat(path.join(out, 'types.gen.ts'))).mode & 0o777).toBe(0o444);
  // Nothing outside the output folder moved: the link targets and the hand-written files.
  expect(await hashTree(outside)).toEqual(outsideBefore);
  const after = await hashTree(project.clientDir('petstore'));
  for (const file of ['src/hand-written.ts', 'NOTES.md', 'openapi.json', 'openapi-ts.config.ts']) expect(after.get(file), file).toBe(handWritten.get(file));
});

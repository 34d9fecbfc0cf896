// `npx openapi-drift diff`, run as a user runs it: the whole change -u would make, never cut,
// nothing written; `--stat`; colour on a terminal and plain when piped; exit 0 clean, 1 drift, 2 error.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, createTempProject, hashTree, run, runCli, type TempProject } from './helpers/temp-project.ts';

const OUT = 'clients/petstore/src/client';
const ESCAPE = '\u001b[';

let project: TempProject;
let generatedUtils: string;

beforeAll(async () => {
  project = await createTempProject(['petstore'], 'openapi-drift-diff-');
});

afterAll(() => project?.remove());

describe('a clean client', () => {
  test('prints nothing and exits 0', async () => {
    const result = await runCli(['diff'], { cwd: project.root });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('a drifted client', () => {
  let before: Map<string, string>;

  beforeAll(async () => {
    const utils = path.join(project.root, OUT, 'client/utils.gen.ts');
    generatedUtils = await fs.readFile(utils, 'utf8');
    // Every line of the file changed: more than the 400 lines of diff a failing test's message shows.
    const rewritten = generatedUtils.replace(/^(.+)$/gm, '$1 // edited');
    expect(rewritten.split('\n').filter((line) => line.endsWith(' // edited')).length).toBeGreaterThan(250);
    await fs.writeFile(utils, rewritten);
    await fs.rm(path.join(project.root, OUT, 'core/auth.gen.ts'));
    await fs.writeFile(path.join(project.root, OUT, 'extra.gen.ts'), 'export const extra = 1;\n');
    before = await hashTree(project.root);
  });

  test('prints the whole diff, uncut, plain when piped, and exits 1 without writing anything', async () => {
    const result = await runCli(['diff', 'petstore'], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain(ESCAPE);
    expect(result.stdout).not.toContain('more lines of diff');
    expect(result.stdout).toContain(`diff --git a/${OUT}/client/utils.gen.ts b/${OUT}/client/utils.gen.ts\n--- a/${OUT}/client/utils.gen.ts\n+++ b/${OUT}/client/utils.gen.ts\n@@`);
    expect(result.stdout).toContain(`new file mode 100644\n--- /dev/null\n+++ b/${OUT}/core/auth.gen.ts\n`);
    expect(result.stdout).toContain(`deleted file mode 100644\n--- a/${OUT}/extra.gen.ts\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-export const extra = 1;\n`);
    // Every edited line appears once as removed and its generated form once as added.
    const edited = generatedUtils.split('\n').filter((line) => line !== '');
    const removed = result.stdout.split('\n').filter((line) => line.startsWith('-') && line.endsWith(' // edited'));
    expect(removed).toHaveLength(edited.length);
    expect(await hashTree(project.root)).toEqual(before);
  });

  test('the printed diff is exactly what -u would write: git apply turns the committed tree into the generated one', async () => {
    const copy = await fs.mkdtemp(path.join(path.dirname(project.root), 'openapi-drift-diff-apply-'));
    try {
      await fs.cp(path.join(project.root, 'clients'), path.join(copy, 'clients'), { recursive: true });
      const patch = (await runCli(['diff'], { cwd: project.root })).stdout;
      await fs.writeFile(path.join(copy, 'drift.patch'), patch);
      const applied = await run('git', ['apply', '--whitespace=nowarn', 'drift.patch'], { cwd: copy });
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect(await fs.readFile(path.join(copy, OUT, 'client/utils.gen.ts'), 'utf8')).toBe(generatedUtils);
      await expect(fs.access(path.join(copy, OUT, 'extra.gen.ts'))).rejects.toThrow();
      expect(await fs.readFile(path.join(copy, OUT, 'core/auth.gen.ts'), 'utf8')).not.toBe('');
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  test('named files limit the diff to them', async () => {
    const result = await runCli(['diff', 'petstore', 'src/client/extra.gen.ts', `${OUT}/core/auth.gen.ts`], { cwd: project.root });
    expect(result.code).toBe(1);
    expect(result.stdout.match(/^diff --git .*$/gm)).toEqual([`diff --git a/${OUT}/core/auth.gen.ts b/${OUT}/core/auth.gen.ts`, `diff --git a/${OUT}/extra.gen.ts b/${OUT}/extra.gen.ts`]);
  });

  test('--stat gives one line per file and a total', async () => {
    const result = await runCli(['diff', '--stat'], { cwd: project.root });
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split('|')[0]?.trim())).toEqual([`${OUT}/client/utils.gen.ts`, `${OUT}/core/auth.gen.ts`, `${OUT}/extra.gen.ts`, expect.stringMatching(/^3 files changed, \d+ insertions\(\+\), \d+ deletions\(-\)$/)]);
    expect(lines[2]).toMatch(/\|\s+1 -$/);
  });

  test('colour on a terminal', async () => {
    // `script` gives the command a real pseudo-terminal as stdout.
    const result = await new Promise<string>((resolve, reject) => {
      const env: Record<string, string | undefined> = { ...process.env, PATH: `${path.dirname(CLI)}${path.delimiter}${process.env.PATH}` };
      delete env.NO_COLOR;
      delete env.FORCE_COLOR;
      execFile('script', ['-qec', `${CLI} diff petstore src/client/extra.gen.ts`, '/dev/null'], { cwd: project.root, env }, (error, stdout) =>
        error && typeof error.code !== 'number' ? reject(error) : resolve(stdout),
      );
    });
    expect(result).toContain(`${ESCAPE}31m-export const extra = 1;${ESCAPE}0m`);
    expect(result).toContain(`${ESCAPE}36m@@ -1,1 +0,0 @@${ESCAPE}0m`);
  });

  test('FORCE_COLOR colours piped output', async () => {
    const result = await runCli(['diff', 'petstore', 'src/client/extra.gen.ts'], { cwd: project.root, env: { FORCE_COLOR: '1' } });
    expect(result.stdout).toContain(`${ESCAPE}31m-export const extra = 1;${ESCAPE}0m`);
  });
});

describe('mistakes', () => {
  test.each([
    { description: 'an unknown client', args: ['diff', 'nope'], stderr: /no client named nope/ },
    { description: 'a file that is no file of the client', args: ['diff', 'petstore', 'src/client/nope.ts'], stderr: /src\/client\/nope\.ts: no such file is generated or committed in the client petstore/ },
  ])('$description exits 2 and says why', async ({ args, stderr }) => {
    const result = await runCli(args, { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(stderr);
    expect(result.stdout).toBe('');
  });
});

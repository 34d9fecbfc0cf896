// The post-processing of a regenerated tree (src/format/post-process.ts) with the adapters that run
// the team's Biome, oxfmt and ESLint (post-processors/biome.ts, oxfmt.ts, eslint.ts): the result of
// each step feeds the next, each tool's version and configuration are reported, a tool's failure
// names the file and the fix, and OPENAPI_DRIFT_VERIFY_FORMAT=1 holds the result against the real
// command only when the committed folder holds exactly that result. The repository's own copies of
// the tools are linked into a temporary repository, as a team installs them.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { postProcess } from '../../../packages/openapi-drift/src/format/post-process.ts';
import { POST_PROCESSORS, postProcessSteps, type PostProcessContext, type PostProcessor, type PostProcessStep } from '../../../packages/openapi-drift/src/format/post-processors/index.ts';
import { REPO, useTempRepo } from './temp-repo.ts';

const repo = useTempRepo('openapi-drift-post-process-', ['@biomejs/biome', '@biomejs/cli-linux-x64', 'oxfmt', 'eslint'], { git: true });
let root: string;
let client: string;
let output: string;
beforeEach(() => {
  ({ root, client, output } = repo);
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const steps = (...names: unknown[]): PostProcessStep[] => {
  const result = postProcessSteps({ postProcess: names });
  if (!result.ok) throw new Error(result.reason);
  return result.steps;
};
const context = (changes: Partial<PostProcessContext> = {}): PostProcessContext => ({
  clientDir: client,
  outputDir: output,
  displayRoot: root,
  formatters: () => {
    throw new Error('no prettier step here');
  },
  timeoutMs: () => 30_000,
  verify: false,
  ...changes,
});
const version = async (name: string) => (JSON.parse(await fs.readFile(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
/** The real command's check of the committed folder, as the adapter runs it. */
const verifyOf = (name: 'biome:format' | 'oxfmt' | 'eslint', given: PostProcessContext) => Promise.resolve((POST_PROCESSORS[name] as { adapter: PostProcessor }).adapter.verify?.(given));
const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { file?: string; fix?: string; output?: string; outputLabel?: string });

describe('postProcess', () => {
  it('leaves the files as generated without steps, in path order', async () => {
    const result = await postProcess(new Map([['b.ts', 'b  ='], ['a.ts', 'a  =']]), [], context());
    expect([...result.files]).toEqual([['a.ts', 'a  ='], ['b.ts', 'b  =']]);
    const names = ['e.ts', 'c/a.ts', 'f.ts', 'a.ts', 'd.ts', 'b.ts', 'c.ts'];
    expect([...(await postProcess(new Map(names.map((name) => [name, name])), [], context())).files.keys()]).toEqual(['a.ts', 'b.ts', 'c.ts', 'c/a.ts', 'd.ts', 'e.ts', 'f.ts']);
    expect(result).toMatchObject({ configDigest: sha('[]'), prettierVersion: '', tools: {}, reads: [], unstableReads: [], stats: { byDeclaration: [], whole: 0, processes: 0, verified: true } });
  });

  it('refuses a step it cannot reproduce', async () => {
    const error = await caught(postProcess(new Map([['a.ts', 'a']]), steps({ command: 'sed', args: [] }), context()));
    expect(error).toMatchObject({ name: 'ConfigError', file: 'openapi-ts config' });
    expect(error?.message).toMatch(/^openapi-ts config: postProcess step \{ command: "sed", args: \[\] \} cannot be checked: a custom command/);
  });

  it('runs the steps in order, each on what the one before gave, and reports each tool', async () => {
    const files = new Map([['b.ts', "export const b = {x:'1'}\n"], ['a.ts', 'export const a = [1,2]\n'], ['empty.ts', '']]);
    const result = await postProcess(files, steps('biome:format', 'oxfmt'), context());
    expect([...result.files]).toEqual([['a.ts', 'export const a = [1, 2];\n'], ['b.ts', 'export const b = { x: "1" };\n'], ['empty.ts', '']]);
    expect(result.tools).toEqual({ biome: await version('@biomejs/biome'), oxfmt: await version('oxfmt') });
    expect(result.prettierVersion).toBe('');
    expect(result.stats).toEqual({ byDeclaration: [], whole: 0, processes: 0, verified: false });
    const biome = await postProcess(files, steps('biome:format'), context());
    const oxfmt = await postProcess(new Map(biome.files), steps('oxfmt'), context());
    expect(result.configDigest).toBe(sha(JSON.stringify([['biome', biome.configDigest], ['oxfmt', oxfmt.configDigest]])));
    expect(result.reads).toEqual([...biome.reads, ...oxfmt.reads]);
    expect(result.unstableReads).toEqual([]);
  });
});

describe('biome', () => {
  it('formats each file with the configuration that applies at its committed path, and digests it', async () => {
    const before = await postProcess(new Map([['a.ts', 'const a = {b:1}\n']]), steps('biome:format'), context());
    expect(before.files.get('a.ts')).toBe('const a = { b: 1 };\n');
    expect(before.reads.slice(0, 5)).toEqual(['biome.json', 'biome.jsonc', '.editorconfig', '.gitignore', '.ignore'].map((name) => ({ file: path.join(output, name), kind: 'absent' })));
    expect(before.reads).toContainEqual({ file: path.join(client, '.editorconfig'), kind: 'absent' });
    expect(before.reads).toContainEqual({ file: path.join(root, '.ignore'), kind: 'absent' });
    await fs.writeFile(path.join(client, 'biome.json'), JSON.stringify({ formatter: { indentStyle: 'space', indentWidth: 4 }, javascript: { formatter: { semicolons: 'asNeeded' } } }));
    const after = await postProcess(new Map([['nested/a.ts', 'function f() {return 1}\n']]), steps('biome:format'), context());
    expect(after.files.get('nested/a.ts')).toBe('function f() {\n    return 1\n}\n');
    expect(after.configDigest).not.toBe(before.configDigest);
    expect(after.reads).toContainEqual({ file: path.join(client, 'biome.json'), kind: 'content', hash: sha(await fs.readFile(path.join(client, 'biome.json'), 'utf8')) });
  });

  it('runs the command of the preset', async () => {
    await fs.writeFile(path.join(client, 'biome.json'), JSON.stringify({ linter: { rules: { style: { useConst: 'error' } } } }));
    const text = 'let a = 1;\nexport { a };\n';
    expect((await postProcess(new Map([['a.ts', text]]), steps('biome:format'), context())).files.get('a.ts')).toBe(text);
    expect((await postProcess(new Map([['a.ts', text]]), steps('biome:lint'), context())).files.get('a.ts')).toBe('const a = 1;\nexport { a };\n');
    expect((await postProcess(new Map([['a.ts', 'let a = {b:1};\nexport { a };\n']]), steps('biome:check'), context())).files.get('a.ts')).toBe('const a = { b: 1 };\n\nexport { a };\n');
  });

  it('names the file, the exit code and the fix when Biome fails', async () => {
    const error = await caught(postProcess(new Map([['a.ts', 'const = ;\n']]), steps('biome:format'), context()));
    expect(error).toMatchObject({
      name: 'FormatError',
      message: 'biome format failed on clients/shop/src/client/a.ts (exit code 1)',
      file: 'clients/shop/src/client/a.ts',
      fix: 'run `npx biome format --write` on the generated folder to see the same error, and fix the Biome configuration that applies to it',
      outputLabel: 'Biome output',
    });
    expect(error?.output).toMatch(/\S/);
  });

  it('says when the client folder has no Biome', async () => {
    await fs.rm(path.join(root, 'node_modules', '@biomejs', 'biome'));
    const error = await caught(postProcess(new Map([['a.ts', 'a']]), steps('biome:lint'), context()));
    expect(error?.message).toMatch(/^postProcess 'biome:lint' needs @biomejs\/biome, which is not installed where clients\/shop can see it/);
    const atRoot = await caught(postProcess(new Map([['a.ts', 'a']]), steps('biome:check'), context({ displayRoot: client })));
    expect(atRoot?.message).toMatch(/^postProcess 'biome:check' needs @biomejs\/biome, which is not installed where \. can see it/);
    // Checked without a run: the real command is needed too.
    const verifying = await caught(verifyOf('biome:format', context({ displayRoot: client })));
    expect(verifying?.message).toMatch(/^postProcess 'biome:format' needs @biomejs\/biome, which is not installed where \. can see it/);
  });
});

describe('oxfmt', () => {
  it('formats each file, and leaves the files its walk would skip as generated', async () => {
    await fs.writeFile(path.join(client, '.prettierignore'), 'src/client/by-prettierignore.ts\n');
    await fs.writeFile(path.join(output, '.gitignore'), 'by-gitignore.ts\n');
    await fs.writeFile(path.join(root, 'clients', '.gitignore'), 'shop/src/client/by-parent.ts\n');
    // Above the repository's root: not the repository's ignore file.
    await fs.writeFile(path.join(path.dirname(root), '.gitignore'), '').catch(() => undefined);
    const text = 'const a = {b:1}\n';
    const names = ['a.ts', 'by-prettierignore.ts', 'by-gitignore.ts', 'by-parent.ts', 'nested/by-gitignore.ts'];
    const result = await postProcess(new Map(names.map((name) => [name, text])), steps('oxfmt'), context());
    expect(Object.fromEntries(result.files)).toEqual({
      'a.ts': 'const a = { b: 1 };\n',
      'by-gitignore.ts': text,
      'by-parent.ts': text,
      'by-prettierignore.ts': text,
      'nested/by-gitignore.ts': text,
    });
    expect(result.tools).toEqual({ oxfmt: await version('oxfmt') });
    expect(result.reads.slice(0, 8)).toEqual(
      ['.oxfmtrc.json', '.oxfmtrc.jsonc', 'oxfmt.config.ts', 'oxfmt.config.js', 'oxfmt.config.mjs', '.editorconfig', '.gitignore', '.prettierignore'].map((name) =>
        name === '.gitignore' ? { file: path.join(output, name), kind: 'content', hash: sha('by-gitignore.ts\n') } : { file: path.join(output, name), kind: 'absent' },
      ),
    );
  });

  it('applies no .gitignore above the repository root, nor one that does not cover the folder', async () => {
    await fs.mkdir(path.join(client, '.git'));
    await fs.writeFile(path.join(root, 'clients', '.gitignore'), 'shop/src/client/a.ts\n');
    await fs.mkdir(path.join(client, 'other'));
    await fs.writeFile(path.join(client, 'other', '.gitignore'), '*\n');
    const result = await postProcess(new Map([['a.ts', 'const a = {b:1}\n']]), steps('oxfmt'), context());
    expect(result.files.get('a.ts')).toBe('const a = { b: 1 };\n');
  });

  it('applies the client folder\'s .prettierignore only to files below it', async () => {
    await fs.writeFile(path.join(client, '.prettierignore'), '*.ts\n');
    const shared = path.join(root, 'shared', 'client');
    await fs.mkdir(shared, { recursive: true });
    const result = await postProcess(new Map([['a.ts', 'const a = {b:1}\n']]), steps('oxfmt'), context({ outputDir: shared }));
    expect(result.files.get('a.ts')).toBe('const a = { b: 1 };\n');
    expect((await postProcess(new Map([['a.ts', 'const a = {b:1}\n']]), steps('oxfmt'), context())).files.get('a.ts')).toBe('const a = {b:1}\n');
  });

  it('says when the client folder has no oxfmt', async () => {
    await fs.rm(path.join(root, 'node_modules', 'oxfmt'));
    const error = await caught(postProcess(new Map([['a.ts', 'a']]), steps('oxfmt'), context()));
    expect(error?.message).toMatch(/^postProcess 'oxfmt' needs oxfmt, which is not installed where clients\/shop can see it/);
    const atRoot = await caught(postProcess(new Map([['a.ts', 'a']]), steps('oxfmt'), context({ displayRoot: client })));
    expect(atRoot?.message).toMatch(/^postProcess 'oxfmt' needs oxfmt, which is not installed where \. can see it/);
    const verifying = await caught(verifyOf('oxfmt', context({ displayRoot: client })));
    expect(verifying?.message).toMatch(/^postProcess 'oxfmt' needs oxfmt, which is not installed where \. can see it/);
  });

  it('names the file and the fix when oxfmt fails', async () => {
    const error = await caught(postProcess(new Map([['a.ts', 'const = ;\n']]), steps('oxfmt'), context()));
    expect(error).toMatchObject({
      name: 'FormatError',
      file: 'clients/shop/src/client/a.ts',
      fix: 'run `npx oxfmt` on the generated folder to see the same error, and fix the oxfmt configuration that applies to it',
      outputLabel: 'oxfmt output',
    });
    expect(error?.message).toMatch(/^oxfmt failed on clients\/shop\/src\/client\/a\.ts \(exit code [1-9]\d*\)$/);
  });
});

describe('eslint', () => {
  beforeEach(async () => {
    await fs.writeFile(path.join(client, 'eslint.config.mjs'), "export default [{ files: ['**/*.js'], rules: { 'prefer-const': 'error', 'no-debugger': 'error' } }, { ignores: ['**/ignored.js'] }];\n");
  });

  it('fixes each file at its committed path with the configuration ESLint finds there', async () => {
    const files = new Map([['a.js', 'let a = 1;\nexport { a };\n'], ['nested/b.js', 'export const b = 2;\n'], ['ignored.js', 'let c = 1;\nexport { c };\n']]);
    const result = await postProcess(files, steps('eslint'), context());
    expect(Object.fromEntries(result.files)).toEqual({ 'a.js': 'const a = 1;\nexport { a };\n', 'ignored.js': 'let c = 1;\nexport { c };\n', 'nested/b.js': 'export const b = 2;\n' });
    expect(result.tools).toEqual({ eslint: await version('eslint') });
    // What ESLint itself read, besides the candidates for its configuration.
    const eslintDir = await fs.realpath(path.join(REPO, 'node_modules', 'eslint'));
    expect(result.reads.some((read) => read.file.startsWith(eslintDir))).toBe(true);
    expect(result.reads).toContainEqual({ file: path.join(client, 'eslint.config.mjs'), kind: 'content', hash: sha(await fs.readFile(path.join(client, 'eslint.config.mjs'), 'utf8')) });
    expect(result.reads.slice(0, 7)).toEqual(
      ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', 'tsconfig.json'].map((name) => ({ file: path.join(output, name), kind: 'absent' })),
    );
  });

  it('fails as `eslint --fix` fails: errors it cannot fix, and files it cannot parse', async () => {
    const remaining = await caught(postProcess(new Map([['a.js', 'debugger;\n']]), steps('eslint'), context()));
    expect(remaining).toMatchObject({
      name: 'FormatError',
      file: 'clients/shop',
      fix: 'run `npx eslint --fix` on the generated folder to see the same error, and fix the ESLint configuration that applies to it',
    });
    expect(remaining?.message).toBe(
      `eslint --fix failed: errors remain after fixing, so \`eslint --fix\` exits 1 and \`npx openapi-ts\` fails at this step:\n${path.join(output, 'a.js')}:1:1: Unexpected 'debugger' statement. (no-debugger)`,
    );
    const fatal = await caught(postProcess(new Map([['a.js', 'const = ;\n']]), steps('eslint'), context()));
    expect(fatal).toMatchObject({ name: 'FormatError', file: 'clients/shop' });
    expect(fatal?.message).toBe(`eslint --fix failed: ${path.join(output, 'a.js')}:1:7: Parsing error: Unexpected token =`);
  });
});

describe('eslint stopping', () => {
  it('stops ESLint when it does not answer in time, after a second at least', async () => {
    // A configuration that never finishes loading, in a process that ignores SIGTERM.
    await fs.writeFile(path.join(client, 'eslint.config.mjs'), "process.on('SIGTERM', () => {});\nawait new Promise(() => setInterval(() => {}, 1000));\nexport default [];\n");
    const error = await caught(postProcess(new Map([['a.js', 'let a = 1;\n']]), steps('eslint'), context({ timeoutMs: () => 0 })));
    expect(error).toMatchObject({ name: 'FormatError', message: 'ESLint stopped (SIGKILL)', file: 'clients/shop' });
  });

  it('names the exit code when ESLint stops without an answer', async () => {
    await fs.writeFile(path.join(client, 'eslint.config.mjs'), "process.exit(5);\n");
    const error = await caught(postProcess(new Map([['a.js', 'let a = 1;\n']]), steps('eslint'), context()));
    expect(error).toMatchObject({ name: 'FormatError', message: 'ESLint stopped (exit code 5)', file: 'clients/shop', outputLabel: 'ESLint output' });
  });

  it('says when the client folder has no ESLint', async () => {
    await fs.rm(path.join(root, 'node_modules', 'eslint'));
    const error = await caught(postProcess(new Map([['a.js', 'a']]), steps('eslint'), context()));
    expect(error?.message).toMatch(/^postProcess 'eslint' needs eslint, which is not installed where clients\/shop can see it/);
    const atRoot = await caught(postProcess(new Map([['a.js', 'a']]), steps('eslint'), context({ displayRoot: client })));
    expect(atRoot?.message).toMatch(/^postProcess 'eslint' needs eslint, which is not installed where \. can see it/);
    const verifying = await caught(verifyOf('eslint', context({ displayRoot: client })));
    expect(verifying?.message).toMatch(/^postProcess 'eslint' needs eslint, which is not installed where \. can see it/);
  });
});

describe('verifying (OPENAPI_DRIFT_VERIFY_FORMAT=1)', () => {
  it('runs the real command when the committed folder holds exactly the result, and says whether it did', async () => {
    const files = new Map([['a.ts', 'const a = {b:1}\n'], ['nested/b.ts', 'const b = 2;\n']]);
    const formatted = 'const a = { b: 1 };\n';
    await fs.mkdir(path.join(output, 'nested'));
    await fs.writeFile(path.join(output, 'nested', 'b.ts'), 'const b = 2;\n');
    // The committed folder differs: the real command's verdict would not bear on the result.
    await fs.writeFile(path.join(output, 'a.ts'), 'const a = {b:1}\n');
    expect((await postProcess(files, steps('biome:format'), context({ verify: true }))).stats.verified).toBe(false);
    await fs.writeFile(path.join(output, 'a.ts'), formatted);
    await fs.writeFile(path.join(output, 'extra.ts'), formatted);
    expect((await postProcess(files, steps('biome:format'), context({ verify: true }))).stats.verified).toBe(false);
    await fs.rm(path.join(output, 'extra.ts'));
    expect((await postProcess(files, steps('biome:format'), context({ verify: true }))).stats.verified).toBe(true);
    // Not asked to verify: a step whose real command could verify it is not said to be verified.
    expect((await postProcess(files, steps('biome:format'), context({ verify: false }))).stats.verified).toBe(false);
    expect((await postProcess(files, steps('biome:format'), context({ verify: true, outputDir: path.join(client, 'missing') }))).stats.verified).toBe(false);
    expect((await postProcess(files, steps('oxfmt'), context({ verify: true }))).stats.verified).toBe(true);
  });

  it('stops the check when the real command fails on the committed folder', async () => {
    // A lint error Biome cannot fix: its stdin mode prints the file and exits 0, `biome lint <output>` exits 1.
    await fs.writeFile(path.join(client, 'biome.json'), JSON.stringify({ linter: { rules: { suspicious: { noExplicitAny: 'error' } } } }));
    const text = 'export const a: any = 1;\n';
    await fs.writeFile(path.join(output, 'a.ts'), text);
    expect((await postProcess(new Map([['a.ts', text]]), steps('biome:lint'), context())).files.get('a.ts')).toBe(text);
    const error = await caught(postProcess(new Map([['a.ts', text]]), steps('biome:lint'), context({ verify: true })));
    expect(error).toMatchObject({ name: 'FormatError', file: 'clients/shop/src/client', outputLabel: 'Command output' });
    expect(error?.message).toBe(
      'clients/shop/src/client: holds exactly what openapi-drift reproduced, yet the real `biome lint src/client` (exit code 1) would change it or fails on it. ' +
        'The check stopped rather than vouch for a comparison the real command does not confirm.',
    );
    expect(error?.fix).toMatch(/^run `npx biome lint src\/client` in clients\/shop to see/);
    expect(error?.output).toContain('noExplicitAny');
  });

  it('stops the check when `oxfmt --check <output>` finds something to change', async () => {
    // oxfmt's stdin mode and its check of the folder disagree on nothing here but the text itself: a
    // committed folder that holds the result passes; the error path is that of Biome above.
    await fs.writeFile(path.join(output, 'a.ts'), 'const a = { b: 1 };\n');
    expect((await postProcess(new Map([['a.ts', 'const a = {b:1}\n']]), steps('oxfmt'), context({ verify: true }))).stats.verified).toBe(true);
  });

  it('holds the ESLint result against `eslint <output>`', async () => {
    await fs.writeFile(path.join(client, 'eslint.config.mjs'), "export default [{ files: ['**/*.js'], rules: { 'prefer-const': 'error' } }];\n");
    await fs.writeFile(path.join(output, 'a.js'), 'const a = 1;\nexport { a };\n');
    const result = await postProcess(new Map([['a.js', 'let a = 1;\nexport { a };\n']]), steps('eslint'), context({ verify: true }));
    expect(result.stats.verified).toBe(true);
  });
});

// The formatter processes (src/format/formatter-pool.ts, formatter-process.ts, format-child.ts):
// real processes started in a client folder with its own prettier and TypeScript, formatting a tree,
// checking a snapshot, warming up; a process that stops fails what it holds with the reason.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashBytes } from '../../../packages/openapi-drift/src/core/read-recorder.ts';
import { FormatterPool, type FormatSettings } from '../../../packages/openapi-drift/src/format/formatter-pool.ts';
import { FormatterProcess } from '../../../packages/openapi-drift/src/format/formatter-process.ts';
import { REPO, useTempRepo } from './temp-repo.ts';

const repo = useTempRepo('openapi-drift-pool-', ['typescript']);
let root: string;
let client: string;
const pools: FormatterPool[] = [];
/** A snapshot of 2 MB: its output is worth more processes than two cores give. */
const LARGE = 2 * 1024 * 1024;
/** One file of `chars` characters; a file without a parser costs prettier nothing. */
const bigFile = (chars: number) => new Map([['big.unknown', 'x'.repeat(chars)]]);
beforeEach(async () => {
  ({ root, client } = repo);
  await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ singleQuote: true }));
});
// Registered after the folder's removal, so run before it.
afterEach(() => {
  for (const pool of pools.splice(0)) pool.close();
});

/** A prettier plugin whose TypeScript parser does `body` instead of parsing. */
const plugin = async (body: string) => {
  await fs.writeFile(path.join(client, 'plugin.mjs'), `export const parsers = { typescript: { astFormat: 'estree', locStart: () => 0, locEnd: () => 0, parse: () => { ${body} } } };\n`);
  await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ plugins: ['./plugin.mjs'] }));
};

const linkPrettier = () => fs.symlink(path.join(REPO, 'node_modules', 'prettier'), path.join(root, 'node_modules', 'prettier'));
const options = () => ({ outputDir: path.join(client, 'src', 'client'), cwd: client, displayRoot: root });
const settings = (changes: Partial<FormatSettings> = {}): FormatSettings => ({ chunkThreshold: 1000, verify: false, chunkCacheDir: path.join(root, 'chunks'), ...changes });
const pool = (changes: Partial<FormatSettings> = {}) => {
  const created = new FormatterPool(client, root, settings(changes));
  pools.push(created);
  return created;
};

describe('FormatterPool', () => {
  it('formats a tree in a process of its own with the client folder\'s prettier', async () => {
    await linkPrettier();
    const tree = await pool().format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
    expect([...tree.files]).toEqual([['a.ts', "const a = 'x';\n"]]);
    expect(tree.prettierVersion).toBe(prettier.version);
    expect(tree.stats).toEqual({ byDeclaration: [], whole: 1, processes: 1, verified: true });
    expect(tree.reads).toContainEqual(expect.objectContaining({ file: path.join(client, '.prettierrc.json'), kind: 'content' }));
  });

  it('checks a snapshot in its first process', async () => {
    await linkPrettier();
    const form = await pool().inspectSnapshot('{"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"}, "paths": {}, "info": {}}', 'clients/shop/openapi.json');
    expect(form).toMatchObject({ format: 'json', canonical: false, duplicateKeys: [{ key: 'info', line: 1 }] });
  });

  it('warms up while the generator runs, then formats', async () => {
    await linkPrettier();
    const warmed = pool();
    void warmed.expectLargeOutput(LARGE);
    void warmed.expectLargeOutput(LARGE);
    const tree = await warmed.format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
    expect(tree.files.get('a.ts')).toBe("const a = 'x';\n");
  });

  it('leaves no timer behind once formatting is done', async () => {
    await linkPrettier();
    // Only the pool's own timers are counted: setTimeout and clearTimeout, nothing else, are Vitest's.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const tree = await pool().format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
      expect(tree.files.get('a.ts')).toBe("const a = 'x';\n");
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops its processes when closed', async () => {
    await linkPrettier();
    const closing = pool();
    await closing.inspectSnapshot('{"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"}, "paths": {}}', 'openapi.json');
    closing.close();
    await expect(closing.inspectSnapshot('{}', 'openapi.json')).rejects.toThrow(/^the formatter process stopped/);
  });

  it('reports a missing prettier when formatting', async () => {
    const error = await pool().format(new Map([['a.ts', 'a']]), options(), 60_000).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain('prettier');
    expect(error?.message).toContain('clients/shop');
  });
});

/** The machine, as the pool sees it, has `count` cores during each test of the enclosing describe. */
function withCores(count: number): void {
  beforeEach(() => {
    vi.spyOn(os, 'availableParallelism').mockReturnValue(count);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

describe('FormatterPool warming up', () => {
  // Two cores: the generator leaves one free, so the processes warm up one after the other, and
  // formatting a large output would use two.
  withCores(2);

  it('warms every process a large output will use, then formats with them', async () => {
    await linkPrettier();
    const warmed = pool();
    const warming = warmed.expectLargeOutput(LARGE);
    // Asked again, it goes on with the same warming.
    expect(warmed.expectLargeOutput(LARGE)).toBe(warming);
    await warming;
    const tree = await warmed.format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
    expect(tree.stats.processes).toBe(2);
    expect(tree.files.get('a.ts')).toBe("const a = 'x';\n");
  });

  it('warms nothing once formatting has started', async () => {
    await linkPrettier();
    const late = pool();
    const formatting = late.format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
    await late.expectLargeOutput(LARGE);
    expect((await formatting).stats.processes).toBe(1);
  });

  it('stops warming at the first process that cannot, and the formatting reports why', async () => {
    const failing = pool();
    await failing.expectLargeOutput(LARGE);
    await expect(failing.format(new Map([['a.ts', 'a']]), options(), 60_000)).rejects.toThrow(/prettier/);
  });
});

describe('FormatterPool sized by the work and the memory', () => {
  // Eight cores: the core count alone would take eight processes.
  withCores(8);

  it('starts one process, and one more per 512 KB of text', async () => {
    await linkPrettier();
    expect((await pool().format(bigFile(500 * 1024), options(), 60_000)).stats.processes).toBe(1);
    expect((await pool().format(bigFile(600 * 1024), options(), 60_000)).stats.processes).toBe(2);
    expect((await pool().format(bigFile(1100 * 1024), options(), 60_000)).stats.processes).toBe(3);
  });

  it('never more than the cores, nor more than eight', async () => {
    await linkPrettier();
    vi.mocked(os.availableParallelism).mockReturnValue(3);
    expect((await pool().format(bigFile(8 * 1024 * 1024), options(), 60_000)).stats.processes).toBe(3);
    vi.mocked(os.availableParallelism).mockReturnValue(16);
    expect((await pool().format(bigFile(8 * 1024 * 1024), options(), 60_000)).stats.processes).toBe(8);
  });

  it('warms the processes the output of a snapshot can use, the output taken as large as the snapshot', async () => {
    await linkPrettier();
    const warmed = pool();
    await warmed.expectLargeOutput(1200 * 1024);
    const tree = await warmed.format(new Map([['a.ts', 'const a = "x"']]), options(), 60_000);
    expect(tree.stats.processes).toBe(3);
  });

  it('starts no more processes than the memory available holds, at 300 MB each, and always one', async () => {
    await linkPrettier();
    // What this process may still take, a container's limit included: not the machine's free memory.
    vi.spyOn(os, 'freemem').mockReturnValue(64 * 1024 ** 3);
    const memory = (bytes: number) => vi.spyOn(process, 'availableMemory').mockReturnValue(bytes);
    memory(700 * 1024 * 1024);
    expect((await pool().format(bigFile(8 * 1024 * 1024), options(), 60_000)).stats.processes).toBe(2);
    memory(100 * 1024 * 1024);
    expect((await pool().format(bigFile(8 * 1024 * 1024), options(), 60_000)).stats.processes).toBe(1);
  });
});

describe('FormatterPool limits', () => {
  it('stops formatting that does not finish in time', async () => {
    await linkPrettier();
    await plugin('return new Promise(() => {});');
    const error = await pool().format(new Map([['a.ts', 'a']]), options(), 1500).catch((caught: unknown) => caught as Error & { fix?: string });
    expect(error).toMatchObject({
      name: 'GenerationError',
      message: 'formatting did not finish within 2 s and was stopped',
      fix: 'raise the limit with OPENAPI_DRIFT_TIMEOUT=<seconds>, or look for a prettier plugin that hangs',
    });
  });

  it('fails the formatting with the exit code of a process that stops', async () => {
    await linkPrettier();
    await plugin('process.exit(3);');
    await expect(pool().format(new Map([['a.ts', 'a']]), options(), 60_000)).rejects.toThrow('the formatter process stopped (exit code 3)');
  });

  it('spreads 512 KB of text or more over two processes where there are two cores, less in one process', async () => {
    await linkPrettier();
    // Files without a parser cost prettier nothing.
    const most = Math.min(os.availableParallelism(), 2);
    const at = await pool().format(new Map([['a.unknown', 'x'.repeat(512 * 1024 - 1)], ['b.unknown', 'y']]), options(), 60_000);
    expect(at.stats.processes).toBe(most);
    expect(at.files.get('a.unknown')).toHaveLength(512 * 1024 - 1);
    const below = await pool().format(new Map([['a.unknown', 'x'.repeat(512 * 1024 - 1)]]), options(), 60_000);
    expect(below.stats.processes).toBe(1);
  });
});

describe('FormatterProcess', () => {
  const fileRequest = (text: string) => ({ path: 'a.ts', text, options: options(), byDeclaration: false });

  it('reports a stop with what the process printed, the first 64 KB of it, and runs it without colour', async () => {
    await linkPrettier();
    await plugin(`process.stderr.write(JSON.stringify({ NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR, PATH: process.env.PATH === ${JSON.stringify(process.env.PATH)} }) + '\\n' + 'x'.repeat(100 * 1024)); process.exit(3);`);
    const error = await new FormatterProcess(client, root).request('file', fileRequest('a')).then(
      () => ({ output: undefined }),
      (caught: unknown) => caught as Error & { output?: string },
    );
    expect(error).toMatchObject({ name: 'FormatError', message: 'the formatter process stopped (exit code 3)' });
    const [environment, rest] = (error.output ?? '').split('\n');
    expect(JSON.parse(environment as string)).toEqual({ NO_COLOR: '1', FORCE_COLOR: '0', PATH: true });
    expect(error.output).toHaveLength(64 * 1024);
    expect(rest).toBe('x'.repeat(64 * 1024 - (environment as string).length - 1));
  });

  it('ignores a message that answers no request', async () => {
    await linkPrettier();
    await plugin("process.send({ id: 987654, ok: true, payload: {} }); process.exit(4);");
    await expect(new FormatterProcess(client, root).request('file', fileRequest('a'))).rejects.toThrow('the formatter process stopped (exit code 4)');
  });

  it('counts the files of local plugins as read, however they are named', async () => {
    await linkPrettier();
    const source = 'export const options = {};\n';
    const [byPath, byUrl] = ['by-path.mjs', 'by-url.mjs'].map((name) => path.join(client, name)) as [string, string];
    await fs.writeFile(byPath, source);
    await fs.writeFile(byUrl, `${source}// by URL\n`);
    // A plugin named by its package is installed code, which the lockfile stands for; an object is no file.
    await fs.rm(path.join(client, '.prettierrc.json'));
    await fs.writeFile(path.join(client, 'prettier.config.mjs'), `export default { plugins: [{ options: {} }, './by-path.mjs', ${JSON.stringify(pathToFileURL(byUrl).href)}, 'prettier/plugins/estree'] };\n`);
    const process = new FormatterProcess(client, root);
    expect(await process.request('file', fileRequest('const a = 1'))).toMatchObject({ result: { kind: 'formatted', text: 'const a = 1;\n' } });
    const { reads } = await process.request('finish', {});
    expect(reads).toContainEqual({ file: byPath, kind: 'content', hash: hashBytes(source) });
    expect(reads).toContainEqual({ file: byUrl, kind: 'content', hash: hashBytes(`${source}// by URL\n`) });
    expect(reads.filter((read) => !path.isAbsolute(read.file))).toEqual([]);
  });

  it('is not busy once its requests are answered', async () => {
    await linkPrettier();
    const process = new FormatterProcess(client, root);
    await process.request('inspect-snapshot', { text: '{"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"}, "paths": {}}', shown: 'openapi.json' });
    expect(process.busy).toBe(false);
    process.kill();
  });

  it('fails its requests when it cannot start', async () => {
    const process = new FormatterProcess(path.join(root, 'no-such-folder'), root);
    await expect(process.request('warm-up', {})).rejects.toThrow(/^the formatter process stopped \(spawn .*ENOENT\)$/);
  });

  it('fails the requests it holds when it stops, and every later one, with the reason', async () => {
    await linkPrettier();
    const process = new FormatterProcess(client, root);
    expect(process.busy).toBe(false);
    const held = process.request('warm-up', {});
    expect(process.busy).toBe(true);
    process.kill();
    await expect(held).rejects.toThrow('the formatter process stopped (SIGKILL)');
    expect(process.busy).toBe(false);
    const later = await process.request('finish', {}).catch((caught: unknown) => caught as Error & { outputLabel?: string });
    expect(later).toMatchObject({ name: 'FormatError', message: 'the formatter process stopped (SIGKILL)', outputLabel: 'Formatter output' });
  });

  it('answers in order, and reports prettier\'s errors with the file', async () => {
    await linkPrettier();
    const process = new FormatterProcess(client, root);
    const request = { path: 'a.ts', options: options(), byDeclaration: false };
    const [bad, good] = await Promise.allSettled([process.request('file', { ...request, text: 'const = 1' }), process.request('file', { ...request, text: 'const a = "x"' })]);
    expect(bad.status === 'rejected' && bad.reason).toMatchObject({ name: 'FormatError', file: 'clients/shop/src/client/a.ts' });
    expect(good.status === 'fulfilled' && good.value).toEqual({ result: { kind: 'formatted', text: "const a = 'x';\n", config: { singleQuote: true } }, formatterId: '' });
    const finished = await process.request('finish', {});
    expect(finished.prettierVersion).toBe(prettier.version);
    process.kill();
  });
});

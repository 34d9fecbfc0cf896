// Formatting a generated tree (src/format/format.ts and format-tree.ts): each file at its committed
// path with the prettier options and ignore file that apply there; large files cut into pieces,
// formatted, cached and joined into exactly what prettier prints for the whole file; any trouble
// with the pieces falls back to the whole file; OPENAPI_DRIFT_VERIFY_FORMAT=1 stops on any
// difference between the two. The formatter processes' answers are given in process by the same
// functions their processes call (format-child.ts), so that a request can also be made to fail.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import typescript from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkCache, optionsDigest, pieceKey } from '../../../packages/openapi-drift/src/format/chunk-cache.ts';
import { formatFile, formatPieces, type FormatOptions } from '../../../packages/openapi-drift/src/format/format.ts';
import type { FormatterProcess, FormatterRequests } from '../../../packages/openapi-drift/src/format/formatter-process.ts';
import { formatTree, type FormatSettings } from '../../../packages/openapi-drift/src/format/format-tree.ts';

let root: string;
let options: FormatOptions;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-format-tree-'));
  const client = path.join(root, 'clients', 'shop');
  await fs.mkdir(path.join(client, 'src', 'client'), { recursive: true });
  await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ singleQuote: true, overrides: [{ files: '*.mts', options: { semi: false } }] }));
  await fs.writeFile(path.join(client, '.prettierignore'), 'ignored.ts\n');
  options = { outputDir: path.join(client, 'src', 'client'), cwd: client, displayRoot: root };
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

type Log = Array<{ kind: string; size?: number; sizes?: number[]; path?: string }>;

/** A formatter process answered in process, as format-child.ts answers; `fail` makes requests of a kind fail. */
function inProcess(log: Log, fail: { pieces?: boolean } = {}, version = prettier.version): FormatterProcess {
  const answer = async (kind: keyof FormatterRequests, request: Record<string, unknown>): Promise<unknown> => {
    switch (kind) {
      case 'file': {
        const { path: file, text, options: formatOptions, byDeclaration } = request as FormatterRequests['file']['request'];
        log.push({ kind: `file${byDeclaration ? ' by declaration' : ''}`, path: file });
        const result = await formatFile(prettier, byDeclaration ? typescript : undefined, file, text, formatOptions, byDeclaration);
        return { result, formatterId: result.kind === 'pieces' ? `prettier ${prettier.version}` : '' };
      }
      case 'pieces': {
        const { texts, config, filepath, shown } = request as FormatterRequests['pieces']['request'];
        log.push({ kind: 'pieces', size: texts.reduce((sum, text) => sum + text.length, 0), sizes: texts.map((text) => text.length) });
        if (fail.pieces) throw new Error(`the formatter process stopped (SIGKILL)`);
        return { formatted: await formatPieces(prettier, texts, config, filepath, shown) };
      }
      case 'finish':
        log.push({ kind: 'finish' });
        return { prettierVersion: version, reads: [{ file: 'read-by-process', kind: 'absent' }], unstableReads: ['unstable'] };
      default:
        throw new Error(`not asked here: ${kind}`);
    }
  };
  return { request: (kind: keyof FormatterRequests, request: Record<string, unknown>) => answer(kind, request) } as unknown as FormatterProcess;
}

const settings = (changes: Partial<FormatSettings> = {}): FormatSettings => ({ chunkThreshold: 2000, verify: false, chunkCacheDir: undefined, ...changes });

/**
 * A declaration of at least 16 KB, unformatted: a piece always ends after one as long as that (the
 * default target), so each is a piece of its own. One long string: little work for prettier.
 */
const big = (name: string, length = 17_000) => `export const ${name} = {a:"${'x'.repeat(length)}"}\n`;
/** A generated types file of `count` such declarations. */
const types = (count: number) => Array.from({ length: count }, (_, index) => big(`Item${index}`)).join('\n');

describe('formatFile', () => {
  it('formats a file with the options that apply at its committed path', async () => {
    expect(await formatFile(prettier, undefined, 'types.gen.ts', 'const a = "x"\n', options, false)).toEqual({ kind: 'formatted', text: "const a = 'x';\n", config: { singleQuote: true } });
    expect(await formatFile(prettier, undefined, 'index.mts', 'const a = "x";\n', options, false)).toEqual({ kind: 'formatted', text: "const a = 'x'\n", config: { singleQuote: true, semi: false } });
  });

  it('leaves files .prettierignore skips and files without a parser as they are', async () => {
    expect(await formatFile(prettier, undefined, 'ignored.ts', 'const a = "x"', options, false)).toEqual({ kind: 'formatted', text: 'const a = "x"', config: 'unformatted' });
    expect(await formatFile(prettier, undefined, 'notes.unknown', 'a  b', options, false)).toEqual({ kind: 'formatted', text: 'a  b', config: 'unformatted' });
  });

  it('finds the parser an override gives a name, and the options of .editorconfig', async () => {
    await fs.writeFile(path.join(options.cwd, '.prettierrc.json'), JSON.stringify({ overrides: [{ files: '*.gen', options: { parser: 'typescript' } }] }));
    await fs.writeFile(path.join(options.cwd, '.editorconfig'), 'root = true\n[*]\nindent_style = space\nindent_size = 4\n');
    expect(await formatFile(prettier, undefined, 'types.gen', 'const a = {b: 1, c: function () { return 1 }}', options, false)).toEqual({
      kind: 'formatted',
      text: 'const a = {\n    b: 1,\n    c: function () {\n        return 1;\n    },\n};\n',
      config: { parser: 'typescript', useTabs: false, tabWidth: 4 },
    });
  });

  it('formats with no options when no configuration applies', async () => {
    const bare = await fs.mkdtemp(path.join(root, 'bare-'));
    const result = await formatFile(prettier, undefined, 'a.ts', "const a = 'x'\n", { outputDir: bare, cwd: bare, displayRoot: root }, false);
    expect(result).toEqual({ kind: 'formatted', text: 'const a = "x";\n', config: {} });
  });

  it('cuts a file into pieces only by declaration, with TypeScript, into more than one piece', async () => {
    const text = types(3);
    const pieces = await formatFile(prettier, typescript, 'types.gen.ts', text, options, true);
    expect(pieces).toMatchObject({ kind: 'pieces', join: { eol: '\n' }, config: { singleQuote: true }, filepath: path.join(options.outputDir, 'types.gen.ts') });
    expect(pieces.kind === 'pieces' && pieces.pieces.join('')).toHaveLength(text.length + (pieces.kind === 'pieces' ? pieces.pieces.length - 1 : 0));
    expect((await formatFile(prettier, typescript, 'types.gen.ts', text, options, false)).kind).toBe('formatted');
    expect((await formatFile(prettier, undefined, 'types.gen.ts', text, options, true)).kind).toBe('formatted');
    // A file that must be formatted whole.
    expect(await formatFile(prettier, typescript, 'types.gen.ts', text.replace('\n', '\r\n'), options, true)).toMatchObject({ kind: 'formatted', config: { singleQuote: true } });
    expect((await formatFile(prettier, typescript, 'types.gen.ts', big('A', 200), options, true)).kind).toBe('formatted');
  });

  it('names the file and prettier\'s error when prettier fails', async () => {
    const error = await formatFile(prettier, undefined, 'types.gen.ts', 'const = 1', options, false).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'FormatError',
      file: path.join('clients', 'shop', 'src', 'client', 'types.gen.ts'),
      fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)',
    });
    expect((error as Error).message).toMatch(/^prettier failed on clients\/shop\/src\/client\/types\.gen\.ts: Variable declaration expected\. \(1:7\)/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    const thrown = await formatPieces({ format: () => Promise.reject('not an Error') } as unknown as typeof prettier, ['a'], {}, '/p/a.ts', 'a.ts').catch((caught: unknown) => caught);
    expect((thrown as Error).message).toBe('prettier failed on a.ts: not an Error');
  });
});

describe('formatPieces', () => {
  it('formats every piece, in order, as text', async () => {
    expect(await formatPieces(prettier, ['const a = "x"', '\nconst b = 1'], { singleQuote: true }, path.join(options.outputDir, 'a.ts'), 'a.ts')).toEqual(["const a = 'x';\n", 'const b = 1;\n']);
    expect(await formatPieces(prettier, ['const a = "x"'], { semi: false }, path.join(options.outputDir, 'a.ts'), 'a.ts')).toEqual(['const a = "x"\n']);
  });
});

describe('formatTree', () => {
  it('formats small files whole, and reports the options, the ignore file, prettier and what was read', async () => {
    const log: Log = [];
    const files = new Map([['b.ts', 'const b = "x"'], ['a.ts', 'const a = "x"'], ['ignored.ts', 'const c = "x"']]);
    const tree = await formatTree([inProcess(log)], files, options, settings());
    expect([...tree.files]).toEqual([['a.ts', "const a = 'x';\n"], ['b.ts', "const b = 'x';\n"], ['ignored.ts', 'const c = "x"']]);
    expect(tree.configDigest).toBe(sha(JSON.stringify(['ignored.ts\n', ['"unformatted"', '{"singleQuote":true}']])));
    expect(tree.prettierVersion).toBe(prettier.version);
    expect(tree.reads).toEqual([{ file: 'read-by-process', kind: 'absent' }]);
    expect(tree.unstableReads).toEqual(['unstable']);
    expect(tree.stats).toEqual({ byDeclaration: [], whole: 3, processes: 1, verified: true });
    expect(log.filter((entry) => entry.kind === 'file').length).toBe(3);
  });

  it('reports the prettier version of the processes that loaded it, or none', async () => {
    const files = new Map([['a.ts', 'a']]);
    expect((await formatTree([inProcess([], {}, ''), inProcess([])], files, options, settings())).prettierVersion).toBe(prettier.version);
    expect((await formatTree([inProcess([], {}, ''), inProcess([], {}, '')], files, options, settings())).prettierVersion).toBe('');
    const tree = await formatTree([inProcess([], {}, ''), inProcess([], {}, '')], files, options, settings());
    expect(tree.reads).toHaveLength(2);
    expect(tree.unstableReads).toEqual(['unstable', 'unstable']);
  });

  it('lists the files formatted by pieces in path order', async () => {
    const files = new Map([['b.ts', types(2)], ['a.ts', types(2)], ['c.ts', types(2)]]);
    const tree = await formatTree([inProcess([])], files, options, settings());
    expect(tree.stats.byDeclaration.map((entry) => entry.path)).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(tree.files.get('a.ts')).toBe(tree.files.get('c.ts'));
  });

  it('digests no ignore file as empty, and the options once however many files share them', async () => {
    await fs.rm(path.join(options.cwd, '.prettierignore'));
    const files = new Map([['b.ts', 'b'], ['a.ts', 'a']]);
    const tree = await formatTree([inProcess([])], files, options, settings());
    expect(tree.configDigest).toBe(sha(JSON.stringify(['', ['{"singleQuote":true}']])));
  });

  it('formats a large file by pieces, joined as prettier formats it whole, and takes the pieces from the cache next time', async () => {
    const text = types(3);
    const whole = await prettier.format(text, { filepath: path.join(options.outputDir, 'types.gen.ts'), singleQuote: true });
    const cacheDir = path.join(root, 'cache');
    const log: Log = [];
    const first = await formatTree([inProcess(log), inProcess(log)], new Map([['types.gen.ts', text], ['small.ts', 'const a = "x"']]), options, settings({ chunkCacheDir: cacheDir }));
    expect(first.files.get('types.gen.ts')).toBe(whole);
    expect(first.files.get('small.ts')).toBe("const a = 'x';\n");
    const pieces = first.stats.byDeclaration[0]?.pieces ?? 0;
    expect(pieces).toBeGreaterThan(1);
    expect(first.stats).toEqual({ byDeclaration: [{ path: 'types.gen.ts', pieces, cached: 0, formatted: pieces }], whole: 1, processes: 2, verified: false });
    expect(first.configDigest).toBe(sha(JSON.stringify(['ignored.ts\n', ['{"singleQuote":true}']])));
    expect(log.filter((entry) => entry.kind === 'finish')).toHaveLength(2);

    const again: Log = [];
    const second = await formatTree([inProcess(again)], new Map([['types.gen.ts', text]]), options, settings({ chunkCacheDir: cacheDir }));
    expect(second.files.get('types.gen.ts')).toBe(whole);
    expect(second.stats.byDeclaration).toEqual([{ path: 'types.gen.ts', pieces, cached: pieces, formatted: 0 }]);
    expect(again.map((entry) => entry.kind)).toEqual(['file by declaration', 'finish']);

    // One changed declaration: only its piece is formatted again.
    const changed = text.replace('Item1 = {a:"x', 'Item1 = {a:"y');
    const third = await formatTree([inProcess([])], new Map([['types.gen.ts', changed]]), options, settings({ chunkCacheDir: cacheDir }));
    expect(third.files.get('types.gen.ts')).toBe(whole.replace("Item1 = {\n  a: 'x", "Item1 = {\n  a: 'y"));
    expect(third.stats.byDeclaration).toEqual([{ path: 'types.gen.ts', pieces, cached: pieces - 1, formatted: 1 }]);
  });

  it('formats a piece that appears twice once', async () => {
    const text = `${big('A')}\n${big('B')}\n${big('B')}`;
    const tree = await formatTree([inProcess([])], new Map([['dup.ts', text]]), options, settings());
    expect(tree.files.get('dup.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'dup.ts'), singleQuote: true }));
    expect(tree.stats.byDeclaration).toEqual([{ path: 'dup.ts', pieces: 3, cached: 0, formatted: 2 }]);
  });

  it('sends the pieces in batches of at most 48 KB, the largest batch first, a larger piece on its own', async () => {
    const text = [big('A'), big('B'), big('C', 50_000), big('D'), big('E')].join('\n');
    const plan = await formatFile(prettier, typescript, 'large.ts', text, options, true);
    const sizes = plan.kind === 'pieces' ? plan.pieces.map((piece) => piece.length) : [];
    expect(sizes).toHaveLength(5);
    expect(sizes.map((size) => (size > 48 * 1024 ? 'large' : size > 16 * 1024 && size < 24 * 1024 ? 'piece' : size))).toEqual(['piece', 'piece', 'large', 'piece', 'piece']);
    const log: Log = [];
    const tree = await formatTree([inProcess(log)], new Map([['large.ts', text]]), options, settings());
    expect(tree.files.get('large.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'large.ts'), singleQuote: true }));
    const batches = log.filter((entry) => entry.kind === 'pieces').map((entry) => entry.sizes);
    // The first two hold two characters fewer than the last two.
    expect(batches).toEqual([[sizes[2]], [sizes[3], sizes[4]], [sizes[0], sizes[1]]]);
  });

  it('holds exactly 48 KB of pieces in one batch', async () => {
    // The first piece holds its 21 + 3 characters around the string, the second one 2 more line breaks.
    const text = `${big('A')}\n${big('B', 49_152 - 17_000 - 50)}`;
    const log: Log = [];
    const tree = await formatTree([inProcess(log)], new Map([['exact.ts', text]]), options, settings());
    const batches = log.filter((entry) => entry.kind === 'pieces').map((entry) => entry.sizes);
    expect(batches).toEqual([[17_024, 49_152 - 17_024]]);
    expect(tree.stats.byDeclaration).toEqual([{ path: 'exact.ts', pieces: 2, cached: 0, formatted: 2 }]);
  });

  it('cuts files of the threshold\'s length or more, and formats whole one that is a single piece', async () => {
    const text = types(2);
    const log: Log = [];
    const at = await formatTree([inProcess(log)], new Map([['at.ts', text]]), options, settings({ chunkThreshold: text.length }));
    expect(at.stats.byDeclaration).toHaveLength(1);
    const below = await formatTree([inProcess([])], new Map([['below.ts', text]]), options, settings({ chunkThreshold: text.length + 1 }));
    expect(below.stats).toMatchObject({ byDeclaration: [], whole: 1 });
    const single = await formatTree([inProcess(log)], new Map([['single.ts', 'const a = "x"']]), options, settings({ chunkThreshold: 1 }));
    expect(single.stats).toMatchObject({ byDeclaration: [], whole: 1, verified: true });
    expect(single.files.get('single.ts')).toBe("const a = 'x';\n");
  });

  it('lists the files formatted by pieces in path order, whatever order they were formatted in', async () => {
    // The largest first: c, a, e, b, f, d.
    const sizes: Record<string, number> = { c: 17_600, a: 17_500, e: 17_400, b: 17_300, f: 17_200, d: 17_100 };
    const files = new Map(Object.entries(sizes).map(([name, length]) => [`${name}.ts`, `${big('A', length)}\n${big('B', length)}`]));
    const log: Log = [];
    const tree = await formatTree([inProcess(log)], files, options, settings());
    expect(log.filter((entry) => entry.kind === 'file by declaration').map((entry) => entry.path)).toEqual(['c.ts', 'a.ts', 'e.ts', 'b.ts', 'f.ts', 'd.ts']);
    expect(tree.stats.byDeclaration.map((entry) => entry.path)).toEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts']);
  });

  it('formats the file whole when its only batch of pieces cannot be formatted', async () => {
    const text = types(2);
    const log: Log = [];
    const tree = await formatTree([inProcess(log, { pieces: true })], new Map([['types.gen.ts', text]]), options, settings());
    expect(tree.files.get('types.gen.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'types.gen.ts'), singleQuote: true }));
    expect(log.filter((entry) => entry.kind === 'pieces')).toHaveLength(1);
  });

  it('formats the file whole when its pieces cannot be formatted, and once only', async () => {
    const text = types(3);
    const log: Log = [];
    const tree = await formatTree([inProcess(log, { pieces: true })], new Map([['types.gen.ts', text]]), options, settings());
    expect(tree.files.get('types.gen.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'types.gen.ts'), singleQuote: true }));
    expect(log.filter((entry) => entry.kind === 'file').map((entry) => entry.path)).toEqual(['types.gen.ts']);
    expect(tree.stats.whole).toBe(1);
  });

  it('formats the file whole when a cached piece is no formatted program', async () => {
    const text = types(3);
    const cacheDir = path.join(root, 'cache');
    const plan = await formatFile(prettier, typescript, 'types.gen.ts', text, options, true);
    if (plan.kind !== 'pieces') throw new Error('expected pieces');
    const digest = optionsDigest(plan.config, plan.filepath);
    await new ChunkCache(cacheDir).write(new Map(plan.pieces.map((piece) => [pieceKey(`prettier ${prettier.version}`, digest, piece), 'no line break at the end'])));
    const log: Log = [];
    const tree = await formatTree([inProcess(log)], new Map([['types.gen.ts', text]]), options, settings({ chunkCacheDir: cacheDir }));
    expect(tree.files.get('types.gen.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'types.gen.ts'), singleQuote: true }));
    expect(log.map((entry) => entry.kind)).toEqual(['file by declaration', 'file', 'finish']);
    expect(tree.stats.whole).toBe(1);
  });

  describe('verifying (OPENAPI_DRIFT_VERIFY_FORMAT=1)', () => {
    it('formats the file whole too, and says it was verified', async () => {
      const text = types(3);
      const log: Log = [];
      const tree = await formatTree([inProcess(log)], new Map([['types.gen.ts', text]]), options, settings({ verify: true }));
      expect(tree.files.get('types.gen.ts')).toBe(await prettier.format(text, { filepath: path.join(options.outputDir, 'types.gen.ts'), singleQuote: true }));
      expect(log.filter((entry) => entry.kind === 'file')).toEqual([{ kind: 'file', path: 'types.gen.ts' }]);
      expect(tree.stats.verified).toBe(true);
      expect(tree.stats.whole).toBe(0);
    });

    it('stops on a piece that differs from the whole file, if only by a trailing space', async () => {
      const text = types(3);
      const cacheDir = path.join(root, 'cache');
      const plan = await formatFile(prettier, typescript, 'types.gen.ts', text, options, true);
      if (plan.kind !== 'pieces') throw new Error('expected pieces');
      const digest = optionsDigest(plan.config, plan.filepath);
      const piece = plan.pieces[1] as string;
      const formatted = await prettier.format(piece, { ...plan.config, filepath: plan.filepath });
      // A damaged entry whose checksum holds: the cache cannot tell.
      const damaged = formatted.replace(/;\n$/, '; \n');
      await new ChunkCache(cacheDir).write(new Map([[pieceKey(`prettier ${prettier.version}`, digest, piece), damaged]]));
      const withoutVerify = await formatTree([inProcess([])], new Map([['types.gen.ts', text]]), options, settings({ chunkCacheDir: cacheDir }));
      expect(withoutVerify.files.get('types.gen.ts')).toContain('; \n');
      expect(withoutVerify.stats.verified).toBe(false);
      const error = await formatTree([inProcess([])], new Map([['types.gen.ts', text]]), options, settings({ chunkCacheDir: cacheDir, verify: true })).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'FormatError', file: path.join('clients', 'shop', 'src', 'client', 'types.gen.ts') });
      const line = withoutVerify.files.get('types.gen.ts')?.split('\n').findIndex((text) => text.endsWith('; ')) ?? -1;
      expect((error as Error).message).toContain(`first at line ${line + 1}:\n  by declaration: "}; "\n  whole file:     "};"\n`);
      expect((error as { fix: string }).fix).toContain(`versions of prettier (${prettier.version})`);
    });
  });
});

// Formatting by top-level declaration (src/format/chunks.ts and top-level.ts): which options and
// texts make a file be formatted whole, where the text is cut and why a boundary is not cut, how the
// formatted pieces are joined and refused, and that the joined pieces are what prettier prints for
// the whole file. Real prettier and TypeScript, in process.
import * as prettier from 'prettier';
import typescript from 'typescript';
import { describe, expect, it } from 'vitest';
import { formatByDeclaration, joinFormattedChunks, planChunks, type ChunkPlan, type WholeFileReason } from '../../../packages/openapi-drift/src/format/chunks.ts';
import { readTopLevel, type UnsafeBoundaryReason } from '../../../packages/openapi-drift/src/format/top-level.ts';

const FILE = '/project/src/client/types.gen.ts';
const tools = { prettier, typescript };
const TWO = 'type A = 1;\ntype B = 2;\n';

function chunksOf(text: string, options: prettier.Options = {}, targetChunkSize = 0): Extract<ChunkPlan, { kind: 'chunks' }> {
  const plan = planChunks(tools, text, { filepath: FILE, ...options }, { targetChunkSize });
  if (plan.kind !== 'chunks') throw new Error(`expected pieces, got the whole file: ${plan.reason}`);
  return plan;
}

async function joinedAsWhole(text: string, options: prettier.Options = {}): Promise<Extract<ChunkPlan, { kind: 'chunks' }>> {
  const formatOptions = { filepath: FILE, ...options };
  const plan = chunksOf(text, options);
  const pieces = [];
  for (const chunk of plan.chunks) pieces.push(await prettier.format(chunk, formatOptions));
  expect(joinFormattedChunks(plan.join, pieces)).toBe(await prettier.format(text, formatOptions));
  return plan;
}

describe('the whole file, and why', () => {
  it.each<[string, string, prettier.Options, WholeFileReason | 'chunks']>([
    ['a plugin', TWO, { plugins: ['./plugin.mjs'] }, 'plugins'],
    ['an empty plugin list', TWO, { plugins: [] }, 'chunks'],
    ['plugins given as something other than a list', TWO, { plugins: null as unknown as [] }, 'plugins'],
    ['another parser', TWO, { parser: 'babel-ts' }, 'parser'],
    ['the typescript parser named', TWO, { parser: 'typescript' }, 'chunks'],
    ['a .tsx file', TWO, { filepath: '/p/a.tsx' }, 'extension'],
    ['a .cts file', TWO, { filepath: '/p/a.cts' }, 'extension'],
    ['a name ending in ts without a dot', TWO, { filepath: '/p/ats' }, 'extension'],
    ['a .ts name with another extension after it', TWO, { filepath: '/p/a.ts.js', parser: 'typescript' }, 'extension'],
    ['a .mts file', TWO, { filepath: '/p/a.mts' }, 'chunks'],
    ['an upper-case .MTS file', TWO, { filepath: '/p/A.MTS' }, 'chunks'],
    ['no file path', TWO, { filepath: undefined }, 'extension'],
    ['requirePragma', TWO, { requirePragma: true }, 'pragma-options'],
    ['insertPragma', TWO, { insertPragma: true }, 'pragma-options'],
    ['checkIgnorePragma', TWO, { checkIgnorePragma: true } as prettier.Options, 'pragma-options'],
    ['the pragma options off', TWO, { requirePragma: false, insertPragma: false, checkIgnorePragma: false } as prettier.Options, 'chunks'],
    ['a range start', TWO, { rangeStart: 12 }, 'range-options'],
    ['a range end', TWO, { rangeEnd: 12 }, 'range-options'],
    ['the default range given', TWO, { rangeStart: 0, rangeEnd: Number.POSITIVE_INFINITY }, 'chunks'],
    ['a cursor', TWO, { cursorOffset: 0 }, 'range-options'],
    ['no cursor (-1)', TWO, { cursorOffset: -1 }, 'chunks'],
    ['no cursor (null)', TWO, { cursorOffset: null as unknown as number }, 'chunks'],
    ['an unknown endOfLine', TWO, { endOfLine: 'lfcr' as 'lf' }, 'end-of-line-option'],
    ['endOfLine auto', TWO, { endOfLine: 'auto' }, 'chunks'],
    ['endOfLine lf', TWO, { endOfLine: 'lf' }, 'chunks'],
    ['\\r\\n line breaks', 'type A = 1;\r\ntype B = 2;\r\n', {}, 'carriage-return'],
    ['a lone \\r', 'type A = 1;\rtype B = 2;\n', {}, 'carriage-return'],
    ['a prettier-ignore comment', 'type A = 1;\n// prettier-ignore\ntype B   =   2;\n', {}, 'prettier-ignore'],
    ['only comments', '// nothing\n/* here */\n', {}, 'no-statements'],
  ])('%s', (_name, text, options, expected) => {
    const plan = planChunks(tools, text, { filepath: FILE, ...options }, { targetChunkSize: 0 });
    expect(plan.kind === 'whole' ? plan.reason : plan.kind).toBe(expected);
  });

  it('names the syntax error TypeScript reports', () => {
    expect(planChunks(tools, 'type A = 1;\ntype B = ;\n', { filepath: FILE })).toEqual({ kind: 'whole', reason: 'syntax-error', detail: 'Type expected.' });
    expect(readTopLevel(typescript, 'const a = 010;\n', FILE)).toEqual({ ok: false, reason: 'syntax-error', detail: 'Octal literals are not allowed. Use the syntax \'0o10\'.' });
    expect(planChunks(tools, '// nothing\n', { filepath: FILE })).toEqual({ kind: 'whole', reason: 'no-statements' });
  });

  it('formats whole with a TypeScript that does not report its syntax diagnostics', () => {
    const silent = {
      ...typescript,
      createSourceFile: (...args: Parameters<typeof typescript.createSourceFile>) => Object.assign(typescript.createSourceFile(...args), { parseDiagnostics: undefined }),
    } as typeof typescript;
    expect(planChunks({ prettier, typescript: silent }, TWO, { filepath: FILE })).toEqual({ kind: 'whole', reason: 'syntax-error', detail: 'TypeScript did not report its syntax diagnostics' });
  });

  it('does not cut at a \\r\\n line break', () => {
    expect(readTopLevel(typescript, 'type A = 1;\r\ntype B = 2;\n', FILE)).toMatchObject({ ok: true, boundaries: [{ safe: false, reason: 'unusual-whitespace' }] });
    expect(readTopLevel(typescript, 'type A = 1;\rtype B = 2;\n', FILE)).toMatchObject({ ok: true, boundaries: [{ safe: false, reason: 'unusual-whitespace' }] });
  });

  it('uses the parser prettier infers for the path when none is set, and the one set over it', () => {
    expect(planChunks(tools, TWO, { filepath: FILE }, { inferredParser: 'babel-ts' })).toMatchObject({ kind: 'whole', reason: 'parser' });
    expect(planChunks(tools, TWO, { filepath: FILE, parser: 'typescript' }, { inferredParser: 'babel-ts' })).toMatchObject({ kind: 'chunks' });
    expect(planChunks(tools, TWO, { filepath: FILE }, { inferredParser: null })).toMatchObject({ kind: 'chunks' });
  });
});

describe('boundaries', () => {
  it.each([
    ['statements on one line', 'type A = 1; type B = 2;\ntype C = 3;\n', ['same-line']],
    ['a block comment at the end of a line', 'type A = 1; /* a */\ntype B = 2;\ntype C = 3;\n', ['comment-at-line-end']],
    ['a comment after a comment on one line', 'type A = 1;\n/* a */ // b\ntype B = 2;\ntype C = 3;\n', ['comment-not-first-on-line']],
    ['two comments on lines of their own', 'type A = 1;\n/* a */\n// b\ntype B = 2;\ntype C = 3;\n', []],
    ['a comment before a semicolon', 'const a = 1 /* a */;\ntype B = 2;\ntype C = 3;\n', ['before-semicolon']],
    ['spaces and a tab before a semicolon', 'const a = 1 \t;\ntype B = 2;\ntype C = 3;\n', []],
    ['a statement without parts before its semicolon', 'debugger;\ntype B = 2;\ntype C = 3;\n', ['before-semicolon']],
    ['a stray semicolon', 'interface A {};\n\ntype B = 2;\ntype C = 3;\n', ['empty-statement', 'empty-statement']],
    ['a stray semicolon before a statement', ';\ntype B = 2;\ntype C = 3;\n', ['empty-statement']],
    ['a string statement after another statement', "type A = 1;\n'not a directive';\ntype C = 3;\n", ['string-statement']],
    ['an expression statement that is no string', "type A = 1;\nf('a');\ntype C = 3;\n", []],
    ['a form feed', 'type A = 1;\f\ntype B = 2;\ntype C = 3;\n', ['unusual-whitespace']],
    ['a vertical tab on the next line', 'type A = 1;\n\vtype B = 2;\ntype C = 3;\n', ['unusual-whitespace']],
    ['a line separator', 'type A = 1;\u2028type B = 2;\ntype C = 3;\n', ['unusual-whitespace']],
    ['a no-break space', 'type A = 1;\u00a0\ntype B = 2;\ntype C = 3;\n', ['unusual-whitespace']],
    ['a tab and spaces at the line end', 'type A = 1; \t \ntype B = 2;\ntype C = 3;\n', []],
    ['statements that end with a brace', 'interface A { a: 1 }\nenum B { b }\ntype C = 3;\n', []],
    ['top-level await in a file without import or export', 'await p;\nawait   (q)\ntype C = 3;\n', []],
    ['a line comment at the line end and a comment on the next line', 'type A = 1; // a\n/* b */\ntype B = 2;\ntype C = 3;\n', []],
  ] satisfies Array<[string, string, UnsafeBoundaryReason[]]>)('%s', async (_name, text, reasons) => {
    const topLevel = readTopLevel(typescript, text, FILE);
    expect(topLevel.ok && topLevel.boundaries.flatMap((boundary) => (boundary.safe ? [] : [boundary.reason]))).toEqual(reasons);
    const plan = await joinedAsWhole(text);
    expect(plan.unsafeBoundaries).toBe(reasons.length);
    expect(plan.chunks).toHaveLength(plan.statements - reasons.length);
  });

  it('cuts at the first line break after a statement, each piece keeping it', () => {
    const text = '\n\ntype A = 1; // a\n\n// b\ntype B = 2;\n';
    const topLevel = readTopLevel(typescript, text, FILE);
    expect(topLevel).toEqual({ ok: true, statements: [{ start: 2, end: 13 }, { start: 25, end: 36 }], boundaries: [{ safe: true, cut: 18 }] });
    expect(chunksOf(text)).toEqual({
      kind: 'chunks',
      chunks: ['\n\ntype A = 1; // a\n', '\n\n// b\ntype B = 2;\n'],
      join: { eol: '\n', blankLineAfter: [true] },
      statements: 2,
      unsafeBoundaries: 0,
    });
    expect(chunksOf('type A = 1;\ntype B = 2;').join.blankLineAfter).toEqual([false]);
  });

  it('joins with the line break of endOfLine', () => {
    expect(chunksOf(TWO, { endOfLine: 'crlf' }).join.eol).toBe('\r\n');
    expect(chunksOf(TWO, { endOfLine: 'cr' }).join.eol).toBe('\r');
    expect(chunksOf(TWO, { endOfLine: 'auto' }).join.eol).toBe('\n');
    expect(chunksOf(TWO, { endOfLine: 'lf' }).join.eol).toBe('\n');
    expect(chunksOf(TWO).join.eol).toBe('\n');
  });

  it('gives what prettier gives the whole file, blank lines, comments and line endings included', async () => {
    await joinedAsWhole('\n\ntype A = {a:1}; // a\n\n\n/** b */\ntype B = {b:2}\n\ntype C = 3\n\n\n');
    for (const endOfLine of ['crlf', 'cr', 'lf'] as const) await joinedAsWhole('type A = 1;\n\ntype B = 2;\ntype C = 3;\n', { endOfLine });
  });
});

describe('joining', () => {
  const join = { eol: '\n' as const, blankLineAfter: [true, false] };

  it('puts a blank line only where the original had one', () => {
    expect(joinFormattedChunks(join, ['a;\n', 'b;\n', 'c;\n'])).toBe('a;\n\nb;\nc;\n');
    expect(joinFormattedChunks({ eol: '\r\n', blankLineAfter: [true] }, ['a;\r\n', 'b;\r\n'])).toBe('a;\r\n\r\nb;\r\n');
  });

  it('refuses the wrong number of pieces, and pieces that are not formatted programs', () => {
    expect(() => joinFormattedChunks(join, ['a;\n', 'b;\n'])).toThrow(new Error('expected 3 formatted pieces, got 2'));
    expect(() => joinFormattedChunks(join, ['a;\n', 'b;\n', 'c;\n', 'd;\n'])).toThrow(new Error('expected 3 formatted pieces, got 4'));
    expect(() => joinFormattedChunks(join, ['a;\n', 'b;', 'c;\n'])).toThrow(new Error('formatted piece 1 is not a program of statements'));
    expect(() => joinFormattedChunks(join, ['a;\n', 'b;\n', '\nc;\n'])).toThrow(new Error('formatted piece 2 is not a program of statements'));
    expect(() => joinFormattedChunks({ eol: '\r\n', blankLineAfter: [] }, ['a;\n'])).toThrow(new Error('formatted piece 0 is not a program of statements'));
  });
});

describe('formatByDeclaration', () => {
  const text = 'type A = {a: 1};\ntype B = {b: 2};\ntype C = {c: 3};\n';
  const options = { filepath: FILE };

  it('formats each piece with prettier by default, and joins them', async () => {
    expect(await formatByDeclaration(tools, text, options, undefined, { targetChunkSize: 0 })).toBe('type A = { a: 1 };\ntype B = { b: 2 };\ntype C = { c: 3 };\n');
  });

  it('formats the pieces when there are several, the whole text when there is one or the file must be whole', async () => {
    const calls: string[] = [];
    const record = (chunk: string) => (calls.push(chunk), prettier.format(chunk, options));
    await formatByDeclaration(tools, text, options, record, { targetChunkSize: 0 });
    expect(calls).toEqual(['type A = {a: 1};\n', '\ntype B = {b: 2};\n', '\ntype C = {c: 3};\n']);
    calls.length = 0;
    expect(await formatByDeclaration(tools, text, options, record, { targetChunkSize: 1e9 })).toBe(await prettier.format(text, options));
    expect(calls).toEqual([text]);
    calls.length = 0;
    await formatByDeclaration(tools, text, { ...options, insertPragma: true }, (chunk) => (calls.push(chunk), prettier.format(chunk, { ...options, insertPragma: true })), { targetChunkSize: 0 });
    expect(calls).toEqual([text]);
  });

  it('formats the whole text when a piece fails or is no formatted program, so that an error is prettier\'s for the file', async () => {
    const calls: string[] = [];
    const failingSecond = async (chunk: string) => {
      calls.push(chunk);
      if (calls.length === 2) throw new Error('a formatter process died');
      return prettier.format(chunk, options);
    };
    expect(await formatByDeclaration(tools, text, options, failingSecond, { targetChunkSize: 0 })).toBe(await prettier.format(text, options));
    expect(calls.at(-1)).toBe(text);
    const trimming = async (chunk: string) => (chunk === text ? prettier.format(chunk, options) : (await prettier.format(chunk, options)).trimEnd());
    expect(await formatByDeclaration(tools, text, options, trimming, { targetChunkSize: 0 })).toBe(await prettier.format(text, options));
  });
});

describe('where pieces end', () => {
  const statements = Array.from({ length: 60 }, (_, index) => `export type T${index} = { id: number; name${index % 7}?: string };\n`);
  const text = statements.join('');
  /** The statements each piece ends with: decided by a hash of each statement's text alone. */
  const ends = (plan: Extract<ChunkPlan, { kind: 'chunks' }>) => plan.chunks.map((chunk) => /T(\d+) =[^\n]*\n$/.exec(chunk)?.[1] ?? 'last');

  it('ends a piece after the same statements in every file, for a given target', () => {
    // These boundaries decide which cache entries a new version of the generated file reuses: a change
    // in how they are drawn would make every cached piece of every team useless.
    expect(ends(chunksOf(text, {}, 200))).toMatchInlineSnapshot(`
      [
        "1",
        "2",
        "4",
        "5",
        "14",
        "18",
        "20",
        "24",
        "25",
        "26",
        "29",
        "34",
        "35",
        "37",
        "41",
        "44",
        "48",
        "53",
        "56",
        "59",
      ]
    `);
    expect(ends(chunksOf(text, {}, 1000))).toMatchInlineSnapshot(`
      [
        "1",
        "4",
        "18",
        "20",
        "25",
        "26",
        "34",
        "44",
        "59",
      ]
    `);
    // The statements before do not matter.
    const later = ends(chunksOf(statements.slice(20).join(''), {}, 200));
    expect(later).toEqual(ends(chunksOf(text, {}, 200)).filter((end) => end === 'last' || Number(end) >= 20));
  });
});

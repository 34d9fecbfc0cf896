// Formatting a TypeScript file by pieces of whole top-level statements, byte for byte as prettier
// formats the whole file: a multi-megabyte types.gen.ts then spreads over several processes, and a
// piece that did not change need not be formatted again.
//
// Why joining works: prettier prints a program as its statements separated by one line break, plus
// a second one where `isNextLineEmpty` finds a blank line after the statement, and ends it with one
// line break (printStatementSequence and printBlockBody in src/language-js/print/statement.js and
// block.js). These line breaks are outside every group, at the margin, so the layout of a statement
// does not depend on its neighbours. A piece is a program too: prettier prints its statements the
// same way and ends it with one line break. So the whole file is the formatted pieces one after
// another, with one more line break wherever the original had a blank line after the last statement
// of a piece. Leading blank lines are never printed. Where a piece may be cut, and why the statements
// in it format as they do in the file, is in top-level.ts. With `semi: false`, the `;` that protects
// a statement starting with `(`, `[` or a template depends only on that statement
// (statementNeedsASIProtection), so it is printed alike at the start of a piece.
//
// What concerns the whole file is listed in WHOLE_FILE_REASONS: then the file is formatted whole.
//
// prettier and TypeScript are passed in (ChunkTools): in a check they are the team's own copies,
// resolved from the client folder (core/peers.ts), never copies of openapi-drift's own.
import type * as prettier from 'prettier';
import { readTopLevel, type TopLevelStatement, type TypeScript } from './top-level.ts';

/** The team's prettier and TypeScript: what formats the pieces, and what cuts the file into them. */
export interface ChunkTools {
  prettier: Pick<typeof prettier, 'format' | 'util'>;
  typescript: TypeScript;
}

/** When the file is formatted whole, and why. */
// Stryker disable StringLiteral,ObjectLiteral: equivalent, the reasons document the keys, which are all the code reads (as types)
export const WHOLE_FILE_REASONS = {
  plugins: 'a plugin can replace the parser or the printer, or preprocess the whole text (as a banner plugin does)',
  parser:
    'prettier would parse it with something other than its typescript parser; the reasoning and the proof cover that parser only',
  extension:
    'only .ts and .mts: prettier parses .cts as a script, where what `await` means depends on the whole file, and guesses JSX for other names from the whole text',
  'pragma-options': 'requirePragma, insertPragma and checkIgnorePragma look for a pragma comment at the top of the whole file',
  'range-options': 'rangeStart, rangeEnd and cursorOffset are offsets into the whole file',
  'end-of-line-option': 'an endOfLine prettier does not know: prettier reports it',
  'carriage-return':
    'prettier turns every \\r\\n and \\r of the whole text into \\n before parsing, and `endOfLine: auto` follows the first line break of the whole text',
  'prettier-ignore': 'a `prettier-ignore` comment: not covered by the proof, and generated code has none',
  'syntax-error': 'not a valid TypeScript module: prettier reports the error for the whole file (or retries it as a script)',
  'no-statements': 'no statement to cut between: prettier prints the comments of an empty program on their own',
} as const;
// Stryker restore StringLiteral,ObjectLiteral

export type WholeFileReason = keyof typeof WHOLE_FILE_REASONS;

export interface ChunkJoin {
  /** The line break prettier prints (its `endOfLine`). */
  eol: '\n' | '\r\n' | '\r';
  /** `blankLineAfter[i]`: a blank line goes between piece i and piece i + 1. */
  blankLineAfter: boolean[];
}

export type ChunkPlan =
  | { kind: 'whole'; reason: WholeFileReason; detail?: string }
  | {
      kind: 'chunks';
      /** Slices of the text, each formatted on its own with the file's options and path. */
      chunks: string[];
      join: ChunkJoin;
      statements: number;
      /** Boundaries between statements that could not be cut (see UNSAFE_BOUNDARY). */
      unsafeBoundaries: number;
    };

export interface PlanOptions {
  /**
   * About how many characters of statements a piece holds. 0 cuts at every boundary that allows it.
   * Each `prettier.format` call costs about half a millisecond of option handling, so one piece per
   * statement makes a file of thousands of small types slower than formatting it whole.
   * Where a piece ends is decided by a hash of the statement's own text, so that a change in one
   * statement moves no other boundary and every other piece stays as it was, ready in a cache.
   */
  targetChunkSize?: number;
  /** `getFileInfo(filepath).inferredParser`, the parser prettier picks for the path when none is set. */
  inferredParser?: string | null;
}

export const DEFAULT_TARGET_CHUNK_SIZE = 16_384;

/**
 * Splits `text` into pieces that prettier, given `options` (those of `prettier.format`, the file's
 * `filepath` included), formats so that `joinFormattedChunks` gives what it formats for the whole
 * text; or tells why the file must be formatted whole.
 */
export function planChunks(tools: ChunkTools, text: string, options: prettier.Options, planOptions: PlanOptions = {}): ChunkPlan {
  const unsupported = unsupportedOptions(options, planOptions.inferredParser);
  if (unsupported) return { kind: 'whole', reason: unsupported };
  if (text.includes('\r')) return { kind: 'whole', reason: 'carriage-return' };
  if (text.includes('prettier-ignore')) return { kind: 'whole', reason: 'prettier-ignore' };

  const topLevel = readTopLevel(tools.typescript, text, options.filepath as string);
  if (!topLevel.ok) return topLevel.reason === 'syntax-error' ? { kind: 'whole', reason: 'syntax-error', detail: topLevel.detail } : { kind: 'whole', reason: topLevel.reason };

  const { statements, boundaries } = topLevel;
  const target = planOptions.targetChunkSize ?? DEFAULT_TARGET_CHUNK_SIZE;
  const chunks: string[] = [];
  const blankLineAfter: boolean[] = [];
  let unsafeBoundaries = 0;
  let chunkStart = 0;
  boundaries.forEach((boundary, index) => {
    if (!boundary.safe) {
      unsafeBoundaries++;
      return;
    }
    const statement = statements[index] as TopLevelStatement;
    if (!endsChunk(text, statement, target)) return;
    // The piece keeps the line break; the next piece starts with it too.
    chunks.push(text.slice(chunkStart, boundary.cut + 1));
    blankLineAfter.push(tools.prettier.util.isNextLineEmpty(text, statement.end));
    chunkStart = boundary.cut;
  });
  chunks.push(text.slice(chunkStart));
  return { kind: 'chunks', chunks, join: { eol: eolOf(options.endOfLine), blankLineAfter }, statements: statements.length, unsafeBoundaries };
}

/** The formatted pieces, in order, joined as prettier joins those statements in the whole file. */
export function joinFormattedChunks(join: ChunkJoin, formatted: readonly string[]): string {
  if (formatted.length !== join.blankLineAfter.length + 1) {
    throw new Error(`expected ${join.blankLineAfter.length + 1} formatted pieces, got ${formatted.length}`);
  }
  let text = '';
  formatted.forEach((piece, index) => {
    // prettier ends every program it prints with exactly one line break; anything else means the
    // piece was not formatted as a program of statements, and joining would be wrong.
    if (!piece.endsWith(join.eol) || piece.startsWith(join.eol)) throw new Error(`formatted piece ${index} is not a program of statements`);
    text += piece;
    if (join.blankLineAfter[index]) text += join.eol;
  });
  return text;
}

/**
 * Formats `text` by pieces with `formatChunk`, which must format a text exactly as
 * `prettier.format(text, options)` does (in this process, in others, from a cache), and may be
 * called for all pieces at once. If a piece fails, or comes back as no program of statements, the
 * whole text is formatted instead, so that an error is prettier's error for the file, with its lines
 * and columns.
 */
export async function formatByDeclaration(
  tools: ChunkTools,
  text: string,
  options: prettier.Options,
  formatChunk: (text: string) => Promise<string> = (chunk) => tools.prettier.format(chunk, options),
  planOptions: PlanOptions = {},
): Promise<string> {
  const plan = planChunks(tools, text, options, planOptions);
  // Stryker disable next-line ConditionalExpression: equivalent when false, a whole plan fails in the try below and a single piece is the text, both formatting the text once
  if (plan.kind === 'whole' || plan.chunks.length === 1) return formatChunk(text);
  try {
    return joinFormattedChunks(plan.join, await Promise.all(plan.chunks.map((chunk) => formatChunk(chunk))));
  } catch {
    return formatChunk(text);
  }
}

function unsupportedOptions(options: prettier.Options, inferredParser: string | null | undefined): WholeFileReason | undefined {
  if (Array.isArray(options.plugins) ? options.plugins.length > 0 : options.plugins !== undefined) return 'plugins';
  const parser = options.parser ?? inferredParser ?? 'typescript';
  if (parser !== 'typescript') return 'parser';
  // prettier's own test for the module-only and known-TypeScript names (parse/typescript.js).
  // Stryker disable next-line ConditionalExpression: equivalent when false, a path that is no string fails the test after it as well
  if (typeof options.filepath !== 'string' || !/\.m?ts$/i.test(options.filepath)) return 'extension';
  if (options.requirePragma || options.insertPragma || (options as { checkIgnorePragma?: boolean }).checkIgnorePragma) return 'pragma-options';
  const rangeStart = options.rangeStart ?? 0;
  const rangeEnd = options.rangeEnd ?? Number.POSITIVE_INFINITY;
  const cursorOffset = options.cursorOffset;
  if (rangeStart !== 0 || rangeEnd !== Number.POSITIVE_INFINITY || (typeof cursorOffset === 'number' && cursorOffset >= 0)) return 'range-options';
  if (options.endOfLine !== undefined && !['lf', 'crlf', 'cr', 'auto'].includes(options.endOfLine)) return 'end-of-line-option';
  return undefined;
}

function eolOf(endOfLine: prettier.Options['endOfLine']): ChunkJoin['eol'] {
  // 'auto' follows the first line break of the text, which is \n: texts with \r are formatted whole.
  return endOfLine === 'crlf' ? '\r\n' : endOfLine === 'cr' ? '\r' : '\n';
}

/**
 * Whether a piece ends after this statement: always for a statement as long as the target, else
 * with a chance of its length over the target, drawn from a hash of its text, so that pieces hold
 * about `target` characters and a boundary depends on nothing but its statement.
 */
function endsChunk(text: string, statement: TopLevelStatement, target: number): boolean {
  const length = statement.end - statement.start;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement,BooleanLiteral: equivalent, a shortcut: at or over the target the ratio below is at least 1, above any hash
  if (length >= target) return true;
  // FNV-1a, then MurmurHash3's finaliser: FNV alone mixes its high bits poorly for statements that
  // differ little (hey-api's SDK functions), and the high bits decide here.
  let hash = 0x811c9dc5;
  for (let offset = statement.start; offset < statement.end; offset++) {
    hash = Math.imul(hash ^ text.charCodeAt(offset), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  // Stryker disable next-line EqualityOperator: equivalent for every output, the two differ only where the hash equals length * 2^32 / target exactly, and any boundary formats alike
  return (hash >>> 0) / 0x1_0000_0000 < length / target;
}

// The top-level statements of a TypeScript module, read with TypeScript's own parser and scanner,
// and for each two neighbours whether the text may be cut between them so that prettier, given
// the pieces one by one, prints exactly what it prints for that part of the whole file.
//
// Where a cut goes: at the first line break after a statement. The piece before keeps that line
// break, the piece after starts with it. So a piece holds the statement, the comment at the end of
// its line (prettier attaches it to the statement before: a trailing comment) and, before the
// statement, the comments on lines of their own (prettier attaches them to the statement after: leading
// comments) and the blank lines. Both pieces see the line break prettier looks for when it decides
// whether a comment stands on its own line (`hasNewline`, `isPreviousLineEmpty`), and nothing that
// prettier reads while printing a statement lies outside its piece: what it reads ahead of a node
// (`isNextLineEmpty`, `getNextNonSpaceNonCommentCharacter`) it reads only for nodes that are not the
// last of their list, and the comment handlers that look at neighbours first check the node that
// encloses the comment, which a comment between top-level statements does not have.
// (prettier 3.10: src/main/comments/attach.js, src/language-js/comments/handle-comments.js,
// src/language-js/print/statement.js, src/language-js/utilities/is-next-line-empty.js.)
//
// A boundary that does not fit these rules is not cut: the two statements stay in one piece, which
// prettier formats as it formats the file. Only what concerns the whole file falls back (chunks.ts).
//
// TypeScript is passed in: in a check it is the team's own copy, resolved from the client folder
// (core/peers.ts), as everything else that shapes the output is.
import type ts from 'typescript';

/** The TypeScript compiler API, as `import ts from 'typescript'` gives it. */
export type TypeScript = typeof ts;

/** Why two neighbouring statements stay in one piece. */
// Stryker disable StringLiteral,ObjectLiteral: equivalent, the reasons document the keys, which are all the code reads (as types)
export const UNSAFE_BOUNDARY = {
  'same-line': 'the next statement starts on the line where the first one ends: there is no line break to cut at',
  'comment-at-line-end':
    'a block comment on the line where the first statement ends: prettier classifies the comments of a line together, looking ahead to the next statement, and moves a `/** @type */` cast comment to it',
  'comment-not-first-on-line':
    'a comment after another comment on its line: prettier decides whether it stands on its own line by looking back across the comments of the line to the statement before, which a piece does not have (kept together to be safe: the attachment is the same in the cases tried)',
  'unusual-whitespace':
    'whitespace other than spaces, tabs and \\n: prettier skips only spaces and tabs, counts U+2028 and U+2029 as line breaks where the TypeScript scanner steps over them, and ends a `//` comment only at \\n or \\r',
  'before-semicolon':
    'something other than spaces between the first statement and its `;`: prettier ends the statement before the `;`, so a comment there lies outside it, and blank lines are counted from there',
  'empty-statement':
    'a stray `;` next to the boundary: prettier drops it, so a piece of only `;` prints nothing, and it counts blank lines from the statement before it',
  'string-statement':
    'the next statement is a string: at the start of a piece it would be a directive, which prettier prints without the parentheses it gives it in the file',
} as const;

// Stryker restore StringLiteral,ObjectLiteral

export type UnsafeBoundaryReason = keyof typeof UNSAFE_BOUNDARY;

export type Boundary =
  /** The text can be cut at `cut`, the offset of a `\n`. */
  | { safe: true; cut: number }
  | { safe: false; reason: UnsafeBoundaryReason };

export interface TopLevelStatement {
  /** Offset of its first token (decorators and modifiers included, comments before it not). */
  start: number;
  /** Offset after its last character (its `;` included, when it has one). */
  end: number;
}

export type TopLevel =
  | {
      ok: true;
      statements: TopLevelStatement[];
      /** `boundaries[i]` lies between `statements[i]` and `statements[i + 1]`. */
      boundaries: Boundary[];
    }
  | { ok: false; reason: 'syntax-error'; detail: string }
  | { ok: false; reason: 'no-statements' };

/**
 * Parses `text` as prettier's typescript parser first does for a `.ts` or `.mts` file: as a module
 * (typescript-estree's `sourceType: 'module'` sets `externalModuleIndicator`), without JSDoc. When
 * that succeeds, prettier reads the file and every piece of it as a module too (it retries a `.ts`
 * file as a script only after a module parse fails), so top-level `await` means the same in both.
 */
export function readTopLevel(typescript: TypeScript, text: string, filepath: string): TopLevel {
  const sourceFile = typescript.createSourceFile(
    filepath,
    text,
    {
      languageVersion: typescript.ScriptTarget.Latest,
      jsDocParsingMode: typescript.JSDocParsingMode.ParseNone,
      // As a module, `await` at the top level is an await expression in every piece and in the file.
      setExternalModuleIndicator: (file) => Object.assign(file, { externalModuleIndicator: true }),
    },
    // Stryker disable next-line BooleanLiteral: equivalent, node.getStart(sourceFile) and forEachChild need no parent pointers
    false,
    typescript.ScriptKind.TS,
  );
  // Not in TypeScript's public types, but it is what typescript-estree (and so prettier) throws on.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (!Array.isArray(diagnostics)) return { ok: false, reason: 'syntax-error', detail: 'TypeScript did not report its syntax diagnostics' };
  const firstError = diagnostics[0];
  if (firstError) {
    return { ok: false, reason: 'syntax-error', detail: typescript.flattenDiagnosticMessageText(firstError.messageText, '\n') };
  }
  const nodes = sourceFile.statements;
  if (nodes.length === 0) return { ok: false, reason: 'no-statements' };

  const statements = nodes.map((node) => ({ start: node.getStart(sourceFile), end: node.end }));
  const scanner = typescript.createScanner(typescript.ScriptTarget.Latest, false, typescript.LanguageVariant.Standard, text);
  const boundaries: Boundary[] = [];
  for (let index = 0; index + 1 < nodes.length; index++) {
    const before = nodes[index] as ts.Statement;
    const after = nodes[index + 1] as ts.Statement;
    boundaries.push(
      before.kind === typescript.SyntaxKind.EmptyStatement || after.kind === typescript.SyntaxKind.EmptyStatement
        ? { safe: false, reason: 'empty-statement' }
        : isStringStatement(typescript, after)
          ? { safe: false, reason: 'string-statement' }
          : !semicolonFollowsContent(typescript, before, text)
            ? { safe: false, reason: 'before-semicolon' }
            : classifyGap(typescript, scanner, text, before.end, (statements[index + 1] as TopLevelStatement).start),
    );
  }
  return { ok: true, statements, boundaries };
}

/** What typescript-estree turns into a directive when it opens a program (`convertBodyExpressions`). */
function isStringStatement(typescript: TypeScript, node: ts.Statement): boolean {
  return typescript.isExpressionStatement(node) && typescript.isStringLiteral(node.expression);
}

/**
 * Whether only spaces and tabs lie between a statement's last part and its final `;`, so that
 * prettier's end of the statement (before the `;`) and TypeScript's (after it) are a run of
 * `[ \t;]` apart, which `isNextLineEmpty` skips alike from either.
 */
function semicolonFollowsContent(typescript: TypeScript, node: ts.Statement, text: string): boolean {
  if (text.charCodeAt(node.end - 1) !== SEMICOLON) return true;
  // Stryker disable next-line UnaryOperator: equivalent, without children the loop below starts in the keyword, which is no space, either way
  let contentEnd = -1;
  typescript.forEachChild(node, (child) => {
    contentEnd = Math.max(contentEnd, child.end);
  });
  // A statement without parts before its `;` (`debugger;`): its keyword is not a child.
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement,BooleanLiteral: equivalent, the loop below then starts at the keyword, which is no space, and returns false too
  if (contentEnd < 0) return false;
  for (let offset = contentEnd; offset < node.end - 1; offset++) {
    const code = text.charCodeAt(offset);
    if (code !== SPACE && code !== TAB) return false;
  }
  return true;
}

/** Reads the comments and whitespace between two statements, which is all that lies there. */
function classifyGap(typescript: TypeScript, scanner: ts.Scanner, text: string, from: number, to: number): Boundary {
  const { SyntaxKind } = typescript;
  scanner.resetTokenState(from);
  let cut: number | undefined;
  // Stryker disable next-line BooleanLiteral: equivalent, it is read only after a line break, which resets it
  let lineHasComment = false;
  let position = from;
  for (;;) {
    const kind = scanner.scan();
    const start = scanner.getTokenStart();
    // The scanner steps over U+2028, U+2029 and the like without a token, where prettier sees a
    // line break: every character of the gap must be in a token read here.
    if (start !== position) return { safe: false, reason: 'unusual-whitespace' };
    // Stryker disable next-line ConditionalExpression: equivalent when the end of file is left out, `to` is a statement's start, before the end of the text
    if (start >= to || kind === SyntaxKind.EndOfFileToken) break;
    const end = scanner.getTokenEnd();
    position = end;
    switch (kind) {
      case SyntaxKind.WhitespaceTrivia:
        for (let offset = start; offset < end; offset++) {
          const code = text.charCodeAt(offset);
          if (code !== SPACE && code !== TAB) return { safe: false, reason: 'unusual-whitespace' };
        }
        break;
      case SyntaxKind.NewLineTrivia:
        // Stryker disable next-line ConditionalExpression: equivalent when the length is left out, a line break of two characters is \r\n, which starts with \r
        if (end - start !== 1 || text.charCodeAt(start) !== LINE_FEED) return { safe: false, reason: 'unusual-whitespace' };
        cut ??= start;
        lineHasComment = false;
        break;
      case SyntaxKind.SingleLineCommentTrivia:
      case SyntaxKind.MultiLineCommentTrivia:
        if (cut === undefined) {
          // On the first statement's line: a line comment is its trailing comment (it ends the line);
          // a block comment is not classified alike in the file and in the piece.
          if (kind === SyntaxKind.MultiLineCommentTrivia) return { safe: false, reason: 'comment-at-line-end' };
        } else {
          if (lineHasComment) return { safe: false, reason: 'comment-not-first-on-line' };
          lineHasComment = true;
        }
        break;
      // Stryker disable next-line all: equivalent, only trivia lies between two statements TypeScript parsed; a guard for what these rules do not know
      default:
        // Stryker disable next-line all: equivalent, as above
        return { safe: false, reason: 'unusual-whitespace' };
    }
  }
  return cut === undefined ? { safe: false, reason: 'same-line' } : { safe: true, cut };
}

const TAB = 0x09;
const LINE_FEED = 0x0a;
const SPACE = 0x20;
const SEMICOLON = 0x3b;

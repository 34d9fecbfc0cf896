// The compiler's diagnostics as plain data (they outlive the program, go into the cache and into
// JSON), and as a person reads them: file:line:col from the repository root, code and message.
import path from 'node:path';
import type { Diagnostic } from 'typescript';
import type { TypeScriptApi } from './typescript.ts';

export interface CompilerDiagnostic {
  /** Absolute path; absent for a diagnostic of the whole program (a missing library, say). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Offset and length of the span in the file. */
  start?: number;
  length?: number;
  /** The TS number, e.g. 2304. */
  code: number;
  /** The message chain, one line per level. */
  message: string;
}

export function toCompilerDiagnostic(ts: TypeScriptApi, diagnostic: Diagnostic): CompilerDiagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return { code: diagnostic.code, message };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { file: path.resolve(diagnostic.file.fileName), line: line + 1, column: character + 1, start: diagnostic.start, length: diagnostic.length, code: diagnostic.code, message };
}

/** Only errors fail a build; suggestions and warnings never do. */
export function errorsOnly(ts: TypeScriptApi, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
}

export function diagnosticLocation(diagnostic: CompilerDiagnostic, displayRoot: string): string {
  if (diagnostic.file === undefined) return '(whole program)';
  const shown = path.relative(displayRoot, diagnostic.file).split(path.sep).join('/');
  return `${shown}:${diagnostic.line}:${diagnostic.column}`;
}

/** `file:line:col  TS2304  message`, with the message's further lines indented below. */
export function formatDiagnostic(diagnostic: CompilerDiagnostic, displayRoot: string): string {
  // A split gives at least one part.
  const [first, ...rest] = diagnostic.message.split('\n') as [string, ...string[]];
  const head = `${diagnosticLocation(diagnostic, displayRoot)}  TS${diagnostic.code}  ${first}`;
  return rest.length ? `${head}\n${rest.map((line) => `    ${line.trim()}`).join('\n')}` : head;
}

/** At most `max` diagnostics, one per line (plus their continuation lines), and how many more there are. */
export function formatDiagnosticList(diagnostics: CompilerDiagnostic[], displayRoot: string, max = 20, indent = '  '): string {
  const lines = diagnostics.slice(0, max).map((diagnostic) => formatDiagnostic(diagnostic, displayRoot).replace(/^/gm, indent));
  if (diagnostics.length > max) lines.push(`${indent}... and ${diagnostics.length - max} more`);
  return lines.join('\n');
}

/** Sorted by file, then position: the order tsc prints them in. */
export function compareDiagnostics(a: CompilerDiagnostic, b: CompilerDiagnostic): number {
  const fileA = a.file ?? '';
  const fileB = b.file ?? '';
  // Stryker disable next-line EqualityOperator: equivalent, the files differ here, so < and <= agree
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  return (a.start ?? 0) - (b.start ?? 0) || a.code - b.code;
}

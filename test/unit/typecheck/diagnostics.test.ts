// The compiler's diagnostics as a person reads them: file:line:col from the display root (with /
// on every system), TS and the code, the message's further lines indented below; lists capped with
// a count of the rest; sorted as tsc prints them; and only errors, never suggestions, count.
import path from 'node:path';
import type { Diagnostic } from 'typescript';
import { beforeAll, expect, test } from 'vitest';
import { compareDiagnostics, diagnosticLocation, errorsOnly, formatDiagnostic, formatDiagnosticList, toCompilerDiagnostic, type CompilerDiagnostic } from '../../../packages/openapi-drift/src/typecheck/diagnostics.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';

let ts: TypeScriptApi;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

const ROOT = path.resolve('/repo');
const at = (file: string, line: number, column: number, start: number, code = 2322, message = 'Bad.'): CompilerDiagnostic => ({ file: path.join(ROOT, file), line, column, start, length: 1, code, message });

test('a diagnostic with its place, code and message; the further lines of its message indented and trimmed', () => {
  expect(formatDiagnostic(at('src/a.ts', 3, 7, 40, 2304, "Cannot find name 'x'."), ROOT)).toBe("src/a.ts:3:7  TS2304  Cannot find name 'x'.");
  expect(formatDiagnostic({ ...at('src/a.ts', 1, 1, 0), message: 'First.\n  Second.\n    Third.  ' }, ROOT)).toBe('src/a.ts:1:1  TS2322  First.\n    Second.\n    Third.');
  expect(formatDiagnostic({ code: 2688, message: "Cannot find type definition file for 'x'." }, ROOT)).toBe("(whole program)  TS2688  Cannot find type definition file for 'x'.");
  expect(formatDiagnostic({ code: 1, message: '' }, ROOT)).toBe('(whole program)  TS1  ');
  expect(diagnosticLocation(at('src/deep/b.ts', 10, 2, 5), path.join(ROOT, 'src'))).toBe('deep/b.ts:10:2');
});

test('a list shows at most `max` diagnostics, indented, and counts the rest', () => {
  const list = [at('a.ts', 1, 1, 0), { ...at('b.ts', 2, 2, 5), message: 'One.\nTwo.' }, at('c.ts', 3, 3, 9)];
  expect(formatDiagnosticList(list, ROOT)).toBe('  a.ts:1:1  TS2322  Bad.\n  b.ts:2:2  TS2322  One.\n      Two.\n  c.ts:3:3  TS2322  Bad.');
  expect(formatDiagnosticList(list, ROOT, 2, '> ')).toBe('> a.ts:1:1  TS2322  Bad.\n> b.ts:2:2  TS2322  One.\n>     Two.\n> ... and 1 more');
  expect(formatDiagnosticList(list, ROOT, 3)).not.toContain('more');
  const many = Array.from({ length: 22 }, (_, index) => at('a.ts', index + 1, 1, index));
  const text = formatDiagnosticList(many, ROOT);
  expect(text.split('\n')).toHaveLength(21);
  expect(text.split('\n').at(-1)).toBe('  ... and 2 more');
});

test('sorted by file, then position, then code; whole-program diagnostics first', () => {
  const list = [at('b.ts', 1, 1, 0), at('a.ts', 2, 1, 20, 2322), at('a.ts', 2, 1, 20, 2304), at('a.ts', 1, 5, 4), { code: 2688, message: 'x' }, { code: 2318, message: 'y' }];
  const sorted = [...list].sort(compareDiagnostics);
  expect(sorted.map((diagnostic) => `${diagnostic.file ? path.basename(diagnostic.file) : '-'}@${diagnostic.start ?? '-'}#${diagnostic.code}`)).toEqual(['-@-#2318', '-@-#2688', 'a.ts@4#2322', 'a.ts@20#2304', 'a.ts@20#2322', 'b.ts@0#2322']);
  expect(compareDiagnostics(at('a.ts', 1, 1, 0), at('a.ts', 1, 1, 0))).toBe(0);
  expect(compareDiagnostics(at('b.ts', 1, 1, 0), at('a.ts', 1, 1, 0))).toBe(1);
  expect(compareDiagnostics(at('a.ts', 1, 1, 0), at('b.ts', 1, 1, 0))).toBe(-1);
});

test("the compiler's diagnostics as plain data: absolute file, 1-based line and column, the message chain one level per line", () => {
  const file = ts.createSourceFile(path.join(ROOT, 'src/a.ts'), 'const a = 1;\n  let bad = 2;\n', ts.ScriptTarget.Latest, true);
  const diagnostic: Diagnostic = { file, start: 16, length: 3, code: 2322, category: ts.DiagnosticCategory.Error, messageText: { messageText: 'Outer.', category: ts.DiagnosticCategory.Error, code: 2322, next: [{ messageText: 'Inner.', category: ts.DiagnosticCategory.Error, code: 2326 }] } };
  expect(toCompilerDiagnostic(ts, diagnostic)).toEqual({ file: path.join(ROOT, 'src/a.ts'), line: 2, column: 4, start: 16, length: 3, code: 2322, message: 'Outer.\n  Inner.' });
  expect(toCompilerDiagnostic(ts, { ...diagnostic, start: undefined })).toEqual({ code: 2322, message: 'Outer.\n  Inner.' });
  expect(toCompilerDiagnostic(ts, { ...diagnostic, file: undefined, messageText: 'Whole.' })).toEqual({ code: 2322, message: 'Whole.' });
  // Offset 0 is a place too.
  expect(toCompilerDiagnostic(ts, { ...diagnostic, start: 0, messageText: 'x' })).toMatchObject({ line: 1, column: 1, start: 0 });
});

test('only errors count: warnings, suggestions and messages are dropped', () => {
  const of = (category: number, code: number): Diagnostic => ({ file: undefined, start: undefined, length: undefined, category, code, messageText: String(code) });
  const list = [of(ts.DiagnosticCategory.Warning, 1), of(ts.DiagnosticCategory.Error, 2), of(ts.DiagnosticCategory.Suggestion, 3), of(ts.DiagnosticCategory.Message, 4), of(ts.DiagnosticCategory.Error, 5)];
  expect(errorsOnly(ts, list).map((diagnostic) => diagnostic.code)).toEqual([2, 5]);
});

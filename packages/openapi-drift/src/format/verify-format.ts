// OPENAPI_DRIFT_VERIFY_FORMAT=1: every file formatted by pieces is also formatted whole, and any
// difference stops the check. The proof tests show that the pieces, joined, are what prettier
// prints for the whole file on real specs; this lets a team show it on its own specs, and makes a
// wrong piece (a bug, or a cache entry that is wrong) a loud failure instead of a wrong comparison.
import { FormatError } from '../core/errors.ts';

/** The error for a file whose joined pieces differ from prettier's output for the whole file. */
export function formatMismatch(shown: string, joined: string, whole: string, prettierVersion: string): FormatError {
  const joinedLines = joined.split('\n');
  const wholeLines = whole.split('\n');
  let line = 0;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: equivalent, the texts differ, so a line that differs comes before both run out, and a missing line never equals a line
  while (line < joinedLines.length && line < wholeLines.length && joinedLines[line] === wholeLines[line]) line++;
  const show = (lines: string[]) => (line < lines.length ? JSON.stringify(lines[line]) : '(the file ends before this line)');
  return new FormatError(
    [
      `${shown}: formatted by declaration, it differs from prettier's output for the whole file, first at line ${line + 1}:`,
      `  by declaration: ${show(joinedLines)}`,
      `  whole file:     ${show(wholeLines)}`,
      'The check stopped rather than compare the committed file with output it cannot vouch for.',
    ].join('\n'),
    {
      file: shown,
      fix:
        `this is a bug in openapi-drift's formatting by declaration (or a damaged entry in node_modules/.cache/openapi-drift/chunks): ` +
        `please report it to openapi-drift's issue tracker with this message, the declaration around line ${line + 1} of the generated file ` +
        `(or the snapshot), the prettier configuration that applies to the file and the versions of prettier (${prettierVersion || 'unknown'}) and openapi-drift. ` +
        'Meanwhile, OPENAPI_DRIFT_VERIFY_FORMAT=whole formats every file whole, exactly as prettier does; removing node_modules/.cache/openapi-drift rules out the cache',
    },
  );
}

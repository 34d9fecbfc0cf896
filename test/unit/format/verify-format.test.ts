// The error OPENAPI_DRIFT_VERIFY_FORMAT=1 raises when the pieces, joined, differ from prettier's
// output for the whole file (src/format/verify-format.ts): the file, the first line that differs with
// both versions of it, whitespace shown exactly, and what to do.
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { formatMismatch } from '../../../packages/openapi-drift/src/format/verify-format.ts';

describe('formatMismatch', () => {
  it('names the file and the first line that differs, showing trailing whitespace', () => {
    const error = formatMismatch('src/client/types.gen.ts', 'a;\nb; \nc;\n', 'a;\nb;\nc;\n', '3.10.1');
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toBe(
      [
        "src/client/types.gen.ts: formatted by declaration, it differs from prettier's output for the whole file, first at line 2:",
        '  by declaration: "b; "',
        '  whole file:     "b;"',
        'The check stopped rather than compare the committed file with output it cannot vouch for.',
      ].join('\n'),
    );
    expect(error.file).toBe('src/client/types.gen.ts');
    expect(error.fix).toBe(
      "this is a bug in openapi-drift's formatting by declaration (or a damaged entry in node_modules/.cache/openapi-drift/chunks): " +
        "please report it to openapi-drift's issue tracker with this message, the declaration around line 2 of the generated file " +
        '(or the snapshot), the prettier configuration that applies to the file and the versions of prettier (3.10.1) and openapi-drift. ' +
        'Meanwhile, OPENAPI_DRIFT_VERIFY_FORMAT=whole formats every file whole, exactly as prettier does; removing node_modules/.cache/openapi-drift rules out the cache',
    );
  });

  it('says where one version ends before the other, and an unknown prettier version', () => {
    const shorter = formatMismatch('a.ts', 'a;\n', 'a;\nb;\n', '');
    expect(shorter.message).toContain('first at line 2:\n  by declaration: ""\n  whole file:     "b;"\n');
    const longer = formatMismatch('a.ts', 'a;\nb;\nc;', 'a;\nb;', '');
    expect(longer.message).toContain('first at line 3:\n  by declaration: "c;"\n  whole file:     (the file ends before this line)\n');
    const none = formatMismatch('a.ts', 'x', '', '');
    expect(none.message).toContain('first at line 1:\n  by declaration: "x"\n  whole file:     ""\n');
    expect(formatMismatch('a.ts', 'a;\nb;\nc;', 'a;\nb;', '').fix).toContain('versions of prettier (unknown) and');
    expect(formatMismatch('a.ts', 'a;\nb;\nc;', 'a;\nb;', '').fix).toContain('around line 3 of');
  });

  it('shows the ends of both when the first lines match', () => {
    expect(formatMismatch('a.ts', 'a;', 'a;\n', '1').message).toContain('first at line 2:\n  by declaration: (the file ends before this line)\n  whole file:     ""\n');
  });
});

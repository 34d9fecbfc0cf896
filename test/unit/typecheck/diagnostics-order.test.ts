// Whole-program diagnostics come before those of any file, whichever side of the comparison they are on.
import path from 'node:path';
import { expect, test } from 'vitest';
import { compareDiagnostics } from '../../../packages/openapi-drift/src/typecheck/diagnostics.ts';

test('a diagnostic without a file sorts first against one with a file, both ways round', () => {
  const inFile = { file: path.resolve('/repo/a.ts'), line: 1, column: 1, start: 0, length: 1, code: 2322, message: 'x' };
  const whole = { code: 2688, message: 'y' };
  expect(compareDiagnostics(whole, inFile)).toBe(-1);
  expect(compareDiagnostics(inFile, whole)).toBe(1);
});

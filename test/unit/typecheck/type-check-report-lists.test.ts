// A failure with several causes and several fixes lists each: a known cause is named when any one
// of the errors shows it, and only messages that start with the compiler's words are read as a
// missing name or module.
import path from 'node:path';
import { expect, test } from 'vitest';
import { fixesFor, knownCauses, typeCheckFailure } from '../../../packages/openapi-drift/src/typecheck/type-check-report.ts';
import type { CompilerDiagnostic } from '../../../packages/openapi-drift/src/typecheck/diagnostics.ts';

const ROOT = path.resolve('/repo');
const CONTEXT = { displayRoot: ROOT, outputDir: path.join(ROOT, 'out'), snapshotFile: path.join(ROOT, 'openapi.json'), settingsFile: path.join(ROOT, 'openapi-drift.json') };
const error = (message: string, code: number): CompilerDiagnostic => ({ file: path.join(ROOT, 'out/sdk.gen.ts'), line: 1, column: 1, start: 0, length: 1, code, message });
const DEEP_OBJECT = error('Type \'{ array: { style: "deepObject"; }; }\' is not assignable to type \'ArrayStyle\'.', 2322);
const EXACT = error("Type 'undefined' is not assignable with 'exactOptionalPropertyTypes: true'.", 2379);

test('a known cause is named when one of the errors shows it', () => {
  expect(knownCauses([error('Other.', 2322), DEEP_OBJECT])).toHaveLength(1);
});

test('only a message that starts with the words is a missing name or module', () => {
  expect(fixesFor([error("Later: Cannot find name 'Blob'.", 2304), error("Later: Cannot find module 'zod'.", 2307)], undefined, ROOT)).toEqual([]);
});

test('every cause on a line of its own, every fix joined', () => {
  const failure = typeCheckFailure({ configFile: undefined, ownership: 'defaults', typescriptVersion: '6.0.2', fileCount: 1, diagnostics: [DEEP_OBJECT, EXACT, error("Cannot find name 'Blob'.", 2304), error("Cannot find module 'zod' or its corresponding type declarations.", 2307)], cached: false }, CONTEXT);
  expect(failure.message.split('\n').filter((line) => line.startsWith('cause: ')).map((line) => line.slice(0, 30))).toEqual(['cause: an array query paramete', 'cause: `exactOptionalPropertyT']);
  expect(failure.fix?.split('\n')[0]).toBe(
    'the client uses the fetch API\'s types (Blob), which are declared by the DOM library: add "DOM" to the "lib" of a tsconfig.json above the client; ' +
      'the client imports zod, which is not installed where it can see it: npm i zod; ' +
      'give the parameter another style in the spec, or keep it and turn the check off until @hey-api/openapi-ts generates code that compiles; ' +
      'compile the client under a project without exactOptionalPropertyTypes (a tsconfig of its own that includes the client folder), or turn the check off.',
  );
});

// A failed type check as the user reads it: which folder does not compile, as which snapshot
// generates it, with which options (the owner's, an importer's, a stand-in's, or the defaults and
// why), the errors, their known causes, the fix that fits them, and how to turn the check off.
import path from 'node:path';
import { expect, test } from 'vitest';
import { TypeCheckError } from '../../../packages/openapi-drift/src/core/errors.ts';
import { allFixesFor, fixesFor, knownCauses, turnOffAdvice, typeCheckFailure, MAX_LISTED_DIAGNOSTICS } from '../../../packages/openapi-drift/src/typecheck/type-check-report.ts';
import { describeCompilerOptions, type TypeCheckResult } from '../../../packages/openapi-drift/src/typecheck/type-check.ts';
import type { CompilerDiagnostic } from '../../../packages/openapi-drift/src/typecheck/diagnostics.ts';

const ROOT = path.resolve('/repo');
const CONTEXT = { displayRoot: ROOT, outputDir: path.join(ROOT, 'clients/shop/src/client'), snapshotFile: path.join(ROOT, 'clients/shop/openapi.json'), settingsFile: path.join(ROOT, 'clients/shop/openapi-drift.json') };
const error = (message: string, code = 2304, file = 'clients/shop/src/client/sdk.gen.ts'): CompilerDiagnostic => ({ file: path.join(ROOT, file), line: 1, column: 1, start: 0, length: 1, code, message });
const result = (diagnostics: CompilerDiagnostic[], configFile: string | undefined = path.join(ROOT, 'tsconfig.json')): TypeCheckResult => ({ configFile, ownership: 'owner', typescriptVersion: '6.0.2', fileCount: 3, diagnostics, cached: false });

const GENERATOR_FIX = 'this is what the generator makes of this spec with this config: change the spec or the hey-api config (plugins and their options), or report the generator output to @hey-api/openapi-ts';
const DEEP_OBJECT = 'Type \'{ array: { style: "deepObject"; }; }\' is not assignable to type \'ArrayStyle\'.';

test('the options in words: the owner, an importer, a stand-in, the defaults, with the TypeScript version', () => {
  const configFile = path.join(ROOT, 'web', 'tsconfig.json');
  expect(describeCompilerOptions({ configFile, ownership: 'owner', typescriptVersion: '6.0.2' }, ROOT)).toBe('the compiler options of web/tsconfig.json, TypeScript 6.0.2');
  expect(describeCompilerOptions({ configFile, ownership: 'importer', typescriptVersion: '6.0.2' }, ROOT)).toBe("the compiler options of web/tsconfig.json, whose files import the client (no tsconfig includes the client's files), TypeScript 6.0.2");
  expect(describeCompilerOptions({ configFile, ownership: 'nearest', typescriptVersion: '6.0.2' }, ROOT)).toBe("the compiler options of web/tsconfig.json, the nearest tsconfig above the client, though no tsconfig includes the client's files, TypeScript 6.0.2");
  // A tsconfig at the display root itself is named by its full path rather than by nothing.
  expect(describeCompilerOptions({ configFile, ownership: 'owner', typescriptVersion: '6.0.2' }, configFile)).toBe(`the compiler options of ${configFile}, TypeScript 6.0.2`);
  expect(describeCompilerOptions({ ownership: 'defaults', typescriptVersion: '6.0.2' }, ROOT)).toBe('default compiler options (strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck), since no tsconfig.json was found above the client, TypeScript 6.0.2');
  expect(describeCompilerOptions({ ownership: 'defaults', solution: path.join(ROOT, 'app', 'tsconfig.json'), typescriptVersion: '6.0.2' }, ROOT)).toBe(
    'default compiler options (strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck), since no tsconfig above the client includes its files and none that is not a solution stands in (app/tsconfig.json references projects that do not include them), TypeScript 6.0.2',
  );
  const solution = path.join(ROOT, 'tsconfig.json');
  expect(describeCompilerOptions({ ownership: 'defaults', solution, typescriptVersion: '6.0.2' }, solution)).toContain(`(${solution} references projects`);
});

test('missing DOM names: add "DOM" to the lib of the tsconfig used, or of one above the client, each name once', () => {
  const diagnostics = [error("Cannot find name 'RequestInit'."), error("Cannot find name 'Blob'. Did you mean 'Blobs'?"), error("Cannot find name 'RequestInit'."), error("Cannot find name 'process'."), error("Type 'Blob' is missing.")];
  const expected = 'the client uses the fetch API\'s types (RequestInit, Blob), which are declared by the DOM library: add "DOM" to';
  expect(fixesFor(diagnostics, path.join(ROOT, 'web/tsconfig.json'), ROOT)).toEqual([`${expected} "compilerOptions.lib" of web/tsconfig.json`]);
  expect(fixesFor(diagnostics, undefined, ROOT)).toEqual([`${expected} the "lib" of a tsconfig.json above the client`]);
  expect(fixesFor([error("Cannot find name 'process'.")], undefined, ROOT)).toEqual([]);
});

test('every global of the fetch API that the DOM library declares is recognised', () => {
  const names = ['BodyInit', 'HeadersInit', 'RequestInit', 'RequestCache', 'RequestCredentials', 'RequestMode', 'RequestRedirect', 'ReferrerPolicy', 'Blob', 'FormData', 'File', 'URLSearchParams', 'ReadableStream', 'EventSource', 'XMLHttpRequest', 'Window'];
  expect(fixesFor(names.map((name) => error(`Cannot find name '${name}'.`)), undefined, ROOT)).toEqual([`the client uses the fetch API's types (${names.join(', ')}), which are declared by the DOM library: add "DOM" to the "lib" of a tsconfig.json above the client`]);
});

test('packages that are not installed (TS2307, TS2792): npm i each once; relative modules are not packages', () => {
  const diagnostics = [
    error("Cannot find module '@hey-api/client-fetch' or its corresponding type declarations.", 2307),
    error("Cannot find module 'zod'. Did you mean to set the 'moduleResolution' option to 'nodenext'?", 2792),
    error("Cannot find module '@hey-api/client-fetch' or its corresponding type declarations.", 2307),
    error("Cannot find module './types.gen' or its corresponding type declarations.", 2307),
    error("Cannot find module 'other' here.", 2304),
  ];
  expect(fixesFor(diagnostics, undefined, ROOT)).toEqual(['the client imports @hey-api/client-fetch, zod, which is not installed where it can see it: npm i @hey-api/client-fetch zod']);
});

test('known causes, each once, with their fixes after the fixes that fit; else the generator fix', () => {
  const deepObject = error(DEEP_OBJECT, 2322);
  const exact = error("Type 'undefined' is not assignable to type 'string' with 'exactOptionalPropertyTypes: true'. Consider adding 'undefined'.", 2379);
  expect(knownCauses([deepObject, deepObject])).toEqual([expect.stringMatching(/^an array query parameter with `style: deepObject` in the spec/)]);
  expect(knownCauses([{ ...deepObject, code: 2345 }])).toEqual([]);
  expect(knownCauses([error('Type \'{ array: { style: "deepObject"; }; }\' is not assignable.', 2322)])).toEqual([]);
  expect(knownCauses([error("style: \"form\" is not 'ArrayStyle'", 2322)])).toEqual([]);
  expect(knownCauses([exact])).toEqual(['`exactOptionalPropertyTypes: true` in the compiler options: the fetch client of @hey-api/openapi-ts is not written for it']);
  expect(knownCauses([error("Cannot find name 'x'.")])).toEqual([]);
  expect(allFixesFor([exact, error("Cannot find name 'Blob'.")], undefined, ROOT)).toEqual([
    'the client uses the fetch API\'s types (Blob), which are declared by the DOM library: add "DOM" to the "lib" of a tsconfig.json above the client',
    'compile the client under a project without exactOptionalPropertyTypes (a tsconfig of its own that includes the client folder), or turn the check off',
  ]);
  expect(allFixesFor([deepObject], undefined, ROOT)).toEqual(['give the parameter another style in the spec, or keep it and turn the check off until @hey-api/openapi-ts generates code that compiles']);
  expect(allFixesFor([error("Cannot find name 'x'.")], undefined, ROOT)).toEqual([GENERATOR_FIX]);
});

test('the failure names the folder, the snapshot and the options, lists the errors, their causes, the fix and how to turn the check off', () => {
  const failure = typeCheckFailure(result([error("Cannot find name 'Blob'."), error('Second error.\nIts detail.', 2322, 'clients/shop/src/client/types.gen.ts')]), CONTEXT);
  expect(failure).toBeInstanceOf(TypeCheckError);
  expect(failure.message).toBe(
    'clients/shop/src/client, as clients/shop/openapi.json generates it, does not compile with the compiler options of tsconfig.json, TypeScript 6.0.2: 2 errors in the generated files\n' +
      "  clients/shop/src/client/sdk.gen.ts:1:1  TS2304  Cannot find name 'Blob'.\n" +
      '  clients/shop/src/client/types.gen.ts:1:1  TS2322  Second error.\n      Its detail.',
  );
  expect(failure.file).toBe('clients/shop/src/client');
  expect(failure.fix).toBe(
    'the client uses the fetch API\'s types (Blob), which are declared by the DOM library: add "DOM" to "compilerOptions.lib" of tsconfig.json.\n' +
      'When the errors are known and accepted, turn the check off with the reason in clients/shop/openapi-drift.json: "typeCheck": { "skip": true, "reason": "..." }',
  );
  const one = typeCheckFailure(result([error(DEEP_OBJECT, 2322), error('Other.', 2322)].slice(0, 1)), CONTEXT);
  expect(one.message).toMatch(/: 1 error in the generated files\n/);
  expect(one.message.split('\n').at(-1)).toMatch(/^cause: an array query parameter with `style: deepObject`/);
  expect(one.fix).toMatch(/^give the parameter another style in the spec, .*\.\nWhen the errors/);
  const many = typeCheckFailure(result(Array.from({ length: MAX_LISTED_DIAGNOSTICS + 3 }, (_, index) => error(`Error ${index}.`, 2322))), CONTEXT);
  expect(MAX_LISTED_DIAGNOSTICS).toBe(20);
  expect(many.message).toMatch(/: 23 errors in the generated files\n/);
  expect(many.message.split('\n').at(-1)).toBe('  ... and 3 more');
  expect(many.fix?.startsWith(`${GENERATOR_FIX}.\n`)).toBe(true);
  // Paths shown as they are when the display root is the folder itself.
  expect(turnOffAdvice({ displayRoot: CONTEXT.settingsFile, settingsFile: CONTEXT.settingsFile })).toContain(`the reason in ${CONTEXT.settingsFile}:`);
});

// A failed type check as a person reads it: what does not compile, against which options, the
// compiler's own diagnostics, and the fix that fits the errors seen.
import path from 'node:path';
import { TypeCheckError } from '../core/errors.ts';
import { formatDiagnosticList, type CompilerDiagnostic } from './diagnostics.ts';
import { describeCompilerOptions, type TypeCheckResult } from './type-check.ts';

/** How many diagnostics a failure lists; the rest are counted. */
export const MAX_LISTED_DIAGNOSTICS = 20;

export interface TypeCheckContext {
  displayRoot: string;
  /** The client's output folder and snapshot, absolute. */
  outputDir: string;
  snapshotFile: string;
  /** The client's openapi-drift.json, absolute, where the check can be turned off. */
  settingsFile: string;
}

// Globals of the browser that the fetch client's code names; without "DOM" in lib they are missing.
const DOM_NAMES = new Set(['BodyInit', 'HeadersInit', 'RequestInit', 'RequestCache', 'RequestCredentials', 'RequestMode', 'RequestRedirect', 'ReferrerPolicy', 'Blob', 'FormData', 'File', 'URLSearchParams', 'ReadableStream', 'EventSource', 'XMLHttpRequest', 'Window']);

const shown = (file: string, displayRoot: string) => path.relative(displayRoot, file).split(path.sep).join('/') || file;

/** The fix when the errors point at nothing in the repository. */
const GENERATOR_FIX = 'this is what the generator makes of this spec with this config: change the spec or the hey-api config (plugins and their options), or report the generator output to @hey-api/openapi-ts';

/** Known reasons why the generated code does not compile, each told by the errors it causes, with its fix. */
const KNOWN_CAUSES: Array<{ matches: (diagnostic: CompilerDiagnostic) => boolean; cause: string; fix: string }> = [
  {
    matches: (diagnostic) => diagnostic.code === 2322 && diagnostic.message.includes('style: "deepObject"') && diagnostic.message.includes("'ArrayStyle"),
    cause:
      'an array query parameter with `style: deepObject` in the spec: @hey-api/openapi-ts passes `{ array: { style: "deepObject" } }` to a serializer option whose type does not allow it (a defect of the generated code, not of this repository)',
    fix: 'give the parameter another style in the spec, or keep it and turn the check off until @hey-api/openapi-ts generates code that compiles',
  },
  {
    matches: (diagnostic) => diagnostic.message.includes("with 'exactOptionalPropertyTypes: true'"),
    cause: '`exactOptionalPropertyTypes: true` in the compiler options: the fetch client of @hey-api/openapi-ts is not written for it',
    fix: 'compile the client under a project without exactOptionalPropertyTypes (a tsconfig of its own that includes the client folder), or turn the check off',
  },
];

/** The known causes of the diagnostics, once each. */
export function knownCauses(diagnostics: CompilerDiagnostic[]): string[] {
  return KNOWN_CAUSES.filter((known) => diagnostics.some(known.matches)).map((known) => known.cause);
}

/** Every fix that matches the diagnostics, or the generator's when none does. */
export function allFixesFor(diagnostics: CompilerDiagnostic[], configFile: string | undefined, displayRoot: string): string[] {
  const fixes = [...fixesFor(diagnostics, configFile, displayRoot), ...KNOWN_CAUSES.filter((known) => diagnostics.some(known.matches)).map((known) => known.fix)];
  return fixes.length ? fixes : [GENERATOR_FIX];
}

/** Fixes that match the diagnostics: a missing library, a package that is not installed. */
export function fixesFor(diagnostics: CompilerDiagnostic[], configFile: string | undefined, displayRoot: string): string[] {
  const fixes: string[] = [];
  // Stryker disable next-line StringLiteral: equivalent, a message that names no missing global gives a word that is no DOM name either way
  const missingDom = [...new Set(diagnostics.flatMap((diagnostic) => (/^Cannot find name '([^']+)'/.exec(diagnostic.message)?.[1] ?? '')).filter((name) => DOM_NAMES.has(name)))];
  if (missingDom.length) {
    const where = configFile ? `"compilerOptions.lib" of ${shown(configFile, displayRoot)}` : 'the "lib" of a tsconfig.json above the client';
    fixes.push(`the client uses the fetch API's types (${missingDom.join(', ')}), which are declared by the DOM library: add "DOM" to ${where}`);
  }
  const missingPackages = [...new Set(diagnostics.flatMap((diagnostic) => (diagnostic.code === 2307 || diagnostic.code === 2792 ? (/^Cannot find module '([^'.][^']*)'/.exec(diagnostic.message)?.[1] ?? '') : '')).filter(Boolean))];
  if (missingPackages.length) fixes.push(`the client imports ${missingPackages.join(', ')}, which is not installed where it can see it: npm i ${missingPackages.join(' ')}`);
  return fixes;
}

export function typeCheckFailure(result: TypeCheckResult, context: TypeCheckContext): TypeCheckError {
  const { displayRoot } = context;
  const count = result.diagnostics.length;
  const message =
    `${shown(context.outputDir, displayRoot)}, as ${shown(context.snapshotFile, displayRoot)} generates it, does not compile with ` +
    `${describeCompilerOptions(result, displayRoot)}: ${count} error${count === 1 ? '' : 's'} in the generated files\n` +
    formatDiagnosticList(result.diagnostics, displayRoot, MAX_LISTED_DIAGNOSTICS) +
    knownCauses(result.diagnostics)
      .map((cause) => `\ncause: ${cause}`)
      .join('');
  const fixes = allFixesFor(result.diagnostics, result.configFile, displayRoot);
  const turnOff = turnOffAdvice(context);
  return new TypeCheckError(message, { file: shown(context.outputDir, displayRoot), fix: `${fixes.join('; ')}.\n${turnOff}` });
}

/** How to turn the check off, where, and that a reason is required. */
export function turnOffAdvice(context: Pick<TypeCheckContext, 'displayRoot' | 'settingsFile'>): string {
  return `When the errors are known and accepted, turn the check off with the reason in ${shown(context.settingsFile, context.displayRoot)}: "typeCheck": { "skip": true, "reason": "..." }`;
}

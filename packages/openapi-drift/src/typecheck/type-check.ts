// Does the client compile? The regenerated files are compiled in memory, at their committed paths,
// with the compiler options that the team's code is compiled with (the nearest tsconfig.json), and
// only the errors located in the generated files count: the rest of the project is not this
// check's business. Nothing is written. The result is cached with the regeneration (see
// result-cache.ts), so an unchanged client is not compiled again.
import path from 'node:path';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { checkOnlyOptions, DEFAULT_OPTIONS_TEXT, nearestCompilerSetup } from './compiler-setup.ts';
import { compareDiagnostics, errorsOnly, toCompilerDiagnostic, type CompilerDiagnostic } from './diagnostics.ts';
import { createCheckingHost, type Overlay } from './overlay-host.ts';
import { readCachedTypeCheck, typeCheckKey, writeCachedTypeCheck } from './result-cache.ts';
import { isTypeScriptFile, loadTypeScript } from './typescript.ts';

export interface TypeCheckResult {
  /** The tsconfig.json whose options were used; absent when there is none and the defaults were used. */
  configFile?: string;
  typescriptVersion: string;
  /** The generated files that were compiled. */
  fileCount: number;
  /** The compiler's errors in the generated files (and of the whole program), sorted. */
  diagnostics: CompilerDiagnostic[];
  /** Served from the cache rather than compiled now. */
  cached: boolean;
}

export interface TypeCheckOptions {
  /** Paths in messages are shown relative to this folder. Default: the current directory. */
  displayRoot?: string;
}

/** The generated tree of a regeneration, as absolute paths in its output folder. */
export function overlayOf(regeneration: Regeneration): Overlay {
  const files = new Map<string, string>();
  for (const [relative, text] of regeneration.files) files.set(path.join(regeneration.outputDir, ...relative.split('/')), text);
  return { dir: regeneration.outputDir, files };
}

/** Type-checks the files of a regeneration, from the cache when nothing they depend on changed. */
export async function typeCheckRegeneration(regeneration: Regeneration, options: TypeCheckOptions = {}): Promise<TypeCheckResult> {
  const key = await typeCheckKey(regeneration);
  const cached = await readCachedTypeCheck(regeneration.clientDir, key);
  if (cached) return { ...cached, cached: true };
  const result = await compileRegeneration(regeneration, options.displayRoot ?? process.cwd());
  await writeCachedTypeCheck(regeneration.clientDir, key, result);
  return { ...result, cached: false };
}

async function compileRegeneration(regeneration: Regeneration, displayRoot: string): Promise<Omit<TypeCheckResult, 'cached'>> {
  const shownDir = path.relative(displayRoot, regeneration.clientDir) || '.';
  const { ts, version } = await loadTypeScript(regeneration.clientDir, shownDir);
  const setup = nearestCompilerSetup(ts, regeneration.clientDir, displayRoot);
  const overlay = overlayOf(regeneration);
  const rootNames = [...overlay.files.keys()].filter(isTypeScriptFile);
  const compilerOptions = checkOnlyOptions(setup.options);
  const program = ts.createProgram({ rootNames, options: compilerOptions, host: createCheckingHost(ts, compilerOptions, new Map(), overlay) });
  // Program-wide diagnostics fail tsc as file diagnostics do: options (a `types` package that is
  // not installed, TS2688) and globals (`noLib`, TS2318).
  const found = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of rootNames) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    found.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
  }
  const diagnostics = errorsOnly(ts, found).map((diagnostic) => toCompilerDiagnostic(ts, diagnostic)).sort(compareDiagnostics);
  return { configFile: setup.configFile, typescriptVersion: version, fileCount: rootNames.length, diagnostics };
}

/** Which options were used, in words: the tsconfig, or the defaults. */
export function describeCompilerOptions(result: Pick<TypeCheckResult, 'configFile' | 'typescriptVersion'>, displayRoot: string): string {
  const source = result.configFile
    ? `the compiler options of ${path.relative(displayRoot, result.configFile).split(path.sep).join('/') || result.configFile}`
    : `default compiler options (${DEFAULT_OPTIONS_TEXT}), since no tsconfig.json was found above the client`;
  return `${source}, TypeScript ${result.typescriptVersion}`;
}

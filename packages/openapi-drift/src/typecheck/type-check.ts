// Does the client compile? The regenerated files are compiled in memory, at their committed paths,
// under the compiler options of the project that owns them (compiler-setup.ts), in a program that
// holds that project's own files as `tsc -p` would, so that its global declarations apply. Only
// the errors located in the generated files count: the rest of the project is not this check's
// business. Nothing is written. The result is cached with what the compiler read (see
// result-cache.ts), so an unchanged client is not compiled again.
import path from 'node:path';
import { recordReads } from '../core/read-recorder.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { checkOnlyOptions, DEFAULT_OPTIONS_TEXT, owningCompilerSetup, type Ownership } from './compiler-setup.ts';
import { compareDiagnostics, errorsOnly, toCompilerDiagnostic, type CompilerDiagnostic } from './diagnostics.ts';
import { createCheckingHost, type Overlay } from './overlay-host.ts';
import { readCachedTypeCheck, typeCheckKey, writeCachedTypeCheck } from './result-cache.ts';
import { isTypeScriptFile, loadTypeScript, type TypeScriptApi } from './typescript.ts';

export interface TypeCheckResult {
  /** The tsconfig.json whose options were used; absent when there is none and the defaults were used. */
  configFile?: string;
  /** `owner`: the project whose files include the client; `importer`: a project whose files import it; `nearest`: the nearest tsconfig that is not a solution, though it does not include them; `defaults`: none. */
  ownership: Ownership;
  /** The nearest solution-style tsconfig, when the defaults were used because none of its projects includes the client. */
  solution?: string;
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

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Type-checks the files of a regeneration, from the cache when nothing the compiler read has changed. */
export async function typeCheckRegeneration(regeneration: Regeneration, options: TypeCheckOptions = {}): Promise<TypeCheckResult> {
  const key = await typeCheckKey(regeneration);
  const cached = await readCachedTypeCheck(regeneration.clientDir, key);
  if (cached) return { ...cached, cached: true };
  const shownDir = path.relative(options.displayRoot ?? process.cwd(), regeneration.clientDir) || '.';
  const { ts, version } = await loadTypeScript(regeneration.clientDir, shownDir);
  // The compile is synchronous: nothing else in this process reads files while it is recorded.
  // The output folder is served from memory; what is committed there is not the compiler's input.
  const recording = recordReads((file) => isInside(regeneration.outputDir, file));
  let result: Omit<TypeCheckResult, 'cached'>;
  try {
    result = compileRegeneration(ts, version, regeneration, options.displayRoot ?? process.cwd());
  } finally {
    recording.stop();
  }
  await writeCachedTypeCheck(regeneration.clientDir, key, result, recording.records(), recording.unstable());
  return { ...result, cached: false };
}

function compileRegeneration(ts: TypeScriptApi, version: string, regeneration: Regeneration, displayRoot: string): Omit<TypeCheckResult, 'cached'> {
  const overlay = overlayOf(regeneration);
  const generated = [...overlay.files.keys()].filter(isTypeScriptFile);
  const setup = owningCompilerSetup(ts, generated, regeneration.clientDir, displayRoot);
  // The files of the project that compiles the client (its owner, or a project whose files import
  // it) as tsc -p lists them, what is committed in the output folder replaced by the regenerated
  // files; a stand-in contributes its declaration files only, since it does not compile the client.
  const projectFiles = setup.fileNames.filter((file) => !isInside(regeneration.outputDir, file) && (setup.ownership === 'owner' || setup.ownership === 'importer' || /\.d\.[cm]?ts$/.test(file)));
  const compilerOptions = checkOnlyOptions(setup.options);
  const program = ts.createProgram({ rootNames: [...projectFiles, ...generated], options: compilerOptions, host: createCheckingHost(ts, compilerOptions, new Map(), overlay) });
  // Program-wide diagnostics fail tsc as file diagnostics do: options (a `types` package that is
  // not installed, TS2688) and globals (`noLib`, TS2318).
  const found = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of generated) {
    const source = program.getSourceFile(file);
    // Stryker disable next-line ConditionalExpression: equivalent, every generated file is a root of the program, so it is always there
    if (!source) continue;
    found.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
  }
  const diagnostics = errorsOnly(ts, found).map((diagnostic) => toCompilerDiagnostic(ts, diagnostic)).sort(compareDiagnostics);
  return { configFile: setup.configFile, ownership: setup.ownership, ...(setup.solution ? { solution: setup.solution } : {}), typescriptVersion: version, fileCount: generated.length, diagnostics };
}

/** Which options were used, in words: the owning tsconfig, the one that stands in for it, or the defaults. */
export function describeCompilerOptions(result: Pick<TypeCheckResult, 'configFile' | 'ownership' | 'solution' | 'typescriptVersion'>, displayRoot: string): string {
  return `${describeSetup(result, displayRoot)}, TypeScript ${result.typescriptVersion}`;
}

function describeSetup(result: Pick<TypeCheckResult, 'configFile' | 'ownership' | 'solution'>, displayRoot: string): string {
  if (result.configFile) {
    const shown = path.relative(displayRoot, result.configFile).split(path.sep).join('/') || result.configFile;
    if (result.ownership === 'owner') return `the compiler options of ${shown}`;
    if (result.ownership === 'importer') return `the compiler options of ${shown}, whose files import the client (no tsconfig includes the client's files)`;
    return `the compiler options of ${shown}, the nearest tsconfig above the client, though no tsconfig includes the client's files`;
  }
  const why = result.solution
    ? `no tsconfig above the client includes its files and none that is not a solution stands in (${path.relative(displayRoot, result.solution).split(path.sep).join('/') || result.solution} references projects that do not include them)`
    : 'no tsconfig.json was found above the client';
  return `default compiler options (${DEFAULT_OPTIONS_TEXT}), since ${why}`;
}

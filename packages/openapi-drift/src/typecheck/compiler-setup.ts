// The compiler options that code is really compiled with: those of the project that owns it, found
// the way tsc and the editor find it (the nearest tsconfig.json, its `references` followed through
// solution-style configs such as Vite's), and read the way tsc reads it (extends, defaults and
// all). When no project includes the code, the nearest tsconfig that is not a solution stands in,
// and without one, defaults that a TypeScript project of today would start from; the caller says so.
import path from 'node:path';
import type { CompilerOptions, Diagnostic } from 'typescript';
import { ConfigError } from '../core/errors.ts';
import { importedSpecifiers, type TypeScriptApi } from './typescript.ts';

export interface CompilerSetup {
  options: CompilerOptions;
  /** The tsconfig.json the options come from; absent when the defaults are used. */
  configFile?: string;
  /** The files the tsconfig includes (none for the defaults). */
  fileNames: string[];
  /** The project references of the tsconfig, as absolute tsconfig paths. */
  references: string[];
}

/** Described wherever the defaults are used, so that nobody mistakes them for the project's own. */
export const DEFAULT_OPTIONS_TEXT = 'strict, target ES2022, module ESNext with Bundler resolution, lib ES2022 and DOM, skipLibCheck';

export function defaultCompilerOptions(ts: TypeScriptApi): CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    // Library file names as the compiler stores them after reading a tsconfig.
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    skipLibCheck: true,
    noEmit: true,
  };
}

/** The tsconfig.json that tsc would use for code in `dir`: the nearest one at or above it. */
export function findNearestConfig(ts: TypeScriptApi, dir: string): string | undefined {
  return ts.findConfigFile(dir, ts.sys.fileExists, 'tsconfig.json');
}

/**
 * How a setup was found: the project whose file list holds the files, a project whose files import
 * them (tsc compiles them in its program), a stand-in above them, or none.
 */
export type Ownership = 'owner' | 'importer' | 'nearest' | 'defaults';

export interface OwningSetup extends CompilerSetup {
  ownership: Ownership;
  /** With the defaults: the nearest tsconfig, a solution none of whose projects includes the files. */
  solution?: string;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file in a worktree). */
function repositoryRoot(ts: TypeScriptApi, dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const git = path.join(current, '.git');
    if (ts.sys.directoryExists(git) || ts.sys.fileExists(git)) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** A solution-style tsconfig (`"files": []` with references) only points at the projects that hold the options. */
function isSolution(setup: CompilerSetup): boolean {
  return setup.fileNames.length === 0 && setup.references.length > 0;
}

/**
 * Whether the files of a project import one of `wanted`, from file to file as the compiler follows
 * imports (resolved with the project's options; packages under node_modules are not walked into).
 */
function importsAny(ts: TypeScriptApi, setup: CompilerSetup, wanted: Set<string>): boolean {
  // Stryker disable next-line StringLiteral,LogicalOperator: equivalent, every project looked at has a tsconfig, and the cache is given absolute paths only
  const cache = ts.createModuleResolutionCache(path.dirname(setup.configFile ?? '.'), (name) => name, setup.options);
  const queue = [...setup.fileNames];
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.pop() as string;
    const text = ts.sys.readFile(file);
    if (text === undefined) continue;
    for (const specifier of importedSpecifiers(ts, text)) {
      const resolved = ts.resolveModuleName(specifier, file, setup.options, ts.sys, cache).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = path.resolve(resolved.resolvedFileName);
      if (wanted.has(target)) return true;
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}

/**
 * The project that compiles `files` (absolute paths): at each tsconfig.json from `dir` upwards, that
 * tsconfig or, depth first in their order, the projects it references, the first whose file list
 * holds one of them (as tsserver picks a file's project). Else the first of those projects whose
 * files import them (tsc -b compiles them there). Else the nearest tsconfig above that is not a
 * solution, else the defaults.
 */
export function owningCompilerSetup(ts: TypeScriptApi, files: string[], dir: string, displayRoot: string): OwningSetup {
  const wanted = new Set(files.map((file) => path.resolve(file)));
  const setups = new Map<string, CompilerSetup>();
  const read = (configFile: string): CompilerSetup => {
    let setup = setups.get(configFile);
    // Stryker disable next-line ConditionalExpression: equivalent, a tsconfig read again is read to the same setup
    if (!setup) {
      setup = readCompilerSetup(ts, configFile, displayRoot);
      // Stryker disable next-line CallExpression: equivalent, a tsconfig read again is read to the same setup
      setups.set(configFile, setup);
    }
    return setup;
  };
  const search = (configFile: string, seen: Set<string>): CompilerSetup | undefined => {
    // A reference to a project that is not there is for tsc -b to report; it owns nothing.
    if (seen.has(configFile) || !ts.sys.fileExists(configFile)) return undefined;
    seen.add(configFile);
    const setup = read(configFile);
    visited.push(setup);
    if (setup.fileNames.some((file) => wanted.has(file))) return setup;
    for (const reference of setup.references) {
      const found = search(reference, seen);
      if (found) return found;
    }
    return undefined;
  };
  // Every project looked at, in the order looked at: the importers are searched among them.
  const visited: CompilerSetup[] = [];
  let nearest: CompilerSetup | undefined;
  let solution: string | undefined;
  // The search goes up to the repository's root (the folder with .git), never into the folders around it.
  const ceiling = repositoryRoot(ts, dir);
  for (let current = path.resolve(dir); ; ) {
    const found = findNearestConfig(ts, current);
    if (!found) break;
    const configFile = path.resolve(found);
    if (ceiling !== undefined && !isInside(ceiling, configFile)) break;
    const owner = search(configFile, new Set());
    if (owner) return { ...owner, ownership: 'owner' };
    if (isSolution(read(configFile))) solution ??= configFile;
    else nearest ??= read(configFile);
    const parent = path.dirname(path.dirname(configFile));
    if (parent === path.dirname(configFile)) break;
    current = parent;
  }
  const importer = visited.find((setup) => importsAny(ts, setup, wanted));
  if (importer) return { ...importer, ownership: 'importer' };
  return nearest ? { ...nearest, ownership: 'nearest' } : { options: defaultCompilerOptions(ts), fileNames: [], references: [], ownership: 'defaults', ...(solution ? { solution } : {}) };
}

// "No inputs were found": the options are still valid for files the tsconfig does not list.
const IGNORED_CONFIG_ERRORS = new Set([18003]);

/** Reads one tsconfig as tsc does. A tsconfig that tsc would refuse is the user's to fix. */
export function readCompilerSetup(ts: TypeScriptApi, configFile: string, displayRoot: string): CompilerSetup {
  const absolute = path.resolve(configFile);
  const shown = path.relative(displayRoot, absolute) || absolute;
  const fail = (diagnostics: readonly Diagnostic[]) =>
    new ConfigError(`${shown} cannot be read as tsc reads it: ${diagnostics.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')).join('; ')}`, {
      file: shown,
      fix: `fix ${shown} until \`npx tsc -p ${shown} --noEmit\` accepts it`,
    });
  const parsed = ts.getParsedCommandLineOfConfigFile(absolute, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw fail([diagnostic]);
    },
  });
  // Stryker disable next-line ConditionalExpression,BlockStatement,ArrayDeclaration: equivalent, the compiler returns nothing only after the callback above, which throws
  if (!parsed) throw fail([]);
  const errors = parsed.errors.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !IGNORED_CONFIG_ERRORS.has(diagnostic.code));
  if (errors.length) throw fail(errors);
  return {
    options: parsed.options,
    configFile: absolute,
    fileNames: parsed.fileNames.map((file) => path.resolve(file)),
    references: (parsed.projectReferences ?? []).map((reference) => ts.resolveProjectReferencePath(reference)),
  };
}

/**
 * The options for checking without emitting. Emit settings that only make sense for a build
 * (composite, incremental, declaration files) would make the compiler complain about themselves.
 */
export function checkOnlyOptions(options: CompilerOptions): CompilerOptions {
  const checking: CompilerOptions = { ...options, noEmit: true };
  for (const name of ['composite', 'incremental', 'tsBuildInfoFile', 'declaration', 'declarationMap', 'emitDeclarationOnly'] as const) delete checking[name];
  return checking;
}

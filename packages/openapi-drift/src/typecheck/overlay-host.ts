// A compiler host that serves a generated tree from memory at its committed paths. The output
// folder is replaced whole, as a regeneration would replace it: a file there that the overlay does
// not hold does not exist. Everything else is read from disk, and nothing is ever written.
import path from 'node:path';
import type { CompilerHost, CompilerOptions, SourceFile } from 'typescript';
import type { TypeScriptApi } from './typescript.ts';

export interface Overlay {
  /** The folder the overlay replaces (the client's output folder). */
  dir: string;
  /** File contents by absolute path, all inside `dir`. */
  files: Map<string, string>;
}

/**
 * Parsed files from disk, shared by the programs of one run: the standard library and the
 * repository's code are parsed once, not once per program.
 */
export type SourceFileCache = Map<string, SourceFile | undefined>;

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The folders that hold overlay files, with all their ancestors up to the overlay's folder. */
function overlayFolders(overlay: Overlay): Set<string> {
  const folders = new Set<string>([overlay.dir]);
  for (const file of overlay.files.keys()) {
    // Stryker disable next-line LogicalOperator: equivalent, the folders above the overlay's exist on disk too, so adding them changes no answer
    for (let dir = path.dirname(file); isInside(overlay.dir, dir) && !folders.has(dir); dir = path.dirname(dir)) folders.add(dir);
  }
  return folders;
}

export function createCheckingHost(ts: TypeScriptApi, options: CompilerOptions, sourceFiles: SourceFileCache, overlay?: Overlay): CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const folders = overlay ? overlayFolders(overlay) : new Set<string>();
  const replaced = (file: string) => overlay !== undefined && isInside(overlay.dir, path.resolve(file));
  const overlaid = (file: string) => overlay?.files.get(path.resolve(file));
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  // The compiler's own host always has one.
  const directoryExists = (host.directoryExists as (dir: string) => boolean).bind(host);
  const getSourceFile = host.getSourceFile.bind(host);

  host.fileExists = (file) => overlaid(file) !== undefined || (!replaced(file) && fileExists(file));
  host.readFile = (file) => overlaid(file) ?? (replaced(file) ? undefined : readFile(file));
  host.directoryExists = (dir) => folders.has(path.resolve(dir)) || (!replaced(dir) && directoryExists(dir));
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const text = overlaid(file);
    // Stryker disable next-line BooleanLiteral: equivalent, the compiler's binder sets the parents of every file it checks
    if (text !== undefined) return ts.createSourceFile(file, text, languageVersion, true);
    if (replaced(file)) return undefined;
    const key = `${JSON.stringify(languageVersion)}:${path.resolve(file)}`;
    if (!sourceFiles.has(key)) sourceFiles.set(key, getSourceFile(file, languageVersion, onError, shouldCreate));
    return sourceFiles.get(key);
  };
  // The compiler's own host always has one.
  const realpath = (host.realpath as (file: string) => string).bind(host);
  // The overlay's files are real files to the compiler: never let it resolve them elsewhere.
  host.realpath = (file) => (replaced(file) ? file : realpath(file));
  host.writeFile = (file) => {
    throw new Error(`openapi-drift never writes while type-checking, yet the compiler asked to write ${file}`);
  };
  return host;
}

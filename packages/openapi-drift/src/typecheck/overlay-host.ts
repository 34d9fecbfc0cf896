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
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The folders that hold overlay files, with all their ancestors up to the overlay's folder. */
function overlayFolders(overlay: Overlay): Set<string> {
  const folders = new Set<string>([overlay.dir]);
  for (const file of overlay.files.keys()) {
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
  const directoryExists = host.directoryExists?.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);

  host.fileExists = (file) => overlaid(file) !== undefined || (!replaced(file) && fileExists(file));
  host.readFile = (file) => overlaid(file) ?? (replaced(file) ? undefined : readFile(file));
  host.directoryExists = (dir) => folders.has(path.resolve(dir)) || (!replaced(dir) && (directoryExists?.(dir) ?? true));
  host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
    const text = overlaid(file);
    if (text !== undefined) return ts.createSourceFile(file, text, languageVersion, true);
    if (replaced(file)) return undefined;
    const key = `${typeof languageVersion === 'object' ? JSON.stringify(languageVersion) : languageVersion}:${path.resolve(file)}`;
    if (!sourceFiles.has(key)) sourceFiles.set(key, getSourceFile(file, languageVersion, onError, shouldCreate));
    return sourceFiles.get(key);
  };
  // The overlay's files are real files to the compiler: never let it resolve them elsewhere.
  const realpath = host.realpath?.bind(host);
  host.realpath = (file) => (overlaid(file) !== undefined || replaced(file) ? file : (realpath?.(file) ?? file));
  host.writeFile = (file) => {
    throw new Error(`openapi-drift never writes while type-checking, yet the compiler asked to write ${file}`);
  };
  return host;
}

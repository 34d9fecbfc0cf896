// The team's own TypeScript, loaded from the client folder as the generator and prettier are: the
// type check must judge the generated code with the compiler that the team's build uses. Only
// types are imported statically; the module itself is resolved at run time (see core/peers.ts).
import path from 'node:path';
import type * as TypeScript from 'typescript';
import { importEntry, requirePeer } from '../core/peers.ts';

export type TypeScriptApi = typeof TypeScript;

export interface LoadedTypeScript {
  ts: TypeScriptApi;
  version: string;
  /** The package folder, links resolved. */
  dir: string;
}

// Loading the compiler costs about half a second: once per package folder and process.
const loaded = new Map<string, Promise<LoadedTypeScript>>();

/** The `typescript` package that `fromDir` sees, loaded once per process. */
export async function loadTypeScript(fromDir: string, shownDir: string): Promise<LoadedTypeScript> {
  const located = requirePeer('typescript', fromDir, shownDir);
  let loading = loaded.get(located.dir);
  if (!loading) {
    loading = import(importEntry(located)).then((module: { default?: TypeScriptApi } & TypeScriptApi) => ({
      // The compiler is CommonJS: its API is the default export of the ESM view.
      // Stryker disable next-line LogicalOperator: equivalent, Node gives the compiler's API both as the default export and as named exports
      ts: module.default ?? module,
      version: located.version,
      dir: located.dir,
    }));
    loaded.set(located.dir, loading);
  }
  return loading;
}

/** Whether the compiler reads `file` as code (a .ts, .tsx, .mts or .cts file, declarations included). */
export function isTypeScriptFile(file: string): boolean {
  return /\.(?:[cm]?ts|tsx)$/.test(path.basename(file));
}

/** What a file imports or re-exports from. The compiler's quick scan does not see `export * as name from`. */
export function importedSpecifiers(ts: TypeScriptApi, text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
  for (const match of text.matchAll(/\bexport\s*\*\s*as\s+[\w$]+\s*from\s*['"]([^'"]+)['"]/g)) found.push(match[1] as string);
  return found;
}

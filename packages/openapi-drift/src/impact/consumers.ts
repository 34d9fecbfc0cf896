// Where a client is used: the repository's TypeScript files that import its output folder, by a
// relative path or by any name the compiler resolves there (a `paths` alias, a workspace package),
// or that import a module which re-exports it (a barrel such as a workspace package's
// `export * from './client'`, followed as far as re-exports go), and the tsconfig each of them is
// compiled with: the repository root's tsconfig.json when it includes the file (or a project it
// references does), else the nearest one above the file. Files that reach the client only through
// the own exports of code that uses it (a wrapper's return type) are not examined, and are named.
import fs from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isBuiltin } from 'node:module';
import { glob } from 'tinyglobby';
import type { ModuleResolutionCache } from 'typescript';
import { defaultCompilerOptions, findNearestConfig, readCompilerSetup, type CompilerSetup } from '../typecheck/compiler-setup.ts';
import { importedSpecifiers, type TypeScriptApi } from '../typecheck/typescript.ts';

const CODE_FILES = '**/*.{ts,tsx,mts,cts}';

export interface ConsumerGroup {
  /** The compiler setup the files are compiled with. */
  setup: CompilerSetup;
  /** The files that import the client, absolute. */
  files: string[];
  /** Set when no tsconfig includes the files and the nearest one's options (or the defaults) stand in. */
  notIncluded?: boolean;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Reads each tsconfig once per search. */
class Setups {
  private readonly known = new Map<string, CompilerSetup>();
  private readonly caches = new Map<string, ModuleResolutionCache>();
  private readonly ts: TypeScriptApi;
  private readonly displayRoot: string;

  constructor(ts: TypeScriptApi, displayRoot: string) {
    this.ts = ts;
    this.displayRoot = displayRoot;
  }

  read(configFile: string): CompilerSetup {
    let setup = this.known.get(configFile);
    // Stryker disable next-line ConditionalExpression: equivalent, a tsconfig read again is read to the same setup
    if (!setup) {
      setup = readCompilerSetup(this.ts, configFile, this.displayRoot);
      // Stryker disable next-line CallExpression: equivalent, a tsconfig read again is read to the same setup
      this.known.set(configFile, setup);
    }
    return setup;
  }

  /** The setup of the nearest tsconfig above `dir`, or the defaults. */
  nearest(dir: string): CompilerSetup {
    const configFile = findNearestConfig(this.ts, dir);
    // Stryker disable next-line ArrayDeclaration: equivalent, the defaults stand in for a file no tsconfig includes: their files and references are never looked at
    return configFile ? this.read(path.resolve(configFile)) : { options: defaultCompilerOptions(this.ts), fileNames: [], references: [] };
  }

  // Stryker disable next-line BlockStatement: equivalent, only a cache: the compiler resolves alike without one
  resolutionCache(setup: CompilerSetup): ModuleResolutionCache {
    // Stryker disable next-line StringLiteral: equivalent, the key of the defaults only has to differ from every tsconfig's path
    const key = setup.configFile ?? '';
    let cache = this.caches.get(key);
    // Stryker disable next-line ConditionalExpression,BooleanLiteral,BlockStatement: equivalent, only a cache: the compiler resolves alike with a new one, or without one
    if (!cache) {
      // Stryker disable next-line LogicalOperator,StringLiteral: equivalent, every path the cache is given is absolute, so its current folder is never used
      cache = this.ts.createModuleResolutionCache(path.dirname(key || '.'), (name) => name, setup.options);
      // Stryker disable next-line CallExpression: equivalent, only a cache: the compiler resolves alike with a new one
      this.caches.set(key, cache);
    }
    return cache;
  }
}

/** Where `specifier`, imported by `file`, resolves (links resolved), as the file's tsconfig resolves it. */
function resolveImport(ts: TypeScriptApi, file: string, specifier: string, outputDir: string, setups: Setups): string | undefined {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    // Into the output folder by path, whatever file the compiler would pick there.
    const target = path.resolve(path.dirname(file), specifier);
    if (isInside(outputDir, target)) return target;
  }
  const setup = setups.nearest(path.dirname(file));
  const resolved = ts.resolveModuleName(specifier, file, setup.options, ts.sys, setups.resolutionCache(setup)).resolvedModule;
  return resolved ? realpathOr(path.resolve(resolved.resolvedFileName)) : undefined;
}

/**
 * The specifiers whose exports `file` passes on: `export * from`, `export { a } from`, and the
 * export of a name it imported (`import { a } from 'x'; export { a }`, `export default a`).
 */
function reExportedSpecifiers(ts: TypeScriptApi, file: string, text: string): Set<string> {
  // Stryker disable next-line BooleanLiteral: equivalent, only the statements and their names are read, never a parent
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const importedFrom = new Map<string, string>();
  const passed = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const from = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause?.name) importedFrom.set(clause.name.text, from);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) importedFrom.set(bindings.name.text, from);
      if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) importedFrom.set(element.name.text, from);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      importedFrom.set(statement.name.text, statement.moduleReference.expression.text);
      // Stryker disable next-line MethodExpression: equivalent, `export` is the only modifier an import-equals declaration can have
      if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) passed.add(statement.moduleReference.expression.text);
    }
  }
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        passed.add(statement.moduleSpecifier.text);
        continue;
      }
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, an export declaration without a module specifier always has named exports (`export * as x` needs `from`)
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const from = importedFrom.get((element.propertyName ?? element.name).text);
          // Stryker disable next-line ConditionalExpression: equivalent, no specifier is undefined, so an undefined entry never matches one
          if (from !== undefined) passed.add(from);
        }
      }
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      const from = importedFrom.get(statement.expression.text);
      // Stryker disable next-line ConditionalExpression: equivalent, no specifier is undefined, so an undefined entry never matches one
      if (from !== undefined) passed.add(from);
    }
  }
  return passed;
}

export interface ConsumerSearch {
  /** The files that import the client or a module that re-exports it, sorted. */
  consumers: string[];
  /** Files that import a consumer which uses the client without re-exporting it: not examined, sorted. */
  notExamined: string[];
}

interface ModuleImports {
  /** The file as found in the repository (the key is its real path). */
  file: string;
  text: string;
  /** Each specifier and the real path it resolves to. */
  imports: Map<string, string | undefined>;
}

/** The files of the repository that use the client's output folder, directly or through re-exports. */
export async function findConsumers(ts: TypeScriptApi, root: string, outputDir: string, displayRoot: string): Promise<ConsumerSearch> {
  const setups = new Setups(ts, displayRoot);
  // Source folders reached through a link are searched, as the compiler includes them; a file
  // reached by two paths is taken once, by the first in sorted order.
  const candidates = await glob(CODE_FILES, { cwd: root, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'], followSymbolicLinks: true });
  const realOutput = realpathOr(outputDir);
  const seen = new Set<string>();
  // Every module's imports, by real path: a workspace package reached through a link is its folder.
  const modules = new Map<string, ModuleImports>();
  // Stryker disable next-line MethodExpression: equivalent, the search gives absolute paths already
  for (const file of candidates.map((candidate) => path.resolve(candidate)).sort()) {
    const real = realpathOr(file);
    if (isInside(outputDir, file) || isInside(realOutput, real) || seen.has(real)) continue;
    seen.add(real);
    // Stryker disable next-line ArrowFunction,StringLiteral: equivalent, a file that cannot be read is skipped either way (no text holds an import)
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: a text without these words imports nothing
    if (!/\b(?:import|export|require)\b/.test(text)) continue;
    const imports = new Map<string, string | undefined>();
    for (const specifier of importedSpecifiers(ts, text)) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, a shortcut: a built-in module never resolves into the client, and a specifier resolves the same twice
      if (!isBuiltin(specifier) && !imports.has(specifier)) imports.set(specifier, resolveImport(ts, file, specifier, outputDir, setups));
    }
    modules.set(realpathOr(file), { file, text, imports });
  }
  const consumers = new Set<string>();
  // Consumers that pass the client on: what imports them is a consumer too.
  const passOn = new Set<string>();
  const reaches = (resolved: string | undefined) => resolved !== undefined && (isInside(realOutput, resolved) || isInside(outputDir, resolved) || passOn.has(resolved));
  const reExported = new Map<string, Set<string>>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [real, module] of modules) {
      if (passOn.has(real)) continue;
      const hits = [...module.imports].filter(([, resolved]) => reaches(resolved)).map(([specifier]) => specifier);
      if (hits.length === 0) continue;
      if (!consumers.has(real)) {
        consumers.add(real);
        // Stryker disable next-line BooleanLiteral: equivalent, a new consumer that does not pass the client on changes what no other module reaches
        changed = true;
      }
      // Stryker disable next-line ConditionalExpression: equivalent, only a cache: the re-exports of a module are the same when read again
      if (!reExported.has(real)) reExported.set(real, reExportedSpecifiers(ts, module.file, module.text));
      // Stryker disable next-line OptionalChaining: equivalent, the module's re-exports were stored on the line above
      if (hits.some((specifier) => reExported.get(real)?.has(specifier))) {
        passOn.add(real);
        changed = true;
      }
    }
  }
  // Stryker disable next-line MethodExpression: equivalent, what imports a module that passes the client on is a consumer itself, and consumers are never listed as not examined
  const users = new Set([...consumers].filter((real) => !passOn.has(real)));
  const notExamined = [...modules].filter(([real, module]) => !consumers.has(real) && [...module.imports.values()].some((resolved) => resolved !== undefined && users.has(resolved)));
  // Stryker disable next-line LogicalOperator,OptionalChaining: equivalent, every consumer is one of the modules read
  const fileOf = (real: string) => modules.get(real)?.file ?? real;
  const consumerFiles = [...consumers].map(fileOf).sort();
  // Stryker disable next-line MethodExpression: equivalent, the modules were read in the sorted order of their paths, which the filter keeps
  return { consumers: consumerFiles, notExamined: notExamined.map(([, module]) => module.file).sort() };
}

/** Groups the consumers by the tsconfig that compiles them, the root's first. */
export function groupByConfig(ts: TypeScriptApi, root: string, consumers: string[], displayRoot: string): ConsumerGroup[] {
  const setups = new Setups(ts, displayRoot);
  const rootConfig = path.join(root, 'tsconfig.json');
  const fromRoot: CompilerSetup[] = [];
  const visit = (configFile: string, seen: Set<string>) => {
    if (seen.has(configFile) || !ts.sys.fileExists(configFile)) return;
    seen.add(configFile);
    const setup = setups.read(configFile);
    fromRoot.push(setup);
    for (const reference of setup.references) visit(reference, seen);
  };
  visit(rootConfig, new Set());
  const groups = new Map<string, ConsumerGroup>();
  for (const file of consumers) {
    const nearest = setups.nearest(path.dirname(file));
    const including = [...fromRoot, nearest].find((setup) => setup.fileNames.includes(file));
    const setup = including ?? nearest;
    // Stryker disable next-line StringLiteral: equivalent, the key only tells groups apart: any other words do
    const key = `${setup.configFile ?? 'defaults'}${including ? '' : ' (not included)'}`;
    const group = groups.get(key) ?? { setup, files: [], ...(including ? {} : { notIncluded: true }) };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()];
}

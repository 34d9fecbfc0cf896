// What an API change does to the code that uses the client. The files that import the client are
// type-checked twice with the compiler options they are built with: against the committed tree,
// and with the regenerated tree laid over it in memory. Each error that is new is reported at its
// place, under the API change it comes from where that can be told (attribute.ts); breaking
// changes that no code here uses are listed apart. Nothing is written.
import path from 'node:path';
import type { Diagnostic, Node, Program } from 'typescript';
import type { ApiChange, ApiChangelog, OperationRef } from '../changelog/index.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { checkOnlyOptions } from '../typecheck/compiler-setup.ts';
import { compareDiagnostics, errorsOnly, toCompilerDiagnostic, type CompilerDiagnostic } from '../typecheck/diagnostics.ts';
import { createCheckingHost, type SourceFileCache } from '../typecheck/overlay-host.ts';
import { overlayOf } from '../typecheck/type-check.ts';
import { loadTypeScript, type TypeScriptApi } from '../typecheck/typescript.ts';
import { attributeDiagnostic, type AttributionContext } from './attribute.ts';
import { findConsumers, groupByConfig } from './consumers.ts';
import { collectGeneratedNames, emptyNames, finishGeneratedNames, sameSchemaName, topLevelName, type GeneratedNames } from './generated-names.ts';

export interface ImpactOptions {
  /** The repository root: its code is searched, its tsconfig.json comes first. */
  root: string;
  /** Paths in reports are shown relative to this folder. */
  displayRoot: string;
}

export interface ImpactReport {
  client: string;
  /** The client's output folder, absolute. */
  outputDir: string;
  /** The files that import the client (or a module that re-exports it), absolute. */
  consumers: string[];
  /** Files that import a consumer which uses the client without re-exporting it, absolute: their errors are not looked for. */
  notExamined: string[];
  /** The tsconfig files the consumers were checked with; 'defaults' when none applied. */
  configs: string[];
  changelog: ApiChangelog;
  /** New errors under the change they come from, in the changelog's order. */
  byChange: Array<{ change: ApiChange; errors: CompilerDiagnostic[] }>;
  /** New errors that no change could be traced to. */
  other: CompilerDiagnostic[];
  /** Breaking changes to operations and schemas that no code here uses. */
  unusedBreaking: ApiChange[];
  /** Breaking changes to what the code uses, where the compiler sees no error (a constraint, a status code). */
  silentBreaking: ApiChange[];
  /** How many errors there are after the update that were not there before. */
  newErrors: number;
  /** How many errors of before are gone after the update. */
  fixedErrors: number;
}

const isInside = (dir: string, file: string) => {
  const relative = path.relative(dir, path.resolve(file));
  return !relative.startsWith('..') && !path.isAbsolute(relative);
};

// Stryker disable next-line OptionalChaining: equivalent, only the errors of a consumer's file are keyed, and they all have a file
const diagnosticKey = (diagnostic: Diagnostic) => `${diagnostic.file?.fileName}:${diagnostic.start}:${diagnostic.code}:${JSON.stringify(diagnostic.messageText)}`;

function consumerErrors(ts: TypeScriptApi, program: Program, files: string[]): Diagnostic[] {
  return files.flatMap((file) => {
    const source = program.getSourceFile(file);
    // Stryker disable next-line ConditionalExpression,BlockStatement,ArrayDeclaration: equivalent, every consumer is a root of the program, so it is always there
    if (!source) return [];
    return errorsOnly(ts, [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]);
  });
}

function namesOf(ts: TypeScriptApi, program: Program, outputDir: string): GeneratedNames {
  const names = emptyNames();
  for (const file of program.getSourceFiles()) if (isInside(outputDir, file.fileName)) collectGeneratedNames(ts, file, names);
  return finishGeneratedNames(names);
}

/** The operations and schema types the consumers refer to, read in the program of the committed tree. */
function usedByConsumers(ts: TypeScriptApi, program: Program, files: string[], outputDir: string, names: GeneratedNames): { operations: OperationRef[]; schemas: Set<string> } {
  const checker = program.getTypeChecker();
  const operations: OperationRef[] = [];
  const schemas = new Set<string>();
  const visit = (node: Node): void => {
    // Stryker disable next-line ConditionalExpression: equivalent, any other node with a symbol (a property access, say) has it through an identifier that is visited too
    if (ts.isIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const declaration of symbol?.declarations ?? []) {
        if (!isInside(outputDir, declaration.getSourceFile().fileName)) continue;
        const name = topLevelName(ts, declaration);
        const operation = name === undefined ? undefined : names.operations.get(name);
        if (operation) operations.push(operation);
        else if (name !== undefined && names.schemaTypes.has(name)) schemas.add(name);
      }
    }
    node.forEachChild(visit);
  };
  for (const file of files) {
    const source = program.getSourceFile(file);
    // Stryker disable next-line ConditionalExpression: equivalent, every consumer is a root of the program, so it is always there
    if (source) visit(source);
  }
  return { operations, schemas };
}

function isUsed(change: ApiChange, used: { operations: OperationRef[]; schemas: Set<string> }): boolean {
  // Stryker disable next-line LogicalOperator: equivalent, a change has a method exactly when it has a path
  const refs = [...(change.method && change.path ? [{ method: change.method, path: change.path }] : []), ...(change.operations ?? [])];
  if (refs.some((ref) => used.operations.some((operation) => operation.method.toLowerCase() === ref.method.toLowerCase() && operation.path === ref.path))) return true;
  return change.schema !== undefined && [...used.schemas].some((name) => sameSchemaName(change.schema as string, name));
}

/** The impact of replacing the committed tree with `regeneration` on the code that imports the client. */
export async function impactOfRegeneration(regeneration: Regeneration, changelog: ApiChangelog, options: ImpactOptions): Promise<ImpactReport> {
  const { outputDir } = regeneration;
  const shownDir = path.relative(options.displayRoot, regeneration.clientDir) || '.';
  const { ts } = await loadTypeScript(regeneration.clientDir, shownDir);
  const { consumers, notExamined } = await findConsumers(ts, options.root, outputDir, options.displayRoot);
  const report: ImpactReport = { client: path.basename(regeneration.clientDir), outputDir, consumers, notExamined, configs: [], changelog, byChange: [], other: [], unusedBreaking: [], silentBreaking: [], newErrors: 0, fixedErrors: 0 };
  const overlay = overlayOf(regeneration);
  const sourceFiles: SourceFileCache = new Map();
  const attributed = new Map<ApiChange, CompilerDiagnostic[]>();
  const used = { operations: [] as OperationRef[], schemas: new Set<string>() };
  for (const group of groupByConfig(ts, options.root, consumers, options.displayRoot)) {
    report.configs.push(group.setup.configFile ?? 'defaults');
    const compilerOptions = checkOnlyOptions(group.setup.options);
    // The consumers and the declaration files of their tsconfig (globals, module augmentations):
    // the rest of the project is reached through imports as needed. Compiling every file the
    // tsconfig lists would cost ten times as much, and an error that a missing global causes is
    // there before and after alike, so it is never reported as new.
    const rootNames = [...new Set([...group.files, ...group.setup.fileNames.filter((file) => /\.d\.[cm]?ts$/.test(file))])];
    const before = ts.createProgram({ rootNames, options: compilerOptions, host: createCheckingHost(ts, compilerOptions, sourceFiles) });
    const after = ts.createProgram({ rootNames, options: compilerOptions, host: createCheckingHost(ts, compilerOptions, sourceFiles, overlay) });
    const beforeNames = namesOf(ts, before, outputDir);
    const groupUse = usedByConsumers(ts, before, group.files, outputDir, beforeNames);
    used.operations.push(...groupUse.operations);
    for (const schema of groupUse.schemas) used.schemas.add(schema);
    const known = new Set(consumerErrors(ts, before, group.files).map(diagnosticKey));
    const afterErrors = consumerErrors(ts, after, group.files);
    const afterKeys = new Set(afterErrors.map(diagnosticKey));
    report.fixedErrors += [...known].filter((key) => !afterKeys.has(key)).length;
    const context: AttributionContext = { ts, program: after, isGenerated: (file) => isInside(outputDir, file), names: [beforeNames, namesOf(ts, after, outputDir)], changes: changelog.changes };
    for (const diagnostic of afterErrors.filter((candidate) => !known.has(diagnosticKey(candidate)))) {
      const change = attributeDiagnostic(context, diagnostic);
      const plain = toCompilerDiagnostic(ts, diagnostic);
      if (change) attributed.set(change, [...(attributed.get(change) ?? []), plain]);
      else report.other.push(plain);
      report.newErrors++;
    }
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, only the changes that have errors are mapped
  report.byChange = changelog.changes.filter((change) => attributed.has(change)).map((change) => ({ change, errors: (attributed.get(change) ?? []).sort(compareDiagnostics) }));
  report.other.sort(compareDiagnostics);
  for (const change of changelog.changes) {
    if (change.level !== 'breaking' || attributed.has(change)) continue;
    (isUsed(change, used) ? report.silentBreaking : report.unusedBreaking).push(change);
  }
  return report;
}

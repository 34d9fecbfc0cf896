// Which API change a new compiler error comes from. The error is traced to the names of the
// generated client it involves, nearest first: the name at the error itself (an import of a
// function that is gone), the SDK function whose call encloses it (a parameter became required),
// the generated type of the value whose property is read (a response property was removed), the
// declarations the compiler relates it to, and the names quoted in its message. The first name
// that belongs to an operation or schema with a change decides; among that owner's changes, the
// one whose direction and words fit the error best is chosen.
import type { Diagnostic, Node, Program, SourceFile, Type, TypeChecker } from 'typescript';
import type { ApiChange, OperationRef } from '../changelog/index.ts';
import type { TypeScriptApi } from '../typecheck/typescript.ts';
import { sameSchemaName, topLevelName, type GeneratedNames } from './generated-names.ts';

type Direction = 'request' | 'response' | undefined;

interface Clue {
  name: string;
  direction: Direction;
}

/** The operations the code around an error calls: those of the outermost function that holds it. */
function nearbyOperations(context: AttributionContext, node: Node): OperationRef[] {
  const { ts } = context;
  let scope: Node = node.getSourceFile();
  for (let current: Node | undefined = node; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current)) scope = current;
  }
  const operations: OperationRef[] = [];
  const visit = (child: Node): void => {
    if (ts.isCallExpression(child)) {
      const callee = ts.isPropertyAccessExpression(child.expression) ? child.expression.name : child.expression;
      // By name, in either tree: a removed function no longer resolves to a declaration.
      const operation = ts.isIdentifier(callee) ? operationOf(context, callee.text) : undefined;
      if (operation) operations.push(operation);
    }
    child.forEachChild(visit);
  };
  visit(scope);
  return operations;
}

export interface AttributionContext {
  ts: TypeScriptApi;
  program: Program;
  /** Whether a file is part of the generated client (committed or regenerated). */
  isGenerated: (file: string) => boolean;
  /** Names of the committed and of the regenerated client: a removed name is only in the first. */
  names: GeneratedNames[];
  changes: ApiChange[];
}

/** The deepest node that spans `start`. */
function nodeAt(file: SourceFile, start: number): Node {
  let node: Node = file;
  for (;;) {
    const child: Node | undefined = node.forEachChild((candidate) => (candidate.getStart(file) <= start && start < candidate.getEnd() ? candidate : undefined));
    if (!child) return node;
    node = child;
  }
}

function declaredNames(context: AttributionContext, declarations: readonly Node[] | undefined): string[] {
  return (declarations ?? []).filter((declaration) => context.isGenerated(declaration.getSourceFile().fileName)).flatMap((declaration) => topLevelName(context.ts, declaration) ?? []);
}

function typeNames(context: AttributionContext, checker: TypeChecker, type: Type): string[] {
  const nonNullable = checker.getNonNullableType(type);
  const parts = nonNullable.isUnion() ? nonNullable.types : [nonNullable];
  return parts.flatMap((part) => [...declaredNames(context, part.aliasSymbol?.declarations), ...declaredNames(context, part.getSymbol()?.declarations)]);
}

/** The clues of one error, nearest first. */
function cluesOf(context: AttributionContext, diagnostic: Diagnostic): Clue[] {
  const { ts, program } = context;
  const checker = program.getTypeChecker();
  // Stryker disable next-line ArrayDeclaration: equivalent, a clue that is a string has no name, and no change belongs to no name
  const clues: Clue[] = [];
  if (diagnostic.file && diagnostic.start !== undefined) {
    const node = nodeAt(diagnostic.file, diagnostic.start);
    if (ts.isIdentifier(node)) clues.push({ name: node.text, direction: undefined });
    let direction: Direction;
    for (let current: Node | undefined = node; current && !ts.isSourceFile(current); current = current.parent) {
      const parent: Node | undefined = current.parent;
      if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(current as never)) direction ??= 'request';
      if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
        let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(current.expression) ? current.expression.name : current.expression);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        for (const name of declaredNames(context, symbol?.declarations)) clues.push({ name, direction: direction ?? 'request' });
      }
      if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
        for (const name of typeNames(context, checker, checker.getTypeAtLocation(current.expression))) clues.push({ name, direction: direction ?? 'response' });
      }
    }
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, an entry that is a string has no file and is skipped
  for (const related of diagnostic.relatedInformation ?? []) {
    if (!related.file || related.start === undefined || !context.isGenerated(related.file.fileName)) continue;
    const name = topLevelName(ts, nodeAt(related.file, related.start));
    // Stryker disable next-line ConditionalExpression: equivalent, a clue without a name leads to no change
    if (name) clues.push({ name, direction: undefined });
  }
  for (const name of quotedWords(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '), false)) clues.push({ name, direction: undefined });
  return clues;
}

function sameOperation(a: OperationRef, b: { method?: string; path?: string }): boolean {
  return a.method.toLowerCase() === b.method?.toLowerCase() && a.path === b.path;
}

function operationOf(context: AttributionContext, name: string): OperationRef | undefined {
  return context.names.map((names) => names.operations.get(name)).find((found) => found !== undefined);
}

/** The changes that belong to a name: its operation's (and those of schemas it uses), or its schema's. */
function changesOf(context: AttributionContext, name: string): ApiChange[] {
  const operation = operationOf(context, name);
  if (operation) {
    return context.changes.filter((change) => sameOperation(operation, change) || change.operations?.some((used) => sameOperation(operation, used)));
  }
  if (context.names.some((names) => names.schemaTypes.has(name))) {
    return context.changes.filter((change) => change.schema !== undefined && sameSchemaName(change.schema, name));
  }
  return [];
}

const LEVEL_WEIGHT = { breaking: 3, warning: 2, info: 1 } as const;

/** The identifiers inside the quotes of a message: the names it is about ('Pet', 'query.limit'). */
function quotedWords(text: string, lowerCase = true): string[] {
  const quoted = [...text.matchAll(/'([^']*)'/g)].map((match) => match[1] as string).join(' ');
  const found = quoted.match(/[A-Za-z_$][\w$]*/g) ?? [];
  // Stryker disable next-line MethodExpression: equivalent, the words of the error and of the change are compared in the same case, upper as well as lower
  return lowerCase ? found.map((word) => word.toLowerCase()) : found;
}

/** The change an error comes from, or undefined when no clue leads to one. */
export function attributeDiagnostic(context: AttributionContext, diagnostic: Diagnostic): ApiChange | undefined {
  const message = new Set(quotedWords(context.ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')));
  const nearby = diagnostic.file && diagnostic.start !== undefined ? nearbyOperations(context, nodeAt(diagnostic.file, diagnostic.start)) : [];
  const callsNearby = (change: ApiChange) => [change, ...(change.operations ?? [])].some((ref) => nearby.some((operation) => sameOperation(operation, ref)));
  for (const clue of cluesOf(context, diagnostic)) {
    const candidates = changesOf(context, clue.name);
    if (candidates.length === 0) continue;
    const operation = operationOf(context, clue.name);
    // What the surrounding code calls says most (a Pet read before it is sent is the request's
    // Pet), then the direction the error suggests, then the names both mention, then the level.
    const score = (change: ApiChange) => {
      const overlap = new Set(quotedWords(change.message).filter((word) => message.has(word))).size;
      // A change of the operation itself beats one of a schema it shares with others.
      const own = operation && sameOperation(operation, change) ? 50 : 0;
      return (callsNearby(change) ? 1000 : 0) + (clue.direction && change.direction === clue.direction ? 100 : 0) + own + overlap * 10 + LEVEL_WEIGHT[change.level];
    };
    return candidates.reduce((best, change) => (score(change) > score(best) ? change : best));
  }
  return undefined;
}

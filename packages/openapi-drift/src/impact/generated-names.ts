// Which operation each name of a generated client stands for, read from the generated code itself
// rather than from hey-api's naming rules: an SDK function is the declaration that calls
// `client.get({ url: '/pets' })` (method and path), and the types its signature names
// (`ListPetsData`, `ListPetsResponses`, ...) share a prefix with the operation's other types
// (`ListPetsResponse`, `ListPetsError`). Every other exported type is a component schema's.
import type { Node, SourceFile } from 'typescript';
import type { OperationRef } from '../changelog/index.ts';
import type { TypeScriptApi } from '../typecheck/typescript.ts';

const OPERATION_TYPE_SUFFIXES = ['Data', 'Responses', 'Response', 'Errors', 'Error'];

export interface GeneratedNames {
  /** SDK functions and operation types, by name. */
  operations: Map<string, OperationRef>;
  /** Exported types that belong to no operation: the component schemas. */
  schemaTypes: Set<string>;
}

export function emptyNames(): GeneratedNames {
  return { operations: new Map(), schemaTypes: new Set() };
}

/** The name of the top-level declaration that holds `node` (a type alias, function, const, class). */
export function topLevelName(ts: TypeScriptApi, node: Node): string | undefined {
  let current: Node | undefined = node;
  let name: string | undefined;
  while (current && !ts.isSourceFile(current)) {
    if ((ts.isTypeAliasDeclaration(current) || ts.isInterfaceDeclaration(current) || ts.isFunctionDeclaration(current) || ts.isClassDeclaration(current) || ts.isEnumDeclaration(current) || ts.isVariableDeclaration(current) || ts.isMethodDeclaration(current)) && current.name && ts.isIdentifier(current.name)) {
      name = current.name.text;
      // A class-based SDK names its operations by method: the method is the name, not the class.
      if (ts.isMethodDeclaration(current)) return name;
    }
    current = current.parent;
  }
  return name;
}

/** The HTTP call an SDK function makes: `.get<...>({ url: '/pets', ... })`. */
function httpCall(ts: TypeScriptApi, node: Node): OperationRef | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  const argument = node.arguments[0];
  if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method) || !argument || !ts.isObjectLiteralExpression(argument)) return undefined;
  for (const property of argument.properties) {
    if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'url' && ts.isStringLiteralLike(property.initializer)) {
      return { method, path: property.initializer.text };
    }
  }
  return undefined;
}

/** Adds what one generated file says about names and operations. */
export function collectGeneratedNames(ts: TypeScriptApi, file: SourceFile, names: GeneratedNames): void {
  const typePrefixes = new Map<string, OperationRef>();
  const visit = (node: Node): void => {
    const call = httpCall(ts, node);
    if (call) {
      const sdkName = topLevelName(ts, node);
      if (sdkName) names.operations.set(sdkName, call);
      // The operation's types are those its SDK function's signature names.
      const declaration = enclosingFunction(ts, node);
      declaration?.forEachChild(function typeNames(child): void {
        if (ts.isTypeReferenceNode(child) && ts.isIdentifier(child.typeName)) {
          const suffix = OPERATION_TYPE_SUFFIXES.find((candidate) => child.typeName.getText().endsWith(candidate));
          if (suffix) typePrefixes.set(child.typeName.getText().slice(0, -suffix.length), call);
        }
        if (!ts.isBlock(child)) child.forEachChild(typeNames);
      });
    }
    node.forEachChild(visit);
  };
  visit(file);
  for (const [prefix, operation] of typePrefixes) {
    for (const suffix of OPERATION_TYPE_SUFFIXES) names.operations.set(`${prefix}${suffix}`, operation);
  }
  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement) && !ts.isInterfaceDeclaration(statement) && !ts.isEnumDeclaration(statement)) continue;
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    names.schemaTypes.add(statement.name.text);
  }
}

/** Once every file is read: a type that turned out to be an operation's is not a schema's. */
export function finishGeneratedNames(names: GeneratedNames): GeneratedNames {
  for (const name of names.operations.keys()) names.schemaTypes.delete(name);
  return names;
}

function enclosingFunction(ts: TypeScriptApi, node: Node): Node | undefined {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (ts.isArrowFunction(current) || ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current) || ts.isFunctionExpression(current)) return current;
  }
  return undefined;
}

/** Component schema names and generated type names compared as hey-api spells them: letters and digits, any case. */
export function sameSchemaName(schema: string, typeName: string): boolean {
  // Stryker disable next-line MethodExpression: equivalent, both names are normalised alike, to upper case as well as to lower
  const normalize = (text: string) => text.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return normalize(schema) === normalize(typeName);
}

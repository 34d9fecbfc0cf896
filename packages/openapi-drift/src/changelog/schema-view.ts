/**
 * A flattened reading of one schema: `allOf` members merged, `$ref`s followed, and the
 * spellings of nullability across versions (3.0 `nullable`, Swagger `x-nullable`, 3.1
 * `type: [.., 'null']`) reduced to one flag, so the differ compares meaning, not syntax.
 */
import { readConstraints, type Constraints } from './constraints.ts';
import type { SchemaNode } from './document-model.ts';
import { componentSchemaName, isRecord, type RefResolver } from './ref-resolver.ts';

export interface SchemaView {
  /** Declared or inferred types without 'null'; empty when the schema does not say. */
  baseTypes: Set<string>;
  nullable: boolean;
  format: string | undefined;
  /** Validation keywords such as maxLength or pattern; the first one met wins, as for format. */
  constraints: Constraints;
  enumValues: unknown[] | undefined;
  properties: Map<string, SchemaNode>;
  required: Set<string>;
  items: SchemaNode | undefined;
  additionalProperties: SchemaNode | undefined;
  /** `oneOf` / `anyOf` alternatives. */
  variants: SchemaNode[] | undefined;
  /** Component schemas merged by `allOf` that were kept as references instead of inlined. */
  allOfRefs: string[];
  /** An unresolvable (external) reference, compared by its text. */
  externalRef: string | undefined;
}

function emptyView(): SchemaView {
  return {
    baseTypes: new Set(),
    nullable: false,
    format: undefined,
    constraints: new Map(),
    enumValues: undefined,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    variants: undefined,
    allOfRefs: [],
    externalRef: undefined,
  };
}

function mergeOwnKeywords(view: SchemaView, schema: Record<string, unknown>): void {
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  for (const type of types) {
    if (type === 'null') view.nullable = true;
    else if (typeof type === 'string') view.baseTypes.add(type);
  }
  if (schema.nullable === true || schema['x-nullable'] === true) view.nullable = true;
  if (typeof schema.format === 'string') view.format ??= schema.format;
  for (const [keyword, value] of readConstraints(schema)) if (!view.constraints.has(keyword)) view.constraints.set(keyword, value);
  if (Array.isArray(schema.enum)) view.enumValues ??= schema.enum;
  else if (schema.const !== undefined) view.enumValues ??= [schema.const];
  if (isRecord(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) view.properties.set(name, property);
  }
  if (Array.isArray(schema.required)) {
    for (const name of schema.required) if (typeof name === 'string') view.required.add(name);
  }
  if (schema.items !== undefined && !Array.isArray(schema.items)) view.items ??= schema.items;
  if (isRecord(schema.additionalProperties)) view.additionalProperties ??= schema.additionalProperties;
}

const SHAPE_KEYWORDS = ['type', 'properties', 'items', 'enum', 'const', 'allOf', 'oneOf', 'anyOf', 'additionalProperties', '$ref'];

function isNullType(schema: Record<string, unknown> | undefined): boolean {
  return schema !== undefined && (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'null'));
}

function isEnumOnly(schema: Record<string, unknown> | undefined): boolean {
  return schema !== undefined && (Array.isArray(schema.enum) || schema.const !== undefined) && schema.properties === undefined && schema.items === undefined;
}

/**
 * Several common uses of oneOf/anyOf are not a choice between shapes, and are read as what
 * they mean: `[X, {type: 'null'}]` is a nullable X (the 3.1 idiom), a list of single-value
 * enums is one enum, and alternatives that only list `required` names constrain the object
 * around them.
 */
function mergeVariants(view: SchemaView, variants: unknown[], merge: (member: unknown) => void, resolver: RefResolver): void {
  const resolved = variants.map((variant) => resolver.resolveRecord(variant));
  if (resolved.every((variant) => variant !== undefined && SHAPE_KEYWORDS.every((keyword) => variant[keyword] === undefined))) return;
  const shapes = variants.filter((_, index) => !isNullType(resolved[index]));
  if (shapes.length < variants.length) view.nullable = true;
  if (shapes.length === 1) {
    merge(shapes[0]);
    return;
  }
  const shapeSchemas = resolved.filter((variant) => !isNullType(variant));
  if (shapes.length === 0 || !shapeSchemas.every(isEnumOnly)) {
    view.variants = shapes;
    return;
  }
  const values: unknown[] = [];
  for (const variant of shapeSchemas) {
    if (variant === undefined) continue;
    if (Array.isArray(variant.enum)) values.push(...variant.enum);
    else values.push(variant.const);
    if (typeof variant.type === 'string') view.baseTypes.add(variant.type);
    if (variant.nullable === true) view.nullable = true;
  }
  view.enumValues ??= values;
}

function mergeInto(
  view: SchemaView,
  node: SchemaNode,
  resolver: RefResolver,
  keepAllOfRefs: boolean,
  visiting: Set<unknown>,
): void {
  const schema = resolver.resolve(node);
  if (!isRecord(schema) || visiting.has(schema)) return;
  if (typeof schema.$ref === 'string') {
    view.externalRef ??= schema.$ref;
    return;
  }
  visiting.add(schema);
  mergeOwnKeywords(view, schema);
  const mergeMember = (member: unknown): void => {
    const name = keepAllOfRefs ? componentSchemaName(member) : undefined;
    if (name === undefined) mergeInto(view, member, resolver, keepAllOfRefs, visiting);
    else if (!view.allOfRefs.includes(name)) view.allOfRefs.push(name);
  };
  if (Array.isArray(schema.allOf)) schema.allOf.forEach(mergeMember);
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (variants !== undefined && view.variants === undefined) mergeVariants(view, variants, mergeMember, resolver);
  visiting.delete(schema);
}

/**
 * With `keepAllOfRefs`, `allOf` members that are component schemas are listed rather than
 * merged, so their own changes are reported once on the component instead of here.
 */
export function viewSchema(node: SchemaNode, resolver: RefResolver, keepAllOfRefs: boolean): SchemaView {
  const view = emptyView();
  mergeInto(view, node, resolver, keepAllOfRefs, new Set());
  if (view.baseTypes.size === 0) {
    if (view.properties.size > 0 || view.additionalProperties !== undefined) view.baseTypes.add('object');
    else if (view.items !== undefined) view.baseTypes.add('array');
  }
  view.allOfRefs.sort();
  return view;
}

function describeBase(view: SchemaView): string[] {
  // A choice is named as such even where a type is declared beside it: the choice is the news.
  if (view.variants !== undefined) return [`oneOf(${view.variants.length} variants)`];
  if (view.baseTypes.size > 0) return [...view.baseTypes].sort();
  return view.allOfRefs.length > 0 ? view.allOfRefs : ['any'];
}

/** e.g. 'string', 'integer | null', 'oneOf(2 variants) | null'. */
export function describeType(view: SchemaView): string {
  const base = describeBase(view).join(' | ');
  return view.nullable ? `${base} | null` : base;
}

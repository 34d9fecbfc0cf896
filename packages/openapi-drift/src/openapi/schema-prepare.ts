// Turns the schemas of a Swagger 2.0, OpenAPI 3.0 or 3.1 document into JSON Schema 2020-12 that
// ajv compiles, in a copy of the document (the snapshot is never changed), so that one validator
// serves every dialect. Each rewrite keeps what the dialect means; none validates anything itself:
//
// - Swagger 2.0 `x-nullable` is OpenAPI 3.0 `nullable`; `type: file` describes a download, any body.
// - 2.0/3.0 siblings of `$ref` are ignored by those dialects (2020-12 would apply them); `nullable`
//   beside a `$ref` is kept, as generated clients honour it.
// - 2.0/3.0 boolean `exclusiveMaximum`/`exclusiveMinimum` become the numeric 2020-12 form.
// - 3.0 `nullable: true` adds null to `type` (ajv does that) and to `enum`, as generated clients
//   accept it; without a `type` it allows null besides whatever the rest of the schema allows.
// - `discriminator`: ajv uses it to validate only the chosen `oneOf` branch; it rejects `mapping`
//   and a discriminator without `oneOf`. Neither changes what is valid, so they are dropped.
// - A property that is `writeOnly` is never sent back, so it is not required in a response.
// - Where an object schema lists its properties but says nothing of others, `unevaluatedProperties`
//   with a keyword that always passes records each property the schema does not mention: reported
//   as information, never as a mismatch.
import { isRecord, pointerOf, pointerOfRef, resolveRefs, valueAt } from './pointer.ts';
import type { Dialect } from './operations.ts';

/** Counts each visit of an object at a place that lists its properties. */
export const VISIT_KEYWORD = 'x-openapi-drift-visit';
/** Applied to each property that the schema at that place does not mention. */
export const UNDOCUMENTED_KEYWORD = 'x-openapi-drift-undocumented';

const SINGLE = ['additionalProperties', 'items', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems'];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas', 'dependencies'];
/** Keywords whose subschemas describe other values than the schema's own (a property, an item). */
const VALUE_POSITIONS = new Set(['properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems']);
const KEPT_BESIDE_REF = new Set(['$ref', 'nullable', VISIT_KEYWORD, 'unevaluatedProperties']);

export interface PreparedDocument {
  document: Record<string, unknown>;
  /** Where each schema object of the copy sits, to compile one alternative of a oneOf on its own. */
  pointers: WeakMap<object, string>;
  /** How many discriminators were kept for ajv to use. */
  discriminators: number;
}

/**
 * A prepared copy of the document in which the schemas at `roots` (response schemas) and all they
 * reference are rewritten. With `keepDiscriminators` false every discriminator is dropped, for a
 * document whose discriminators ajv cannot use (no const or enum tag in the alternatives).
 */
export function prepareDocument(original: Record<string, unknown>, dialect: Dialect, roots: string[], keepDiscriminators = true): PreparedDocument {
  const document = structuredClone(original);
  const pointers = new WeakMap<object, string>();
  const done = new Set<string>();
  const queue: Array<[pointer: string, isRoot: boolean]> = roots.map((root) => [root, true]);
  const oldDialect = dialect !== 'openapi-3.1';
  const kept = new Set<object>();

  const rewrite = (schema: Record<string, unknown>): void => {
    if (dialect === 'swagger-2.0') {
      if (schema['x-nullable'] !== undefined && schema.nullable === undefined) schema.nullable = schema['x-nullable'];
      delete schema['x-nullable'];
      if (schema.type === 'file') delete schema.type;
    }
    if (oldDialect && typeof schema.$ref === 'string') {
      for (const key of Object.keys(schema)) if (!KEPT_BESIDE_REF.has(key)) delete schema[key];
    }
    if (oldDialect) {
      for (const [exclusive, inclusive] of [['exclusiveMaximum', 'maximum'], ['exclusiveMinimum', 'minimum']] as const) {
        if (schema[exclusive] === true && typeof schema[inclusive] === 'number') {
          schema[exclusive] = schema[inclusive];
          delete schema[inclusive];
        } else if (typeof schema[exclusive] === 'boolean') delete schema[exclusive];
      }
      rewriteNullable(schema);
    } else delete schema.nullable;
    if (schema.discriminator !== undefined) {
      if (keepDiscriminators && isRecord(schema.discriminator) && Array.isArray(schema.oneOf)) {
        delete schema.discriminator.mapping;
        kept.add(schema);
      } else delete schema.discriminator;
    }
    if (Array.isArray(schema.required) && isRecord(schema.properties)) {
      const properties = schema.properties;
      schema.required = schema.required.filter((name) => !(typeof name === 'string' && isWriteOnly(document, properties[name])));
    }
  };

  const walk = (schema: unknown, pointer: string, valuePosition: boolean): void => {
    if (!isRecord(schema)) return;
    rewrite(schema);
    pointers.set(schema, pointer);
    if (valuePosition && listsPropertiesOnly(document, schema)) {
      schema[VISIT_KEYWORD] = true;
      schema.unevaluatedProperties = { [UNDOCUMENTED_KEYWORD]: true };
    }
    if (typeof schema.$ref === 'string') {
      const target = pointerOfRef(schema.$ref);
      if (target !== undefined) queue.push([target, false]);
    }
    for (const keyword of SINGLE) if (isRecord(schema[keyword])) walk(schema[keyword], pointerOf(pointer, keyword), VALUE_POSITIONS.has(keyword));
    for (const keyword of LISTS) {
      const list = schema[keyword];
      if (Array.isArray(list)) list.forEach((item, index) => walk(item, pointerOf(pointer, keyword, String(index)), VALUE_POSITIONS.has(keyword)));
    }
    for (const keyword of MAPS) {
      const map = schema[keyword];
      if (isRecord(map)) for (const [name, item] of Object.entries(map)) walk(item, pointerOf(pointer, keyword, name), VALUE_POSITIONS.has(keyword));
    }
  };

  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [pointer, isRoot] = next;
    const key = `${isRoot ? 'root' : 'ref'}:${pointer}`;
    if (done.has(key)) continue;
    done.add(key);
    // Every rewrite is idempotent, so a schema reached both as a root and by reference is safe.
    walk(valueAt(document, pointer), pointer, isRoot);
  }
  return { document, pointers, discriminators: kept.size };
}

function rewriteNullable(schema: Record<string, unknown>): void {
  if (schema.nullable === undefined) return;
  if (schema.nullable !== true) {
    delete schema.nullable;
    return;
  }
  if (schema.type !== undefined) {
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return;
  }
  // Without a type, ajv refuses `nullable`: the same meaning, said in JSON Schema. A `$ref` into
  // the inside of such a schema would no longer resolve; specs point at components, not there.
  const rest = { ...schema };
  delete rest.nullable;
  for (const key of Object.keys(schema)) delete schema[key];
  schema.anyOf = [rest, { type: 'null' }];
}

/** True for a schema that lists properties (itself, by reference or in its alternatives) and allows no others explicitly. */
function listsPropertiesOnly(document: unknown, schema: Record<string, unknown>): boolean {
  if (schema.additionalProperties !== undefined || schema.patternProperties !== undefined || schema.unevaluatedProperties !== undefined) return false;
  return listsProperties(document, schema, new Set());
}

function listsProperties(document: unknown, schema: unknown, seen: Set<unknown>): boolean {
  const { node } = resolveRefs(document, schema, '');
  if (!isRecord(node) || seen.has(node)) return false;
  seen.add(node);
  if (isRecord(node.properties)) return true;
  return ['allOf', 'anyOf', 'oneOf'].some((keyword) => Array.isArray(node[keyword]) && (node[keyword] as unknown[]).some((item) => listsProperties(document, item, seen)));
}

function isWriteOnly(document: unknown, property: unknown): boolean {
  if (isRecord(property) && property.writeOnly === true) return true;
  const { node } = resolveRefs(document, property, '');
  return isRecord(node) && node.writeOnly === true;
}

/**
 * Direction-neutral structural diff of two schemas. It reports what changed (a property
 * went away, a type widened) and leaves what that means for callers to change-rules.ts,
 * because the same difference is harmless in a request and breaking in a response.
 *
 * Where both sides reference the same component schema it does not descend: it tells the
 * sink, and the component is diffed once on its own (component-diff.ts). That is also what
 * makes self-referencing schemas terminate; inline descents through differing references
 * are cut by remembering the pairs of schemas currently being compared.
 */
import type { SchemaNode } from './document-model.ts';
import { componentSchemaName, isRecord, type RefResolver } from './ref-resolver.ts';
import { compareConstraints, compareFormats } from './constraints.ts';
import { matchVariants } from './variant-matching.ts';
import { describeType, viewSchema, type SchemaView } from './schema-view.ts';
import type { SchemaRelation, Widening } from './schema-relation.ts';

export type { SchemaRelation, Widening } from './schema-relation.ts';

export type SchemaChangeType =
  | 'property-added'
  | 'property-removed'
  | 'property-required'
  | 'property-optional'
  | 'property-deprecated'
  | 'type-changed'
  | 'format-changed'
  | 'constraint-changed'
  | 'enum-value-added'
  | 'enum-value-removed'
  | 'variant-added'
  | 'variant-removed';


export interface SchemaFinding {
  change: SchemaChangeType;
  /** Where inside the compared schema, e.g. 'items[].status'; '' is the schema itself. */
  path: string;
  /** The property name, enum value, variant or constraint keyword the change is about. */
  subject?: string;
  from?: string;
  to?: string;
  /** For 'property-added': whether the new property is required. */
  required?: boolean;
  /** For 'type-changed', 'format-changed' and 'constraint-changed': how the valid values moved. */
  widening?: Widening;
}

export interface SchemaDiffSink {
  finding(finding: SchemaFinding): void;
  /** Both sides reference this component schema at the same place. */
  reference(componentName: string): void;
}

const ANNOTATION_CHANGES = new Set<SchemaChangeType>(['property-deprecated', 'format-changed', 'constraint-changed']);

function isWidening(finding: SchemaFinding): boolean {
  switch (finding.change) {
    case 'type-changed':
      return finding.widening === 'wider';
    case 'property-added':
      return finding.required !== true;
    case 'enum-value-added':
    case 'variant-added':
    case 'property-optional':
      return true;
    default:
      return false;
  }
}

function isNarrowing(finding: SchemaFinding): boolean {
  switch (finding.change) {
    case 'type-changed':
      return finding.widening === 'narrower';
    case 'enum-value-removed':
    case 'variant-removed':
    case 'property-required':
      return true;
    default:
      return false;
  }
}

function childPath(path: string, segment: string): string {
  return path === '' ? segment : `${path}.${segment}`;
}

function covers(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function compareTypeSets(before: Set<string>, after: Set<string>): Widening | undefined {
  const wider = [...before].every((type) => covers(after, type));
  const narrower = [...after].every((type) => covers(before, type));
  if (wider && narrower) return undefined;
  return wider ? 'wider' : narrower ? 'narrower' : 'different';
}

function comparableTypes(view: SchemaView, useBase: boolean): Set<string> {
  const types = new Set(useBase ? view.baseTypes : []);
  if (view.nullable) types.add('null');
  return types;
}

function enumText(values: unknown[]): string {
  return `enum(${values.map((value) => JSON.stringify(value)).join(', ')})`;
}

/**
 * A reference to a component is read as `allOf: [ref]`, so that `$ref: X` becoming
 * `allOf: [$ref: X, {extra}]` shows as the extra properties only; X itself is diffed once.
 */
function asComposition(node: SchemaNode, resolved: Record<string, unknown>): Record<string, unknown> {
  return componentSchemaName(node) === undefined ? resolved : { allOf: [node] };
}

class SchemaDiffer {
  readonly #oldResolver: RefResolver;
  readonly #newResolver: RefResolver;
  readonly #sink: SchemaDiffSink;
  /** Pairs of (old, new) schemas being compared right now; shared with nested equivalence checks. */
  readonly #comparing: Map<unknown, Set<unknown>>;

  constructor(oldResolver: RefResolver, newResolver: RefResolver, sink: SchemaDiffSink, comparing = new Map<unknown, Set<unknown>>()) {
    this.#oldResolver = oldResolver;
    this.#newResolver = newResolver;
    this.#sink = sink;
    this.#comparing = comparing;
  }

  compare(oldNode: SchemaNode, newNode: SchemaNode, path: string): void {
    const sharedName = componentSchemaName(oldNode);
    if (sharedName !== undefined && sharedName === componentSchemaName(newNode)) {
      this.#sink.reference(sharedName);
      return;
    }
    const oldSchema = this.#oldResolver.resolve(oldNode);
    const newSchema = this.#newResolver.resolve(newNode);
    if (!isRecord(oldSchema) || !isRecord(newSchema)) return;
    const partners = this.#comparing.get(oldSchema) ?? new Set();
    if (partners.has(newSchema)) return;
    this.#comparing.set(oldSchema, partners.add(newSchema));
    try {
      this.#compareResolved(asComposition(oldNode, oldSchema), asComposition(newNode, newSchema), path);
    } finally {
      partners.delete(newSchema);
    }
  }

  #views(oldSchema: SchemaNode, newSchema: SchemaNode): [SchemaView, SchemaView] {
    const oldView = viewSchema(oldSchema, this.#oldResolver, true);
    const newView = viewSchema(newSchema, this.#newResolver, true);
    if (oldView.allOfRefs.join('\n') === newView.allOfRefs.join('\n')) {
      for (const name of oldView.allOfRefs) this.#sink.reference(name);
      return [oldView, newView];
    }
    // The composition itself changed: compare the fully merged shapes instead.
    return [viewSchema(oldSchema, this.#oldResolver, false), viewSchema(newSchema, this.#newResolver, false)];
  }

  #compareResolved(oldSchema: Record<string, unknown>, newSchema: Record<string, unknown>, path: string): void {
    const [oldView, newView] = this.#views(oldSchema, newSchema);
    if (oldView.externalRef !== newView.externalRef) {
      this.#sink.finding({ change: 'type-changed', path, from: oldView.externalRef ?? describeType(oldView), to: newView.externalRef ?? describeType(newView), widening: 'different' });
      return;
    }
    if ((oldView.variants === undefined) !== (newView.variants === undefined)) {
      this.#compareVariantPresence(oldSchema, newSchema, oldView, newView, path);
      return;
    }
    if (!this.#compareTypes(oldView, newView, path)) return;
    this.#compareConstraints(oldView, newView, path);
    this.#compareEnums(oldView, newView, path);
    this.#compareProperties(oldView, newView, path);
    if (oldView.items !== undefined && newView.items !== undefined) this.compare(oldView.items, newView.items, `${path}[]`);
    if (oldView.additionalProperties !== undefined && newView.additionalProperties !== undefined) {
      this.compare(oldView.additionalProperties, newView.additionalProperties, `${path}{}`);
    }
    if (oldView.variants !== undefined && newView.variants !== undefined) this.#compareVariants(oldView.variants, newView.variants, path);
  }

  /** Returns false when the types are unrelated, so details below would only be noise. */
  #compareTypes(oldView: SchemaView, newView: SchemaView, path: string): boolean {
    // A schema that names no type accepts anything; comparing it to a typed one would be a guess.
    const useBase = oldView.baseTypes.size > 0 && newView.baseTypes.size > 0;
    const widening = compareTypeSets(comparableTypes(oldView, useBase), comparableTypes(newView, useBase));
    if (widening !== undefined) {
      this.#sink.finding({ change: 'type-changed', path, from: describeType(oldView), to: describeType(newView), widening });
      if (widening === 'different') return false;
    }
    const formatWidening = compareFormats(oldView.format, newView.format);
    if (formatWidening !== undefined) {
      this.#sink.finding({ change: 'format-changed', path, from: oldView.format, to: newView.format, widening: formatWidening });
    }
    return true;
  }

  #compareConstraints(oldView: SchemaView, newView: SchemaView, path: string): void {
    for (const { keyword, from, to, widening } of compareConstraints(oldView.constraints, newView.constraints)) {
      const text = (value: unknown): string | undefined => (value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value));
      this.#sink.finding({ change: 'constraint-changed', path, subject: keyword, from: text(from), to: text(to), widening });
    }
  }

  #compareEnums(oldView: SchemaView, newView: SchemaView, path: string): void {
    const oldValues = oldView.enumValues;
    const newValues = newView.enumValues;
    if (oldValues === undefined && newValues === undefined) return;
    if (oldValues === undefined || newValues === undefined) {
      const typeText = describeType(oldValues === undefined ? oldView : newView);
      this.#sink.finding({
        change: 'type-changed',
        path,
        from: oldValues === undefined ? typeText : enumText(oldValues),
        to: newValues === undefined ? typeText : enumText(newValues),
        widening: oldValues === undefined ? 'narrower' : 'wider',
      });
      return;
    }
    const oldKeys = new Set(oldValues.map((value) => JSON.stringify(value)));
    const newKeys = new Set(newValues.map((value) => JSON.stringify(value)));
    for (const key of oldKeys) if (!newKeys.has(key)) this.#sink.finding({ change: 'enum-value-removed', path, subject: key });
    for (const key of newKeys) if (!oldKeys.has(key)) this.#sink.finding({ change: 'enum-value-added', path, subject: key });
  }

  #compareProperties(oldView: SchemaView, newView: SchemaView, path: string): void {
    for (const [name, oldProperty] of oldView.properties) {
      const propertyPath = childPath(path, name);
      const newProperty = newView.properties.get(name);
      if (newProperty === undefined) {
        this.#sink.finding({ change: 'property-removed', path: propertyPath, subject: name });
        continue;
      }
      const wasRequired = oldView.required.has(name);
      const isRequired = newView.required.has(name);
      if (wasRequired !== isRequired) {
        this.#sink.finding({ change: isRequired ? 'property-required' : 'property-optional', path: propertyPath, subject: name });
      }
      const deprecatedBefore = isRecord(oldProperty) && oldProperty.deprecated === true;
      if (!deprecatedBefore && isRecord(newProperty) && newProperty.deprecated === true) {
        this.#sink.finding({ change: 'property-deprecated', path: propertyPath, subject: name });
      }
      this.compare(oldProperty, newProperty, propertyPath);
    }
    for (const name of newView.properties.keys()) {
      if (oldView.properties.has(name)) continue;
      this.#sink.finding({ change: 'property-added', path: childPath(path, name), subject: name, required: newView.required.has(name) });
    }
  }

  /** How the accepted values moved between two schemas, judged from the findings alone. */
  #relation(oldNode: SchemaNode, newNode: SchemaNode): SchemaRelation {
    const findings: SchemaFinding[] = [];
    const silent = new SchemaDiffer(this.#oldResolver, this.#newResolver, { finding: (finding) => findings.push(finding), reference: () => {} }, this.#comparing);
    silent.compare(oldNode, newNode, '');
    // Only the shape decides how two alternatives relate: deprecation, formats and constraints
    // are reported where the matched alternatives are compared, and must not unpair them.
    const relevant = findings.filter((finding) => !ANNOTATION_CHANGES.has(finding.change));
    if (relevant.length === 0) return 'equal';
    if (relevant.every(isWidening)) return 'wider';
    if (relevant.every(isNarrowing)) return 'narrower';
    return 'different';
  }

  /**
   * One side is a plain schema, the other a choice: if the plain schema fits one of the new
   * choices, or every old choice fits the new plain schema, the accepted values only grew;
   * if the new plain schema fits an old choice they shrank; otherwise the shape changed.
   * The choice's own nullability applies to each alternative.
   */
  #compareVariantPresence(oldSchema: Record<string, unknown>, newSchema: Record<string, unknown>, oldView: SchemaView, newView: SchemaView, path: string): void {
    const withNullable = (variant: SchemaNode, nullable: boolean): SchemaNode => (nullable ? { allOf: [variant], nullable: true } : variant);
    const fittingNew = newView.variants?.find((variant) => {
      const relation = this.#relation(oldSchema, withNullable(variant, newView.nullable));
      return relation === 'equal' || relation === 'wider';
    });
    const oldRelations = oldView.variants?.map((variant) => this.#relation(withNullable(variant, oldView.nullable), newSchema)) ?? [];
    const absorbsOld = oldRelations.length > 0 && oldRelations.every((relation) => relation === 'equal' || relation === 'wider');
    const fitsOld = oldRelations.some((relation) => relation === 'equal' || relation === 'narrower');
    const widening: Widening = fittingNew !== undefined || absorbsOld ? 'wider' : fitsOld ? 'narrower' : 'different';
    this.#sink.finding({ change: 'type-changed', path, from: describeType(oldView), to: describeType(newView), widening });
    if (fittingNew !== undefined) this.#collectReferences(oldSchema, fittingNew);
    if (absorbsOld) for (const variant of oldView.variants ?? []) this.#collectReferences(variant, newSchema);
  }

  /**
   * Records the components two matching schemas share without reporting their differences,
   * which a broader finding already covers; the operation still uses those components.
   */
  #collectReferences(oldNode: SchemaNode, newNode: SchemaNode): void {
    const sink: SchemaDiffSink = { finding: () => {}, reference: (name) => this.#sink.reference(name) };
    new SchemaDiffer(this.#oldResolver, this.#newResolver, sink, this.#comparing).compare(oldNode, newNode, '');
  }

  #compareVariants(oldVariants: SchemaNode[], newVariants: SchemaNode[], path: string): void {
    const resolvers = { old: this.#oldResolver, new: this.#newResolver };
    const match = matchVariants(oldVariants, newVariants, resolvers, (oldVariant, newVariant) => this.#relation(oldVariant, newVariant));
    for (const subject of match.removed) this.#sink.finding({ change: 'variant-removed', path, subject });
    for (const subject of match.added) this.#sink.finding({ change: 'variant-added', path, subject });
    for (const pair of match.pairs) this.compare(pair.oldVariant, pair.newVariant, childPath(path, `oneOf[${pair.newIndex}]`));
    for (const pair of match.absorbed) this.#collectReferences(pair.oldVariant, pair.newVariant);
  }
}

export function diffSchemas(
  oldNode: SchemaNode,
  newNode: SchemaNode,
  resolvers: { old: RefResolver; new: RefResolver },
  sink: SchemaDiffSink,
): void {
  new SchemaDiffer(resolvers.old, resolvers.new, sink).compare(oldNode, newNode, '');
}

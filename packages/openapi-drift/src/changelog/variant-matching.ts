/**
 * Pairs the `oneOf` / `anyOf` alternatives of two schemas. Inline alternatives have no name,
 * and matching them by position would turn one inserted alternative into a cascade of
 * bogus changes in every later one, so they are matched by reference, then by being
 * unchanged, then by a recognisable signature (title, `allOf` references, a single-value
 * enum such as `type: ['workflows']`), and only then by position.
 */
import type { SchemaNode } from './document-model.ts';
import { componentSchemaName, refOf, type RefResolver } from './ref-resolver.ts';
import type { SchemaRelation } from './schema-relation.ts';
import { viewSchema } from './schema-view.ts';

export interface VariantPair {
  oldVariant: SchemaNode;
  newVariant: SchemaNode;
  newIndex: number;
}

export interface VariantMatch {
  pairs: VariantPair[];
  /** Further old alternatives that fit a new one already paired: not removed, not compared again. */
  absorbed: VariantPair[];
  removed: string[];
  added: string[];
}

function signature(variant: SchemaNode, resolver: RefResolver): string | undefined {
  const ref = refOf(variant);
  if (ref !== undefined) return `ref:${ref}`;
  const schema = resolver.resolveRecord(variant);
  if (schema === undefined) return undefined;
  if (typeof schema.title === 'string') return `title:${schema.title}`;
  const view = viewSchema(schema, resolver, true);
  if (view.allOfRefs.length > 0) return `allOf:${view.allOfRefs.join(' & ')}`;
  for (const [name, property] of view.properties) {
    const values = resolver.resolveRecord(property)?.enum;
    if (Array.isArray(values) && values.length === 1) return `${name}=${JSON.stringify(values[0])}`;
  }
  return undefined;
}

function label(variant: SchemaNode, index: number, resolver: RefResolver): string {
  const name = componentSchemaName(variant);
  if (name !== undefined) return name;
  const found = signature(variant, resolver);
  return found === undefined ? `#${index}` : found.replace(/^(ref|title|allOf):/, '');
}

interface Candidate {
  node: SchemaNode;
  index: number;
  signature: string | undefined;
}

/**
 * Alternatives merged into a broader one (e.g. `{labels: string[]}` and `{labels: object[]}`
 * into `{labels: (string | object)[]}`) were not removed: each old one still fits.
 */
function absorbCoveredVariants(
  oldLeft: Candidate[],
  newLeft: Candidate[],
  pairs: VariantPair[],
  absorbed: VariantPair[],
  relate: (oldVariant: SchemaNode, newVariant: SchemaNode) => SchemaRelation,
): void {
  const covering = new Set<Candidate>();
  for (const before of [...oldLeft]) {
    const after = newLeft.find((candidate) => relate(before.node, candidate.node) === 'wider');
    if (after === undefined) continue;
    oldLeft.splice(oldLeft.indexOf(before), 1);
    // Report the widening once per new alternative, not once per old one it absorbed.
    (covering.has(after) ? absorbed : pairs).push({ oldVariant: before.node, newVariant: after.node, newIndex: after.index });
    covering.add(after);
  }
  for (const after of covering) newLeft.splice(newLeft.indexOf(after), 1);
}

export function matchVariants(
  oldVariants: SchemaNode[],
  newVariants: SchemaNode[],
  resolvers: { old: RefResolver; new: RefResolver },
  relate: (oldVariant: SchemaNode, newVariant: SchemaNode) => SchemaRelation,
): VariantMatch {
  const oldLeft: Candidate[] = oldVariants.map((node, index) => ({ node, index, signature: signature(node, resolvers.old) }));
  const newLeft: Candidate[] = newVariants.map((node, index) => ({ node, index, signature: signature(node, resolvers.new) }));
  const pairs: VariantPair[] = [];
  const absorbed: VariantPair[] = [];
  const pairWhere = (accept: (before: Candidate, after: Candidate) => boolean): void => {
    for (const before of [...oldLeft]) {
      const at = newLeft.findIndex((after) => accept(before, after));
      const after = newLeft[at];
      if (after === undefined) continue;
      newLeft.splice(at, 1);
      oldLeft.splice(oldLeft.indexOf(before), 1);
      pairs.push({ oldVariant: before.node, newVariant: after.node, newIndex: after.index });
    }
  };
  const isRef = (candidate: Candidate): boolean => candidate.signature?.startsWith('ref:') === true;
  pairWhere((before, after) => isRef(before) && before.signature === after.signature);
  pairWhere((before, after) => relate(before.node, after.node) === 'equal');
  pairWhere((before, after) => !isRef(before) && before.signature !== undefined && before.signature === after.signature);
  absorbCoveredVariants(oldLeft, newLeft, pairs, absorbed, relate);
  // Whatever is left can only be matched by position, and only if nothing was added or removed.
  if (oldLeft.length === newLeft.length && [...oldLeft, ...newLeft].every((candidate) => !isRef(candidate))) {
    oldLeft.forEach((before, position) => {
      const after = newLeft[position];
      if (after !== undefined) pairs.push({ oldVariant: before.node, newVariant: after.node, newIndex: after.index });
    });
    oldLeft.length = 0;
    newLeft.length = 0;
  }
  return {
    pairs,
    absorbed,
    removed: oldLeft.map((candidate) => label(candidate.node, candidate.index, resolvers.old)),
    added: newLeft.map((candidate) => label(candidate.node, candidate.index, resolvers.new)),
  };
}

/**
 * Validation keywords that do not change a TypeScript type but do change which values are
 * valid: `maxLength: 10` becoming `5` compiles the same and fails at run time. Each change is
 * judged as narrower (fewer values valid), wider or different (neither contains the other);
 * change-rules.ts turns that into a level per direction.
 */
import type { Widening } from './schema-relation.ts';

/** Keyword -> how to compare it. 'upper': lower is narrower; 'lower': higher is narrower. */
const BOUNDS = {
  maxLength: 'upper',
  maxItems: 'upper',
  maxProperties: 'upper',
  maximum: 'upper',
  exclusiveMaximum: 'upper',
  minLength: 'lower',
  minItems: 'lower',
  minProperties: 'lower',
  minimum: 'lower',
  exclusiveMinimum: 'lower',
} as const;

type BoundKeyword = keyof typeof BOUNDS;

/** Keywords whose absence means "no constraint" and equals this value. */
const NEUTRAL: Partial<Record<string, unknown>> = { minLength: 0, minItems: 0, minProperties: 0, uniqueItems: false };

export const CONSTRAINT_KEYWORDS = [...Object.keys(BOUNDS), 'multipleOf', 'pattern', 'uniqueItems'] as const;

export type Constraints = Map<string, unknown>;

/**
 * The constraints a schema states itself. OpenAPI 3.0 and Swagger write an exclusive bound as
 * `minimum: 0, exclusiveMinimum: true`, 3.1 as `exclusiveMinimum: 0`; both read as the latter,
 * so a conversion between versions is no change.
 */
export function readConstraints(schema: Record<string, unknown>): Constraints {
  const constraints: Constraints = new Map();
  for (const keyword of CONSTRAINT_KEYWORDS) {
    const value = schema[keyword];
    // 3.0's boolean exclusive flags are folded into their bound below.
    if (value === undefined || (typeof value === 'boolean' && keyword !== 'uniqueItems')) continue;
    if (value !== NEUTRAL[keyword]) constraints.set(keyword, value);
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (schema[flag] === true && typeof schema[bound] === 'number') {
      constraints.set(flag, schema[bound]);
      constraints.delete(bound);
    }
  }
  return constraints;
}

export interface ConstraintChange {
  keyword: string;
  from: unknown;
  to: unknown;
  widening: Widening;
}

function compareBound(direction: 'upper' | 'lower', from: unknown, to: unknown): Widening {
  if (from === undefined) return 'narrower';
  if (to === undefined) return 'wider';
  if (typeof from !== 'number' || typeof to !== 'number') return 'different';
  const tighter = direction === 'upper' ? to < from : to > from;
  return tighter ? 'narrower' : 'wider';
}

function isMultiple(value: number, of: number): boolean {
  const ratio = value / of;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function compareOne(keyword: string, from: unknown, to: unknown): Widening {
  if (keyword in BOUNDS) return compareBound(BOUNDS[keyword as BoundKeyword], from, to);
  if (from === undefined) return 'narrower';
  if (to === undefined) return 'wider';
  if (keyword === 'multipleOf' && typeof from === 'number' && typeof to === 'number') {
    // Multiples of 4 are all multiples of 2: 2 -> 4 accepts fewer values, 4 -> 2 more.
    if (isMultiple(to, from)) return 'narrower';
    if (isMultiple(from, to)) return 'wider';
  }
  if (keyword === 'uniqueItems') return to === true ? 'narrower' : 'wider';
  // Whether one pattern's language contains the other's cannot be told in general.
  return 'different';
}

export function compareConstraints(before: Constraints, after: Constraints): ConstraintChange[] {
  const changes: ConstraintChange[] = [];
  for (const keyword of CONSTRAINT_KEYWORDS) {
    const from = before.get(keyword);
    const to = after.get(keyword);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes.push({ keyword, from, to, widening: compareOne(keyword, from, to) });
  }
  return changes;
}

/** Formats whose values include all values of another: an int32 is an int64, a float a double. */
const FORMAT_WIDENINGS = new Set(['int32>int64', 'float>double', 'int32>double']);

/** A format added restricts the values, a format removed frees them; a change is judged by the table. */
export function compareFormats(from: string | undefined, to: string | undefined): Widening | undefined {
  if (from === to) return undefined;
  if (from === undefined) return 'narrower';
  if (to === undefined) return 'wider';
  if (FORMAT_WIDENINGS.has(`${from}>${to}`)) return 'wider';
  if (FORMAT_WIDENINGS.has(`${to}>${from}`)) return 'narrower';
  return 'different';
}

// How a validator's error becomes a finding's place, expectation and received type. Only types
// are named: the value is read to learn its JSON type and is never copied unless asked for.
import { escapeToken, valueAt } from '../openapi/pointer.ts';
import type { DriftFindingKind, ValidatorError } from './types.ts';

export interface Mismatch {
  kind: DriftFindingKind;
  pointer: string;
  expected: string;
  receivedType: string;
  /** The value at the pointer, for operations whose findings may carry it. */
  value: unknown;
}

/**
 * The error to report of a failed validation. ajv stops at the first failing keyword and lists the
 * errors of the alternatives it tried before the one that failed them all: the last one is that.
 */
export function mismatchOf(errors: ValidatorError[] | null | undefined, body: unknown): Mismatch {
  const error = errors?.[errors.length - 1];
  if (!error) return { kind: 'constraint', pointer: '', expected: 'a body the schema accepts', receivedType: jsonTypeOf(body), value: body };
  const pointer = pointerOfError(error);
  const value = valueAt(body, pointer);
  const receivedType = jsonTypeOf(value);
  const expected = `${error.keyword}: ${error.message ?? 'must match the schema'}`;
  return { kind: kindOf(error, receivedType), pointer, expected, receivedType, value };
}

function kindOf(error: ValidatorError, receivedType: string): DriftFindingKind {
  switch (error.keyword) {
    case 'required':
      return 'missing-property';
    case 'type':
      return receivedType === 'null' ? 'null-not-allowed' : 'wrong-type';
    case 'enum':
    case 'const':
      return 'not-in-enum';
    default:
      return 'constraint';
  }
}

/** Where the error is: a missing or forbidden property is named by its own place, not its object's. */
function pointerOfError(error: ValidatorError): string {
  const property = error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  return typeof property === 'string' ? `${error.instancePath}/${escapeToken(property)}` : error.instancePath;
}

/** `/0/tags/1` and `/7/tags/0` are the same place in a list: one finding per place, not per item. */
export function placeOf(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, '/*');
}

/** The JSON type of a parsed value; `missing` where there is none. */
export function jsonTypeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

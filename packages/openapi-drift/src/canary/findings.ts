// What the canary reports, and how ajv's errors become it. Each finding names the place in the
// body (a JSON pointer), what the spec says and what came back.
import type { ErrorObject } from 'ajv/dist/2020.js';
import { escapeToken, isRecord, valueAt } from '../openapi/pointer.ts';
import { describeValue, sanitize, truncate, type Redact } from './text.ts';
import type { BodyCheck, BodyValidator } from './validate.ts';

export type FindingKind =
  | 'undocumented-status'
  | 'undocumented-content-type'
  | 'unparsable-body'
  | 'missing-property'
  | 'wrong-type'
  | 'not-in-enum'
  | 'null-not-allowed'
  | 'constraint'
  | 'undocumented-property'
  | 'undocumented-body'
  | 'error-status'
  | 'not-validated'
  | 'left-out';

export interface Finding {
  kind: FindingKind;
  /** A mismatch fails the canary; information does not. */
  severity: 'mismatch' | 'info';
  /** JSON pointer into the body; absent for status and content type. */
  pointer?: string;
  /** What the spec says. */
  expected: string;
  /** What came back: truncated, sanitized, secrets hidden. */
  actual: string;
}

export const KIND_LABELS: Record<FindingKind, string> = {
  'undocumented-status': 'undocumented status',
  'undocumented-content-type': 'undocumented content type',
  'unparsable-body': 'body is not valid JSON',
  'missing-property': 'missing required property',
  'wrong-type': 'wrong type',
  'not-in-enum': 'value outside the enum',
  'null-not-allowed': 'null where not nullable',
  constraint: 'constraint not met',
  'undocumented-property': 'property not in the spec',
  'undocumented-body': 'body the spec does not describe',
  'error-status': 'documented error status',
  'not-validated': 'body not validated',
  'left-out': 'findings left out',
};

type Narrowed = ErrorObject & { alternative?: string };

/** A pointer longer than this is cut: property names come from the service, and can be megabytes long. */
const MAX_POINTER_CHARS = 200;

/** A pointer as a report shows it: secrets hidden first, then sanitized and cut. */
function shownPointer(pointer: string, redact: Redact): string {
  return sanitize(truncate(redact(pointer), MAX_POINTER_CHARS));
}

/** Findings reported per call; the rest are counted. A body of 100k wrong items must not make a 10 MB report. */
export const MAX_FINDINGS_PER_CALL = 100;

/** The first MAX_FINDINGS_PER_CALL findings, and one that says how many more there were. */
export function capFindings(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_FINDINGS_PER_CALL) return findings;
  const left = findings.length - MAX_FINDINGS_PER_CALL;
  return [...findings.slice(0, MAX_FINDINGS_PER_CALL), { kind: 'left-out', severity: 'info', expected: `at most ${MAX_FINDINGS_PER_CALL} findings per call`, actual: `${left} more findings left out of this report` }];
}

/** The findings of one body check: ajv's errors mapped to kinds, then the undocumented properties. */
export function bodyFindings(check: BodyCheck, body: unknown, validator: BodyValidator, redact: Redact): Finding[] {
  const findings = narrow(check.errors, validator).map((error) => findingOf(error, redact));
  for (const pattern of check.uncheckedPatterns) {
    findings.push({ kind: 'not-validated', severity: 'info', expected: `the pattern /${sanitize(pattern)}/`, actual: 'not checked: it needs lookaround or backreferences, which only an engine whose time can grow without bound matches' });
  }
  for (const pointer of check.undocumented) {
    findings.push({ kind: 'undocumented-property', severity: 'info', pointer: shownPointer(pointer, redact), expected: 'not mentioned by the schema', actual: describeValue(valueAt(body, pointer), redact) });
  }
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.kind} ${finding.pointer} ${finding.expected}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/**
 * A oneOf or anyOf that no alternative matched comes with the errors of every alternative, most of
 * them beside the point. They are replaced by the errors of the closest alternative (fewest errors),
 * checked again on its own. Errors are scanned from the end: an alternative's errors stand just
 * before its combinator's own error, and the outermost combinator comes last.
 */
function narrow(errors: ErrorObject[], validator: BodyValidator): Narrowed[] {
  const kept: Narrowed[] = [];
  for (let index = errors.length - 1; index >= 0; index--) {
    const error = errors[index] as ErrorObject;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, the other keywords whose schema is an array (enum, required, type) hold values, not schemas of the document, so errorsAgainst gives undefined for them and the error is kept below
    const alternatives = (error.keyword === 'oneOf' || error.keyword === 'anyOf') && Array.isArray(error.schema) ? (error.schema as unknown[]) : undefined;
    const results = alternatives?.map((alternative) => validator.errorsAgainst(alternative, error.data));
    // Stryker disable next-line LogicalOperator: equivalent, results is undefined exactly when alternatives is
    if (!alternatives || !results || results.some((result) => result === undefined)) {
      kept.push(error);
      continue;
    }
    const checked = results as ErrorObject[][];
    const count = checked.reduce((sum, result) => sum + result.length, 0);
    const block = errors.slice(index - count, index);
    // Only when the block is exactly the alternatives' errors; otherwise ajv's own list stands.
    if (count > index || !block.every((inner) => within(inner.instancePath, error.instancePath))) {
      kept.push(error);
      continue;
    }
    index -= count;
    if (error.params.passingSchemas !== null && error.params.passingSchemas !== undefined) {
      kept.push(error);
      continue;
    }
    const best = closest(alternatives, checked, error.data);
    const label = `${error.keyword}: closest alternative, #${best + 1} of ${alternatives.length}`;
    const inner = narrow(checked[best] as ErrorObject[], validator).map((found) => ({ ...found, instancePath: error.instancePath + found.instancePath, alternative: found.alternative ?? label }));
    kept.push(...inner.reverse());
  }
  return kept.reverse();
}

function closest(alternatives: unknown[], results: ErrorObject[][], data: unknown): number {
  let best = -1;
  results.forEach((result, index) => {
    // `{type: 'null'}` is how a nullable reference is written; it is never the closest to a non-null value.
    const onlyNull = isRecord(alternatives[index]) && (alternatives[index] as Record<string, unknown>).type === 'null';
    // Stryker disable next-line ConditionalExpression: equivalent for `data !== null`, a `{type: 'null'}` alternative accepts null, so null never fails a combinator through it
    if (onlyNull && data !== null) return;
    if (best === -1 || result.length < (results[best] as ErrorObject[]).length) best = index;
  });
  return best === -1 ? 0 : best;
}

function findingOf(error: Narrowed, redact: Redact): Finding {
  // A property name is the service's text too: a token it echoed as a key is hidden in the pointer.
  const at = (property?: unknown) => shownPointer(property === undefined ? error.instancePath : `${error.instancePath}/${escapeToken(String(property))}`, redact);
  const context = error.alternative ? ` [${error.alternative}]` : '';
  const mismatch = (kind: FindingKind, pointer: string, expected: string, actual: string): Finding => ({ kind, severity: 'mismatch', pointer, expected: expected + context, actual });
  const { params, data } = error;
  switch (error.keyword) {
    case 'required':
      return mismatch('missing-property', at(params.missingProperty), `required property "${sanitize(String(params.missingProperty))}"`, 'absent');
    case 'type': {
      const types = String(params.type).split(',');
      // Stryker disable next-line StringLiteral: equivalent for 'null', ajv reports no type error for null where null is among the types
      if (data === null && !types.includes('null')) return mismatch('null-not-allowed', at(), `${types.join(' or ')}, not nullable`, 'null');
      return mismatch('wrong-type', at(), types.join(' or '), describeValue(data, redact));
    }
    case 'enum':
      return mismatch('not-in-enum', at(), `one of ${sanitize(listOf(params.allowedValues))}`, describeValue(data, redact));
    case 'const':
      return mismatch('not-in-enum', at(), `exactly ${sanitize(listOf([params.allowedValue]))}`, describeValue(data, redact));
    case 'discriminator': {
      const tag = isRecord(data) ? data[params.tag] : undefined;
      if (params.error === 'mapping') return mismatch('not-in-enum', at(params.tag), 'a value that selects one of the alternatives', describeValue(tag, redact));
      if (tag === undefined) return mismatch('missing-property', at(params.tag), `required property "${sanitize(String(params.tag))}"`, 'absent');
      return mismatch('wrong-type', at(params.tag), 'string', describeValue(tag, redact));
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const property = params.additionalProperty ?? params.unevaluatedProperty;
      const value = isRecord(data) ? data[property] : undefined;
      return mismatch('constraint', at(property), `no properties beyond those listed (${error.keyword}: false)`, describeValue(value, redact));
    }
    case 'oneOf':
    case 'anyOf':
      if (Array.isArray(params.passingSchemas)) return mismatch('constraint', at(), 'exactly one alternative of oneOf', `a value that matches alternatives ${params.passingSchemas.map((index: number) => `#${index + 1}`).join(' and ')}`);
      return mismatch('constraint', at(), `one of the alternatives of ${error.keyword}`, describeValue(data, redact));
    default:
      return mismatch('constraint', at(), sanitize(error.message ?? error.keyword), describeValue(data, redact));
  }
}

function listOf(list: unknown[]): string {
  const shown = list.slice(0, 8).map((value) => JSON.stringify(value)).join(', ');
  return list.length > 8 ? `${shown}, … (${list.length} values)` : shown;
}

function within(pointer: string, object: string): boolean {
  return pointer === object || pointer.startsWith(`${object}/`);
}

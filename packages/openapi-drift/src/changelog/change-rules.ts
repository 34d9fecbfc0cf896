/**
 * How bad each change is for existing callers. Direction matters: a request is what callers
 * send (the server may now reject it), a response is what callers parse (their code may
 * now mishandle it). Parameters are part of the request.
 *
 * | change                                   | request / parameter | response |
 * |------------------------------------------|---------------------|----------|
 * | operation removed                        | breaking            |          |
 * | operation added                          | info                |          |
 * | operation moved (same operationId, other path or method) | breaking |   |
 * | path parameter renamed (same URL, other path key) | warning    |          |
 * | operationId changed (SDK method renamed) | warning             |          |
 * | operation deprecated / undeprecated      | warning / info      |          |
 * | parameter added: required / optional     | breaking / info     |          |
 * | parameter removed (*)                    | warning             |          |
 * | parameter made required / optional       | breaking / info     |          |
 * | parameter moved (e.g. query -> header)   | breaking            |          |
 * | parameter deprecated                     | info                |          |
 * | request body added: required / optional  | breaking / info     |          |
 * | request body removed                     | warning             |          |
 * | request body made required / optional    | breaking / info     |          |
 * | media type removed / added               | breaking / info     | breaking / info |
 * | response status removed: 2xx / other     |                     | breaking / warning |
 * | response status added                    |                     | info     |
 * | security: stricter / looser or equal     | breaking / info     |          |
 * | property added: required / optional      | breaking / info     | info     |
 * | property removed                         | warning (*)         | breaking |
 * | property made required                   | breaking            | info     |
 * | property made optional                   | info                | breaking |
 * | property deprecated                      | info                | info     |
 * | type widened (incl. became nullable)     | info                | breaking |
 * | type narrowed (incl. enum introduced)    | breaking            | info     |
 * | type changed to an unrelated one         | breaking            | breaking |
 * | constraint or format tightened (**)      | warning             | info     |
 * | constraint or format loosened (**)       | info                | warning  |
 * | constraint or format changed otherwise   | warning             | warning  |
 * | enum value added                         | info                | warning (exhaustive switches) |
 * | enum value removed                       | breaking            | info     |
 * | oneOf/anyOf variant added                | info                | warning  |
 * | oneOf/anyOf variant removed              | breaking            | info     |
 *
 * (*) Removing a parameter or request property is a warning, not breaking: callers that still
 * send it are usually ignored, but a strict server (additionalProperties: false) rejects them.
 * (**) Constraints are maxLength, minLength, pattern, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, multipleOf, minItems, maxItems, minProperties, maxProperties, uniqueItems
 * (constraints.ts). They leave the TypeScript types alone, so the compiler cannot tell: a
 * tightened request constraint rejects calls that compiled ("calls that were accepted may now
 * be rejected"), a loosened response constraint can fail a client-side validator such as the
 * zod plugin. A pattern change cannot be judged either way. Formats: added is tightened,
 * removed is loosened, int32 -> int64 and float -> double are loosened.
 *
 * A change inside a component schema is reported once per direction it is used in: the
 * operations that send it get the request reading, those that receive it the response
 * reading, and an operation that does both appears in both (component-diff.ts).
 */
import type { ChangeLevel } from './types.ts';
import type { SchemaFinding } from './schema-diff.ts';

export type Direction = 'request' | 'response' | 'parameter';

export const OPERATION_LEVELS = {
  'operation-added': 'info',
  'operation-removed': 'breaking',
  'operation-id-changed': 'warning',
  'operation-moved': 'breaking',
  'path-parameter-renamed': 'warning',
  'operation-deprecated': 'warning',
  'operation-undeprecated': 'info',
  'parameter-added/required': 'breaking',
  'parameter-added/optional': 'info',
  'parameter-removed': 'warning',
  'parameter-required': 'breaking',
  'parameter-optional': 'info',
  'parameter-moved': 'breaking',
  'parameter-deprecated': 'info',
  'request-body-added/required': 'breaking',
  'request-body-added/optional': 'info',
  'request-body-removed': 'warning',
  'request-body-required': 'breaking',
  'request-body-optional': 'info',
  'request-media-type-added': 'info',
  'request-media-type-removed': 'breaking',
  'response-media-type-added': 'info',
  'response-media-type-removed': 'breaking',
  'response-status-added': 'info',
  'response-status-removed/success': 'breaking',
  'response-status-removed/other': 'warning',
  'security-changed/stricter': 'breaking',
  'security-changed/looser': 'info',
} as const satisfies Record<string, ChangeLevel>;

export type OperationRule = keyof typeof OPERATION_LEVELS;

/** The kind is the rule without its qualifier: 'parameter-added/required' -> 'parameter-added'. */
export function operationRule(rule: OperationRule): { kind: string; level: ChangeLevel } {
  return { kind: rule.split('/')[0] ?? rule, level: OPERATION_LEVELS[rule] };
}

type SchemaRuleKey = `${'request' | 'response'}:${string}`;

const SCHEMA_LEVELS: Record<SchemaRuleKey, ChangeLevel> = {
  'request:property-added/required': 'breaking',
  'request:property-added/optional': 'info',
  'request:property-removed': 'warning',
  'request:property-required': 'breaking',
  'request:property-optional': 'info',
  'request:property-deprecated': 'info',
  'request:type-changed/wider': 'info',
  'request:type-changed/narrower': 'breaking',
  'request:type-changed/different': 'breaking',
  'request:format-changed/narrower': 'warning',
  'request:format-changed/different': 'warning',
  'request:format-changed/wider': 'info',
  'request:constraint-changed/narrower': 'warning',
  'request:constraint-changed/different': 'warning',
  'request:constraint-changed/wider': 'info',
  'request:enum-value-added': 'info',
  'request:enum-value-removed': 'breaking',
  'request:variant-added': 'info',
  'request:variant-removed': 'breaking',
  'response:property-added/required': 'info',
  'response:property-added/optional': 'info',
  'response:property-removed': 'breaking',
  'response:property-required': 'info',
  'response:property-optional': 'breaking',
  'response:property-deprecated': 'info',
  'response:type-changed/wider': 'breaking',
  'response:type-changed/narrower': 'info',
  'response:type-changed/different': 'breaking',
  'response:format-changed/wider': 'warning',
  'response:format-changed/different': 'warning',
  'response:format-changed/narrower': 'info',
  'response:constraint-changed/wider': 'warning',
  'response:constraint-changed/different': 'warning',
  'response:constraint-changed/narrower': 'info',
  'response:enum-value-added': 'warning',
  'response:enum-value-removed': 'info',
  'response:variant-added': 'warning',
  'response:variant-removed': 'info',
};

function qualifier(finding: SchemaFinding): string {
  if (finding.change === 'property-added') return finding.required === true ? '/required' : '/optional';
  if (finding.change === 'type-changed' || finding.change === 'format-changed' || finding.change === 'constraint-changed') {
    return `/${finding.widening ?? 'different'}`;
  }
  return '';
}

function kindOf(finding: SchemaFinding, direction: Direction): string {
  const side = direction === 'response' ? 'response' : 'request';
  switch (finding.change) {
    case 'property-deprecated':
      return 'schema-property-deprecated';
    case 'type-changed':
      return direction === 'parameter' && finding.path === '' ? 'parameter-type-changed' : `${side}-property-type-changed`;
    default:
      return `${side}-${finding.change}`;
  }
}

export function schemaRule(finding: SchemaFinding, direction: Direction): { kind: string; level: ChangeLevel } {
  const side = direction === 'response' ? 'response' : 'request';
  // Every change type has a row for both sides; 'warning' only guards a row forgotten in the table.
  const level = SCHEMA_LEVELS[`${side}:${finding.change}${qualifier(finding)}`] ?? 'warning';
  return { kind: kindOf(finding, direction), level };
}

const LEVEL_RANK: Record<ChangeLevel, number> = { breaking: 0, warning: 1, info: 2 };

export function levelRank(level: ChangeLevel): number {
  return LEVEL_RANK[level];
}

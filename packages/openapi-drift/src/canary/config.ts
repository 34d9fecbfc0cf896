// The `canary` section of `clients/<name>/openapi-drift.json`: which operations to call on the live
// service and with what. Parsing checks the shape only; whether the operations exist in the
// snapshot, and whether their parameters fit, is checked by plan.ts against the document.
//
//   "canary": {
//     "baseUrl": "https://billing.example.com/api",
//     "headers": { "Authorization": "Bearer ${BILLING_API_TOKEN}" },
//     "operations": [
//       { "operationId": "listInvoices", "query": { "limit": 2 } },
//       { "operationId": "getInvoice", "path": { "invoiceId": "${CANARY_INVOICE_ID}" } }
//     ]
//   }
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { BYTES, numberProblem, SECONDS } from '../core/user-numbers.ts';
import { ENV_REFERENCE, headerValueProblem, SOURCE_FILE, type SourceConfig } from '../project/client-record.ts';

/** A path or query value; `${NAME}` inside a string is replaced by the environment variable NAME. */
export type ParameterValue = string | number | boolean;

export interface CanaryOperation {
  /** The operation's `operationId` in the committed snapshot. */
  operationId: string;
  /** Path parameters by name. Every `{name}` of the path template must be given. Default: none. */
  path?: Record<string, ParameterValue>;
  /** Query parameters by name; an array sends the name once per value. Default: none. */
  query?: Record<string, ParameterValue | ParameterValue[]>;
  /** Request headers; values must take their value from environment variables. Default: none. */
  headers?: Record<string, string>;
  /** Lets a method other than GET and HEAD be sent. Default: false. */
  unsafe?: boolean;
  /** A JSON request body, sent as `application/json`; only with `unsafe`. Default: no body. */
  body?: unknown;
}

export interface CanarySection {
  /** Where requests go. `${NAME}` allowed. Default: the snapshot's first server, resolved against `source`. */
  baseUrl?: string;
  /**
   * Headers sent with every operation; values must take their value from environment variables.
   * Default: none. The source's `headers` are never sent to the service: the spec's host and the
   * API's host may differ, and a token for one must not reach the other.
   */
  headers?: Record<string, string>;
  /** How long one call may take. Default: the source's `timeoutSeconds`, else 30. */
  timeoutSeconds?: number;
  /** Largest response body accepted. Default: the source's `maxBytes`, else 100 MiB. */
  maxBytes?: number;
  /** The operations to call, in order. At least one. */
  operations: CanaryOperation[];
}

const SECTION_FIELDS = ['baseUrl', 'headers', 'timeoutSeconds', 'maxBytes', 'operations'];
const OPERATION_FIELDS = ['operationId', 'path', 'query', 'headers', 'unsafe', 'body'];
export { ENV_REFERENCE };
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The `canary` section of a source record that readSourceConfig has read, or undefined without one. */
export function canarySectionOf(config: SourceConfig, shownDir: string): CanarySection | undefined {
  const section = (config as SourceConfig & { canary?: unknown }).canary;
  if (section === undefined) return undefined;
  const file = path.join(shownDir, SOURCE_FILE);
  const problems = sectionProblems(section);
  if (problems.length) {
    throw new ConfigError(`${file}: ${problems.join('; ')}`, { file, fix: 'see docs/canary.md for the fields of the canary section' });
  }
  return section as CanarySection;
}

function sectionProblems(section: unknown): string[] {
  if (!isPlainObject(section)) return ['"canary" must be an object'];
  const problems = unknownFields(section, SECTION_FIELDS, 'canary');
  const { baseUrl, headers, timeoutSeconds, maxBytes, operations } = section;
  if (baseUrl !== undefined && !(typeof baseUrl === 'string' && baseUrl)) problems.push('canary.baseUrl must be a URL');
  problems.push(...headerProblems(headers, 'canary.headers'));
  for (const problem of [timeoutSeconds === undefined ? undefined : numberProblem('canary.timeoutSeconds', timeoutSeconds, SECONDS), maxBytes === undefined ? undefined : numberProblem('canary.maxBytes', maxBytes, BYTES)]) {
    if (problem) problems.push(problem);
  }
  if (!Array.isArray(operations) || operations.length === 0) problems.push('canary.operations must list at least one operation, e.g. [{"operationId": "listPets"}]');
  else operations.forEach((operation, index) => problems.push(...operationProblems(operation, `canary.operations[${index}]`)));
  return problems;
}

function operationProblems(operation: unknown, field: string): string[] {
  if (!isPlainObject(operation)) return [`${field} must be an object with an "operationId"`];
  const problems = unknownFields(operation, OPERATION_FIELDS, field);
  const { operationId, unsafe, body } = operation;
  if (typeof operationId !== 'string' || !operationId) problems.push(`${field}.operationId must be the operationId of an operation in the snapshot`);
  problems.push(...valueMapProblems(operation.path, `${field}.path`, false));
  problems.push(...valueMapProblems(operation.query, `${field}.query`, true));
  problems.push(...headerProblems(operation.headers, `${field}.headers`));
  if (unsafe !== undefined && typeof unsafe !== 'boolean') problems.push(`${field}.unsafe must be true or false`);
  if (body !== undefined && unsafe !== true) problems.push(`${field}.body is sent only by an operation marked "unsafe": true`);
  return problems;
}

function valueMapProblems(values: unknown, field: string, arraysAllowed: boolean): string[] {
  if (values === undefined) return [];
  if (!isPlainObject(values)) return [`${field} must be an object of parameter names and values`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const ok = isParameterValue(value) || (arraysAllowed && Array.isArray(value) && value.every(isParameterValue));
    if (!ok) problems.push(`${field}.${name} must be a string, number or boolean${arraysAllowed ? ', or an array of them' : ''}`);
  }
  return problems;
}

/** The same rule as the source's headers: a secret is never committed, so every value names a variable. */
function headerProblems(headers: unknown, field: string): string[] {
  if (headers === undefined) return [];
  if (!isPlainObject(headers)) return [`${field} must be an object`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) problems.push(`${field}: '${name}' is not a valid header name`);
    else if (typeof value !== 'string') problems.push(`${field}.${name} must be a string`);
    else {
      const problem = headerValueProblem(value, `${field}.${name}`);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

function unknownFields(object: Record<string, unknown>, known: string[], field: string): string[] {
  return Object.keys(object)
    .filter((key) => !known.includes(key))
    .map((key) => `${field}: unknown field "${key}" (known: ${known.join(', ')})`);
}

function isParameterValue(value: unknown): value is ParameterValue {
  // Stryker disable next-line ConditionalExpression: equivalent for `typeof value === 'number'`, Number.isFinite is false for anything else
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// From a client's canary section and its snapshot to the calls to make, before any request:
// every operation exists, only safe methods unless marked unsafe, every path parameter given,
// every required query and header parameter given, environment variables set. All problems are
// reported at once, as one ConfigError naming the file and the field.
import { ConfigError } from '../core/errors.ts';
import { millisecondsOf } from '../core/user-numbers.ts';
import type { ResolvedSource } from '../project/client-record.ts';
import { ENV_REFERENCE, type CanaryOperation, type CanarySection, type ParameterValue } from './config.ts';
import { dialectOf, listOperations, SAFE_METHODS, type SpecOperation } from '../openapi/operations.ts';
import { isRecord } from '../openapi/pointer.ts';
import type { CallLimits, PlannedCall } from './request.ts';
import { sanitize } from './text.ts';

export interface CanaryPlan {
  /** The base URL as the report shows it: as written in the section, or derived from the snapshot. */
  baseUrlShown: string;
  calls: PlannedCall[];
  limits: CallLimits;
  /** Values taken from the environment, to be hidden wherever they could show. */
  secrets: string[];
}

export interface PlanInputs {
  section: CanarySection;
  document: Record<string, unknown>;
  /** The client's source, resolved: its URL is what a relative server URL is resolved against. */
  source: ResolvedSource;
  /** `--timeout`, which overrides every other setting. */
  timeoutMs?: number;
  /** `clients/<name>/openapi-drift.json`, as the user names it. */
  file: string;
  /** The snapshot, as the user names it. */
  snapshotFile: string;
}

export function planCanary(inputs: PlanInputs): CanaryPlan {
  const { section, document, file } = inputs;
  const problems: string[] = [];
  const secrets: string[] = [];
  const expand = (template: string, field: string): string =>
    template.replace(new RegExp(ENV_REFERENCE.source, 'g'), (_match, variable: string) => {
      const value = process.env[variable];
      if (value === undefined) problems.push(`${field} needs the environment variable ${variable}, which is not set`);
      else secrets.push(value);
      // Stryker disable next-line StringLiteral: equivalent, an unset variable is a problem, and a plan with a problem is refused whole
      return value ?? '';
    });
  const base = baseUrlOf(inputs, expand, problems);
  const operations = listOperations(document);
  const calls: PlannedCall[] = [];
  section.operations.forEach((wanted, index) => {
    const field = `canary.operations[${index}]`;
    const operation = operations.find((candidate) => candidate.operationId === wanted.operationId);
    if (!operation) {
      const known = operations.flatMap((candidate) => (candidate.operationId ? [candidate.operationId] : []));
      problems.push(`${field}: no operation has operationId "${wanted.operationId}" in ${inputs.snapshotFile} (${known.length ? `it has ${listed(known)}` : 'it names none'})`);
      return;
    }
    const before = problems.length;
    if (!SAFE_METHODS.includes(operation.method) && wanted.unsafe !== true) {
      problems.push(
        `${field} (${wanted.operationId}) is ${operation.method} ${operation.path}: only GET and HEAD are called unless the operation is marked "unsafe": true, because the canary calls the live service and a ${operation.method} can change its data`,
      );
    }
    if (wanted.body !== undefined && (operation.method === 'GET' || operation.method === 'HEAD')) {
      problems.push(`${field}.body: ${wanted.operationId} is ${operation.method} ${operation.path}, and a GET or HEAD request cannot carry a body`);
    }
    const url = urlOf(base?.url, operation, wanted, field, expand, problems);
    const headers = headersOf(section, wanted, operation, field, expand, problems);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, a call with a problem or no URL (which comes with a problem) is never made: the plan is refused whole
    if (problems.length === before && url !== undefined) {
      calls.push({ label: wanted.operationId, operation, url, headers, ...(wanted.body === undefined ? {} : { body: JSON.stringify(wanted.body) }) });
    }
  });
  if (problems.length) throw new ConfigError(`${file}: ${problems.join('; ')}`, { file, fix: 'correct the canary section (see docs/canary.md); environment variables are set in CI from repository secrets' });
  const timeoutMs = inputs.timeoutMs ?? (section.timeoutSeconds === undefined ? inputs.source.timeoutMs : millisecondsOf(section.timeoutSeconds));
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, no base URL comes with a problem, and the plan was refused above
  return { baseUrlShown: base?.shown ?? '', calls, limits: { timeoutMs, maxBytes: section.maxBytes ?? inputs.source.maxBytes }, secrets };
}

type Expand = (template: string, field: string) => string;

/** `canary.baseUrl`, or the snapshot's first server (Swagger 2.0: scheme, host and basePath), resolved against the source URL. */
function baseUrlOf(inputs: PlanInputs, expand: Expand, problems: string[]): { url: URL; shown: string } | undefined {
  const { section, document, source } = inputs;
  const written = section.baseUrl ?? serverUrlOf(document);
  const unresolved = section.baseUrl === undefined ? /\{([^}]*)\}/.exec(written) : null;
  if (unresolved) {
    problems.push(`the snapshot's server URL has the variable {${sanitize(unresolved[1] as string)}} with no default: give "canary.baseUrl"`);
    return undefined;
  }
  const sourceBase = source.isUrl ? source.location : undefined;
  let url: URL;
  try {
    // Stryker disable next-line ConditionalExpression: equivalent, a server URL with a brace was refused above, so it holds no `${NAME}` to expand
    url = new URL(section.baseUrl === undefined ? written : expand(written, 'canary.baseUrl'), sourceBase);
  } catch {
    problems.push(
      section.baseUrl === undefined
        ? `the snapshot's server URL "${written}" is relative and the source is a file: give "canary.baseUrl"`
        : `canary.baseUrl is not a URL${sourceBase ? '' : ' (a relative one needs a source URL to resolve against)'}`,
    );
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`canary.baseUrl must be an http or https URL, not ${url.protocol}`);
    return undefined;
  }
  url.search = '';
  url.hash = '';
  const href = url.href.replace(/\/+$/, '');
  // The section's own text is shown, never its expansion: an environment variable may be a secret.
  return { url, shown: section.baseUrl ?? `${href} (the snapshot's first server)` };
}

function serverUrlOf(document: Record<string, unknown>): string {
  if (dialectOf(document) === 'swagger-2.0') {
    const scheme = Array.isArray(document.schemes) && typeof document.schemes[0] === 'string' ? `${document.schemes[0]}:` : '';
    const host = typeof document.host === 'string' ? `${scheme}//${document.host}` : '';
    return `${host}${typeof document.basePath === 'string' ? document.basePath : '/'}`;
  }
  const server = Array.isArray(document.servers) ? document.servers[0] : undefined;
  if (!isRecord(server) || typeof server.url !== 'string') return '/';
  const variables = isRecord(server.variables) ? server.variables : {};
  // Server variables take their defaults: the canary calls the server the document names first.
  return server.url.replace(/\{([^}]+)\}/g, (match, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === 'string' ? variable.default : match;
  });
}

function urlOf(base: URL | undefined, operation: SpecOperation, wanted: CanaryOperation, field: string, expand: Expand, problems: string[]): string | undefined {
  const given = wanted.path ?? {};
  // The template comes from the spec: glued to the base as text, ":8082/x" or ".attacker.net/x"
  // would move the call, and the configured headers with it, to another port or host.
  if (!operation.path.startsWith('/')) {
    problems.push(`${field}: the path template "${sanitize(operation.path)}" of ${wanted.operationId} does not start with "/", so it cannot be placed under the base URL; the snapshot's paths must start with "/"`);
    return undefined;
  }
  const names = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  for (const name of names) if (!(name in given)) problems.push(`${field}.path.${name} is needed: the path is ${operation.path}`);
  for (const name of Object.keys(given)) if (!names.includes(name)) problems.push(`${field}.path.${name} is not in the path ${operation.path}`);
  const path = operation.path.replace(/\{([^}]+)\}/g, (match, name: string) => (name in given ? encodeURIComponent(valueOf(given[name] as ParameterValue, `${field}.path.${name}`, expand)) : match));
  const query = new URLSearchParams();
  const specQuery = operation.parameters.filter((parameter) => parameter.in === 'query');
  for (const [name, value] of Object.entries(wanted.query ?? {})) {
    if (!specQuery.some((parameter) => parameter.name === name)) {
      problems.push(`${field}.query.${name} is not a query parameter of ${wanted.operationId} (${specQuery.length ? `it has ${listed(specQuery.map((parameter) => parameter.name))}` : 'it has none'})`);
    }
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, valueOf(item, `${field}.query.${name}`, expand));
  }
  for (const parameter of specQuery) if (parameter.required && !(parameter.name in (wanted.query ?? {}))) problems.push(`${field}.query.${parameter.name} is needed: ${wanted.operationId} requires it`);
  if (base === undefined) return undefined;
  // Only the path and the query are set: the scheme, host and port stay the base's.
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  url.search = query.size ? `?${query}` : '';
  url.hash = '';
  // A guard that URL parsing makes unreachable (setting a pathname never changes the origin), kept
  // because the headers must never follow a path elsewhere.
  // Stryker disable all: equivalent, unreachable
  if (url.origin !== base.origin) {
    problems.push(`${field}: the path of ${wanted.operationId} leads away from the base URL's host, and its headers are sent only there`);
    return undefined;
  }
  // Stryker restore all
  return url.href;
}

function headersOf(section: CanarySection, wanted: CanaryOperation, operation: SpecOperation, field: string, expand: Expand, problems: string[]): Record<string, string> {
  const documented = [...new Set(operation.responses.flatMap((response) => response.content.map((entry) => entry.mediaType)))];
  const headers: Record<string, string> = { accept: documented.length ? documented.join(', ') : '*/*' };
  for (const [origin, given] of [['canary.headers', section.headers], [`${field}.headers`, wanted.headers]] as const) {
    for (const [name, template] of Object.entries(given ?? {})) {
      const value = expand(template, `${origin}.${name}`);
      // A line break would end the header and start another; fetch refuses it, quoting the value.
      if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
        const variables = [...template.matchAll(new RegExp(ENV_REFERENCE.source, 'g'))].map((match) => match[1]).join(', ');
        problems.push(`${origin}.${name}, from ${variables}, contains a line break or another control character, which no header value may hold (the value is not printed)`);
      }
      headers[name.toLowerCase()] = value;
    }
  }
  for (const parameter of operation.parameters) {
    if (parameter.in === 'header' && parameter.required && !(parameter.name.toLowerCase() in headers)) {
      problems.push(`${wanted.operationId} requires the header ${parameter.name}: add it to ${field}.headers, its value from an environment variable`);
    }
  }
  return headers;
}

function valueOf(value: ParameterValue, field: string, expand: Expand): string {
  return typeof value === 'string' ? expand(value, field) : String(value);
}

function listed(names: string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join(', ')}, … (${names.length})` : names.join(', ');
}

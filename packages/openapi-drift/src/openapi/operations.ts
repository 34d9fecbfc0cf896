// Operations of a Swagger 2.0, OpenAPI 3.0 or 3.1 document as the canary and the runtime
// validators need them: found by operationId, with their parameters and, for each documented
// status, the media types and the JSON pointer of each one's schema (the validator compiles
// schemas by pointer, so that local `$ref`s resolve inside the document).
import { isRecord, pointerOf, resolveRefs } from './pointer.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Methods that must not change anything on the service (RFC 9110, section 9.2.1) and are sent without `unsafe`. */
export const SAFE_METHODS = ['GET', 'HEAD'];

export type Dialect = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

export interface SpecParameter {
  name: string;
  in: string;
  required: boolean;
}

export interface SpecMediaType {
  /** As written in the document, e.g. `application/json` or `application/*`. */
  mediaType: string;
  /** JSON pointer of the schema in the document; undefined when none is given. */
  schemaPointer?: string;
}

export interface SpecResponse {
  /** `200`, a range such as `2XX`, or `default`. */
  status: string;
  /** Empty when the response documents no body. */
  content: SpecMediaType[];
}

export interface SpecOperation {
  operationId: string | undefined;
  /** Upper case, as sent. */
  method: string;
  /** The path template as written in the document, e.g. `/pets/{petId}`. */
  path: string;
  parameters: SpecParameter[];
  responses: SpecResponse[];
}

export function dialectOf(document: Record<string, unknown>): Dialect {
  if (typeof document.swagger === 'string') return 'swagger-2.0';
  return typeof document.openapi === 'string' && document.openapi.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1';
}

/** Every operation of the document: paths in document order, methods in the order of HTTP_METHODS. */
export function listOperations(document: Record<string, unknown>): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const dialect = dialectOf(document);
  const paths = resolveRefs(document, document.paths, '/paths');
  if (!isRecord(paths.node)) return operations;
  for (const [template, rawItem] of Object.entries(paths.node)) {
    const item = resolveRefs(document, rawItem, pointerOf(paths.pointer, template));
    if (!isRecord(item.node)) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolveRefs(document, item.node[method], pointerOf(item.pointer, method));
      if (!isRecord(operation.node)) continue;
      operations.push({
        operationId: typeof operation.node.operationId === 'string' ? operation.node.operationId : undefined,
        method: method.toUpperCase(),
        path: template,
        parameters: mergeParameters(document, item.node.parameters, operation.node.parameters),
        responses: readResponses(document, dialect, operation.node, operation.pointer),
      });
    }
  }
  return operations;
}

export function findOperation(document: Record<string, unknown>, operationId: string): SpecOperation | undefined {
  return listOperations(document).find((operation) => operation.operationId === operationId);
}

/** The response documented for a status: the exact code, then its range (`4XX`), then `default`. */
export function responseFor(operation: SpecOperation, status: number): SpecResponse | undefined {
  const byKey = new Map(operation.responses.map((response) => [response.status.toUpperCase(), response]));
  return byKey.get(String(status)) ?? byKey.get(`${String(status)[0]}XX`) ?? byKey.get('DEFAULT');
}

/** The documented media type that an answer's type matches: exact, then `type/*`, then `*\/*`. */
export function mediaTypeFor(response: SpecResponse, contentType: string): SpecMediaType | undefined {
  const wanted = essence(contentType);
  const byType = new Map(response.content.map((entry) => [essence(entry.mediaType), entry]));
  return byType.get(wanted) ?? byType.get(`${wanted.split('/')[0]}/*`) ?? byType.get('*/*');
}

/** `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export function isJsonMediaType(contentType: string): boolean {
  const type = essence(contentType);
  return type === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(type);
}

/** Path-item parameters apply to every operation under them; an operation's own override them. */
function mergeParameters(document: Record<string, unknown>, pathLevel: unknown, operationLevel: unknown): SpecParameter[] {
  const merged = new Map<string, SpecParameter>();
  for (const raw of [...asArray(pathLevel), ...asArray(operationLevel)]) {
    const { node } = resolveRefs(document, raw, '');
    if (!isRecord(node) || typeof node.name !== 'string' || typeof node.in !== 'string') continue;
    // Header names are case-insensitive on the wire.
    const key = `${node.in}:${node.in === 'header' ? node.name.toLowerCase() : node.name}`;
    merged.set(key, { name: node.name, in: node.in, required: node.required === true || node.in === 'path' });
  }
  return [...merged.values()];
}

function readResponses(document: Record<string, unknown>, dialect: Dialect, operation: Record<string, unknown>, pointer: string): SpecResponse[] {
  const responses = resolveRefs(document, operation.responses, pointerOf(pointer, 'responses'));
  if (!isRecord(responses.node)) return [];
  const produces = dialect === 'swagger-2.0' ? swaggerProduces(document, operation) : [];
  return Object.entries(responses.node).flatMap(([status, raw]) => {
    if (status.startsWith('x-')) return [];
    const response = resolveRefs(document, raw, pointerOf(responses.pointer, status));
    if (!isRecord(response.node)) return [];
    if (dialect === 'swagger-2.0') {
      // Swagger 2.0 gives one schema per response for every media type the operation produces.
      const schemaPointer = response.node.schema === undefined ? undefined : pointerOf(response.pointer, 'schema');
      return [{ status, content: schemaPointer === undefined ? [] : produces.map((mediaType) => ({ mediaType, schemaPointer })) }];
    }
    const content = resolveRefs(document, response.node.content, pointerOf(response.pointer, 'content'));
    const entries = isRecord(content.node) ? Object.entries(content.node) : [];
    return [
      {
        status,
        content: entries.map(([mediaType, media]) => ({
          mediaType,
          schemaPointer: isRecord(media) && media.schema !== undefined ? pointerOf(content.pointer, mediaType, 'schema') : undefined,
        })),
      },
    ];
  });
}

function swaggerProduces(document: Record<string, unknown>, operation: Record<string, unknown>): string[] {
  const declared = Array.isArray(operation.produces) ? operation.produces : Array.isArray(document.produces) ? document.produces : [];
  const types = declared.filter((type): type is string => typeof type === 'string');
  // Swagger 2.0 without `produces` is, in practice, JSON; generators assume the same.
  return types.length ? types : ['application/json'];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

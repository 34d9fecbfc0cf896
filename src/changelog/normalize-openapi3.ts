/** Reads an OpenAPI 3.0 / 3.1 document into the internal model. */
import {
  HTTP_METHODS,
  operationKey,
  type ContentMap,
  type NormalizedDocument,
  type NormalizedOperation,
  type NormalizedParameter,
  type NormalizedRequestBody,
} from './document-model.ts';
import { mergeParameters, normalizeMediaType, normalizeSecurity, normalizeStatus } from './normalize-common.ts';
import { isRecord, RefResolver } from './ref-resolver.ts';

function readContent(resolver: RefResolver, content: unknown): ContentMap {
  const map: ContentMap = new Map();
  if (!isRecord(content)) return map;
  for (const [mediaType, rawMedia] of Object.entries(content)) {
    map.set(normalizeMediaType(mediaType), resolver.resolveRecord(rawMedia)?.schema);
  }
  return map;
}

function readParameter(resolver: RefResolver, parameter: Record<string, unknown>): NormalizedParameter {
  const location = String(parameter.in);
  // A parameter may describe its value through `content` instead of `schema`.
  const schema = parameter.schema ?? readContent(resolver, parameter.content).values().next().value;
  return {
    name: String(parameter.name),
    in: location,
    required: location === 'path' || parameter.required === true,
    deprecated: parameter.deprecated === true,
    schema,
  };
}

function readRequestBody(resolver: RefResolver, raw: unknown): NormalizedRequestBody | undefined {
  const body = resolver.resolveRecord(raw);
  if (body === undefined) return undefined;
  return { required: body.required === true, content: readContent(resolver, body.content) };
}

function readResponses(resolver: RefResolver, raw: unknown): Map<string, ContentMap> {
  const responses = new Map<string, ContentMap>();
  const record = resolver.resolveRecord(raw);
  if (record === undefined) return responses;
  for (const [status, rawResponse] of Object.entries(record)) {
    if (status.startsWith('x-')) continue;
    responses.set(normalizeStatus(status), readContent(resolver, resolver.resolveRecord(rawResponse)?.content));
  }
  return responses;
}

export function normalizeOpenApi3(document: Record<string, unknown>): NormalizedDocument {
  const resolver = new RefResolver(document);
  const operations = new Map<string, NormalizedOperation>();
  const paths = resolver.resolveRecord(document.paths) ?? {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolver.resolveRecord(rawItem);
    if (item === undefined) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolver.resolveRecord(item[method]);
      if (operation === undefined) continue;
      operations.set(operationKey(method, path), {
        method,
        path,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : undefined,
        deprecated: operation.deprecated === true,
        parameters: mergeParameters(resolver, item.parameters, operation.parameters).map((parameter) =>
          readParameter(resolver, parameter),
        ),
        requestBody: readRequestBody(resolver, operation.requestBody),
        responses: readResponses(resolver, operation.responses),
        security: normalizeSecurity(operation.security, document.security),
      });
    }
  }
  return { operations, resolver };
}

/** Reads an OpenAPI 3.0 / 3.1 document into the internal model. */
import {
  type ContentMap,
  type NormalizedDocument,
  type NormalizedParameter,
  type NormalizedRequestBody,
} from './document-model.ts';
import { collectOperations, normalizeMediaType, normalizeStatus } from './normalize-common.ts';
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
  const operations = collectOperations(document, resolver, (operation, parameters) => ({
    parameters: parameters.map((parameter) => readParameter(resolver, parameter)),
    requestBody: readRequestBody(resolver, operation.requestBody),
    responses: readResponses(resolver, operation.responses),
  }));
  return { operations, resolver };
}

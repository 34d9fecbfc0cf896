/**
 * Reads a Swagger 2.0 document into the internal model: `body` / `formData` parameters
 * become a request body (media types from `consumes`), response `schema`s become content
 * for each `produces` media type. `#/definitions/X` references are recognised as component
 * schemas by the ref resolver, so they share the OpenAPI 3 attribution path.
 */
import { CONSTRAINT_KEYWORDS } from './constraints.ts';
import {
  type ContentMap,
  type NormalizedDocument,
  type NormalizedParameter,
  type NormalizedRequestBody,
} from './document-model.ts';
import { asArray, collectOperations, normalizeMediaType, normalizeStatus } from './normalize-common.ts';
import { RefResolver } from './ref-resolver.ts';

const FORM_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
const SCHEMA_KEYWORDS_OF_PARAMETERS = ['type', 'format', 'items', 'enum', 'x-nullable', 'default', ...CONSTRAINT_KEYWORDS];

function mediaTypes(operationLevel: unknown, documentLevel: unknown): string[] {
  const declared = Array.isArray(operationLevel) ? operationLevel : asArray(documentLevel);
  const normalized = declared.filter((entry) => typeof entry === 'string').map(normalizeMediaType);
  return normalized.length > 0 ? normalized : ['application/json'];
}

/** A non-body Swagger 2.0 parameter carries its schema keywords inline; lift them into a schema. */
function parameterSchema(parameter: Record<string, unknown>): Record<string, unknown> {
  if (parameter.type === 'file') return { type: 'string', format: 'binary' };
  const schema: Record<string, unknown> = {};
  for (const keyword of SCHEMA_KEYWORDS_OF_PARAMETERS) {
    if (parameter[keyword] !== undefined) schema[keyword] = parameter[keyword];
  }
  return schema;
}

function readBody(parameters: Record<string, unknown>[], consumes: string[]): NormalizedRequestBody | undefined {
  const body = parameters.find((parameter) => parameter.in === 'body');
  if (body !== undefined) {
    return { required: body.required === true, content: new Map(consumes.map((type) => [type, body.schema])) };
  }
  const fields = parameters.filter((parameter) => parameter.in === 'formData');
  if (fields.length === 0) return undefined;
  const schema = {
    type: 'object',
    properties: Object.fromEntries(fields.map((field) => [String(field.name), parameterSchema(field)])),
    required: fields.filter((field) => field.required === true).map((field) => String(field.name)),
  };
  const declaredFormTypes = consumes.filter((type) => FORM_MEDIA_TYPES.includes(type));
  const hasFile = fields.some((field) => field.type === 'file');
  const formTypes = declaredFormTypes.length > 0 ? declaredFormTypes : [hasFile ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
  return {
    required: fields.some((field) => field.required === true),
    content: new Map(formTypes.map((type) => [type, schema])),
  };
}

function readParameters(parameters: Record<string, unknown>[]): NormalizedParameter[] {
  return parameters
    .filter((parameter) => parameter.in !== 'body' && parameter.in !== 'formData')
    .map((parameter) => ({
      name: String(parameter.name),
      in: String(parameter.in),
      required: parameter.in === 'path' || parameter.required === true,
      deprecated: parameter.deprecated === true || parameter['x-deprecated'] === true,
      schema: parameterSchema(parameter),
    }));
}

function readResponses(resolver: RefResolver, raw: unknown, produces: string[]): Map<string, ContentMap> {
  const responses = new Map<string, ContentMap>();
  const record = resolver.resolveRecord(raw);
  if (record === undefined) return responses;
  for (const [status, rawResponse] of Object.entries(record)) {
    if (status.startsWith('x-')) continue;
    const schema = resolver.resolveRecord(rawResponse)?.schema;
    const content: ContentMap = schema === undefined ? new Map() : new Map(produces.map((type) => [type, schema]));
    responses.set(normalizeStatus(status), content);
  }
  return responses;
}

export function normalizeSwagger2(document: Record<string, unknown>): NormalizedDocument {
  const resolver = new RefResolver(document);
  const operations = collectOperations(document, resolver, (operation, parameters) => ({
    parameters: readParameters(parameters),
    requestBody: readBody(parameters, mediaTypes(operation.consumes, document.consumes)),
    responses: readResponses(resolver, operation.responses, mediaTypes(operation.produces, document.produces)),
  }));
  return { operations, resolver };
}

export function isSwagger2(document: Record<string, unknown>): boolean {
  return typeof document.swagger === 'string' && document.swagger.startsWith('2');
}

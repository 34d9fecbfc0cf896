/**
 * Internal model both Swagger 2.0 and OpenAPI 3.x documents are normalised into, so the
 * diff only ever deals with one shape. Schemas stay raw document nodes (possibly `$ref`s)
 * and are resolved lazily through the document's resolver.
 */
import type { RefResolver } from './ref-resolver.ts';

export type SchemaNode = unknown;

export interface NormalizedParameter {
  name: string;
  /** 'query' | 'header' | 'path' | 'cookie' */
  in: string;
  required: boolean;
  deprecated: boolean;
  schema: SchemaNode;
}

/** Media type -> schema (undefined when the media type declares none). */
export type ContentMap = Map<string, SchemaNode>;

export interface NormalizedRequestBody {
  required: boolean;
  content: ContentMap;
}

/** One way to satisfy security: scheme name -> sorted scopes. */
export type SecurityRequirement = Map<string, string[]>;

export interface NormalizedOperation {
  /** Lower-case HTTP method. */
  method: string;
  path: string;
  operationId: string | undefined;
  deprecated: boolean;
  parameters: NormalizedParameter[];
  requestBody: NormalizedRequestBody | undefined;
  /** Status code (as written, e.g. '200', '4XX', 'default') -> content. */
  responses: Map<string, ContentMap>;
  /** Effective alternatives (operation-level, else document-level); empty = no security. */
  security: SecurityRequirement[];
}

export interface NormalizedDocument {
  /** Keyed by `${method} ${path}`. */
  operations: Map<string, NormalizedOperation>;
  resolver: RefResolver;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function operationKey(method: string, path: string): string {
  return `${method} ${path}`;
}

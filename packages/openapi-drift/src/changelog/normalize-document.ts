/** Picks the reader for a parsed document's OpenAPI version. */
import type { NormalizedDocument } from './document-model.ts';
import { normalizeOpenApi3 } from './normalize-openapi3.ts';
import { isSwagger2, normalizeSwagger2 } from './normalize-swagger2.ts';
import { isRecord } from './ref-resolver.ts';

export function normalizeDocument(document: unknown, label: string): NormalizedDocument {
  if (!isRecord(document)) {
    throw new TypeError(`${label} OpenAPI document must be an object, got ${document === null ? 'null' : typeof document}`);
  }
  return isSwagger2(document) ? normalizeSwagger2(document) : normalizeOpenApi3(document);
}

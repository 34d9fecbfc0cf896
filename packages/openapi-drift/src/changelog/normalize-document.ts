/** Checks a parsed document and picks the reader for its OpenAPI version. */
import { checkDocumentShape, checkReferences, type DocumentSide } from './document-check.ts';
import type { NormalizedDocument } from './document-model.ts';
import { normalizeOpenApi3 } from './normalize-openapi3.ts';
import { isSwagger2, normalizeSwagger2 } from './normalize-swagger2.ts';

export function normalizeDocument(document: unknown, side: DocumentSide, file?: string): NormalizedDocument {
  const checked = checkDocumentShape(document, side, file);
  checkReferences(checked, side, file);
  return isSwagger2(checked) ? normalizeSwagger2(checked) : normalizeOpenApi3(checked);
}

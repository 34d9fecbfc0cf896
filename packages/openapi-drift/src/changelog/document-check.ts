/**
 * What must hold before two documents are compared. Anything else would not fail but lie:
 * a JSON array read as an empty API reports every operation removed, and a `$ref` that cannot
 * be followed compares by its text, so a renamed external file reads as a changed body type.
 * Each failure is a ChangelogInputError naming the side (old/new), the file and the cause.
 */
import { ChangelogInputError } from '../core/errors.ts';
import { isRecord } from './ref-resolver.ts';

export type DocumentSide = 'old' | 'new';

const BUNDLE_FIX = 'bundle the spec into one document first (e.g. `npx @redocly/cli bundle openapi.yaml -o bundled.json`) and compare the bundled files';

/**
 * Values whose keys are data, not schema keywords. `$ref` inside them is an example payload,
 * never followed by the diff, so it is not checked.
 */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);
/** Objects whose keys are names chosen by the author: a property may well be called `example`. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'schemas', 'parameters', 'responses', 'headers', 'requestBodies', 'securitySchemes', 'paths', 'webhooks', 'callbacks', 'pathItems', 'content']);

function kindOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The document as an object with a supported version field, or a ChangelogInputError. */
export function checkDocumentShape(document: unknown, side: DocumentSide, file?: string): Record<string, unknown> {
  const fail = (reason: string, fix?: string): never => {
    throw new ChangelogInputError(side, reason, { file, fix });
  };
  if (!isRecord(document)) {
    return fail(`${kindOfValue(document)}, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)`, 'pass the OpenAPI or Swagger document itself');
  }
  const { openapi, swagger } = document;
  if (openapi === undefined && swagger === undefined) {
    return fail("not an OpenAPI document: it has neither an 'openapi' nor a 'swagger' version field", 'pass the OpenAPI or Swagger document itself');
  }
  if (openapi !== undefined && !(typeof openapi === 'string' && openapi.startsWith('3.'))) {
    return fail(`'openapi: ${String(openapi)}' is not a version the changelog reads (3.0 and 3.1 are, and Swagger 2.0)`);
  }
  if (openapi === undefined && !(typeof swagger === 'string' && swagger.startsWith('2.'))) {
    return fail(`'swagger: ${String(swagger)}' is not a version the changelog reads (2.0 is, and OpenAPI 3.0 and 3.1)`);
  }
  if (document.paths !== undefined && !isRecord(document.paths)) {
    return fail(`'paths' is ${kindOfValue(document.paths)}, not an object of path items`);
  }
  return document;
}

function escapeToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

function resolvesLocally(root: unknown, ref: string): boolean {
  if (ref === '#' || ref === '#/') return true;
  if (!ref.startsWith('#/')) return false;
  let current: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let token: string;
    try {
      token = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    } catch {
      return false;
    }
    if (Array.isArray(current)) current = /^\d+$/.test(token) ? current[Number(token)] : undefined;
    else if (isRecord(current) && Object.hasOwn(current, token)) current = current[token];
    else return false;
    if (current === undefined) return false;
  }
  return true;
}

/** Every `$ref` the diff may follow must point inside the document and at something. */
export function checkReferences(document: Record<string, unknown>, side: DocumentSide, file?: string): void {
  const stack: Array<{ value: unknown; pointer: string; namesAreKeys: boolean }> = [{ value: document, pointer: '', namesAreKeys: false }];
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { value, pointer, namesAreKeys } = entry;
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, pointer: `${pointer}/${index}`, namesAreKeys: false }));
      continue;
    }
    if (!isRecord(value)) continue;
    for (const [key, child] of Object.entries(value)) {
      if (!namesAreKeys && key === '$ref' && typeof child === 'string') {
        checkReference(document, child, pointer, side, file);
        continue;
      }
      if (!namesAreKeys && (DATA_KEYWORDS.has(key) || key.startsWith('x-'))) continue;
      stack.push({ value: child, pointer: `${pointer}/${escapeToken(key)}`, namesAreKeys: !namesAreKeys && NAME_MAPS.has(key) });
    }
  }
}

function checkReference(document: Record<string, unknown>, ref: string, pointer: string, side: DocumentSide, file: string | undefined): void {
  const place = pointer === '' ? '/' : pointer;
  if (!ref.startsWith('#')) {
    throw new ChangelogInputError(side, `external $ref '${ref}' at ${place}: the changelog compares single documents and never reads other files or the network`, { file, fix: BUNDLE_FIX });
  }
  if (!resolvesLocally(document, ref)) {
    throw new ChangelogInputError(side, `$ref '${ref}' at ${place} points at nothing in the document`, {
      file,
      fix: 'fix the reference or add the missing component',
    });
  }
}

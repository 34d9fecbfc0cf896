// Reading a client's committed OpenAPI snapshot: the contract of record. Errors here are the
// user's (a bad file), so they name the file, the place and the cause before hey-api ever sees it.
import { commandFor } from '../core/package-manager.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, SnapshotParseError, type JsonValue, type ParsedDocument } from './canonicalize.ts';
import { SnapshotError } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { decodeUtf8, NotUtf8Error } from './utf8.ts';

export interface Snapshot {
  file: string;
  text: string;
  sha256: string;
  parsed: ParsedDocument;
}

export async function readSnapshot(file: string, displayRoot: string, shownAs?: string): Promise<Snapshot> {
  const shown = shownAs ?? path.relative(displayRoot, file);
  const text = await readSnapshotText(file, shown);
  const parsed = parseSnapshotText(text, shown);
  checkReferences(parsed.value, text, shown);
  return { file, text, sha256: sha256(text), parsed };
}

/** The snapshot's text, or an error that says why it cannot be read. */
export async function readSnapshotText(file: string, shown: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(`${shown}: cannot read the snapshot (${code ?? String(error)})`, {
      file: shown,
      fix: code === 'ENOENT' ? `check the config's input path, or fetch the snapshot with \`${commandFor(path.dirname(file), { tool: 'openapi-drift', args: ['sync'] })}\`` : 'check the file permissions',
      cause: error,
    });
  }
  try {
    return decodeUtf8(bytes);
  } catch (error) {
    if (!(error instanceof NotUtf8Error)) throw error;
    throw new SnapshotError(`${shown} ${error.message}`, { file: shown, fix: 'convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8), then check the changed characters', cause: error });
  }
}

/**
 * Every `$ref` must point inside the document. hey-api would fail on a dangling one with an opaque
 * crash, and would fetch an external one: the check must not depend on other files or the network.
 */
export function checkReferences(root: JsonValue, text: string, shown: string): void {
  const stack: Array<[JsonValue, string]> = [[root, '']];
  while (stack.length) {
    const [value, pointer] = stack.pop() as [JsonValue, string];
    if (typeof value !== 'object' || value === null) continue;
    if (value.kind === 'array') {
      value.items.forEach((item, index) => stack.push([item, `${pointer}/${index}`]));
      continue;
    }
    if (value.kind !== 'object') continue;
    for (const [key, child] of value.entries) {
      if (key === '$ref' && typeof child === 'string') checkReference(root, child, pointer, text, shown);
      // An object under "$ref" is a property of that name (in `properties`); anything else is a broken reference.
      else if (key === '$ref' && !isObject(child)) {
        throw new SnapshotError(`${shown} (at ${pointer || '/'}/$ref): $ref must be a string such as "#/components/schemas/Pet", got ${describeJson(child)}`, {
          file: shown,
          fix: 'fix the reference in the spec',
        });
      }
      else stack.push([child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
}

function checkReference(root: JsonValue, ref: string, pointer: string, text: string, shown: string): void {
  // Locating the text is a scan of the whole document: only for the error message.
  const where = () => `${shown}${locate(text, ref)} (at ${pointer || '/'})`;
  if (!ref.startsWith('#')) {
    throw new SnapshotError(`${where()}: external $ref '${ref}'; the contract check never reads other files or the network`, {
      file: shown,
      fix: 'bundle the spec into one document first (e.g. `npx @redocly/cli bundle openapi.yaml -o bundled.json`), then snapshot that',
    });
  }
  let target: JsonValue | undefined;
  try {
    target = resolvePointer(root, ref.slice(1));
  } catch {
    throw new SnapshotError(`${where()}: $ref '${ref}' is not a valid JSON pointer: it has a malformed %-escape`, {
      file: shown,
      fix: 'percent-encode the reference correctly (e.g. %7B for {), or write the character itself',
    });
  }
  if (target === undefined) {
    throw new SnapshotError(`${where()}: unresolvable $ref '${ref}': nothing in the document has that path`, {
      file: shown,
      fix: 'fix the reference or add the missing component to the spec',
    });
  }
}

function isObject(value: JsonValue): boolean {
  return typeof value === 'object' && value !== null && value.kind === 'object';
}

function describeJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `${typeof value} ${JSON.stringify(value)}`;
  return value.kind === 'number' ? `the number ${value.raw}` : `an ${value.kind}`;
}

function resolvePointer(root: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    if (current.kind === 'object') current = current.entries.findLast(([name]) => name === key)?.[1];
    else if (current.kind === 'array') current = /^\d+$/.test(key) ? current.items[Number(key)] : undefined;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** `:line:column` of the first place the reference is written (the whole value, quoted or not), for the message. */
function locate(text: string, ref: string): string {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`["']?\\$ref["']?\\s*:\\s*(?:"${escaped}"|'${escaped}'|${escaped}(?=\\s*(?:$|[,}\\]#])))`, 'm').exec(text);
  if (!match) return '';
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  return `:${line}:${match.index - before.lastIndexOf('\n')}`;
}

/** Parses and checks that the text is an OpenAPI or Swagger document. */
export function parseSnapshotText(text: string, shown: string): ParsedDocument {
  let parsed: ParsedDocument;
  try {
    parsed = parseDocument(text, { file: shown });
  } catch (error) {
    if (error instanceof SnapshotParseError) throw new SnapshotError(error.message, { file: shown, cause: error });
    throw error;
  }
  const version = openApiVersionOf(parsed);
  if (!version) {
    throw new SnapshotError(`${shown}: not an OpenAPI or Swagger document (no top-level "openapi" or "swagger" version field)`, {
      file: shown,
      fix: 'point the client at an OpenAPI 3.x or Swagger 2.0 document',
    });
  }
  return parsed;
}

/** The `openapi` or `swagger` version string of a parsed document, if it is one. */
export function openApiVersionOf(parsed: ParsedDocument): string | undefined {
  const root = parsed.value;
  if (typeof root !== 'object' || root === null || !('kind' in root) || root.kind !== 'object') return undefined;
  for (const [key, value] of root.entries) {
    if ((key === 'openapi' || key === 'swagger') && typeof value === 'string' && /^\d/.test(value)) return value;
  }
  return undefined;
}

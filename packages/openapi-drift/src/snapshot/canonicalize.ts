// Canonical snapshots: JSON or YAML in, one canonical JSON text out (see json-tree.ts for the
// tree and its serialization; read-json.ts and read-yaml.ts for the two readers).
import { extname } from 'node:path';
import { serializeCanonical, type JsonValue } from './json-tree.ts';

import { deepestNesting, readJson } from './read-json.ts';
import { readYaml } from './read-yaml.ts';

export { serializeCanonical, toPlainJson } from './json-tree.ts';
export type { Fail, JsonArray, JsonNumber, JsonObject, JsonValue } from './json-tree.ts';

export interface SourceLocation { line: number; column: number } // 1-based

/** Bad input: carries where (file, line, column) and why (reason), for people to fix it. */
export class SnapshotParseError extends Error {
  override readonly name = 'SnapshotParseError';
  readonly file: string | undefined;
  readonly line?: number;
  readonly column?: number;
  /** The cause in words, without the location prefix. */
  readonly reason: string;

  constructor(details: { file: string | undefined; reason: string; location?: SourceLocation; cause?: unknown }) {
    const { file, reason, location } = details;
    const where = [file ?? '<input>', location?.line, location?.column].filter((part) => part !== undefined).join(':');
    super(`${where}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.file = file;
    this.reason = reason;
    if (location) {
      this.line = location.line;
      this.column = location.column;
    }
  }
}

export type DocumentFormat = 'json' | 'yaml';
export interface ParseOptions { file?: string; format?: DocumentFormat }
export interface DuplicateKey { path: string; key: string; line: number; column: number }
export interface ParsedDocument { value: JsonValue; format: DocumentFormat; duplicateKeys: DuplicateKey[] }

export function canonicalize(text: string, options: ParseOptions = {}): string {
  return serializeCanonical(parseDocument(text, options).value);
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const { file } = options;
  const format = options.format ?? detectFormat(text, file);
  const locate = createLocator(text);
  const fail = (reason: string, offset?: number, cause?: unknown): never => {
    throw new SnapshotParseError({ file, reason, cause, ...(offset === undefined ? {} : { location: locate(offset) }) });
  };
  if (text.charCodeAt(0) === 0xfeff) {
    fail('the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM', 0);
  }
  if (text.trim() === '') fail('empty file');
  const duplicateKeys: DuplicateKey[] = [];
  const onDuplicate = (path: string, key: string, offset: number): void => {
    duplicateKeys.push({ path, key, ...locate(offset) });
  };
  try {
    const value = format === 'json' ? readJson(text, fail, onDuplicate) : readYaml(text, fail, onDuplicate);
    return { value, format, duplicateKeys };
  } catch (error) {
    // The libraries recurse per nesting level; a stack overflow means the input is nested too deeply for them.
    if (error instanceof RangeError && format === 'json') {
      const { depth, offset } = deepestNesting(text);
      return fail(`invalid JSON: nested too deeply for the parser (${depth} levels of arrays/objects)`, offset, error);
    }
    if (error instanceof RangeError) return fail('invalid YAML: nested too deeply for the parser', undefined, error);
    throw error;
  }
}

function detectFormat(text: string, file: string | undefined): DocumentFormat {
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

function createLocator(text: string): (offset: number) => SourceLocation {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (lineStarts === undefined) {
      lineStarts = [0];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

// The changelog between two snapshot texts (JSON or YAML), as the lifecycle commands need it.
import { parseDocument, toPlainJson } from '../snapshot/canonicalize.ts';
import { diffOpenApi } from './diff-openapi.ts';
import type { ApiChangelog } from './types.ts';

export function changelogBetween(oldText: string, newText: string, files: { old?: string; new?: string } = {}): ApiChangelog {
  const before = toPlainJson(parseDocument(oldText, { file: files.old }).value);
  const after = toPlainJson(parseDocument(newText, { file: files.new }).value);
  return diffOpenApi(before, after);
}

// Reading a client's committed OpenAPI snapshot: the contract of record. Errors here are the
// user's (a bad file), so they name the file, the place and the cause before hey-api ever sees it.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, SnapshotParseError, type ParsedDocument } from './canonicalize.ts';
import { SnapshotError } from './errors.ts';

export interface Snapshot {
  file: string;
  text: string;
  sha256: string;
  parsed: ParsedDocument;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function readSnapshot(file: string, displayRoot: string, shownAs?: string): Promise<Snapshot> {
  const shown = shownAs ?? path.relative(displayRoot, file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(`${shown}: cannot read the snapshot (${code ?? String(error)})`, {
      file: shown,
      fix: code === 'ENOENT' ? "check the config's input path, or fetch the snapshot with `npx openapi-drift sync`" : 'check the file permissions',
      cause: error,
    });
  }
  const parsed = parseSnapshotText(text, shown);
  return { file, text, sha256: sha256(text), parsed };
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

// The changelog between two snapshot texts (JSON or YAML), as the lifecycle commands need it.
import { parseDocument, SnapshotParseError, toPlainJson } from '../snapshot/canonicalize.ts';
import { ChangelogInputError } from '../core/errors.ts';
import { diffOpenApi } from './diff-openapi.ts';
import type { DocumentSide } from './document-check.ts';
import type { ApiChangelog } from './types.ts';

function parseSide(text: string, side: DocumentSide, file: string | undefined): unknown {
  try {
    return toPlainJson(parseDocument(text, { file }).value);
  } catch (error) {
    if (!(error instanceof SnapshotParseError)) throw error;
    // Same cause and place, said with the side so that the user knows which of the two files it is.
    const where = error.line === undefined ? '' : `line ${error.line}, column ${error.column ?? 1}: `;
    throw new ChangelogInputError(side, `${where}${error.reason}`, { file, cause: error });
  }
}

/** Throws a ChangelogInputError when a text cannot be parsed or is not a comparable document. */
export function changelogBetween(oldText: string, newText: string, files: { old?: string; new?: string } = {}): ApiChangelog {
  const before = parseSide(oldText, 'old', files.old);
  const after = parseSide(newText, 'new', files.new);
  return diffOpenApi(before, after, { files });
}

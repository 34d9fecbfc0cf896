// What a check needs to know of a snapshot's text before and beside hey-api: whether hey-api may
// be given it at once (it refers to nothing outside itself), and whether it is usable and in
// canonical form (the full parse). The full parse of a large document takes a while (0.6 s for
// GitHub's 13 MB), so regenerate.ts has it done in a formatter process, which waits for the
// generator anyway, while the quick test below is all that stands before hey-api.
import { sha256 } from '../core/hash.ts';
import { serializeCanonical } from './canonicalize.ts';
import { checkReferences, parseSnapshotText } from './snapshot.ts';

/** Whether the snapshot is in canonical form, and its duplicate keys. */
export interface SnapshotForm {
  /** JSON snapshots are kept in canonical form; YAML ones are checked as written. */
  format: 'json' | 'yaml';
  /** For JSON: whether the text is exactly its canonical form. */
  canonical: boolean;
  duplicateKeys: Array<{ key: string; line: number; column: number }>;
  /** sha256 of the canonical JSON: the same for every layout of one document. */
  document: string;
}

/**
 * Parses the snapshot, checks every `$ref` and tells its form; a SnapshotError names the file, the
 * place and the cause of anything that makes it unusable.
 */
export function inspectSnapshotText(text: string, shown: string): SnapshotForm {
  const parsed = parseSnapshotText(text, shown);
  checkReferences(parsed.value, text, shown);
  const canonical = serializeCanonical(parsed.value);
  return {
    format: parsed.format,
    canonical: canonical === text,
    document: sha256(canonical),
    duplicateKeys: parsed.duplicateKeys.map(({ key, line, column }) => ({ key, line, column })),
  };
}

/**
 * Whether the text is JSON whose every `$ref` string is local (`#...`), read as hey-api reads JSON
 * (`JSON.parse`, the last of duplicate keys). Then hey-api can follow no reference out of the
 * document, to another file or the network, and may start before the full check has finished.
 * Anything else (YAML, a syntax error, an external reference) answers false: the full check then
 * comes first, and its error, with the line and the pointer, is the one reported.
 */
export function referencesStayInside(text: string): boolean {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return false;
  }
  // Iterative: a document may nest deeper than the call stack goes.
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) return false;
      stack.push(child);
    }
  }
  return true;
}

/** Entry point: the semantic changelog between two parsed OpenAPI / Swagger documents. */
import { operationChange } from './change-builder.ts';
import { levelRank, operationRule } from './change-rules.ts';
import { diffComponentSchemas } from './component-diff.ts';
import type { DiffContext } from './diff-context.ts';
import { normalizeDocument } from './normalize-document.ts';
import { countOperationIds, matchOperations } from './operation-matching.ts';
import { diffOperation, diffOperationPair } from './operation-diff.ts';
import { SchemaUsage } from './schema-usage.ts';
import type { ApiChange, ApiChangelog } from './types.ts';

function compareText(first: string | undefined, second: string | undefined): number {
  // Changes without an operation (shared schemas) go after those with one.
  if (first === second) return 0;
  if (first === undefined) return 1;
  if (second === undefined) return -1;
  return first < second ? -1 : 1;
}

function compareChanges(first: ApiChange, second: ApiChange): number {
  return (
    levelRank(first.level) - levelRank(second.level) ||
    compareText(first.path, second.path) ||
    compareText(first.method, second.method) ||
    compareText(first.id, second.id)
  );
}

/** Ids are unique by construction; this only guards odd inputs such as property names with dots. */
function makeIdsUnique(changes: ApiChange[]): void {
  const seen = new Map<string, number>();
  for (const change of changes) {
    const count = (seen.get(change.id) ?? 0) + 1;
    seen.set(change.id, count);
    if (count > 1) change.id = `${change.id}#${count}`;
  }
}

export interface DiffOptions {
  /** File names for error messages, as the user would name them. */
  files?: { old?: string; new?: string };
}

/**
 * Throws a ChangelogInputError when either document is not an OpenAPI / Swagger document or
 * has a `$ref` that cannot be followed (external, or pointing at nothing).
 */
export function diffOpenApi(oldDocument: unknown, newDocument: unknown, options: DiffOptions = {}): ApiChangelog {
  const before = normalizeDocument(oldDocument, 'old', options.files?.old);
  const after = normalizeDocument(newDocument, 'new', options.files?.new);
  const context: DiffContext = {
    resolvers: { old: before.resolver, new: after.resolver },
    usage: new SchemaUsage(),
    changes: [],
  };
  const removed = [...before.operations].filter(([key]) => !after.operations.has(key)).map(([, operation]) => operation);
  const added = [...after.operations].filter(([key]) => !before.operations.has(key)).map(([, operation]) => operation);
  for (const [key, operation] of before.operations) {
    const counterpart = after.operations.get(key);
    if (counterpart !== undefined) diffOperation(context, operation, counterpart);
  }
  const operationIds = { old: countOperationIds(before.operations.values()), new: countOperationIds(after.operations.values()) };
  const match = matchOperations(removed, added, operationIds);
  for (const pair of match.pairs) diffOperationPair(context, pair);
  for (const operation of match.removed) {
    context.changes.push(operationChange(operation, { ...operationRule('operation-removed'), message: 'operation removed' }));
  }
  for (const operation of match.added) {
    context.changes.push(operationChange(operation, { ...operationRule('operation-added'), message: 'operation added' }));
  }
  const operationsAdded = match.added.length;
  const operationsRemoved = match.removed.length;
  const changes = [...context.changes, ...diffComponentSchemas(context.resolvers, context.usage)];
  changes.sort(compareChanges);
  makeIdsUnique(changes);
  const count = (level: ApiChange['level']): number => changes.filter((change) => change.level === level).length;
  return {
    changes,
    summary: { breaking: count('breaking'), warning: count('warning'), info: count('info'), operationsAdded, operationsRemoved },
  };
}

/**
 * Pairs operations that disappeared from one path with the one that took their place, so that
 * they are compared instead of being reported as one operation removed and another added:
 *
 * - same method and the same path up to the names of its parameters (`/pets/{id}` ->
 *   `/pets/{petId}`): the URL is unchanged, only the generated client's path key is renamed;
 * - the same operationId at another path or method: the operation moved, and calls to the old
 *   URL fail.
 *
 * Only unambiguous pairs are made: a template or operationId shared by several candidates on
 * either side is left as removed and added.
 */
import { operationKey, type NormalizedOperation } from './document-model.ts';

export interface RenamedParameter {
  from: string;
  to: string;
}

export interface OperationPair {
  before: NormalizedOperation;
  after: NormalizedOperation;
  /** Path parameters renamed in place, in template order; empty for a move. */
  renamed: RenamedParameter[];
  /** True when the URL changed (matched by operationId), false for a renamed path parameter. */
  moved: boolean;
}

export interface OperationMatch {
  pairs: OperationPair[];
  removed: NormalizedOperation[];
  added: NormalizedOperation[];
}

const PARAMETER = /\{([^}]*)\}/g;

function templateOf(operation: NormalizedOperation): string {
  return operationKey(operation.method, operation.path.replace(PARAMETER, '{}'));
}

function parameterNames(path: string): string[] {
  return [...path.matchAll(PARAMETER)].map((match) => match[1] ?? '');
}

/** Groups by key, keeping only keys that exactly one operation has. */
function uniqueBy(operations: NormalizedOperation[], key: (operation: NormalizedOperation) => string | undefined): Map<string, NormalizedOperation> {
  const counts = new Map<string, number>();
  const byKey = new Map<string, NormalizedOperation>();
  for (const operation of operations) {
    const value = key(operation);
    if (value === undefined) continue;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    byKey.set(value, operation);
  }
  for (const [value, count] of counts) if (count > 1) byKey.delete(value);
  return byKey;
}

function takePairs(
  removed: NormalizedOperation[],
  added: NormalizedOperation[],
  keys: { before: (operation: NormalizedOperation) => string | undefined; after: (operation: NormalizedOperation) => string | undefined },
  pair: (before: NormalizedOperation, after: NormalizedOperation) => OperationPair,
): OperationPair[] {
  const removedByKey = uniqueBy(removed, keys.before);
  const addedByKey = uniqueBy(added, keys.after);
  const pairs: OperationPair[] = [];
  for (const [value, before] of removedByKey) {
    const after = addedByKey.get(value);
    if (after === undefined) continue;
    removed.splice(removed.indexOf(before), 1);
    added.splice(added.indexOf(after), 1);
    pairs.push(pair(before, after));
  }
  return pairs;
}

/**
 * `operationIds` counts every operationId of each whole document: an id that is not unique
 * within its document identifies nothing.
 */
export function matchOperations(
  removedOperations: NormalizedOperation[],
  addedOperations: NormalizedOperation[],
  documentOperationIds: { old: Map<string, number>; new: Map<string, number> },
): OperationMatch {
  const removed = [...removedOperations];
  const added = [...addedOperations];
  const renames = takePairs(removed, added, { before: templateOf, after: templateOf }, (before, after) => {
    const oldNames = parameterNames(before.path);
    const newNames = parameterNames(after.path);
    const renamed = oldNames.flatMap((from, index) => {
      const to = newNames[index];
      return to === undefined || to === from ? [] : [{ from, to }];
    });
    return { before, after, renamed, moved: false };
  });
  const uniqueId = (side: 'old' | 'new') => (operation: NormalizedOperation) =>
    operation.operationId !== undefined && documentOperationIds[side].get(operation.operationId) === 1 ? operation.operationId : undefined;
  const moves = takePairs(removed, added, { before: uniqueId('old'), after: uniqueId('new') }, (before, after) => ({ before, after, renamed: [], moved: true }));
  return { pairs: [...renames, ...moves], removed, added };
}

export function countOperationIds(operations: Iterable<NormalizedOperation>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const operation of operations) {
    if (operation.operationId !== undefined) counts.set(operation.operationId, (counts.get(operation.operationId) ?? 0) + 1);
  }
  return counts;
}

/** Helpers shared by the changelog formats. */
import type { ApiChange, FormatOptions } from './types.ts';

export function operationText(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** How a shared-schema change's operations use the schema, e.g. 'sent by' or 'received by'. */
export function usageVerb(change: ApiChange): string {
  return change.direction === 'request' ? 'sent by' : change.direction === 'response' ? 'received by' : 'used by';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** What the change belongs to: its operation, or the shared schema and how many operations send or receive it. */
export function ownerText(change: ApiChange): string {
  if (change.method !== undefined && change.path !== undefined) return operationText(change.method, change.path);
  if (change.schema !== undefined) return `schema ${change.schema} (${usageVerb(change)} ${plural(change.operations?.length ?? 0, 'operation')})`;
  return '';
}

export function capChanges(changes: ApiChange[], options: FormatOptions | undefined): { shown: ApiChange[]; hidden: number } {
  const max = options?.maxChanges;
  if (max === undefined) return { shown: changes, hidden: 0 };
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`maxChanges must be a non-negative integer, got ${max}`);
  return { shown: changes.slice(0, max), hidden: Math.max(0, changes.length - max) };
}

export function moreChangesText(hidden: number): string {
  return `and ${hidden} more change${hidden === 1 ? '' : 's'}`;
}

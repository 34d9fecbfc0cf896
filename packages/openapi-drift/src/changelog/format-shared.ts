/** Helpers shared by the changelog formats. */
import type { ApiChange, FormatOptions } from './types.ts';

export function operationText(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** What the change belongs to: its operation, or the shared schema and how many operations use it. */
export function ownerText(change: ApiChange): string {
  if (change.method !== undefined && change.path !== undefined) return operationText(change.method, change.path);
  if (change.schema !== undefined) {
    const users = change.operations?.length ?? 0;
    return `schema ${change.schema} (${users} operation${users === 1 ? '' : 's'})`;
  }
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

// A first `canary` section for a client, for `add --canary`: every GET operation that needs no
// parameter, so the section can be committed as it is and grown by hand. Operations without an
// operationId cannot be named in the section and are left out.
import type { CanarySection } from './config.ts';
import { listOperations } from '../openapi/operations.ts';

/** The section for a parsed snapshot; undefined when no operation qualifies (the section needs one). */
export function starterCanarySection(document: Record<string, unknown>): CanarySection | undefined {
  const operations = listOperations(document).filter(
    (operation) => operation.method === 'GET' && operation.operationId !== undefined && operation.parameters.every((parameter) => !parameter.required),
  );
  if (!operations.length) return undefined;
  return { operations: operations.map((operation) => ({ operationId: operation.operationId as string })) };
}

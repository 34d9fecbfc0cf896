/** State shared while diffing the operations of two documents. */
import { schemaFindingChange } from './change-builder.ts';
import type { FindingScope } from './change-messages.ts';
import type { Direction } from './change-rules.ts';
import type { SchemaNode } from './document-model.ts';
import type { RefResolver } from './ref-resolver.ts';
import { diffSchemas } from './schema-diff.ts';
import type { SchemaUsage } from './schema-usage.ts';
import type { ApiChange, OperationRef } from './types.ts';

export interface DiffContext {
  resolvers: { old: RefResolver; new: RefResolver };
  usage: SchemaUsage;
  changes: ApiChange[];
}

/**
 * Diffs a schema that belongs to one operation. Changes inside component schemas it
 * references are not reported here but recorded as usage, to be reported once per component.
 */
export function diffOperationSchema(
  context: DiffContext,
  operation: OperationRef,
  direction: Direction,
  scope: FindingScope,
  oldSchema: SchemaNode,
  newSchema: SchemaNode,
): void {
  diffSchemas(oldSchema, newSchema, context.resolvers, {
    finding: (finding) => context.changes.push(schemaFindingChange(operation, finding, direction, scope)),
    reference: (name) => context.usage.addDirect(operation, direction === 'response' ? 'response' : 'request', name),
  });
}

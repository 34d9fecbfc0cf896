/** Compares one operation present in both documents. */
import { operationChange } from './change-builder.ts';
import { operationRule } from './change-rules.ts';
import { diffRequestBody, diffResponses } from './content-diff.ts';
import type { DiffContext } from './diff-context.ts';
import type { NormalizedOperation } from './document-model.ts';
import { diffParameters } from './parameter-diff.ts';
import { diffSecurity } from './security-diff.ts';
import type { OperationRef } from './types.ts';

function diffOperationMetadata(context: DiffContext, operation: OperationRef, before: NormalizedOperation, after: NormalizedOperation): void {
  if (before.operationId !== after.operationId) {
    const message = `operationId changed from '${before.operationId ?? '(none)'}' to '${after.operationId ?? '(none)'}'`;
    context.changes.push(operationChange(operation, { ...operationRule('operation-id-changed'), message }));
  }
  if (before.deprecated !== after.deprecated) {
    const rule = operationRule(after.deprecated ? 'operation-deprecated' : 'operation-undeprecated');
    const message = after.deprecated ? 'operation deprecated' : 'operation no longer deprecated';
    context.changes.push(operationChange(operation, { ...rule, message }));
  }
}

export function diffOperation(context: DiffContext, before: NormalizedOperation, after: NormalizedOperation): void {
  const operation: OperationRef = { method: after.method, path: after.path };
  diffOperationMetadata(context, operation, before, after);
  diffParameters(context, operation, before.parameters, after.parameters);
  diffRequestBody(context, operation, before.requestBody, after.requestBody);
  diffResponses(context, operation, before.responses, after.responses);
  diffSecurity(context, operation, before.security, after.security);
}

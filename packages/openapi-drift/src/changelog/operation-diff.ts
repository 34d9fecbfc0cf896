/** Compares one operation present in both documents, or one that moved or had its path parameters renamed. */
import { operationChange } from './change-builder.ts';
import { operationRule } from './change-rules.ts';
import { diffRequestBody, diffResponses } from './content-diff.ts';
import type { DiffContext } from './diff-context.ts';
import type { NormalizedOperation } from './document-model.ts';
import type { OperationPair } from './operation-matching.ts';
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

/**
 * A pair found by operation-matching.ts: the move or the rename is reported, then the two are
 * compared as one operation. Renamed path parameters are compared under their new names, so
 * that they are not also reported as one parameter removed and another added.
 */
export function diffOperationPair(context: DiffContext, pair: OperationPair): void {
  const { before, after, renamed } = pair;
  const operation: OperationRef = { method: after.method, path: after.path };
  const oldLabel = `${before.method.toUpperCase()} ${before.path}`;
  if (pair.moved) {
    const message = `operation moved from ${oldLabel} to ${after.method.toUpperCase()} ${after.path} (operationId '${after.operationId ?? ''}'); calls to the old URL fail`;
    context.changes.push(operationChange(operation, { ...operationRule('operation-moved'), message }));
  }
  for (const { from, to } of renamed) {
    const message = `path parameter renamed from '${from}' to '${to}' (was ${before.path}); the URL is unchanged, the generated client's path key is renamed`;
    context.changes.push(operationChange(operation, { ...operationRule('path-parameter-renamed'), message, location: `path.${to}` }));
  }
  const newName = new Map(renamed.map(({ from, to }) => [from, to]));
  const parameters = before.parameters.map((parameter) =>
    parameter.in === 'path' && newName.has(parameter.name) ? { ...parameter, name: newName.get(parameter.name) ?? parameter.name } : parameter,
  );
  diffOperation(context, { ...before, parameters }, after);
}

/** Compares the parameters of one operation, matched by location and name. */
import { operationChange } from './change-builder.ts';
import { parameterScope } from './change-messages.ts';
import { operationRule } from './change-rules.ts';
import { diffOperationSchema, type DiffContext } from './diff-context.ts';
import type { NormalizedParameter } from './document-model.ts';
import { parameterKey } from './normalize-common.ts';
import type { OperationRef } from './types.ts';

function label(parameter: NormalizedParameter): string {
  return `${parameter.in}.${parameter.name}`;
}

function byKey(parameters: NormalizedParameter[]): Map<string, NormalizedParameter> {
  return new Map(parameters.map((parameter) => [parameterKey(parameter.in, parameter.name), parameter]));
}

/** A parameter that disappeared from one location and appeared under the same name elsewhere moved. */
function takeMoves(removed: NormalizedParameter[], added: NormalizedParameter[]): Array<[NormalizedParameter, NormalizedParameter]> {
  const moves: Array<[NormalizedParameter, NormalizedParameter]> = [];
  for (const before of [...removed]) {
    const index = added.findIndex((after) => after.name.toLowerCase() === before.name.toLowerCase());
    const after = added[index];
    if (after === undefined) continue;
    added.splice(index, 1);
    removed.splice(removed.indexOf(before), 1);
    moves.push([before, after]);
  }
  return moves;
}

function diffCommonParameter(
  context: DiffContext,
  operation: OperationRef,
  before: NormalizedParameter,
  after: NormalizedParameter,
): void {
  const location = label(after);
  if (before.required !== after.required) {
    const rule = operationRule(after.required ? 'parameter-required' : 'parameter-optional');
    const message = `parameter '${location}' became ${after.required ? 'required' : 'optional'}`;
    context.changes.push(operationChange(operation, { ...rule, message, location }));
  }
  if (!before.deprecated && after.deprecated) {
    const rule = operationRule('parameter-deprecated');
    context.changes.push(operationChange(operation, { ...rule, message: `parameter '${location}' deprecated`, location }));
  }
  const scope = parameterScope(after.in, after.name);
  diffOperationSchema(context, operation, 'parameter', scope, before.schema, after.schema);
}

export function diffParameters(
  context: DiffContext,
  operation: OperationRef,
  oldParameters: NormalizedParameter[],
  newParameters: NormalizedParameter[],
): void {
  const oldByKey = byKey(oldParameters);
  const newByKey = byKey(newParameters);
  const removed = [...oldByKey].filter(([key]) => !newByKey.has(key)).map(([, parameter]) => parameter);
  const added = [...newByKey].filter(([key]) => !oldByKey.has(key)).map(([, parameter]) => parameter);
  for (const [before, after] of takeMoves(removed, added)) {
    const message = `parameter '${before.name}' moved from ${before.in} to ${after.in}`;
    context.changes.push(operationChange(operation, { ...operationRule('parameter-moved'), message, location: label(after) }));
  }
  for (const parameter of removed) {
    const message = `parameter '${label(parameter)}' removed`;
    context.changes.push(operationChange(operation, { ...operationRule('parameter-removed'), message, location: label(parameter) }));
  }
  for (const parameter of added) {
    const rule = operationRule(parameter.required ? 'parameter-added/required' : 'parameter-added/optional');
    const message = `${parameter.required ? 'required' : 'optional'} parameter '${label(parameter)}' added`;
    context.changes.push(operationChange(operation, { ...rule, message, location: label(parameter) }));
  }
  for (const [key, before] of oldByKey) {
    const after = newByKey.get(key);
    if (after !== undefined) diffCommonParameter(context, operation, before, after);
  }
}

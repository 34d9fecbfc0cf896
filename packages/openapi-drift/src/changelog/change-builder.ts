/** Builds ApiChange records with ids that are stable for the same change in the same documents. */
import { findingIdDetail, findingMessage, type FindingScope } from './change-messages.ts';
import { schemaRule, type Direction } from './change-rules.ts';
import type { SchemaFinding } from './schema-diff.ts';
import type { ApiChange, ChangeLevel, OperationRef } from './types.ts';

export function changeId(kind: string, owner: string, location?: string, detail?: string): string {
  return [kind, owner, location, detail].filter((part) => part !== undefined && part !== '').join(':');
}

export function operationLabel(operation: OperationRef): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

export interface OperationChangeInput {
  kind: string;
  level: ChangeLevel;
  message: string;
  location?: string;
  /** Distinguishes siblings at one location, e.g. a media type or an enum value. */
  detail?: string;
}

export function operationChange(operation: OperationRef, input: OperationChangeInput): ApiChange {
  const change: ApiChange = {
    id: changeId(input.kind, operationLabel(operation), input.location, input.detail),
    level: input.level,
    kind: input.kind,
    method: operation.method,
    path: operation.path,
    message: input.message,
  };
  if (input.location !== undefined) change.location = input.location;
  return change;
}

export function schemaFindingChange(
  operation: OperationRef,
  finding: SchemaFinding,
  direction: Direction,
  scope: FindingScope,
): ApiChange {
  const { kind, level } = schemaRule(finding, direction);
  return operationChange(operation, {
    kind,
    level,
    message: findingMessage(finding, direction, scope),
    location: scope.location(finding.path),
    detail: findingIdDetail(finding),
  });
}

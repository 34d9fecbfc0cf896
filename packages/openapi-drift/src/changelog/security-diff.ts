/**
 * Compares the effective security of one operation. Requirements are alternatives; a caller
 * keeps working if the credentials that satisfied an old alternative still satisfy a new one.
 */
import { operationChange } from './change-builder.ts';
import { operationRule } from './change-rules.ts';
import type { DiffContext } from './diff-context.ts';
import type { SecurityRequirement } from './document-model.ts';
import type { OperationRef } from './types.ts';

function requirementText(requirement: SecurityRequirement): string {
  if (requirement.size === 0) return 'anonymous';
  return [...requirement].map(([scheme, scopes]) => (scopes.length > 0 ? `${scheme}[${scopes.join(',')}]` : scheme)).join(' + ');
}

function alternativesText(alternatives: SecurityRequirement[]): string {
  if (alternatives.length === 0) return 'none';
  return [...new Set(alternatives.map(requirementText))].sort().join(' or ');
}

/** Credentials meeting `held` also meet `needed` when `needed` asks for no more schemes or scopes. */
function satisfies(held: SecurityRequirement, needed: SecurityRequirement): boolean {
  return [...needed].every(([scheme, scopes]) => {
    const heldScopes = held.get(scheme);
    return heldScopes !== undefined && scopes.every((scope) => heldScopes.includes(scope));
  });
}

export function diffSecurity(
  context: DiffContext,
  operation: OperationRef,
  before: SecurityRequirement[],
  after: SecurityRequirement[],
): void {
  const beforeText = alternativesText(before);
  const afterText = alternativesText(after);
  if (beforeText === afterText) return;
  // An empty list means the operation needs no credentials at all.
  const stricter = after.length > 0 && (before.length === 0 || before.some((held) => !after.some((needed) => satisfies(held, needed))));
  const rule = operationRule(stricter ? 'security-changed/stricter' : 'security-changed/looser');
  const message = `security changed from ${beforeText} to ${afterText}${stricter ? ' (stricter)' : ''}`;
  context.changes.push(operationChange(operation, { ...rule, message, location: 'security' }));
}

/**
 * Diffs each component schema reachable from the compared operations exactly once and
 * reports each change in it once, with `schema` set and `operations` listing every operation
 * that uses it. Its level follows how it is used: a change in a schema used both in requests
 * and in responses takes the worse of the two readings.
 */
import { changeId } from './change-builder.ts';
import { componentScope, findingIdDetail, findingMessage } from './change-messages.ts';
import { levelRank, schemaRule } from './change-rules.ts';
import type { RefResolver } from './ref-resolver.ts';
import { diffSchemas, type SchemaFinding } from './schema-diff.ts';
import type { SchemaUsage, SchemaUser, UsageDirection } from './schema-usage.ts';
import type { ApiChange, OperationRef } from './types.ts';

function findChangesPerComponent(resolvers: { old: RefResolver; new: RefResolver }, usage: SchemaUsage): Map<string, SchemaFinding[]> {
  const findings = new Map<string, SchemaFinding[]>();
  const visited = new Set<string>();
  const pending = [...usage.directlyUsed()];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (visited.has(name)) continue;
    visited.add(name);
    const own: SchemaFinding[] = [];
    // Pass the resolved bodies, not references, so the differ looks inside this component.
    diffSchemas(resolvers.old.componentSchema(name), resolvers.new.componentSchema(name), resolvers, {
      finding: (finding) => own.push(finding),
      reference: (child) => {
        usage.addEdge(name, child);
        if (!visited.has(child)) pending.push(child);
      },
    });
    if (own.length > 0) findings.set(name, own);
  }
  return findings;
}

function compareOperations(first: OperationRef, second: OperationRef): number {
  if (first.path !== second.path) return first.path < second.path ? -1 : 1;
  return first.method < second.method ? -1 : first.method > second.method ? 1 : 0;
}

function componentChange(name: string, finding: SchemaFinding, users: SchemaUser[]): ApiChange {
  const directions = new Set<UsageDirection>(users.flatMap((user) => [...user.directions]));
  // Response first so that equal levels read as the response change, which callers parse.
  const candidates = (['response', 'request'] as const).filter((direction) => directions.has(direction));
  let direction: UsageDirection = candidates[0] ?? 'response';
  for (const candidate of candidates) {
    if (levelRank(schemaRule(finding, candidate).level) < levelRank(schemaRule(finding, direction).level)) direction = candidate;
  }
  const { kind, level } = schemaRule(finding, direction);
  const scope = componentScope(name);
  const usedIn = directions.size > 1 ? ' (schema used in requests and responses)' : '';
  const operations = users.map((user) => user.operation).sort(compareOperations);
  const location = scope.location(finding.path);
  const change: ApiChange = {
    id: changeId(kind, `schema ${name}`, finding.path, findingIdDetail(finding)),
    level,
    kind,
    schema: name,
    location,
    message: `${findingMessage(finding, direction, scope)}${usedIn}`,
    operations,
  };
  // With a single user the change reads like any other change of that operation.
  const only = operations.length === 1 ? operations[0] : undefined;
  if (only !== undefined) {
    change.method = only.method;
    change.path = only.path;
  }
  return change;
}

export function diffComponentSchemas(resolvers: { old: RefResolver; new: RefResolver }, usage: SchemaUsage): ApiChange[] {
  const findings = findChangesPerComponent(resolvers, usage);
  if (findings.size === 0) return [];
  const usersByComponent = usage.usersByComponent();
  const changes: ApiChange[] = [];
  for (const [name, componentFindings] of findings) {
    const users = [...(usersByComponent.get(name)?.values() ?? [])];
    for (const finding of componentFindings) changes.push(componentChange(name, finding, users));
  }
  return changes;
}

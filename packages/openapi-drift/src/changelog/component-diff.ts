/**
 * Diffs each component schema reachable from the compared operations exactly once, and reports
 * each change in it once per direction it is used in: to the operations that send it (request,
 * parameter) with the request reading, and to those that receive it with the response reading.
 * A required property added to a schema that PUT sends and GET returns breaks PUT's callers and
 * is news to GET's; one level for both would put a wrong reason on every GET.
 */
import { changeId } from './change-builder.ts';
import { componentScope, findingIdDetail, findingMessage } from './change-messages.ts';
import { schemaRule } from './change-rules.ts';
import type { RefResolver } from './ref-resolver.ts';
import { diffSchemas, type SchemaFinding } from './schema-diff.ts';
import type { SchemaUsage, UsageDirection } from './schema-usage.ts';
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

const DIRECTIONS: UsageDirection[] = ['request', 'response'];

function componentChange(name: string, finding: SchemaFinding, direction: UsageDirection, operations: OperationRef[]): ApiChange {
  const { kind, level } = schemaRule(finding, direction);
  const scope = componentScope(name);
  // Kinds such as 'schema-property-deprecated' do not name the direction; the id must.
  const owner = kind.startsWith(`${direction}-`) ? `schema ${name}` : `schema ${name} ${direction}`;
  const change: ApiChange = {
    id: changeId(kind, owner, finding.path, findingIdDetail(finding)),
    level,
    kind,
    schema: name,
    direction,
    location: scope.location(finding.path),
    message: findingMessage(finding, direction, scope),
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
    for (const direction of DIRECTIONS) {
      const operations = users.filter((user) => user.directions.has(direction)).map((user) => user.operation).sort(compareOperations);
      if (operations.length === 0) continue;
      for (const finding of componentFindings) changes.push(componentChange(name, finding, direction, operations));
    }
  }
  return changes;
}

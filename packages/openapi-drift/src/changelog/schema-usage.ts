/**
 * Which operations use which component schemas, and in which direction. Operations record
 * the components they reference directly; components record the components they reference.
 * The transitive closure then gives, for each component, every operation that reaches it.
 */
import { operationKey } from './document-model.ts';
import type { OperationRef } from './types.ts';

export type UsageDirection = 'request' | 'response';

export interface SchemaUser {
  operation: OperationRef;
  directions: Set<UsageDirection>;
}

interface DirectUse {
  operation: OperationRef;
  request: Set<string>;
  response: Set<string>;
}

export class SchemaUsage {
  readonly #direct = new Map<string, DirectUse>();
  readonly #edges = new Map<string, Set<string>>();

  addDirect(operation: OperationRef, direction: UsageDirection, componentName: string): void {
    const key = operationKey(operation.method, operation.path);
    let use = this.#direct.get(key);
    if (use === undefined) {
      use = { operation, request: new Set(), response: new Set() };
      this.#direct.set(key, use);
    }
    use[direction].add(componentName);
  }

  addEdge(fromComponent: string, toComponent: string): void {
    let targets = this.#edges.get(fromComponent);
    if (targets === undefined) {
      targets = new Set();
      this.#edges.set(fromComponent, targets);
    }
    targets.add(toComponent);
  }

  directlyUsed(): Set<string> {
    const names = new Set<string>();
    for (const use of this.#direct.values()) {
      for (const name of use.request) names.add(name);
      for (const name of use.response) names.add(name);
    }
    return names;
  }

  #reachableFrom(start: Set<string>): Set<string> {
    const reached = new Set(start);
    const pending = [...start];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      for (const next of this.#edges.get(name) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          pending.push(next);
        }
      }
    }
    return reached;
  }

  /** Component name -> operation key -> the operation and the directions it uses it in. */
  usersByComponent(): Map<string, Map<string, SchemaUser>> {
    const users = new Map<string, Map<string, SchemaUser>>();
    for (const [key, use] of this.#direct) {
      for (const direction of ['request', 'response'] as const) {
        for (const name of this.#reachableFrom(use[direction])) {
          let byOperation = users.get(name);
          if (byOperation === undefined) {
            byOperation = new Map();
            users.set(name, byOperation);
          }
          let user = byOperation.get(key);
          if (user === undefined) {
            user = { operation: use.operation, directions: new Set() };
            byOperation.set(key, user);
          }
          user.directions.add(direction);
        }
      }
    }
    return users;
  }
}

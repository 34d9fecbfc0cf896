/**
 * Resolves local `$ref`s (`#/...`) inside one parsed document. External references are
 * left as they are: the diff then compares them by their reference text.
 */

const COMPONENT_SCHEMA_REF = /^#\/(?:components\/schemas|definitions)\/([^/]+)$/;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function refOf(node: unknown): string | undefined {
  return isRecord(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Name of the component schema a node points at (OpenAPI 3 or Swagger 2 style), if any. */
export function componentSchemaName(node: unknown): string | undefined {
  const ref = refOf(node);
  const match = ref === undefined ? null : COMPONENT_SCHEMA_REF.exec(ref);
  return match?.[1] === undefined ? undefined : decodePointerToken(match[1]);
}

export class RefResolver {
  readonly #root: unknown;
  readonly #cache = new Map<string, unknown>();

  constructor(root: unknown) {
    this.#root = root;
  }

  /** Follows `$ref` chains until a non-reference node; a dangling or cyclic chain gives undefined. */
  resolve(node: unknown): unknown {
    let current = node;
    // A chain longer than this can only be a cycle of pure references.
    for (let hops = 0; hops < 64; hops++) {
      const ref = refOf(current);
      if (ref === undefined || !ref.startsWith('#')) return current;
      current = this.#lookup(ref);
    }
    return undefined;
  }

  /** Resolves and returns the node only if it is an object. */
  resolveRecord(node: unknown): Record<string, unknown> | undefined {
    const resolved = this.resolve(node);
    return isRecord(resolved) ? resolved : undefined;
  }

  /** The component schema of that name, under either `components/schemas` or `definitions`. */
  componentSchema(name: string): unknown {
    const token = name.replaceAll('~', '~0').replaceAll('/', '~1');
    return this.resolve(this.#lookup(`#/components/schemas/${token}`) ?? this.#lookup(`#/definitions/${token}`));
  }

  #lookup(ref: string): unknown {
    if (this.#cache.has(ref)) return this.#cache.get(ref);
    let current: unknown = this.#root;
    const tokens = ref === '#' || ref === '#/' ? [] : ref.slice(2).split('/');
    for (const token of tokens) {
      if (!isRecord(current) && !Array.isArray(current)) {
        current = undefined;
        break;
      }
      current = (current as Record<string, unknown>)[decodePointerToken(token)];
    }
    this.#cache.set(ref, current);
    return current;
  }
}

// JSON pointers (RFC 6901) into a plain document, and local `$ref`s followed with the pointer of
// what they reach: the validator compiles schemas by their place in the document.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** `pointerOf('/paths', '/pets', 'get')` → `/paths/~1pets/get`. */
export function pointerOf(base: string, ...tokens: string[]): string {
  return base + tokens.map((token) => `/${escapeToken(token)}`).join('');
}

export function tokensOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

export function valueAt(document: unknown, pointer: string): unknown {
  let current = document;
  for (const token of tokensOf(pointer)) {
    if (Array.isArray(current)) current = /^\d+$/.test(token) ? current[Number(token)] : undefined;
    else if (isRecord(current)) current = Object.hasOwn(current, token) ? current[token] : undefined;
    else return undefined;
  }
  return current;
}

/** `#/components/schemas/Pet` → `/components/schemas/Pet`; undefined for a reference to another document. */
export function pointerOfRef(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
}

/** The URI fragment form of a pointer, as a `$ref` spells it: each token percent-encoded. */
export function fragmentOf(pointer: string): string {
  return `#${tokensOf(pointer)
    .map((token) => `/${encodeURIComponent(escapeToken(token))}`)
    .join('')}`;
}

/**
 * Follows local `$ref`s from `node` (found at `pointer`) to a node that is not a reference, and
 * tells where that node is. A dangling or cyclic chain gives an undefined node.
 */
export function resolveRefs(document: unknown, node: unknown, pointer: string): { node: unknown; pointer: string } {
  let current = node;
  let at = pointer;
  // A chain longer than this can only be a cycle of pure references.
  for (let hops = 0; hops < 64; hops++) {
    if (!isRecord(current) || typeof current.$ref !== 'string') return { node: current, pointer: at };
    const target = pointerOfRef(current.$ref);
    if (target === undefined) return { node: undefined, pointer: at };
    at = target;
    current = valueAt(document, target);
  }
  return { node: undefined, pointer: at };
}

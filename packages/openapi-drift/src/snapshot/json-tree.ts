// The lossless document tree behind canonical snapshots: objects keep their entries in written
// order (plain JS objects would move integer-like keys first) and numbers keep their text.
/** Objects keep entries as written (plain JS objects would move integer-like keys first); numbers keep their text. */
export type JsonValue = JsonObject | JsonArray | JsonNumber | string | boolean | null;
export interface JsonObject { kind: 'object'; entries: Array<[key: string, value: JsonValue]> }
export interface JsonArray { kind: 'array'; items: JsonValue[] }
export interface JsonNumber { kind: 'number'; raw: string }

/** How a reader reports bad input: the reason, and where in the text (an offset). */
export type Fail = (reason: string, offset?: number, cause?: unknown) => never;

/** Receives each duplicate key, as a JSON pointer, with its offset in the text. */
export type OnDuplicate = (path: string, key: string, offset: number) => void;


/** Assembles a JsonValue from parse events; applies JSON.parse's rule to duplicate keys and reports them. */
export class TreeBuilder {
  private root: JsonValue | undefined;
  private readonly open: Array<{ container: JsonObject | JsonArray; segment: string; seen: Map<string, number> | undefined }> = [];
  private pendingKey = '';
  private pendingKeyOffset = 0;
  private readonly onDuplicate: OnDuplicate;

  constructor(onDuplicate: OnDuplicate) {
    this.onDuplicate = onDuplicate;
  }

  result(): JsonValue | undefined {
    return this.root;
  }

  beginObject(): void {
    const container: JsonObject = { kind: 'object', entries: [] };
    this.open.push({ container, segment: this.attach(container), seen: new Map() });
  }

  beginArray(): void {
    const container: JsonArray = { kind: 'array', items: [] };
    this.open.push({ container, segment: this.attach(container), seen: undefined });
  }

  end(): void {
    this.open.pop();
  }

  key(key: string, offset: number): void {
    this.pendingKey = key;
    this.pendingKeyOffset = offset;
  }

  value(value: JsonValue): void {
    this.attach(value);
  }

  /** Places the value in the innermost open container; returns its key or index there (unescaped). */
  private attach(value: JsonValue): string {
    const parent = this.open.at(-1);
    if (parent === undefined) {
      this.root = value;
      return '';
    }
    const { container, seen } = parent;
    if (container.kind === 'array') return String(container.items.push(value) - 1);
    const key = this.pendingKey;
    const firstIndex = seen!.get(key);
    if (firstIndex === undefined) {
      seen!.set(key, container.entries.length);
      container.entries.push([key, value]);
    } else {
      // Same as JSON.parse: the last value wins, at the position of the first occurrence.
      container.entries[firstIndex]![1] = value;
      const path = [...this.open.slice(1).map((ancestor) => ancestor.segment), key].map(escapePointer).join('/');
      this.onDuplicate(`/${path}`, key, this.pendingKeyOffset);
    }
    return key;
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** JSON.stringify(x, null, 2) layout plus a final newline, but with written key order and number text. */
export function serializeCanonical(value: JsonValue): string {
  const indents = [''];
  const stack: Array<{ container: JsonObject | JsonArray; index: number; size: number }> = [];
  let out = '';
  const write = (item: JsonValue): void => {
    if (item === null) out += 'null';
    else if (typeof item === 'string') out += JSON.stringify(item);
    else if (typeof item === 'boolean') out += item ? 'true' : 'false';
    else if (item.kind === 'number') out += item.raw;
    else {
      const size = item.kind === 'object' ? item.entries.length : item.items.length;
      const brackets = item.kind === 'object' ? '{}' : '[]';
      if (size === 0) out += brackets;
      else {
        out += brackets[0];
        stack.push({ container: item, index: 0, size });
      }
    }
  };
  write(value);
  while (stack.length > 0) {
    const depth = stack.length;
    const frame = stack[depth - 1]!;
    const { container } = frame;
    indents[depth] ??= `${indents[depth - 1]}  `;
    if (frame.index === frame.size) {
      out += `\n${indents[depth - 1]}${container.kind === 'object' ? '}' : ']'}`;
      stack.pop();
      continue;
    }
    out += `${frame.index === 0 ? '\n' : ',\n'}${indents[depth]}`;
    if (container.kind === 'object') {
      const [key, item] = container.entries[frame.index++]!;
      out += `${JSON.stringify(key)}: `;
      write(item);
    } else {
      write(container.items[frame.index++]!);
    }
  }
  return `${out}\n`;
}

/** A plain JS value as JSON.parse would give it (numbers via Number(), so big integers lose precision). */
export function toPlainJson(value: JsonValue): unknown {
  const pending: Array<{ from: JsonObject | JsonArray; to: Record<string, unknown> | unknown[] }> = [];
  const convert = (item: JsonValue): unknown => {
    if (item === null || typeof item !== 'object') return item;
    if (item.kind === 'number') return Number(item.raw);
    const to = item.kind === 'object' ? {} : [];
    pending.push({ from: item, to });
    return to;
  };
  const result = convert(value);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { from, to } = next;
    if (from.kind === 'array') {
      for (const item of from.items) (to as unknown[]).push(convert(item));
      continue;
    }
    const object = to as Record<string, unknown>;
    for (const [key, item] of from.entries) {
      // Assigning "__proto__" would replace the prototype instead of adding a key, as JSON.parse does.
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value: convert(item), enumerable: true, writable: true, configurable: true });
      } else {
        object[key] = convert(item);
      }
    }
  }
  return result;
}

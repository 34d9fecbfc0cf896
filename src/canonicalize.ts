import { extname } from 'node:path';
import jsonc from 'jsonc-parser';
import type { ParseErrorCode } from 'jsonc-parser';
import * as YAML from 'yaml';

export interface SourceLocation { line: number; column: number } // 1-based

/** Bad input: carries where (file, line, column) and why (reason), for people to fix it. */
export class SnapshotParseError extends Error {
  override readonly name = 'SnapshotParseError';
  readonly file: string | undefined;
  readonly line?: number;
  readonly column?: number;
  /** The cause in words, without the location prefix. */
  readonly reason: string;

  constructor(details: { file: string | undefined; reason: string; location?: SourceLocation; cause?: unknown }) {
    const { file, reason, location } = details;
    const where = [file ?? '<input>', location?.line, location?.column].filter((part) => part !== undefined).join(':');
    super(`${where}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.file = file;
    this.reason = reason;
    if (location) {
      this.line = location.line;
      this.column = location.column;
    }
  }
}

/** Objects keep entries as written (plain JS objects would move integer-like keys first); numbers keep their text. */
export type JsonValue = JsonObject | JsonArray | JsonNumber | string | boolean | null;
export interface JsonObject { kind: 'object'; entries: Array<[key: string, value: JsonValue]> }
export interface JsonArray { kind: 'array'; items: JsonValue[] }
export interface JsonNumber { kind: 'number'; raw: string }

export type DocumentFormat = 'json' | 'yaml';
export interface ParseOptions { file?: string; format?: DocumentFormat }
export interface DuplicateKey { path: string; key: string; line: number; column: number }
export interface ParsedDocument { value: JsonValue; format: DocumentFormat; duplicateKeys: DuplicateKey[] }

export function canonicalize(text: string, options: ParseOptions = {}): string {
  return serializeCanonical(parseDocument(text, options).value);
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const { file } = options;
  const format = options.format ?? detectFormat(text, file);
  const locate = createLocator(text);
  const fail = (reason: string, offset?: number, cause?: unknown): never => {
    throw new SnapshotParseError({ file, reason, cause, ...(offset === undefined ? {} : { location: locate(offset) }) });
  };
  if (text.charCodeAt(0) === 0xfeff) {
    fail('the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM', 0);
  }
  if (text.trim() === '') fail('empty file');
  const duplicateKeys: DuplicateKey[] = [];
  const onDuplicate = (path: string, key: string, offset: number): void => {
    duplicateKeys.push({ path, key, ...locate(offset) });
  };
  try {
    const value = format === 'json' ? readJson(text, fail, onDuplicate) : readYaml(text, fail, onDuplicate);
    return { value, format, duplicateKeys };
  } catch (error) {
    // The libraries recurse per nesting level; a stack overflow means the input is nested too deeply for them.
    if (error instanceof RangeError && format === 'json') {
      const { depth, offset } = deepestNesting(text);
      return fail(`invalid JSON: nested too deeply for the parser (${depth} levels of arrays/objects)`, offset, error);
    }
    if (error instanceof RangeError) return fail('invalid YAML: nested too deeply for the parser', undefined, error);
    throw error;
  }
}

function detectFormat(text: string, file: string | undefined): DocumentFormat {
  const extension = file === undefined ? '' : extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

type Fail = (reason: string, offset?: number, cause?: unknown) => never;
type OnDuplicate = (path: string, key: string, offset: number) => void;

// ---------------------------------------------------------------- JSON

const JSON_ERROR_WORDS: Record<string, string> = {
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon after the property name',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'unexpected text after the end of the document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape sequence in a string',
  InvalidCharacter: 'control characters in a string must be escaped',
};

function readJson(text: string, fail: Fail, onDuplicate: OnDuplicate): JsonValue {
  const builder = new TreeBuilder(onDuplicate);
  // visit rather than parseTree: building our tree straight from events is about twice as fast on large documents.
  jsonc.visit(text, {
    onObjectBegin: () => builder.beginObject(),
    onObjectProperty: (key, offset) => builder.key(key, offset),
    onObjectEnd: () => builder.end(),
    onArrayBegin: () => builder.beginArray(),
    onArrayEnd: () => builder.end(),
    onLiteralValue: (value: string | number | boolean | null, offset, length) => {
      builder.value(typeof value === 'number' ? { kind: 'number', raw: text.slice(offset, offset + length) } : value);
    },
    onError: (code, offset, length) => describeJsonError(text, code, offset, length, fail),
  }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const result = builder.result();
  return result === undefined ? fail('invalid JSON: expected a value', 0) : result;
}

function describeJsonError(text: string, errorCode: ParseErrorCode, offset: number, length: number, fail: Fail): never {
  const code = jsonc.printParseErrorCode(errorCode);
  const beforeError = text.slice(0, offset).trimEnd();
  const atCloser = text[offset] === '}' || text[offset] === ']';
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && atCloser && beforeError.endsWith(',')) {
    return fail('invalid JSON: trailing comma is not allowed', beforeError.length - 1);
  }
  if (code === 'InvalidSymbol') {
    const symbol = JSON.stringify(text.slice(offset, offset + Math.min(length, 20)));
    return fail(`invalid JSON: unexpected ${length === 1 ? 'character ' : ''}${symbol}`, offset);
  }
  if (code === 'CommaExpected') {
    const closer = deepestNesting(text, offset).innermost === '{' ? 'brace' : 'bracket';
    return fail(`invalid JSON: expected a comma or closing ${closer}`, offset);
  }
  return fail(`invalid JSON: ${JSON_ERROR_WORDS[code] ?? code}`, offset);
}

/** Bracket nesting up to `end`, skipping strings; only used to explain errors. */
function deepestNesting(text: string, end = text.length): { depth: number; offset: number; innermost: string | undefined } {
  const open: string[] = [];
  let depth = 0;
  let offset = 0;
  for (let index = 0; index < end; index++) {
    const char = text[index];
    if (char === '"') {
      for (index++; index < end && text[index] !== '"'; index++) if (text[index] === '\\') index++;
    } else if (char === '{' || char === '[') {
      open.push(char);
      if (open.length > depth) [depth, offset] = [open.length, index];
    } else if (char === '}' || char === ']') {
      open.pop();
    }
  }
  return { depth, offset, innermost: open.at(-1) };
}

// ---------------------------------------------------------------- YAML

const JSON_NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
type YamlNode = YAML.Node | null;

function readYaml(text: string, fail: Fail, onDuplicate: OnDuplicate): JsonValue {
  const doc = YAML.parseDocument(text, {
    intAsBigInt: true, uniqueKeys: false, prettyErrors: false, version: '1.2', schema: 'core',
  });
  const first = doc.errors[0];
  if (first !== undefined) {
    // yaml reports its own stack overflow as a document error rather than throwing it.
    const reason = /call stack/i.test(first.message) ? 'nested too deeply for the parser' : first.message;
    fail(`invalid YAML: ${reason}`, first.pos[0], first);
  }
  if (doc.contents === null) return fail('empty file');
  const resolve = (node: unknown): YamlNode => {
    if (!YAML.isAlias(node)) return (node ?? null) as YamlNode;
    return node.resolve(doc) ?? fail(`invalid YAML: unknown alias *${node.source}`, node.range?.[0]);
  };
  const keyText = (node: YamlNode): string => {
    if (node === null) return '';
    if (!YAML.isScalar(node)) return fail('invalid YAML: a mapping or sequence used as a key cannot be written as JSON', node.range?.[0]);
    return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
  };
  const builder = new TreeBuilder(onDuplicate);
  const open: Array<{ node: YAML.YAMLMap | YAML.YAMLSeq; index: number }> = [];
  const onPath = new Set<YamlNode>();
  // Aliases can repeat a subtree exponentially ("billion laughs"); a plain document has fewer values than characters.
  const maxValues = Math.max(1_000_000, 20 * text.length);
  let valueCount = 0;
  const emit = (node: YamlNode): void => {
    if (++valueCount > maxValues) fail(`invalid YAML: aliases expand to more than ${maxValues} values`);
    if (YAML.isMap(node) || YAML.isSeq(node)) {
      if (onPath.has(node)) fail('invalid YAML: an alias refers to a node that contains it (a cycle)', node.range?.[0]);
      onPath.add(node);
      open.push({ node, index: 0 });
      if (YAML.isMap(node)) builder.beginObject();
      else builder.beginArray();
    } else {
      builder.value(yamlScalar(node, fail));
    }
  };
  // An explicit stack rather than recursion, so depth is limited by memory only.
  emit(doc.contents);
  for (let frame = open.at(-1); frame !== undefined; frame = open.at(-1)) {
    const { node } = frame;
    if (frame.index === node.items.length) {
      builder.end();
      onPath.delete(node);
      open.pop();
    } else if (YAML.isMap(node)) {
      const pair = node.items[frame.index++]!;
      const key = resolve(pair.key);
      builder.key(keyText(key), key?.range?.[0] ?? node.range?.[0] ?? 0);
      emit(resolve(pair.value));
    } else {
      emit(resolve(node.items[frame.index++]));
    }
  }
  return builder.result()!;
}

function yamlScalar(node: YamlNode, fail: Fail): JsonValue {
  if (node === null) return null;
  const value: unknown = YAML.isScalar(node) ? node.value : undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return { kind: 'number', raw: yamlNumberText(node as YAML.Scalar, fail) };
  return fail(`invalid YAML: a value of type ${typeof value} cannot be written as JSON`, node.range?.[0]);
}

/** Keeps the written number text when JSON can hold it as is (1.0, 1e5, big integers); converts 0x1F, +1, 007. */
function yamlNumberText(node: YAML.Scalar, fail: Fail): string {
  const { source, value } = node;
  if (source !== undefined && JSON_NUMBER_SYNTAX.test(source)) return source;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail(`invalid YAML: ${source ?? String(value)} (infinity or NaN) has no JSON representation`, node.range?.[0]);
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

// ---------------------------------------------------------------- shared tree building

/** Assembles a JsonValue from parse events; applies JSON.parse's rule to duplicate keys and reports them. */
class TreeBuilder {
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

function createLocator(text: string): (offset: number) => SourceLocation {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (lineStarts === undefined) {
      lineStarts = [0];
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lineStarts.push(at + 1);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

// ---------------------------------------------------------------- output

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

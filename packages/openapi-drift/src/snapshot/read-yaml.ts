// YAML into the lossless tree: numbers keep their text where it is valid JSON, keys become strings.
import * as YAML from 'yaml';
import { TreeBuilder, type Fail, type JsonValue, type OnDuplicate } from './json-tree.ts';

const JSON_NUMBER_SYNTAX = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
type YamlNode = YAML.Node | null;

export function readYaml(text: string, fail: Fail, onDuplicate: OnDuplicate): JsonValue {
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

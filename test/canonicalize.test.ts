import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import jsonc from 'jsonc-parser';
import * as YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  canonicalize, parseDocument, serializeCanonical, SnapshotParseError, toPlainJson, type JsonValue,
} from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { readSpec } from './helpers/specs.ts';


function parseError(run: () => unknown): SnapshotParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof SnapshotParseError) return error;
    throw error;
  }
  throw new Error('expected a SnapshotParseError, but parsing succeeded');
}

describe('canonical form', () => {
  it('keeps key order as written, including integer-like keys that JS objects would move first', () => {
    const text = '{"b": 1, "200": 2, "a": 3, "1": 4}';
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['1', '200', 'b', 'a']);
    expect(canonicalize(text)).toBe('{\n  "b": 1,\n  "200": 2,\n  "a": 3,\n  "1": 4\n}\n');
  });

  it.each(['9007199254740993', '1.0', '1e5', '-0', '1E+2', '0.10', '-0.0e-0', '12345678901234567890123', '1e400'])(
    'keeps the number text %s from JSON and YAML',
    (raw) => {
      expect(canonicalize(`[${raw}]`)).toBe(`[\n  ${raw}\n]\n`);
      expect(canonicalize(`- ${raw}\n`, { format: 'yaml' })).toBe(`[\n  ${raw}\n]\n`);
    },
  );

  it.each([
    ['non-ASCII kept as raw UTF-8', '"Gr\\u00fc\\u00dfe \\ud83d\\ude80"', '"Grüße 🚀"'],
    ['raw non-ASCII stays raw', '"Grüße 🚀"', '"Grüße 🚀"'],
    ['short escapes', '"\\b\\f\\n\\r\\t\\"\\\\"', '"\\b\\f\\n\\r\\t\\"\\\\"'],
    ['other control characters', '"\\u0000\\u001F\\u000b"', '"\\u0000\\u001f\\u000b"'],
    ['needless escapes dropped', '"\\/\\u0041\\u007f\\u2028"', '"/A\u007f\u2028"'],
    ['lone surrogate kept escaped', '"\\udc00x"', '"\\udc00x"'],
  ])('escapes strings like JSON.stringify: %s', (_name, input, expected) => {
    expect(canonicalize(input)).toBe(`${expected}\n`);
    expect(expected).toBe(JSON.stringify(JSON.parse(input)));
  });

  it.each([
    ['{ }', '{}\n'],
    ['[\n]', '[]\n'],
    ['{"a": {}, "b": [], "c": [{}]}', '{\n  "a": {},\n  "b": [],\n  "c": [\n    {}\n  ]\n}\n'],
    ['  42  ', '42\n'],
    ['"x"', '"x"\n'],
    ['null', 'null\n'],
    ['{\r\n"a":\t[true,\r\nfalse]\r\n}\r\n\r\n', '{\n  "a": [\n    true,\n    false\n  ]\n}\n'],
  ])('lays out %j like JSON.stringify(x, null, 2) with one final newline', (input, expected) => {
    expect(canonicalize(input)).toBe(expected);
    expect(expected).toBe(`${JSON.stringify(JSON.parse(input), null, 2)}\n`);
  });

  it('gives YAML the same canonical form as the equal JSON document (petstore)', () => {
    const text = readSpec('petstore.oas30.yaml');
    const canonical = canonicalize(text, { file: 'petstore.oas30.yaml' });
    expect(JSON.parse(canonical)).toEqual(YAML.parse(text));
    expect(canonicalize(JSON.stringify(YAML.parse(text), null, 4), { file: 'petstore.json' })).toBe(canonical);
  });

  it.each([
    ['integer key becomes its source text', '200: ok\n"a": 1\n', { 200: 'ok', a: 1 }, '"200": "ok"'],
    ['hex integer', 'x: 0x1F\n', { x: 31 }, '"x": 31'],
    ['octal integer', 'x: 0o17\n', { x: 15 }, '"x": 15'],
    ['plus sign and leading zeros', 'x: [+1, 007]\n', { x: [1, 7] }, '"x": [\n    1,\n    7\n  ]'],
    ['.5 float', 'x: .5\n', { x: 0.5 }, '"x": 0.5'],
    ['YAML 1.1 booleans are strings', 'x: yes\n', { x: 'yes' }, '"x": "yes"'],
    ['core-schema null and booleans', 'x: [~, null, True, false]\n', { x: [null, null, true, false] }, 'null,\n    null,\n    true'],
    ['quoted number is a string', 'x: "1.0"\n', { x: '1.0' }, '"x": "1.0"'],
    ['timestamps stay strings, even under %YAML 1.1', '%YAML 1.1\n---\nx: 2001-12-14\n', { x: '2001-12-14' }, '"x": "2001-12-14"'],
    ['aliases are expanded', 'a: &s {b: 1}\nc: *s\n', { a: { b: 1 }, c: { b: 1 } }, '"c": {\n    "b": 1\n  }'],
    ['non-string keys keep their text', '1.0: a\ntrue: b\n~: c\n', { '1.0': 'a', true: 'b', '~': 'c' }, '"1.0": "a"'],
  ])('reads YAML: %s', (_name, yaml, expected, fragment) => {
    const canonical = canonicalize(yaml, { format: 'yaml' });
    expect(JSON.parse(canonical)).toEqual(expected);
    expect(canonical).toContain(fragment);
  });

  it.each([
    ['{"a": 1}', undefined, 'json'],
    ['\n  [1]', undefined, 'json'],
    ['a: 1', undefined, 'yaml'],
    ['{"a": 1}', 'spec.yaml', 'yaml'],
    ['{"a": 1}', 'SPEC.YML', 'yaml'],
    ['{"a": 1}', 'spec.txt', 'json'],
    ['a: 1', 'spec', 'yaml'],
  ] as const)('detects the format of %j (file %s) as %s', (text, file, format) => {
    expect(parseDocument(text, file === undefined ? {} : { file }).format).toBe(format);
  });

  it('lets an explicit format override the file extension', () => {
    expect(parseDocument('a: 1', { file: 'x.json', format: 'yaml' }).format).toBe('yaml');
    expect(parseError(() => parseDocument('a: 1', { file: 'x.json' })).reason).toMatch(/invalid JSON/);
  });
});

describe('duplicate keys', () => {
  it('resolve like JSON.parse (last value, first position) and are reported', () => {
    const text = '{\n  "a": 1,\n  "b": {"x": 1},\n  "a": {"c": [2]},\n  "b": 3\n}';
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['a', 'b']);
    expect(parsed).toEqual({ a: { c: [2] }, b: 3 });
    const document = parseDocument(text, { file: 'dup.json' });
    expect(toPlainJson(document.value)).toEqual(parsed);
    expect(canonicalize(text)).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(document.duplicateKeys).toEqual([
      { path: '/a', key: 'a', line: 4, column: 3 },
      { path: '/b', key: 'b', line: 5, column: 3 },
    ]);
  });

  it('report nested paths as escaped JSON pointers', () => {
    const text = '{"paths": {"/pets~": {"get": 1, "get": 2}}, "list": [0, {"k": 1, "k": 2}]}';
    expect(parseDocument(text).duplicateKeys).toEqual([
      { path: '/paths/~1pets~0/get', key: 'get', line: 1, column: 33 },
      { path: '/list/1/k', key: 'k', line: 1, column: 66 },
    ]);
  });

  it('follow the same rule in YAML', () => {
    const document = parseDocument('a: 1\nb: 2\na:\n  c: 3\n', { file: 'dup.yaml' });
    expect(serializeCanonical(document.value)).toBe('{\n  "a": {\n    "c": 3\n  },\n  "b": 2\n}\n');
    expect(document.duplicateKeys).toEqual([{ path: '/a', key: 'a', line: 3, column: 1 }]);
  });

  it('match JSON.parse on random objects with repeated keys', () => {
    const member = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.integer(), fc.constant({ n: 1 })));
    fc.assert(fc.property(fc.array(member, { maxLength: 8 }), (members) => {
      const text = `{${members.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`;
      const expected = JSON.parse(text) as Record<string, unknown>;
      const document = parseDocument(text);
      const plain = toPlainJson(document.value) as Record<string, unknown>;
      expect(plain).toEqual(expected);
      expect(Object.keys(plain)).toEqual(Object.keys(expected));
      expect(document.duplicateKeys).toHaveLength(members.length - Object.keys(expected).length);
    }));
  });
});

const BILLION_LAUGHS = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
  .concat('bcdefgh'.split('').map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[index]}`).join(', ')}]`))
  .join('\n');

describe('errors name the file, the place and the cause', () => {
  it.each([
    { name: 'empty JSON', text: '', file: 'x.json', reason: /^empty file$/ },
    { name: 'blank JSON', text: ' \n\t\n', file: 'x.json', reason: /^empty file$/ },
    { name: 'comment-only YAML', text: '# nothing\n', file: 'x.yaml', reason: /^empty file$/ },
    { name: 'missing comma in an object', text: '{\n  "a": 1\n  "b": 2\n}', file: 'clients/x/openapi.json', reason: /^invalid JSON: expected a comma or closing brace$/, line: 3, column: 3 },
    { name: 'missing comma in an array', text: '[1,\n 2 3]', file: 'x.json', reason: /^invalid JSON: expected a comma or closing bracket$/, line: 2, column: 4 },
    { name: 'trailing comma', text: '{\n  "a": 1,\n}', file: 'x.json', reason: /trailing comma/, line: 2, column: 9 },
    { name: 'comment in JSON', text: '{"a": 1 // note\n}', file: 'x.json', reason: /comments are not allowed/, line: 1, column: 9 },
    { name: 'text after the document', text: '{}\n{}', file: 'x.json', reason: /unexpected text after the end/, line: 2, column: 1 },
    { name: 'unterminated string', text: '{"a": "b}', file: 'x.json', reason: /unterminated string/, line: 1, column: 7 },
    { name: 'raw control character', text: '["a\tb"]', file: 'x.json', reason: /control characters/, line: 1, column: 2 },
    { name: 'single quotes', text: "{'a': 1}", file: 'x.json', reason: /^invalid JSON: unexpected "'a'"$/, line: 1, column: 2 },
    { name: 'NaN in JSON', text: '[1, NaN]', file: 'x.json', reason: /^invalid JSON: unexpected "NaN"$/, line: 1, column: 5 },
    { name: 'missing colon', text: '{"a" 1}', file: 'x.json', reason: /expected a colon/, line: 1, column: 6 },
    { name: 'byte-order mark (JSON)', text: '\uFEFF{}', file: 'x.json', reason: /byte-order mark.*without BOM/, line: 1, column: 1 },
    { name: 'byte-order mark (YAML)', text: '\uFEFFa: 1\n', file: 'x.yaml', reason: /byte-order mark.*without BOM/, line: 1, column: 1 },
    { name: 'unclosed YAML flow sequence', text: 'a: [1, 2\nb: 3\n', file: 'x.yaml', reason: /^invalid YAML: .*end with a \]/, line: 2, column: 1 },
    { name: 'bad YAML indentation', text: 'a:\n  b: 1\n c: 2\n', file: 'x.yaml', reason: /^invalid YAML: .*same column/, line: 3, column: 1 },
    { name: '.inf', text: 'a: 1\nb: .inf\n', file: 'x.yaml', reason: /\.inf .*no JSON representation/, line: 2, column: 4 },
    { name: '-.inf', text: '- -.inf\n', file: 'x.yaml', reason: /-\.inf .*no JSON representation/, line: 1, column: 3 },
    { name: '.nan', text: 'x: .NaN\n', file: 'x.yaml', reason: /\.NaN .*no JSON representation/, line: 1, column: 4 },
    { name: 'collection as key', text: '? [a]\n: 1\n', file: 'x.yaml', reason: /mapping or sequence used as a key/, line: 1, column: 3 },
    { name: 'alias cycle', text: 'a: &x [1, *x]\n', file: 'x.yaml', reason: /cycle/, line: 1, column: 7 },
    { name: 'several YAML documents', text: 'a: 1\n---\nb: 2\n', file: 'x.yaml', reason: /multiple documents/, line: 2, column: 1 },
    { name: 'alias explosion', text: BILLION_LAUGHS, file: 'x.yaml', reason: /aliases expand to more than/ },
  ])('$name', ({ text, file, reason, line, column }) => {
    const error = parseError(() => parseDocument(text, { file }));
    expect(error.file).toBe(file);
    expect(error.reason).toMatch(reason);
    expect([error.line, error.column]).toEqual([line, column]);
    const where = line === undefined ? file : `${file}:${line}:${column}`;
    expect(error.message).toBe(`${where}: ${error.reason}`);
  });

  it('still say where when no file name is given', () => {
    expect(parseError(() => canonicalize('[1 2]')).message).toBe('<input>:1:4: invalid JSON: expected a comma or closing bracket');
  });
});

describe('deep nesting', () => {
  const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  // jsonc-parser and yaml recurse per level, so very deep input gets a clear error instead of a RangeError.
  it.each([
    ['json', 100], ['json', 5_000], ['json', 100_000], ['yaml', 100], ['yaml', 5_000], ['yaml', 100_000],
  ] as const)('%s nested %i levels: correct or a clear SnapshotParseError', (format, depth) => {
    const text = nested(depth);
    let document;
    try {
      document = parseDocument(text, { format, file: `deep.${format}` });
    } catch (error) {
      expect(depth).toBeGreaterThan(100);
      expect(error).toBeInstanceOf(SnapshotParseError);
      expect((error as SnapshotParseError).reason).toMatch(/nested too deeply/);
      return;
    }
    let levels = 0;
    for (let value = document.value; typeof value === 'object' && value?.kind === 'array'; value = value.items[0] ?? null) levels++;
    expect(levels).toBe(depth);
  });

  it('serializes and converts deep trees without recursion', () => {
    let tree: JsonValue = { kind: 'number', raw: '1' };
    for (let level = 0; level < 3_000; level++) tree = level % 2 ? { kind: 'array', items: [tree] } : { kind: 'object', entries: [['k', tree]] };
    const canonical = serializeCanonical(tree);
    expect(canonical.split('\n')).toHaveLength(2 * 3_000 + 2);
    expect(canonical).toBe(`${JSON.stringify(JSON.parse(canonical), null, 2)}\n`);
    let plain = toPlainJson(tree);
    for (let level = 2_999; level >= 0; level--) plain = level % 2 ? (plain as unknown[])[0] : (plain as Record<string, unknown>).k;
    expect(plain).toBe(1);
    for (let level = 0; level < 100_000; level++) tree = { kind: 'array', items: [tree] };
    expect(() => toPlainJson(tree)).not.toThrow();
  });
});

// Strings over every code point, plus lone surrogates, which JSON.parse accepts from \u escapes.
const anyCharacter = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\ud800', '\udfff', '\u2028', '"', '\\'));
const anyString = fc.string({ unit: anyCharacter, maxLength: 8 });
const numberText = fc.oneof(
  fc.stringMatching(/^-?(0|[1-9]\d{0,24})(\.\d{1,12})?([eE][+-]?\d{1,3})?$/),
  fc.constantFrom('9007199254740993', '1.0', '1e5', '-0', '-0.0', '1E+2'),
);
const key = fc.oneof(anyString, fc.nat().map(String), fc.constantFrom('200', '0', '1', '10', 'default', '__proto__', 'a/b~c'));
const { tree: rawTree } = fc.letrec<{ tree: JsonValue }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(numberText.map((raw): JsonValue => ({ kind: 'number', raw })), anyString, fc.boolean(), fc.constant(null)),
    fc.array(tie('tree'), { maxLength: 4 }).map((items): JsonValue => ({ kind: 'array', items })),
    fc.uniqueArray(fc.tuple(key, tie('tree')), { maxLength: 4, selector: ([name]) => name })
      .map((entries): JsonValue => ({ kind: 'object', entries })),
  ),
}));
const whitespace = fc.infiniteStream(fc.constantFrom('', '', ' ', '  ', '\n', '\t', '\r\n', '\n    '));

/** Writes the tree as JSON text, with whitespace between tokens taken from the stream. */
function render(value: JsonValue, gaps: Iterator<string>): string {
  const gap = (): string => gaps.next().value as string;
  if (value === null || typeof value !== 'object') return `${gap()}${JSON.stringify(value)}${gap()}`;
  if (value.kind === 'number') return `${gap()}${value.raw}${gap()}`;
  if (value.kind === 'array') return `${gap()}[${gap()}${value.items.map((item) => render(item, gaps)).join(',')}]${gap()}`;
  const members = value.entries.map(([name, item]) => `${gap()}${JSON.stringify(name)}${gap()}:${render(item, gaps)}`);
  return `${gap()}{${gap()}${members.join(',')}}${gap()}`;
}

function keysInOrder(value: JsonValue, into: string[] = []): string[] {
  if (value === null || typeof value !== 'object' || value.kind === 'number') return into;
  if (value.kind === 'array') {
    for (const item of value.items) keysInOrder(item, into);
    return into;
  }
  for (const [name, item] of value.entries) {
    into.push(name);
    keysInOrder(item, into);
  }
  return into;
}

// Auto-detection reads text that does not start with { or [ as YAML, and these roots may be scalars.
const AS_JSON = { format: 'json' } as const;

describe('properties', () => {
  it('matches JSON.stringify(JSON.parse(x), null, 2) for any JSON value written by JSON.stringify', () => {
    fc.assert(fc.property(fc.jsonValue({ stringUnit: anyCharacter }), (value) => {
      const text = JSON.stringify(value);
      const canonical = canonicalize(text, AS_JSON);
      expect(canonical).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(canonicalize(canonical, AS_JSON)).toBe(canonical);
      expect(toPlainJson(parseDocument(text, AS_JSON).value)).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
  });

  it('is lossless, whitespace-blind and a fixed point for raw texts with integer-like keys and exact numbers', () => {
    fc.assert(fc.property(rawTree, whitespace, whitespace, (tree, gapsA, gapsB) => {
      const textA = render(tree, gapsA);
      const canonical = canonicalize(textA, AS_JSON);
      expect(parseDocument(textA, AS_JSON).value).toEqual(tree);
      expect(canonicalize(render(tree, gapsB), AS_JSON)).toBe(canonical);
      expect(canonicalize(canonical, AS_JSON)).toBe(canonical);
      expect(parseDocument(canonical, AS_JSON).value).toEqual(tree);
      expect(JSON.parse(canonical)).toEqual(JSON.parse(textA));
      const writtenKeys: string[] = [];
      jsonc.visit(canonical, { onObjectProperty: (name) => writtenKeys.push(name) });
      expect(writtenKeys).toEqual(keysInOrder(tree));
    }), { numRuns: 300 });
  });
});

describe.each([
  'petstore.oas30.yaml',
  'scalar-galaxy-0.6.12.oas31.yaml',
  'docker-engine-1.56.swagger20.yaml',
  'mastodon.oas303.json',
  'ix-api-2.1.0.oas30.json',
  'github-octokit-22.0.0.oas303.json',
  'github-octokit-23.0.2.oas303.json',
] as const)('real spec %s', (name) => {
  it('canonicalizes to a fixed point that equals the original document', () => {
    const text = readSpec(name);
    const document = parseDocument(text, { file: name });
    const canonical = serializeCanonical(document.value);
    expect(document.duplicateKeys).toEqual([]);
    expect(canonicalize(canonical, { file: 'snapshot.json' })).toBe(canonical);
    const original: unknown = name.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 });
    // isDeepStrictEqual: vitest's toEqual takes many seconds on the 13 MB documents.
    expect(isDeepStrictEqual(JSON.parse(canonical), original)).toBe(true);
    expect(isDeepStrictEqual(toPlainJson(document.value), original)).toBe(true);
  });
});

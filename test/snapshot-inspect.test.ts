// The quick test that lets hey-api start before the full check of a snapshot has finished: it must
// answer true only for JSON whose every reference stays inside the document, as hey-api reads it.
import { describe, expect, test } from 'vitest';
import { SnapshotError } from '../packages/openapi-drift/src/core/errors.ts';
import { inspectSnapshotText, referencesStayInside } from '../packages/openapi-drift/src/snapshot/inspect.ts';
import { readSpec } from './helpers/specs.ts';

const document = (schemas: Record<string, unknown>) =>
  JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {}, components: { schemas } }, null, 2);

describe('referencesStayInside', () => {
  test('true for JSON whose references are all local, real specs included', () => {
    expect(referencesStayInside(document({ A: { $ref: '#/components/schemas/B' }, B: { type: 'string' } }))).toBe(true);
    expect(referencesStayInside(readSpec('github-octokit-23.0.2.oas303.json'))).toBe(true);
    expect(referencesStayInside(readSpec('mastodon.oas303.json'))).toBe(true);
  });

  test('false for a reference to another file or a URL, wherever it is', () => {
    expect(referencesStayInside(document({ A: { $ref: './common.json#/A' } }))).toBe(false);
    expect(referencesStayInside(document({ A: { allOf: [{ type: 'object' }, { items: { $ref: 'https://example.com/a.json' } }] } }))).toBe(false);
    // A property named $ref is an object, and what is inside it is looked at too.
    expect(referencesStayInside(document({ A: { properties: { $ref: { $ref: 'other.yaml' } } } }))).toBe(false);
  });

  test('false for what is not JSON (YAML, a byte-order mark, a syntax error, nothing), so that the full check comes first', () => {
    expect(referencesStayInside('openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths: {}\n')).toBe(false);
    expect(referencesStayInside(`\uFEFF${document({})}`)).toBe(false);
    expect(referencesStayInside('{ "openapi": ')).toBe(false);
    expect(referencesStayInside('')).toBe(false);
  });

  test('reads duplicate keys as JSON.parse, and hey-api, do: the last one counts', () => {
    expect(referencesStayInside('{ "a": { "$ref": "./other.json" }, "a": { "$ref": "#/b" }, "b": {} }')).toBe(true);
    expect(referencesStayInside('{ "a": { "$ref": "#/b" }, "a": { "$ref": "./other.json" }, "b": {} }')).toBe(false);
  });

  test('walks a document nested deeper than the call stack goes', () => {
    const depth = 100_000;
    expect(referencesStayInside(`${'['.repeat(depth)}{ "$ref": "#/x" }${']'.repeat(depth)}`)).toBe(true);
    expect(referencesStayInside(`${'['.repeat(depth)}{ "$ref": "x.json" }${']'.repeat(depth)}`)).toBe(false);
  });
});

describe('inspectSnapshotText', () => {
  test('tells the form of a usable snapshot', () => {
    const text = `${document({ A: { type: 'string' } })}\n`;
    // `document` is the sha256 of the canonical text: the same document reformatted has the same one.
    const form = inspectSnapshotText(text, 'openapi.json');
    expect(form).toEqual({ format: 'json', canonical: true, duplicateKeys: [], document: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(inspectSnapshotText(JSON.stringify(JSON.parse(text)), 'openapi.json')).toMatchObject({ canonical: false, document: form.document });
    expect(inspectSnapshotText(text.replace('"A": {', '"A": {"type": "string", '), 'openapi.json')).toMatchObject({ canonical: false });
  });

  test('rejects a dangling local reference with its place, which the quick test lets through', () => {
    const text = document({ A: { $ref: '#/components/schemas/Nowhere' } });
    expect(referencesStayInside(text)).toBe(true);
    expect(() => inspectSnapshotText(text, 'openapi.json')).toThrow(SnapshotError);
    expect(() => inspectSnapshotText(text, 'openapi.json')).toThrow(/openapi\.json:\d+:\d+ \(at \/components\/schemas\/A\): unresolvable \$ref '#\/components\/schemas\/Nowhere'/);
  });
});

// Overlay 1.0 documents, parsed and applied in memory: the semantics of update and remove, the
// errors for bad overlays, the warning for an action that selects nothing, and --from-edit's
// round trip, which must give back the edited document byte for byte.
import { describe, expect, test } from 'vitest';
import { jsonpath } from 'json-p3';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { parseDocument, serializeCanonical } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { actionsFromEdit, applyOverlays, normalizedPath, overlayDocument, parseOverlay, patchUpstream, reproducesEdit, serializeOverlay } from '../packages/openapi-drift/src/overlay/index.ts';
import { pullRequestBody } from '../packages/openapi-drift/src/lifecycle/refresh.ts';
import { readSpec } from './helpers/specs.ts';

const petstore = parseDocument(readSpec('petstore.oas30.yaml')).value;
const apply = (document: string, ...overlays: string[]) =>
  serializeCanonical(applyOverlays(parseDocument(document).value, overlays.map((text, index) => parseOverlay(text, `o${index + 1}.overlay.yaml`))).document);
const canonical = (json: unknown) => serializeCanonical(parseDocument(JSON.stringify(json)).value);
const overlay = (actions: string) => `overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n${actions}`;

describe('applying', () => {
  test.each([
    {
      description: 'update merges into an object: nested objects merge, other values replace, new keys go last',
      document: { a: { b: 1, c: { d: 1, e: [1, 2] } } },
      actions: "  - target: $.a\n    update: {c: {e: [3], f: true}, g: 'new', b: 2}",
      expected: { a: { b: 2, c: { d: 1, e: [3], f: true }, g: 'new' } },
    },
    {
      description: 'update merges into every selected object',
      document: { paths: { '/a': { get: {} }, '/b': { get: { x: 1 } } } },
      actions: '  - target: $.paths.*.get\n    update: {deprecated: true}',
      expected: { paths: { '/a': { get: { deprecated: true } }, '/b': { get: { x: 1, deprecated: true } } } },
    },
    {
      description: 'update appends to a selected array',
      document: { tags: [{ name: 'a' }] },
      actions: '  - target: $.tags\n    update: {name: b}',
      expected: { tags: [{ name: 'a' }, { name: 'b' }] },
    },
    {
      description: 'remove deletes every match, array items included',
      document: { list: [{ x: 1 }, { x: 2 }, { x: 1 }], keep: { internal: true, public: 1 } },
      actions: '  - target: $.list[?@.x == 1]\n    remove: true\n  - target: $.keep.internal\n    remove: true',
      expected: { list: [{ x: 2 }], keep: { public: 1 } },
    },
    {
      description: 'actions apply in order, each to what the ones before left',
      document: { a: {} },
      actions: '  - target: $.a\n    remove: true\n  - target: $\n    update: {a: {again: 1}}',
      expected: { a: { again: 1 } },
    },
    {
      description: 'a node selected twice is changed once',
      document: { tags: [] },
      actions: "  - target: $['tags','tags']\n    update: 'x'",
      expected: { tags: ['x'] },
    },
  ])('$description', ({ document, actions, expected }) => {
    expect(apply(JSON.stringify(document), overlay(actions))).toBe(canonical(expected));
  });

  test('integer-like keys and number text stay as written', () => {
    const result = apply('{"responses": {"404": {}, "200": {"n": 1.50}}}', overlay("  - target: $.responses['200']\n    update: {m: 2.0}"));
    expect(result).toBe('{\n  "responses": {\n    "404": {},\n    "200": {\n      "n": 1.50,\n      "m": 2.0\n    }\n  }\n}\n');
  });

  test('two overlay files apply in order; JSON overlays work too', () => {
    const first = overlay("  - target: $.info\n    update: {title: First}");
    const second = JSON.stringify({ overlay: '1.0.1', info: { title: 't', version: '1' }, actions: [{ target: '$.info', update: { title: 'Second' } }] });
    expect(JSON.parse(apply(JSON.stringify({ info: { title: 'Upstream' } }), first, second))).toEqual({ info: { title: 'Second' } });
  });

  test('an action that selects nothing is reported by file and action; strict makes it an error', () => {
    const text = overlay("  - target: $.paths['/gone']\n    description: fix a typo\n    update: {x: 1}");
    const parsed = [parseOverlay(text, 'patches/fix.overlay.yaml')];
    const result = applyOverlays(petstore, parsed);
    expect(result.unmatched.map((item) => item.shown)).toEqual(["patches/fix.overlay.yaml action 1 (target $.paths['/gone']: fix a typo)"]);
    expect(serializeCanonical(result.document)).toBe(serializeCanonical(petstore));
    expect(() => applyOverlays(petstore, parsed, { strict: true })).toThrow(/patches\/fix\.overlay\.yaml action 1 .* selects nothing/);
  });
});

describe('bad overlays are configuration errors naming the file and the action', () => {
  test.each([
    { description: 'not an overlay', text: 'openapi: 3.0.0\n', message: /x\.overlay\.yaml: not an Overlay 1\.0 document/ },
    { description: 'another Overlay version', text: 'overlay: 1.1.0\ninfo: {title: t, version: "1"}\nactions: [{target: $, remove: true}]', message: /not an Overlay 1\.0 document: "overlay" is "1\.1\.0"/ },
    { description: 'no actions', text: 'overlay: 1.0.0\ninfo: {title: t, version: "1"}\nactions: []', message: /"actions" must be a non-empty list/ },
    { description: 'invalid JSONPath', text: overlay('  - target: $.paths[?\n    remove: true'), message: /x\.overlay\.yaml action 1 \(target \$\.paths\[\?\): invalid JSONPath/ },
    { description: 'a JSONPath extension outside RFC 9535', text: overlay('  - target: $.paths.~\n    remove: true'), message: /action 1 .*invalid JSONPath/ },
    { description: 'an action that does nothing', text: overlay('  - target: $.info'), message: /action 1 \(target \$\.info\): the action does nothing/ },
    { description: 'invalid YAML', text: 'overlay: [', message: /x\.overlay\.yaml/ },
  ])('$description', ({ text, message }) => {
    const error = (() => {
      try {
        applyOverlays(petstore, [parseOverlay(text, 'x.overlay.yaml')]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  test.each([
    { description: 'a merge into a string', actions: '  - target: $.info.title\n    update: {x: 1}', message: /action 2 \(target \$\.info\.title\): selects a string at \$\['info'\]\['title'\]/ },
    { description: 'a merge of a string into an object', actions: "  - target: $.info\n    update: 'text'", message: /action 2 \(target \$\.info\): selects the object at \$\['info'\], and its "update" is a string/ },
    { description: 'removing the whole document', actions: '  - target: $\n    remove: true', message: /action 2 \(target \$\): selects the whole document/ },
  ])('$description', ({ actions, message }) => {
    const text = overlay(`  - target: $.info\n    update: {x-ok: 1}\n${actions}`);
    expect(() => applyOverlays(petstore, [parseOverlay(text, 'x.overlay.yaml')])).toThrow(message);
  });
});

describe('--from-edit', () => {
  const names = ["it's", 'back\\slash', 'line\nbreak', 'tab\t', '/pets/{id}', '~0', 'plain'];
  test('normalized paths are read back by the JSONPath library as the same location', () => {
    const document = Object.fromEntries(names.map((name, index) => [name, [index]]));
    for (const name of names) {
      const nodes = jsonpath.query(`${normalizedPath([name, 0])}`, document).nodes;
      expect(nodes.map((node) => node.location)).toEqual([[name, 0]]);
      expect(nodes[0]!.getPath({ form: 'canonical' })).toBe(normalizedPath([name, 0]));
    }
  });

  const edits: Array<{ description: string; edit: (document: Record<string, any>) => void }> = [
    { description: 'a changed value deep inside', edit: (d) => (d.paths['/pets'].get.parameters[0].required = true) },
    { description: 'an added key', edit: (d) => (d.components.schemas.Pet.properties.nickname = { type: 'string', nullable: true }) },
    { description: 'a removed path', edit: (d) => delete d.paths['/pets/{petId}'] },
    { description: 'an operationId renamed and a summary removed', edit: (d) => ((d.paths['/pets'].post.operationId = 'addPet'), delete d.paths['/pets'].get.summary) },
    { description: 'an enum tightened (an array replaced)', edit: (d) => (d.components.schemas.Pet.properties.tag = { type: 'string', enum: ['dog', 'cat'] }) },
    {
      description: 'a key inserted in the middle and keys reordered',
      edit: (d) => {
        const { Pet, ...rest } = d.components.schemas;
        d.components.schemas = { First: { type: 'object' }, ...rest, Pet };
        const info = d.info;
        d.info = { version: info.version, 'x-internal': false, ...info };
      },
    },
  ];
  test.each(edits)('$description: the overlay reproduces the edit exactly, as YAML and as JSON', ({ edit }) => {
    const document = JSON.parse(serializeCanonical(petstore));
    edit(document);
    const edited = parseDocument(JSON.stringify(document)).value;
    const actions = actionsFromEdit(petstore, edited);
    expect(actions.length).toBeGreaterThan(0);
    for (const file of ['edit.overlay.yaml', 'edit.overlay.json']) {
      const text = serializeOverlay(overlayDocument('Hand edits', actions), file);
      expect(reproducesEdit(text, file, petstore, edited), `${file}:\n${text}`).toBe(true);
      expect(apply(serializeCanonical(petstore), text)).toBe(serializeCanonical(edited));
    }
  });

  test('no edit, no actions', () => {
    expect(actionsFromEdit(petstore, parseDocument(serializeCanonical(petstore)).value)).toEqual([]);
  });

  test('a number YAML would write differently is reported as not reproduced, and JSON keeps it', () => {
    const edited = parseDocument('{"openapi": "3.0.0", "x-ratio": 1.50}').value;
    const base = parseDocument('{"openapi": "3.0.0"}').value;
    const actions = actionsFromEdit(base, edited);
    expect(reproducesEdit(serializeOverlay(overlayDocument('t', actions), 'a.overlay.yaml'), 'a.overlay.yaml', base, edited)).toBe(false);
    expect(reproducesEdit(serializeOverlay(overlayDocument('t', actions), 'a.overlay.json'), 'a.overlay.json', base, edited)).toBe(true);
  });
});

test("a refresh pull request of a client with overlays lists the overlay notes above the patched snapshot's changelog", () => {
  const before = serializeCanonical(petstore);
  const document = JSON.parse(before);
  document.paths['/pets'].get.operationId = 'listAllPets';
  const body = pullRequestBody('petstore', before, JSON.stringify(document, null, 2), ['clients/petstore/openapi.json'], 'abc', {
    displayRoot: '/',
    overlayNotes: ['patches/x.overlay.yaml action 1 (target $.x) selects nothing in the new upstream document'],
  });
  expect(body).toContain('### Overlays\n\nThe changelog below is of the patched snapshot. Check these patches:\n\n- patches/x.overlay.yaml action 1 (target $.x) selects nothing');
  expect(body.indexOf('### Overlays')).toBeLessThan(body.indexOf('listAllPets'));
});

test('a YAML snapshot gets YAML that reads back as the patched document, or JSON where YAML cannot keep a number', () => {
  const overlays = [parseOverlay(overlay("  - target: $.info\n    update: {x-ratio: 2}"), 'o.overlay.yaml')];
  for (const source of ['{"openapi": "3.0.0", "info": {"title": "t"}}', '{"openapi": "3.0.0", "info": {"title": "t", "x-scale": 1.50}}']) {
    const patched = patchUpstream(parseDocument(source).value, overlays, 'clients/a/openapi.yaml');
    expect(serializeCanonical(parseDocument(patched.snapshotText, { format: 'yaml' }).value)).toBe(patched.canonical);
    expect(patched.snapshotText === patched.canonical).toBe(source.includes('1.50'));
  }
  expect(patchUpstream(parseDocument('{"openapi": "3.0.0", "info": {}}').value, overlays, 'openapi.yaml').snapshotText).toBe('openapi: 3.0.0\ninfo:\n  x-ratio: 2\n');
});

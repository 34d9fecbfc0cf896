// Drift diagnosis: what changed since the recorded regeneration decides the explanation.
import { describe, expect, test } from 'vitest';
import { diagnose, treeDigest, type Fingerprint } from '../packages/openapi-drift/src/compare/fingerprint.ts';

const recorded: Fingerprint = {
  snapshot: 's1',
  config: 'c1',
  formatterConfig: 'f1',
  generator: '0.99.0',
  prettier: '3.10.1',
  node: '24',
  tree: 't1',
};
const fix = 'npx vitest run contract-tests/x.contract.test.ts -u';

describe('diagnose', () => {
  test.each([
    { description: 'nothing changed but the tree', current: {}, tree: 't2', causes: ['hand-edit'], says: /tree was hand-edited/ },
    { description: 'the snapshot changed', current: { snapshot: 's2' }, tree: 't1', causes: ['snapshot-changed'], says: /snapshot changed since the last regeneration/ },
    { description: 'the config changed', current: { config: 'c2' }, tree: 't1', causes: ['config-changed'], says: /openapi-ts config changed/ },
    { description: 'the prettier config changed', current: { formatterConfig: 'f2' }, tree: 't1', causes: ['formatter-config-changed'], says: /prettier configuration/ },
    { description: 'the generator was upgraded', current: { generator: '0.100.0' }, tree: 't1', causes: ['tool-versions-changed'], says: /@hey-api\/openapi-ts 0\.99\.0 -> 0\.100\.0/ },
    { description: 'prettier was upgraded', current: { prettier: '3.11.0' }, tree: 't1', causes: ['tool-versions-changed'], says: /prettier 3\.10\.1 -> 3\.11\.0/ },
    { description: 'a post-processor was added (Biome instead of prettier)', current: { prettier: '', tools: { biome: '2.2.0' } }, tree: 't1', causes: ['tool-versions-changed'], says: /prettier 3\.10\.1 -> none, biome none -> 2\.2\.0/ },
    { description: "Node's major version moved", current: { node: '26' }, tree: 't1', causes: ['tool-versions-changed'], says: /Node 24 -> 26/ },
    { description: 'snapshot and config both changed', current: { snapshot: 's2', config: 'c2' }, tree: 't1', causes: ['snapshot-changed', 'config-changed'], says: /snapshot changed[\s\S]*config changed/ },
  ])('$description', ({ current, tree, causes, says }) => {
    const diagnosis = diagnose(recorded, { ...recorded, ...current }, tree, fix);
    expect(diagnosis.causes).toEqual(causes);
    expect(diagnosis.explanation).toMatch(says);
    expect(diagnosis.explanation).toContain(fix);
  });

  test('a snapshot only reformatted (the same document) is not a snapshot change: a later hand edit reads as one', () => {
    const withDocument = { ...recorded, document: 'd1' };
    expect(diagnose(withDocument, { ...withDocument, snapshot: 's2' }, 't2', fix).causes).toEqual(['hand-edit']);
    expect(diagnose(withDocument, { ...withDocument, snapshot: 's2', document: 'd2' }, 't1', fix).causes).toEqual(['snapshot-changed']);
    // A record from before documents were recorded falls back to the bytes.
    expect(diagnose(recorded, { ...recorded, snapshot: 's2', document: 'd1' }, 't1', fix).causes).toEqual(['snapshot-changed']);
  });

  test('the sync command is the one the repository runs', () => {
    const diagnosis = diagnose(recorded, { ...recorded, snapshot: 's2' }, 't1', fix, 'pnpm exec openapi-drift sync');
    expect(diagnosis.explanation).toContain('(or `pnpm exec openapi-drift sync` to fetch the source first)');
  });

  test('a post-processor upgraded is named with both versions, and its unchanged peers are not', () => {
    const withBiome: Fingerprint = { ...recorded, prettier: '', tools: { biome: '2.1.0', eslint: '10.16.0' } };
    const diagnosis = diagnose(withBiome, { ...withBiome, tools: { biome: '2.2.0', eslint: '10.16.0' } }, 't1', fix);
    expect(diagnosis.causes).toEqual(['tool-versions-changed']);
    expect(diagnosis.explanation).toMatch(/\(biome 2\.1\.0 -> 2\.2\.0\)/);
    expect(diagnosis.explanation).not.toContain('eslint');
    expect(diagnose(withBiome, withBiome, 't2', fix).causes).toEqual(['hand-edit']);
  });

  test('without a record the cause is unknown, and the fix is still given', () => {
    const diagnosis = diagnose(undefined, recorded, 't1', fix);
    expect(diagnosis.causes).toEqual(['unknown']);
    expect(diagnosis.explanation).toContain(fix);
  });
});

test('the tree digest depends on paths and bytes, not on order', () => {
  const a = treeDigest(new Map([['a.ts', '1'], ['b.ts', '2']]));
  expect(treeDigest(new Map([['b.ts', '2'], ['a.ts', '1']]))).toBe(a);
  expect(treeDigest(new Map([['a.ts', '1'], ['b.ts', '3']]))).not.toBe(a);
  expect(treeDigest(new Map([['a.ts', '1'], ['c.ts', '2']]))).not.toBe(a);
});

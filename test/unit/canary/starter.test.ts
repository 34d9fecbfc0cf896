// The first canary section `add --canary` writes: every GET that needs no parameter and has an
// operationId to name it by, in the document's order; none when no operation qualifies.
import { expect, test } from 'vitest';
import { starterCanarySection } from '../../../packages/openapi-drift/src/canary/starter.ts';

test('GETs without a required parameter, named by their operationId', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': { get: { operationId: 'listA', parameters: [{ name: 'limit', in: 'query' }] }, post: { operationId: 'createA' }, head: { operationId: 'headA' } },
      '/b': { get: { responses: {} } },
      '/c/{id}': { get: { operationId: 'getC', parameters: [{ name: 'id', in: 'path' }] } },
      '/d': { get: { operationId: 'listD', parameters: [{ name: 'X-Key', in: 'header', required: true }] } },
      '/e': { get: { operationId: 'listE' } },
    },
  };
  expect(starterCanarySection(document)).toEqual({ operations: [{ operationId: 'listA' }, { operationId: 'listE' }] });
});

test('none when no operation qualifies', () => {
  expect(starterCanarySection({ openapi: '3.1.0', paths: { '/b': { get: {} }, '/c': { put: { operationId: 'putC' } } } })).toBeUndefined();
});

// A removed success response breaks callers, whether written as a code or as a range; a removed
// error response is a warning.
import { expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { openapi } from './documents.ts';

const withResponses = (statuses: string[]) =>
  openapi({ '/pets': { get: { responses: Object.fromEntries(statuses.map((status) => [status, { description: status }])) } } });

test.each([
  { removed: '200', level: 'breaking' },
  { removed: '204', level: 'breaking' },
  { removed: '2XX', level: 'breaking' },
  { removed: '2xx', level: 'breaking' },
  { removed: '404', level: 'warning' },
  { removed: '4XX', level: 'warning' },
  { removed: 'default', level: 'warning' },
])('response $removed removed: $level', ({ removed, level }) => {
  const kept = removed === '200' ? '201' : '200';
  const { changes } = diffOpenApi(withResponses([kept, removed]), withResponses([kept]));
  expect(changes.map((change) => [change.level, change.kind, change.message])).toEqual([[level, 'response-status-removed', `response status ${removed === 'default' ? removed : removed.toUpperCase()} removed`]]);
});

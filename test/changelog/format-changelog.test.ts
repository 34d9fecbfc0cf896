import { describe, expect, test } from 'vitest';
import { diffOpenApi, formatChangelog } from '../../packages/openapi-drift/src/changelog/index.ts';
import { getPets } from './documents.ts';
import { formatFixture } from './format-fixture.ts';

const log = diffOpenApi(formatFixture.before, formatFixture.after);
const empty = diffOpenApi(getPets(), getPets());

describe('text', () => {
  test('one line per change, breaking first, shared schemas named with how many operations receive them', () => {
    expect(formatChangelog(log, 'text')).toBe(
      [
        "BREAKING  GET /pets  response property 'id' removed (200 application/json)",
        'WARNING   GET /pets  response property \'status\': enum value "b|c" added (200 application/json)',
        "INFO      GET /pets  optional parameter 'query.limit' added",
        "INFO      schema Owner (received by 2 operations)  response property 'Owner.email' added",
        '',
      ].join('\n'),
    );
  });

  test('maxChanges caps the lines and counts the rest', () => {
    const lines = formatChangelog(log, 'text', { maxChanges: 1 }).trimEnd().split('\n');
    expect(lines).toEqual(["BREAKING  GET /pets  response property 'id' removed (200 application/json)", '... and 3 more changes']);
  });

  test('no change says so', () => {
    expect(formatChangelog(empty, 'text')).toBe('No API changes.\n');
  });
});

describe('markdown', () => {
  const markdown = formatChangelog(log, 'markdown');

  test('heading with counts, then sections in level order', () => {
    expect(markdown.startsWith('## API changes: 1 breaking, 1 warning, 2 info\n')).toBe(true);
    const sections = [...markdown.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(sections).toEqual(['Breaking (1)', 'Warnings (1)', 'Other changes (2)']);
  });

  test('rows name the operation, escape pipes, and list the operations that receive a shared schema', () => {
    expect(markdown).toContain("| `GET /pets` | response property 'id' removed (200 application/json) |");
    expect(markdown).toContain('enum value "b\\|c" added');
    expect(markdown).toContain("| schema `Owner`, received by `GET /owners`, `GET /owners/{id}` | response property 'Owner.email' added |");
  });

  test('maxChanges keeps the first changes in order and counts the rest; section totals stay true', () => {
    const capped = formatChangelog(log, 'markdown', { maxChanges: 2 });
    expect(capped).toContain('### Warnings (1)');
    expect(capped).not.toContain('### Other changes');
    expect(capped.trimEnd().endsWith('_…and 2 more changes._')).toBe(true);
    expect(formatChangelog(log, 'markdown', { maxChanges: 3 })).toContain('_…and 1 more change._');
  });

  test('no change says so', () => {
    expect(formatChangelog(empty, 'markdown')).toBe('## API changes: 0 breaking, 0 warnings, 0 info\n\nNo API changes.\n');
  });
});

describe('json', () => {
  const parsed = JSON.parse(formatChangelog(log, 'json')) as { summary: unknown; changes: Array<Record<string, unknown>> };

  test('an object with the summary and every change, never capped', () => {
    expect(parsed.summary).toEqual(log.summary);
    expect(parsed.changes).toHaveLength(4);
    expect(JSON.parse(formatChangelog(log, 'json', { maxChanges: 1 })).changes).toHaveLength(4);
  });

  test('every change has id, level, kind, method, path and message; shared-schema ones null method and path', () => {
    for (const change of parsed.changes) {
      expect(Object.keys(change)).toEqual(expect.arrayContaining(['id', 'level', 'kind', 'method', 'path', 'message']));
    }
    expect(parsed.changes[3]).toMatchObject({ method: null, path: null, schema: 'Owner', direction: 'response', operations: [{ method: 'get', path: '/owners' }, { method: 'get', path: '/owners/{id}' }] });
  });
});

test('a negative or fractional maxChanges is refused', () => {
  expect(() => formatChangelog(log, 'text', { maxChanges: -1 })).toThrow(RangeError);
  expect(() => formatChangelog(log, 'markdown', { maxChanges: 1.5 })).toThrow(RangeError);
});

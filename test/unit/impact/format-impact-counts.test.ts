// The counts and separators of an impact report at their edges: exactly five files not examined are
// all named, and a report whose errors all belong to changes still sets them apart from its headline.
import path from 'node:path';
import { expect, test } from 'vitest';
import { formatImpactMarkdown } from '../../../packages/openapi-drift/src/impact/format-impact.ts';
import type { ImpactReport } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { CHANGELOG, CHANGES } from './fixture.ts';

const ROOT = path.resolve('/repo');
const base: ImpactReport = { client: 'shop', outputDir: path.join(ROOT, 'clients/shop/src/client'), consumers: [path.join(ROOT, 'src/a.ts')], notExamined: [], configs: [path.join(ROOT, 'tsconfig.json')], changelog: CHANGELOG, byChange: [], other: [], unusedBreaking: [], silentBreaking: [], newErrors: 0, fixedErrors: 0 };

test('five files not examined are all named, with no count of more', () => {
  const markdown = formatImpactMarkdown({ ...base, notExamined: ['a', 'b', 'c', 'd', 'e'].map((name) => path.join(ROOT, `${name}.ts`)) }, ROOT);
  expect(markdown).toContain('\nNot examined: a.ts, b.ts, c.ts, d.ts, e.ts (they import code that uses the client; only imports of the client and its re-exports are followed).\n');
});

test('errors under a change only: a blank line between the headline and the list', () => {
  const error = { file: path.join(ROOT, 'src/a.ts'), line: 1, column: 2, start: 1, length: 1, code: 2322, message: 'Bad.' };
  expect(formatImpactMarkdown({ ...base, byChange: [{ change: CHANGES.a, errors: [error] }], newErrors: 1 }, ROOT)).toBe(
    "### Impact on this repository\n\nThis update breaks 1 call site in 1 file.\n\n- **BREAKING** `GET /pets` parameter 'query.limit' became required\n  - `src/a.ts:1:2` TS2322: Bad.\n",
  );
});

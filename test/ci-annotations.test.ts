// Where a drifted file's annotation points: the first committed line its change touches, so that
// the pull request's "Files changed" view shows it at the change, not at the hunk's context.
import { expect, test } from 'vitest';
import { firstChangedLine } from '../packages/openapi-drift/src/ci/client-report.ts';
import { filePatch } from '../packages/openapi-drift/src/compare/drift-report.ts';

const lines = (count: number) => Array.from({ length: count }, (_, index) => `line ${index + 1}`);
const text = (items: string[]) => `${items.join('\n')}\n`;

test.each([
  { description: 'a changed line points at itself', committed: lines(20), generated: lines(20).map((line) => (line === 'line 12' ? 'line twelve' : line)), at: 12 },
  { description: 'a removed line points at itself', committed: lines(20), generated: lines(20).filter((line) => line !== 'line 7'), at: 7 },
  { description: 'an added line points at the line it follows', committed: lines(20), generated: [...lines(15), 'new', ...lines(20).slice(15)], at: 15 },
  { description: 'a change on the first line points at line 1', committed: lines(5), generated: ['first', ...lines(5).slice(1)], at: 1 },
])('$description', ({ committed, generated, at }) => {
  const patch = filePatch({ path: 'a.ts', status: 'changed', committed: text(committed), generated: text(generated) }, 'out/a.ts');
  expect(firstChangedLine(patch)).toBe(at);
});

test('a missing file points at line 1', () => {
  expect(firstChangedLine(filePatch({ path: 'a.ts', status: 'missing', generated: text(lines(3)) }, 'out/a.ts'))).toBe(1);
});

// Where a drifted file's annotation points: the first committed line its change touches, so that
// the pull request's "Files changed" view shows it at the change, not at the hunk's context. And a
// report too long for one comment.
import { expect, test } from 'vitest';
import { firstChangedLine } from '../packages/openapi-drift/src/ci/client-report.ts';
import type { ClientReport } from '../packages/openapi-drift/src/ci/client-report.ts';
import { COMMENT_MARKER, MAX_COMMENT_LENGTH, renderComment, renderMarkdown } from '../packages/openapi-drift/src/ci/render.ts';
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

test('a report too long for a comment is cut at a line, under GitHub\'s limit, and points to the job summary', () => {
  const files = Array.from({ length: 3000 }, (_, index) => ({ path: `clients/big/src/client/file-${index}.gen.ts`, status: 'changed' as const, line: 1 }));
  const reports: ClientReport[] = [{ name: 'big', status: 'drifted', fileCount: 3000, files, fix: 'npx vitest run contract-tests/big.contract.test.ts -u', typeCheck: 'passed' }];
  expect(renderMarkdown(reports).length).toBeGreaterThan(MAX_COMMENT_LENGTH);
  const comment = renderComment(reports, 'https://github.test/team/service/actions/runs/1');
  expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
  expect(comment.startsWith(COMMENT_MARKER)).toBe(true);
  expect(comment).toMatch(/\| `clients\/big\/src\/client\/file-\d+\.gen\.ts` \| changed \|\n\n\.\.\. the report is longer than a comment may be; the whole report is in the job summary of \[the job\]\(https:\/\/github\.test\/team\/service\/actions\/runs\/1\)\.\n$/);
});

// The diff in a drift message is computed over a window from the first changed line, not over the
// whole of two multi-megabyte files: every hunk it shows must be true of both files at the line
// numbers it names, a change that fits the window must read exactly as a diff of the whole files,
// and a change larger than the window must say that it goes on.
import { createTwoFilesPatch } from 'diff';
import { expect, test } from 'vitest';
import { unifiedDiff } from '../packages/openapi-drift/src/compare/drift-report.ts';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A file of `count` lines like a generated one, with repeated lines (closing braces) that make alignment ambiguous. */
function file(count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index % 7 === 6 ? '};' : `export type T${index} = { id: number; name${index % 13}: string };`));
}

/** `edits` random insertions, deletions and replacements. */
function edit(lines: string[], edits: number, next: () => number): string[] {
  const result = [...lines];
  for (let index = 0; index < edits; index++) {
    const at = Math.floor(next() * result.length);
    const kind = next();
    if (kind < 0.33) result.splice(at, 0, `export type New${index} = string;`);
    else if (kind < 0.66) result.splice(at, 1);
    else result[at] = `export type Changed${index} = boolean;`;
  }
  return result;
}

/** Every hunk's context and removed lines are the committed file's, its context and added lines the generated file's, at the numbers it names (a hunk cut by the message's length included). */
function hunksHold(diff: string, before: string[], after: string[]): string[] {
  const problems: string[] = [];
  let oldLine = -1;
  let newLine = -1;
  for (const line of diff.split('\n')) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (header) {
      // A side with no lines names the line before the change.
      oldLine = header[2] === '0' ? Number(header[1]) : Number(header[1]) - 1;
      newLine = header[4] === '0' ? Number(header[3]) : Number(header[3]) - 1;
      continue;
    }
    if (oldLine < 0 || line.startsWith('... ') || line.startsWith('\\')) continue;
    const [mark, text] = [line[0], line.slice(1)];
    if (mark !== '+' && before[oldLine++] !== text) problems.push(`old line ${oldLine} is not ${JSON.stringify(text)}`);
    if (mark !== '-' && after[newLine++] !== text) problems.push(`new line ${newLine} is not ${JSON.stringify(text)}`);
  }
  if (oldLine < 0) problems.push('no hunk');
  return problems;
}

test('a change that fits the window reads exactly as a diff of the whole files', () => {
  const next = rng(0x5eed);
  for (let round = 0; round < 60; round++) {
    const before = file(500 + Math.floor(next() * 3000));
    const after = edit(before, 1 + Math.floor(next() * 4), next);
    // Close together, so that the change fits one window wherever it lies.
    const [a, b] = [before.join('\n'), after.join('\n')];
    const whole = createTwoFilesPatch('committed/x.ts', 'generated/x.ts', a, b, '', '', { context: 3 });
    const changed = (after.length !== before.length || after.some((line, index) => line !== before[index]));
    if (!changed) continue;
    const diff = unifiedDiff('x.ts', a, b);
    expect(hunksHold(diff, before, after), `round ${round}`).toEqual([]);
    const spans = diff.includes('the change goes on');
    if (!spans) {
      const expected = whole.split('\n').slice(whole.split('\n').findIndex((line) => line.startsWith('--- '))).map((line) => line.replace(/\t$/, '')).filter(Boolean);
      const shown = expected.length > 400 ? [...expected.slice(0, 400), `... ${expected.length - 400} more lines of diff`] : expected;
      expect(diff, `round ${round}`).toBe(shown.join('\n'));
    }
  }
});

test('a change larger than the window shows its first hunks, true at their line numbers, and says it goes on', () => {
  const next = rng(0xb16);
  const before = file(120_000);
  const after = edit(before, 6000, next);
  const [a, b] = [`${before.join('\n')}\n`, `${after.join('\n')}\n`];
  const diff = unifiedDiff('types.gen.ts', a, b);
  expect(diff.startsWith('--- committed/types.gen.ts\n+++ generated/types.gen.ts\n@@ -')).toBe(true);
  expect(diff.split('\n').length).toBeLessThanOrEqual(401);
  expect(diff.split('\n').at(-1)).toMatch(/^\.\.\. (\d+ more lines of diff, and )?the change goes on: from line \d+, \d+ lines committed and \d+ generated differ$/);
  expect(hunksHold(diff, `${before.join('\n')}\n`.split('\n'), `${after.join('\n')}\n`.split('\n'))).toEqual([]);
});

test('a file rewritten from its first line says so, with the sizes', () => {
  const before = Array.from({ length: 5000 }, (_, index) => `const a${index} = ${index};`);
  const after = Array.from({ length: 6000 }, (_, index) => `let b${index} = "${index}";`);
  expect(unifiedDiff('x.ts', before.join('\n'), after.join('\n'))).toBe('(the change goes on: from line 1, 5000 lines committed and 6000 generated differ; the file was rewritten rather than edited)');
});

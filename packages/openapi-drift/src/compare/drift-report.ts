// What a person reads when a file drifted: a unified diff of that one file, or a plain sentence
// for a missing or obsolete file, always ending with the command that fixes it.
import { createTwoFilesPatch, formatPatch, structuredPatch, type StructuredPatchHunk } from 'diff';
import type { FileComparison } from './tree.ts';

/** The message shows this many lines of diff at most. */
const MAX_DIFF_LINES = 400;
/** Lines of context around each change. */
const CONTEXT = 3;
/**
 * Lines of each side that one diff looks at, from the first changed line on. The message shows the
 * start of the change only, so a diff of the whole of two multi-megabyte files (seconds, and past a
 * few thousand changed lines no diff at all) is never needed: a window costs milliseconds.
 */
const WINDOW_LINES = 2000;
/** Changes this close to the end of a window that cuts a side short may be the cut's doing: not shown. */
const WINDOW_MARGIN = 200;

export interface ReportContext {
  /** The file as named in the repository, e.g. `clients/petstore/src/client/types.gen.ts`. */
  shownPath: string;
  /** The snapshot, as named in the repository. */
  shownSnapshot: string;
  /** The command that accepts the regeneration. */
  fixCommand: string;
  /** Why the client drifts, when known. */
  why?: string;
}

export function describeFileDrift(entry: FileComparison, context: ReportContext): string {
  const fix = `${context.why ? `Why: ${context.why}\n` : ''}To accept what the snapshot generates: ${context.fixCommand}`;
  if (entry.note) {
    const what = entry.status === 'obsolete' ? 'is obsolete: it' : entry.status === 'missing' ? 'is missing: it' : '';
    return `${context.shownPath} ${what ? `${what} ` : ''}${entry.note}.\n${fix}`;
  }
  if (entry.status === 'missing') {
    return `${context.shownPath} is missing: ${context.shownSnapshot} generates it, but it is not committed.\n${fix}`;
  }
  if (entry.status === 'obsolete') {
    return `${context.shownPath} is obsolete: it is committed, but ${context.shownSnapshot} no longer generates it.\n${fix}`;
  }
  const committed = entry.committed ?? '';
  const generated = entry.generated ?? '';
  if (committed.includes('\r\n') && committed.replace(/\r\n/g, '\n') === generated) {
    return (
      `${context.shownPath} differs only in line endings: it is committed with CRLF, the generator writes LF.\n` +
      'Git is converting line endings on checkout; add `* text=auto eol=lf` (or the client folder) to .gitattributes ' +
      'and run `git add --renormalize .`, or accept with the command below.\n' +
      fix
    );
  }
  const invisible = invisibleDifference(committed, generated);
  if (invisible) {
    return (
      `${context.shownPath} differs only in characters that do not show: ${invisible}. ` +
      'The diff lines would look identical; an editor or a copy and paste inserted them.\n' +
      fix
    );
  }
  return `${context.shownPath} differs from what ${context.shownSnapshot} generates (- committed, + generated):\n${unifiedDiff(entry.path, committed, generated)}\n${fix}`;
}

/**
 * The same drift in three lines, for CI logs and coding agents: the file and what happened to it,
 * the cause (the first sentence of each reason), and the command that fixes it. No diff.
 */
export function describeFileDriftCompactly(entry: FileComparison, context: ReportContext): string {
  const what = entry.status === 'unchanged' ? 'unchanged' : entry.status;
  const cause = [...(entry.note ? [`the file ${entry.note}.`] : []), ...(context.why ? [briefCause(context.why)] : [])].join(' ') || 'unknown.';
  return [`${context.shownPath}: ${what}`, `cause: ${cause}`, `fix: ${context.fixCommand}`].join('\n');
}

/** The first sentence of each reason a diagnosis gives, without the fix commands and the changelog that follow. */
export function briefCause(why: string): string {
  return why
    .split('\n')
    .filter((line) => /^\S/.test(line) && !line.endsWith(':'))
    .map((line) => /^.*?\.(?=\s|$)/.exec(line)?.[0] ?? line)
    .join(' ');
}

export function unifiedDiff(relativePath: string, committed: string, generated: string): string {
  const before = committed.split('\n');
  const after = generated.split('\n');
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  // Only the changed middle, with its context, goes into the diff; line numbers are shifted back.
  const start = Math.max(0, prefix - CONTEXT);
  const oldEnd = Math.min(before.length, before.length - suffix + CONTEXT);
  const newEnd = Math.min(after.length, after.length - suffix + CONTEXT);
  const oldTo = Math.min(oldEnd, start + WINDOW_LINES);
  const newTo = Math.min(newEnd, start + WINDOW_LINES);
  const cut = oldTo < oldEnd || newTo < newEnd;
  const text = (lines: string[], from: number, to: number) => lines.slice(from, to).join('\n') + (to < lines.length ? '\n' : '');
  const patch = structuredPatch(`committed/${relativePath}`, `generated/${relativePath}`, text(before, start, oldTo), text(after, start, newTo), '', '', { context: CONTEXT });
  const fits = (hunk: StructuredPatchHunk) =>
    !cut || (hunk.oldStart + hunk.oldLines <= oldTo - start - WINDOW_MARGIN && hunk.newStart + hunk.newLines <= newTo - start - WINDOW_MARGIN);
  const hunks = patch.hunks.filter(fits).map((hunk) => ({ ...hunk, oldStart: hunk.oldStart + start, newStart: hunk.newStart + start }));
  const goesOn = `the change goes on: from line ${prefix + 1}, ${before.length - suffix - prefix} lines committed and ${after.length - suffix - prefix} generated differ`;
  if (hunks.length === 0) return `(${goesOn}; the file was rewritten rather than edited)`;
  // Drop the `Index:`/`=====` header formatPatch writes; keep ---, +++ and the hunks.
  const lines = formatPatch({ ...patch, hunks }).split('\n');
  const first = lines.findIndex((line) => line.startsWith('--- '));
  const body = lines.slice(first < 0 ? 0 : first).map((line) => line.replace(/\t$/, ''));
  while (body.length && body[body.length - 1] === '') body.pop();
  if (body.length > MAX_DIFF_LINES) {
    const rest = body.length - MAX_DIFF_LINES;
    return [...body.slice(0, MAX_DIFF_LINES), `... ${rest} more lines of diff${cut ? `, and ${goesOn}` : ''}`].join('\n');
  }
  return cut ? [...body, `... ${goesOn}`].join('\n') : body.join('\n');
}

/** Characters that take no visible space: a byte-order mark, zero-width spaces and joiners, soft hyphens, direction marks. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Where the committed text has (or lacks) invisible characters, when they are its only difference. */
function invisibleDifference(committed: string, generated: string): string | undefined {
  if (committed.replace(INVISIBLE, '') !== generated.replace(INVISIBLE, '')) return undefined;
  const places: string[] = [];
  for (const [label, text] of [['committed', committed], ['generated', generated]] as const) {
    for (const match of text.matchAll(INVISIBLE)) {
      const before = text.slice(0, match.index);
      const line = before.split('\n').length;
      const column = match.index - before.lastIndexOf('\n');
      places.push(`U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} in the ${label} file at line ${line}, column ${column}`);
    }
  }
  const shown = places.slice(0, 5).join('; ');
  return places.length > 5 ? `${shown} (and ${places.length - 5} more)` : shown;
}

/**
 * The whole change `-u` would make to one file, as a patch `git apply` takes: `a/` is what is
 * committed, `b/` what the snapshot generates, `/dev/null` for a missing or obsolete file. Never cut.
 */
export function filePatch(entry: FileComparison, shownPath: string): string {
  const before = entry.status === 'missing' ? '/dev/null' : `a/${shownPath}`;
  const after = entry.status === 'obsolete' ? '/dev/null' : `b/${shownPath}`;
  const patch = createTwoFilesPatch(before, after, entry.committed ?? '', entry.generated ?? '', '', '', { context: 3 });
  const lines = patch.split('\n');
  const start = lines.findIndex((line) => line.startsWith('--- '));
  const body = lines.slice(start < 0 ? 0 : start).map((line, index) => (index < 2 ? line.replace(/\t$/, '') : line));
  while (body.length && body[body.length - 1] === '') body.pop();
  // An anomaly (a link, bytes that are not UTF-8) has no text to diff: its note says what is wrong.
  if (entry.note && body.length <= 2) body.push(`# ${shownPath} ${entry.note}`);
  const mode = entry.status === 'missing' ? 'new file mode 100644\n' : entry.status === 'obsolete' ? 'deleted file mode 100644\n' : '';
  return `diff --git a/${shownPath} b/${shownPath}\n${mode}${body.join('\n')}\n`;
}

/** Lines added and removed by a patch from `filePatch`. */
export function patchCounts(patch: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  let inHunks = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('@@')) inHunks = true;
    if (!inHunks) continue;
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

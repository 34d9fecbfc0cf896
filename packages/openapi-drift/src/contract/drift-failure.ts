// How a drifted file's failing test reads where people meet it. The thrown error carries the
// committed and the regenerated text as `expected` and `actual`, so the Vitest extension for VS Code
// shows them side by side; `showDiff: false` keeps Vitest from printing a second diff of them under
// the message, which already holds one (and from diffing two huge texts it was never asked to).
// Under Vitest's compact reporters (`agent`, `minimal`) the message is three lines and no diff.
import { inject } from 'vitest';
import { describeFileDrift, describeFileDriftCompactly, type ReportContext } from '../compare/drift-report.ts';
import type { FileComparison } from '../compare/tree.ts';
import { PROVIDED_KEY, type ProvidedSettings } from '../project/plugin-settings.ts';

/** Whether failures should be the file, the cause and the fix, one line each. */
export function compactFailuresWanted(): boolean {
  try {
    return (inject as (key: string) => ProvidedSettings | undefined)(PROVIDED_KEY)?.compactFailures === true;
  } catch {
    return false;
  }
}

/** The message of a drifted file's failing test. */
export function driftMessage(entry: FileComparison, context: ReportContext): string {
  return compactFailuresWanted() ? describeFileDriftCompactly(entry, context) : describeFileDrift(entry, context);
}

/** Puts the committed text (expected) and the regenerated text (actual) on the test's error. */
export function withBothSides(failure: Error, entry: FileComparison): Error {
  return Object.assign(failure, { expected: entry.committed ?? '', actual: entry.generated ?? '', showDiff: false });
}

// How the lifecycle commands print an API changelog: a few lines per client, never fatal. A
// served document the changelog cannot compare (a dangling or external $ref) is said so, and the
// other clients are still reported.
import { changelogBetween, formatChangelog, type ApiChangelog } from '../changelog/index.ts';
import { DriftError } from '../core/errors.ts';
import { indentLines, type CliIo } from './options.ts';
import type { OptionSpec } from './command.ts';
import type { UnmatchedAction } from '../overlay/index.ts';

export const STRICT_OPTION: OptionSpec = { type: 'boolean', description: 'an overlay action that selects nothing in the upstream document is an error, not a warning' };

/** Overlay actions that selected nothing (warnings, on stderr), and where the upstream change meets an overlay. */
export function overlayReport(io: CliIo, unmatched: UnmatchedAction[] = [], touches: string[] = []): void {
  for (const action of unmatched) {
    io.stderr(`  warning: ${action.shown} selects nothing in the upstream document; the upstream may have fixed or renamed what it patches (--strict makes this an error)\n`);
  }
  for (const line of touches) io.stdout(`  overlay: ${line}\n`);
}

/** How many changelog lines the lifecycle commands print per client. */
export const SUMMARY_CHANGES = 15;

export function changelogOrReason(oldText: string, newText: string): ApiChangelog | string {
  try {
    return changelogBetween(oldText, newText);
  } catch (error) {
    if (error instanceof DriftError) return `the API changes cannot be listed: ${error.message}`;
    throw error;
  }
}

/** The line that says a source redirected to another origin, without the configured headers. */
export function redirectNote(fetched: { redirectedTo?: string } | undefined): string {
  return fetched?.redirectedTo ? `  note: the source redirected to ${fetched.redirectedTo}, another origin; its configured headers were not sent there\n` : '';
}

/** The changelog as indented text lines, or the reason it cannot be computed. */
export function changelogSummary(log: ApiChangelog | string): string {
  if (typeof log === 'string') return `  ${log}\n`;
  return indentLines(formatChangelog(log, 'text', { maxChanges: SUMMARY_CHANGES }));
}

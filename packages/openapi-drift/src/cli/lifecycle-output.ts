// How the lifecycle commands print an API changelog: a few lines per client, never fatal. A
// served document the changelog cannot compare (a dangling or external $ref) is said so, and the
// other clients are still reported.
import { changelogBetween, formatChangelog, type ApiChangelog } from '../changelog/index.ts';
import { DriftError } from '../core/errors.ts';
import { indentLines } from './options.ts';

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

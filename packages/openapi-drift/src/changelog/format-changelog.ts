/** Renders a changelog as plain text, markdown or JSON. */
import { formatMarkdown } from './format-markdown.ts';
import { capChanges, moreChangesText, ownerText } from './format-shared.ts';
import type { ApiChangelog, ChangelogFormat, FormatOptions } from './types.ts';

const LEVEL_LABEL_WIDTH = 'BREAKING'.length;

function formatText(log: ApiChangelog, options?: FormatOptions): string {
  if (log.changes.length === 0) return 'No API changes.\n';
  const { shown, hidden } = capChanges(log.changes, options);
  const lines = shown.map((change) => `${change.level.toUpperCase().padEnd(LEVEL_LABEL_WIDTH)}  ${ownerText(change)}  ${change.message}`);
  if (hidden > 0) lines.push(`... ${moreChangesText(hidden)}`);
  return `${lines.join('\n')}\n`;
}

/** JSON is for machines, so it is never capped; absent method/path are null so every key is present. */
function formatJson(log: ApiChangelog): string {
  const changes = log.changes.map((change) => ({
    id: change.id,
    level: change.level,
    kind: change.kind,
    method: change.method ?? null,
    path: change.path ?? null,
    ...(change.schema === undefined ? {} : { schema: change.schema }),
    ...(change.direction === undefined ? {} : { direction: change.direction }),
    ...(change.location === undefined ? {} : { location: change.location }),
    message: change.message,
    ...(change.operations === undefined ? {} : { operations: change.operations }),
  }));
  return `${JSON.stringify({ summary: log.summary, changes }, null, 2)}\n`;
}

export function formatChangelog(log: ApiChangelog, format: ChangelogFormat, options?: FormatOptions): string {
  switch (format) {
    case 'text':
      return formatText(log, options);
    case 'markdown':
      return formatMarkdown(log, options);
    case 'json':
      return formatJson(log);
    default:
      throw new RangeError(`unknown changelog format: ${String(format)}`);
  }
}

/** Markdown changelog for pull-request comments: counts first, then breaking, warning, info. */
import { capChanges, moreChangesText, operationText, usageVerb } from './format-shared.ts';
import type { ApiChange, ApiChangelog, ChangeLevel, FormatOptions } from './types.ts';

const SECTION_TITLES: Record<ChangeLevel, string> = { breaking: 'Breaking', warning: 'Warnings', info: 'Other changes' };
const LISTED_USERS = 3;

function cell(text: string): string {
  // Table cells are one line and `|` would end the cell.
  return text.replaceAll('\n', ' ').replaceAll('|', '\\|');
}

// Characters that start markdown syntax: emphasis, links, HTML, headings, strikethrough, code.
const MARKDOWN_SYNTAX = /[\\`*_[\]<>#!~]/g;

/**
 * Text that holds names from the spec, as text: markdown syntax is escaped, and a word with `@` or
 * `://` (a mention, a URL that GitHub would link) becomes a code span, where neither is live.
 */
function plainText(text: string): string {
  return text
    .split(/(\s+)/)
    .map((word) => (/@|:\/\/|^www\./i.test(word) ? code(word) : word.replace(MARKDOWN_SYNTAX, '\\$&')))
    .join('');
}

function code(text: string): string {
  return `\`${text.replaceAll('`', "'")}\``;
}

function ownerCell(change: ApiChange): string {
  if (change.schema !== undefined && change.operations !== undefined && change.operations.length > 1) {
    const listed = change.operations.slice(0, LISTED_USERS).map((operation) => code(operationText(operation.method, operation.path)));
    const rest = change.operations.length - listed.length;
    return `schema ${code(change.schema)}, ${usageVerb(change)} ${listed.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
  }
  if (change.method !== undefined && change.path !== undefined) return code(operationText(change.method, change.path));
  return change.schema === undefined ? '' : `schema ${code(change.schema)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatMarkdown(log: ApiChangelog, options?: FormatOptions): string {
  const { summary } = log;
  const lines = [`## API changes: ${summary.breaking} breaking, ${plural(summary.warning, 'warning')}, ${summary.info} info`, ''];
  if (log.changes.length === 0) return [...lines, 'No API changes.', ''].join('\n');
  lines.push(`Operations: ${summary.operationsAdded} added, ${summary.operationsRemoved} removed.`, '');
  const { shown, hidden } = capChanges(log.changes, options);
  for (const level of ['breaking', 'warning', 'info'] as const) {
    const inLevel = shown.filter((change) => change.level === level);
    if (inLevel.length === 0) continue;
    const total = log.changes.filter((change) => change.level === level).length;
    lines.push(`### ${SECTION_TITLES[level]} (${total})`, '', '| Where | Change |', '| --- | --- |');
    for (const change of inLevel) lines.push(`| ${cell(ownerCell(change))} | ${cell(plainText(change.message))} |`);
    lines.push('');
  }
  if (hidden > 0) lines.push(`_…${moreChangesText(hidden)}._`, '');
  return lines.join('\n');
}

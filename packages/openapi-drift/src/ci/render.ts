// The CI report as people read it: one pull-request comment (markdown, found again by a hidden
// marker), the job summary, and a workflow-command annotation on each drifted file.
import type { ClientReport } from './client-report.ts';

/** The hidden first line of the comment: how the next run finds it to update it in place. */
export const COMMENT_MARKER = '<!-- openapi-drift:report -->';

const STATUS_LINE: Record<ClientReport['status'], string> = { clean: 'clean', drifted: '**drifted**', error: '**error**' };
const STATUS_WORD: Record<Exclude<ClientReport['files'][number]['status'], never>, string> = { changed: 'changed', missing: 'missing', obsolete: 'obsolete' };

export function hasDriftIn(reports: ClientReport[]): boolean {
  return reports.some((report) => report.status !== 'clean');
}

export function hasBreakingIn(reports: ClientReport[]): boolean {
  return reports.some((report) => (report.changelog?.breaking ?? 0) > 0);
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** The markdown of the report, as the comment and the job summary show it. */
export function renderMarkdown(reports: ClientReport[], jobUrl?: string): string {
  const drifted = reports.filter((report) => report.status !== 'clean').length;
  const lines = [
    '## openapi-drift',
    '',
    reports.length === 0
      ? 'No client was checked.'
      : drifted === 0
        ? `Every client is clean: each committed tree is what its snapshot generates (${reports.length} ${reports.length === 1 ? 'client' : 'clients'}).`
        : `${drifted} of ${reports.length} ${reports.length === 1 ? 'client' : 'clients'} ${drifted === 1 ? 'drifts' : 'drift'} from what ${drifted === 1 ? 'its snapshot generates' : 'their snapshots generate'}.`,
  ];
  for (const report of reports) {
    lines.push('', `### ${report.name}: ${STATUS_LINE[report.status]}`, '');
    if (report.status === 'error') lines.push('```', report.error ?? '', '```');
    if (report.status === 'clean') lines.push(`The committed tree is what the snapshot generates (${report.fileCount} files).`);
    if (report.status === 'drifted') {
      lines.push('| file | drift |', '| --- | --- |', ...report.files.map((file) => `| ${code(file.path)} | ${STATUS_WORD[file.status]} |`), '');
      if (report.cause) lines.push(`Cause: ${report.cause}`, '');
      lines.push(`Fix: ${code(report.fix)} (or see the whole change with ${code(`npx openapi-drift diff ${report.name}`)})`);
    }
    lines.push('', `Type check: ${report.typeCheck === 'failed' ? '**failed**' : report.typeCheck}`);
    if (report.typeCheckMessage) lines.push('', '```', report.typeCheckMessage, '```');
    if (report.impact) lines.push('', `Impact: ${report.impact.replace(/^impact: /, '')}`);
    if (report.changelog) lines.push('', '<details><summary>API changes since the base branch</summary>', '', report.changelog.markdown, '', '</details>');
  }
  if (jobUrl) lines.push('', `[The job](${jobUrl})`);
  return `${lines.join('\n')}\n`;
}

/** GitHub refuses a comment body longer than 65,536 characters. */
export const MAX_COMMENT_LENGTH = 65_536;

/** The comment: the marker, then the report, cut to what GitHub takes (the job summary keeps it whole). */
export function renderComment(reports: ClientReport[], jobUrl?: string): string {
  const whole = `${COMMENT_MARKER}\n${renderMarkdown(reports, jobUrl)}`;
  if (whole.length <= MAX_COMMENT_LENGTH) return whole;
  const note = `\n\n... the report is longer than a comment may be; the whole report is in the job summary${jobUrl ? ` of [the job](${jobUrl})` : ''}.\n`;
  // Cut at a line end, and close a code block or a details element left open.
  let cut = whole.slice(0, MAX_COMMENT_LENGTH - note.length - 32);
  cut = cut.slice(0, cut.lastIndexOf('\n'));
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '\n```';
  if ((cut.match(/<details>/g) ?? []).length > (cut.match(/<\/details>/g) ?? []).length) cut += '\n</details>';
  return `${cut}${note}`;
}

/** Escapes a workflow command's property and message as the runner expects. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error` line per drifted file, at the first line its change touches. */
export function renderAnnotations(reports: ClientReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const file of report.files) {
      const what = file.status === 'missing' ? 'is missing: the snapshot generates it, but it is not committed' : file.status === 'obsolete' ? 'is obsolete: the snapshot no longer generates it' : 'differs from what the snapshot generates';
      const message = `${file.path} ${what}.${report.cause ? ` ${report.cause}` : ''} Fix: ${report.fix}`;
      lines.push(`::error file=${escapeProperty(file.path)},line=${file.line},title=${escapeProperty(`openapi-drift: ${report.name} drifted`)}::${escapeData(message)}`);
    }
    if (report.status === 'error') lines.push(`::error title=${escapeProperty(`openapi-drift: ${report.name}`)}::${escapeData(report.error ?? '')}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

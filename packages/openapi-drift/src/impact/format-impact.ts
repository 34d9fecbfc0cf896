// An impact report as text (the terminal), markdown (a pull request) and JSON (scripts), and the
// short form that sync, live and the scheduled pull request show.
import path from 'node:path';
import type { ApiChange } from '../changelog/index.ts';
import { ownerText } from '../changelog/format-shared.ts';
import { compareDiagnostics, diagnosticLocation, formatDiagnostic, type CompilerDiagnostic } from '../typecheck/diagnostics.ts';
import type { ImpactReport } from './impact.ts';

export type ImpactFormat = 'text' | 'markdown' | 'json';

/** The files a text report names as checked; the JSON lists them all. */
const MAX_LISTED_CONSUMERS = 5;
const shownPath = (file: string, displayRoot: string) => path.relative(displayRoot, file).split(path.sep).join('/') || '.';
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const changeLine = (change: ApiChange) => `${change.level.toUpperCase().padEnd('BREAKING'.length)}  ${ownerText(change)}  ${change.message}`;

function errorFiles(report: ImpactReport): number {
  return new Set([...report.byChange.flatMap(({ errors }) => errors), ...report.other].map((error) => error.file)).size;
}

/** One sentence: how many call sites break, or that none does. */
export function impactHeadline(report: ImpactReport, displayRoot: string): string {
  const output = shownPath(report.outputDir, displayRoot);
  if (report.consumers.length === 0) return `no code in this repository imports ${output}`;
  if (report.newErrors === 0) return `no call site in this repository is affected (${plural(report.consumers.length, 'file')} ${report.consumers.length === 1 ? 'imports' : 'import'} ${output})`;
  return `this update breaks ${plural(report.newErrors, 'call site')} in ${plural(errorFiles(report), 'file')}`;
}

/** The headline and the places, for sync's and live's summaries. */
export function impactSummary(report: ImpactReport, displayRoot: string, maxPlaces = 10): string {
  const places = [...report.byChange.flatMap(({ errors }) => errors), ...report.other].sort(compareDiagnostics).map((error) => diagnosticLocation(error, displayRoot));
  const listed = places.slice(0, maxPlaces).join(', ');
  const more = places.length > maxPlaces ? ` and ${places.length - maxPlaces} more` : '';
  return `impact: ${impactHeadline(report, displayRoot)}${places.length ? `: ${listed}${more}` : ''}\n`;
}

/** The files not examined, and why, in one line. */
function notExaminedText(report: ImpactReport, displayRoot: string): string {
  const files = report.notExamined.slice(0, MAX_LISTED_CONSUMERS).map((file) => shownPath(file, displayRoot));
  const more = report.notExamined.length > MAX_LISTED_CONSUMERS ? ` and ${report.notExamined.length - MAX_LISTED_CONSUMERS} more` : '';
  const they = report.notExamined.length === 1 ? 'it imports' : 'they import';
  return `${files.join(', ')}${more} (${they} code that uses the client; only imports of the client and its re-exports are followed)`;
}

function formatText(report: ImpactReport, displayRoot: string): string {
  const lines = [`${report.client}: ${impactHeadline(report, displayRoot)}`];
  if (report.consumers.length) {
    const files = report.consumers.slice(0, MAX_LISTED_CONSUMERS).map((file) => shownPath(file, displayRoot));
    const more = report.consumers.length > MAX_LISTED_CONSUMERS ? ` and ${report.consumers.length - MAX_LISTED_CONSUMERS} more` : '';
    lines.push(`  checked ${files.join(', ')}${more} with ${report.configs.map((config) => (config === 'defaults' ? 'default options' : shownPath(config, displayRoot))).join(', ')}`);
  }
  if (report.notExamined.length) lines.push(`  not examined: ${notExaminedText(report, displayRoot)}`);
  const errorLines = (errors: CompilerDiagnostic[]) => errors.map((error) => formatDiagnostic(error, displayRoot).replace(/^/gm, '  '));
  for (const { change, errors } of report.byChange) lines.push('', changeLine(change), ...errorLines(errors));
  if (report.other.length) lines.push('', 'not traced to an API change:', ...errorLines(report.other));
  if (report.silentBreaking.length) lines.push('', 'breaking, used here, but the compiler sees no error (check what the code does with it):', ...report.silentBreaking.map((change) => `  ${changeLine(change)}`));
  if (report.unusedBreaking.length) lines.push('', 'breaking for the API, no call site here:', ...report.unusedBreaking.map((change) => `  ${changeLine(change)}`));
  return `${lines.join('\n')}\n`;
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const markdownChange = (change: ApiChange) => `**${change.level.toUpperCase()}** ${ownerText(change) ? `${code(ownerText(change))} ` : ''}${change.message}`;
const markdownError = (error: CompilerDiagnostic, displayRoot: string) => `${code(diagnosticLocation(error, displayRoot))} TS${error.code}: ${(error.message.split('\n') as [string])[0].replace(/[<>]/g, (char) => (char === '<' ? '&lt;' : '&gt;'))}`;

/** For a pull request body: a section with a heading of its own. */
export function formatImpactMarkdown(report: ImpactReport, displayRoot: string, maxErrors = 30): string {
  // Stryker disable next-line Regex: equivalent, without the g flag /./ replaces the first character too, and a headline never starts with a line break
  const lines = ['### Impact on this repository', '', `${impactHeadline(report, displayRoot).replace(/^./, (first) => first.toUpperCase())}.`];
  let budget = maxErrors;
  const errors = (list: CompilerDiagnostic[]) => {
    const shown = list.slice(0, Math.max(0, budget));
    budget -= shown.length;
    return [...shown.map((error) => `  - ${markdownError(error, displayRoot)}`), ...(list.length > shown.length ? [`  - ... and ${list.length - shown.length} more`] : [])];
  };
  if (report.notExamined.length) lines.push('', `Not examined: ${notExaminedText(report, displayRoot)}.`);
  if (report.byChange.length || report.other.length) lines.push('');
  for (const { change, errors: list } of report.byChange) lines.push(`- ${markdownChange(change)}`, ...errors(list));
  if (report.other.length) lines.push('- Not traced to an API change', ...errors(report.other));
  if (report.silentBreaking.length) lines.push('', 'Breaking, used here, but the compiler sees no error:', '', ...report.silentBreaking.map((change) => `- ${markdownChange(change)}`));
  if (report.unusedBreaking.length) lines.push('', 'Breaking for the API, no call site here:', '', ...report.unusedBreaking.map((change) => `- ${markdownChange(change)}`));
  return `${lines.join('\n')}\n`;
}

function jsonError(error: CompilerDiagnostic, displayRoot: string) {
  return { file: error.file === undefined ? null : shownPath(error.file, displayRoot), line: error.line ?? null, column: error.column ?? null, code: error.code, message: error.message };
}

function formatJson(report: ImpactReport, displayRoot: string): string {
  const json = {
    client: report.client,
    output: shownPath(report.outputDir, displayRoot),
    consumers: report.consumers.map((file) => shownPath(file, displayRoot)),
    notExamined: report.notExamined.map((file) => shownPath(file, displayRoot)),
    tsconfigs: report.configs.map((config) => (config === 'defaults' ? config : shownPath(config, displayRoot))),
    newErrors: report.newErrors,
    fixedErrors: report.fixedErrors,
    byChange: report.byChange.map(({ change, errors }) => ({ change, errors: errors.map((error) => jsonError(error, displayRoot)) })),
    other: report.other.map((error) => jsonError(error, displayRoot)),
    breakingWithoutError: report.silentBreaking,
    breakingUnused: report.unusedBreaking,
    summary: report.changelog.summary,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function formatImpact(report: ImpactReport, format: ImpactFormat, displayRoot: string): string {
  if (format === 'markdown') return formatImpactMarkdown(report, displayRoot);
  if (format === 'json') return formatJson(report, displayRoot);
  return formatText(report, displayRoot);
}

// The canary's report as text (a terminal, a CI log), markdown (an issue or a job summary) or JSON
// (scripts). Every string from the service was sanitized and had secrets hidden when it became a
// finding; the operation names and paths from the snapshot are sanitized here.
import { KIND_LABELS, type Finding } from './findings.ts';
import { CANARY_EXIT, worstCanaryStatus, type CallOutcome, type CanaryResult, type CanaryStatus } from './result.ts';
import { sanitize } from './text.ts';

export type CanaryFormat = 'text' | 'markdown' | 'json';

const HEADLINES: Record<CanaryStatus, string> = {
  conforms: 'conforms',
  mismatch: 'mismatch',
  unreachable: 'service unreachable',
  error: 'error',
  'no-canary': 'no canary section, nothing called',
};

const FIX =
  'a mismatch means the spec and the service disagree: tell the API\'s owner; if the service is right, ' +
  'the spec must change at its source (a snapshot corrected by hand is undone by the next sync)';

export function formatCanaryReport(results: CanaryResult[], format: CanaryFormat): string {
  if (format === 'json') return `${JSON.stringify(toJson(results), null, 2)}\n`;
  return results.map(format === 'markdown' ? markdownOf : textOf).join('');
}

function textOf(result: CanaryResult): string {
  const lines = [`${result.name}: ${HEADLINES[result.status]}${result.baseUrl ? ` (${result.calls.length} operations, calls to ${sanitize(result.baseUrl)})` : ''}`];
  const width = Math.max(0, ...result.calls.map((call) => call.operationId.length));
  for (const call of result.calls) {
    lines.push(`  ${callWord(call).padEnd(11)} ${sanitize(call.operationId).padEnd(width)}  ${sanitize(`${call.method} ${call.path}`)}${answerOf(call, ' ')}`);
    if (call.problem) lines.push(...call.problem.split('\n').filter(Boolean).map((line) => `      ${line}`));
    for (const finding of call.findings) {
      const where = finding.pointer === undefined ? '' : `  at ${pointerText(finding.pointer)}`;
      lines.push(`      ${finding.severity === 'mismatch' ? 'MISMATCH' : 'info    '} ${KIND_LABELS[finding.kind]}${where}`);
      lines.push(`               spec: ${finding.expected}`);
      lines.push(`               got:  ${finding.actual}`);
    }
  }
  if (result.status === 'mismatch') lines.push(`  fix: ${FIX}`);
  return `${lines.join('\n')}\n`;
}

function markdownOf(result: CanaryResult): string {
  const parts = [`### ${cell(result.name)}: ${HEADLINES[result.status]}\n`];
  if (result.error) parts.push(`${cell(result.error.describe())}\n`);
  if (result.baseUrl) parts.push(`Calls to \`${cell(result.baseUrl)}\`.\n`);
  if (result.calls.length) {
    parts.push('| operation | call | answer | result |\n| --- | --- | --- | --- |');
    for (const call of result.calls) parts.push(`| ${cell(call.operationId)} | \`${cell(`${call.method} ${call.path}`)}\` | ${cell(answerOf(call, '').trim() || '—')} | ${callWord(call).toLowerCase()} |`);
    parts.push('');
  }
  const findings = result.calls.flatMap((call) => call.findings.map((finding) => ({ call, finding })));
  if (findings.length) {
    parts.push('| operation | severity | finding | pointer | spec | got |\n| --- | --- | --- | --- | --- | --- |');
    for (const { call, finding } of findings) {
      parts.push(`| ${cell(call.operationId)} | ${finding.severity} | ${KIND_LABELS[finding.kind]} | ${finding.pointer === undefined ? '' : `\`${cell(pointerText(finding.pointer))}\``} | ${cell(finding.expected)} | ${cell(finding.actual)} |`);
    }
    parts.push('');
  }
  const problems = result.calls.filter((call) => call.problem);
  for (const call of problems) parts.push(`- ${cell(call.operationId)}: ${cell(call.problem as string)}`);
  if (problems.length) parts.push('');
  if (result.status === 'mismatch') parts.push(`Fix: ${FIX}.\n`);
  return `${parts.join('\n')}\n`;
}

function toJson(results: CanaryResult[]): unknown {
  const status = worstCanaryStatus(results.map((result) => result.status));
  return {
    summary: { status, exitCode: CANARY_EXIT[status] },
    clients: results.map((result) => ({
      name: result.name,
      status: result.status,
      ...(result.baseUrl ? { baseUrl: result.baseUrl } : {}),
      ...(result.error ? { error: { message: result.error.message, ...(result.error.fix ? { fix: result.error.fix } : {}) } } : {}),
      calls: result.calls.map((call) => ({ ...call, findings: call.findings.map((finding: Finding) => ({ ...finding, label: KIND_LABELS[finding.kind] })) })),
    })),
  };
}

function callWord(call: CallOutcome): string {
  return { conforms: 'ok', mismatch: 'MISMATCH', unreachable: 'UNREACHABLE', 'not-called': 'not called' }[call.status];
}

function answerOf(call: CallOutcome, separator: string): string {
  if (call.httpStatus === undefined) return '';
  return `${separator} → ${call.httpStatus}${call.contentType ? ` ${sanitize(call.contentType.split(';')[0] as string)}` : ''}`;
}

/** The root of the body has the empty pointer; a report shows it as such. */
function pointerText(pointer: string): string {
  return pointer === '' ? '(the body)' : pointer;
}

/** A markdown table cell: one line (line breaks folded before sanitizing, which would escape them), pipes escaped, backticks softened. */
function cell(text: string): string {
  return sanitize(text.replace(/\n+/g, ' ')).replaceAll('|', '\\|').replaceAll('`', "'");
}

// Checks one answer against what the snapshot documents for its operation: the status, then the
// content type, then the body against the schema for that status and content type.
//
// Decisions, in docs/canary.md too: a documented non-2xx status is checked like any other (and noted,
// since a canary that only ever sees 401 proves little); an undocumented one is a mismatch. An
// HTML error page where JSON is documented is a mismatch of content type, not "unreachable": the
// service answered, and that page is what a generated client would receive.
import { bodyFindings, type Finding } from './findings.ts';
import { isJsonMediaType, mediaTypeFor, responseFor } from '../openapi/operations.ts';
import type { Answer, PlannedCall } from './request.ts';
import { describeBody, sanitize, type Redact } from './text.ts';
import type { BodyValidator } from './validate.ts';

/** Statuses whose answers have no body by definition (RFC 9110). */
const BODILESS_STATUSES = [204, 205, 304];

export function checkAnswer(call: PlannedCall, answer: Answer, validator: BodyValidator, redact: Redact): Finding[] {
  const { operation } = call;
  const response = responseFor(operation, answer.status);
  if (!response) {
    const documented = operation.responses.map((entry) => entry.status).join(', ') || 'none';
    return [{ kind: 'undocumented-status', severity: 'mismatch', expected: `one of ${documented}`, actual: `${answer.status} (${answer.contentType ? sanitize(redact(answer.contentType)) : 'no content type'}, ${describeBody(answer.body, redact)})` }];
  }
  const findings: Finding[] = [];
  if (answer.status < 200 || answer.status >= 300) {
    findings.push({ kind: 'error-status', severity: 'info', expected: `documented as ${response.status}; its body is checked like any other`, actual: String(answer.status) });
  }
  if (operation.method === 'HEAD' || BODILESS_STATUSES.includes(answer.status)) return findings;
  const contentType = answer.contentType === undefined ? undefined : sanitize(redact(answer.contentType));
  if (response.content.length === 0) {
    if (answer.body.length > 0) {
      findings.push({ kind: 'undocumented-body', severity: 'info', expected: `no body for ${response.status}`, actual: `${contentType ?? 'no content type'}, ${describeBody(answer.body, redact)}` });
    }
    return findings;
  }
  const documented = response.content.map((entry) => sanitize(entry.mediaType)).join(', ');
  const media = answer.contentType === undefined ? undefined : mediaTypeFor(response, answer.contentType);
  // Stryker disable next-line ConditionalExpression: equivalent for the content type, without one there is no media type either
  if (answer.body.length === 0 || answer.contentType === undefined || media === undefined) {
    const actual = answer.body.length === 0 ? `no body${contentType ? ` (${contentType})` : ''}` : `${contentType ?? 'no content type'}, ${describeBody(answer.body, redact)}`;
    findings.push({ kind: 'undocumented-content-type', severity: 'mismatch', expected: documented, actual });
    return findings;
  }
  if (media.schemaPointer === undefined) return findings;
  if (!isJsonMediaType(answer.contentType)) {
    findings.push({ kind: 'not-validated', severity: 'info', expected: `${sanitize(media.mediaType)} with a schema`, actual: `${contentType}: only JSON bodies are validated` });
    return findings;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    findings.push({ kind: 'unparsable-body', severity: 'mismatch', expected: `JSON (${sanitize(media.mediaType)})`, actual: describeBody(answer.body, redact) });
    return findings;
  }
  findings.push(...bodyFindings(validator.check(media.schemaPointer, body), body, validator, redact));
  return findings;
}

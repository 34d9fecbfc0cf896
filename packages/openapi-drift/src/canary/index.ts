// The runtime canary: does the live service still answer what its committed snapshot promises?
// For each client with a `canary` section, everything that can be checked without the network is
// checked first (section, snapshot, operations, parameters, environment, schemas); then each
// operation is called once and its answer checked. Never writes.
import path from 'node:path';
import { clientNameOf } from '../project/client-name.ts';
import { findClients, type ClientEntry } from '../project/clients.ts';
import { loadLayout } from '../regenerate/layout.ts';
import { DriftError } from '../core/errors.ts';
import { SourceFetchError } from '../lifecycle/fetch-spec.ts';
import { toPlainJson } from '../snapshot/json-tree.ts';
import { readSnapshot } from '../snapshot/snapshot.ts';
import { readSourceConfig, resolveSource, SOURCE_FILE } from '../project/client-record.ts';
import { checkAnswer } from './check-answer.ts';
import { capFindings } from './findings.ts';
import { canarySectionOf } from './config.ts';
import { dialectOf } from '../openapi/operations.ts';
import { planCanary, type CanaryPlan } from './plan.ts';
import { callOperation } from './request.ts';
import { redactor, sanitize } from './text.ts';
import { worstCanaryStatus, type CallOutcome, type CanaryResult, type CanaryStatus } from './result.ts';
import { BodyValidator } from './validate.ts';

export type { CanaryOperation, CanarySection, ParameterValue } from './config.ts';
export type { Finding, FindingKind } from './findings.ts';
export { KIND_LABELS } from './findings.ts';
export { formatCanaryReport, type CanaryFormat } from './report.ts';
export { starterCanarySection } from './starter.ts';
export { CANARY_EXIT, worstCanaryStatus, type CallOutcome, type CallStatus, type CanaryResult, type CanaryStatus } from './result.ts';

export interface CanaryOptions {
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
  /** `--timeout`: overrides every client's setting. */
  timeoutMs?: number;
}

/** Runs the canary of the given clients (default: every client of the repository), one after another. */
export async function runCanary(options: CanaryOptions & { root: string; clients?: ClientEntry[] }): Promise<CanaryResult[]> {
  const clients = options.clients ?? (await findClients({ root: options.root }));
  const results: CanaryResult[] = [];
  for (const client of clients) results.push(await canaryClient(client.dir, options));
  return results;
}

export async function canaryClient(clientDir: string, options: CanaryOptions): Promise<CanaryResult> {
  const name = clientNameOf(clientDir);
  let prepared: { plan: CanaryPlan; validator: BodyValidator } | undefined;
  try {
    prepared = await prepare(clientDir, options);
  } catch (error) {
    if (error instanceof DriftError) return { name, status: 'error', calls: [], error };
    throw error;
  }
  if (!prepared) return { name, status: 'no-canary', calls: [] };
  const { plan, validator } = prepared;
  const redact = redactor(plan.secrets);
  const calls: CallOutcome[] = [];
  let notCalledBecause: string | undefined;
  for (const call of plan.calls) {
    const outcome: CallOutcome = { operationId: call.label, method: call.operation.method, path: call.operation.path, status: 'conforms', findings: [] };
    calls.push(outcome);
    if (notCalledBecause !== undefined) {
      // One timeout is enough: the next calls would wait as long for nothing.
      Object.assign(outcome, { status: 'not-called', problem: notCalledBecause });
      continue;
    }
    try {
      const answer = await callOperation(call, plan.limits);
      outcome.httpStatus = answer.status;
      if (answer.contentType !== undefined) outcome.contentType = sanitize(redact(answer.contentType));
      outcome.findings = capFindings(checkAnswer(call, answer, validator, redact));
      if (outcome.findings.some((finding) => finding.severity === 'mismatch')) outcome.status = 'mismatch';
    } catch (error) {
      // A request fetch would not send is the configuration's problem: exit 2, not "unreachable".
      if (error instanceof DriftError && !(error instanceof SourceFetchError)) return { name, status: 'error', calls, error };
      // Stryker disable next-line ConditionalExpression: equivalent, callOperation throws a SourceFetchError or a ConfigError, and the line above returns for the latter
      if (!(error instanceof SourceFetchError)) throw error;
      // Sanitized line by line: the report shows the fix on a line of its own, not as "\x0a".
      const problem = error.describe().split('\n').map((line) => sanitize(redact(line))).join('\n');
      Object.assign(outcome, { status: 'unreachable', problem });
      if (error.reason !== 'too-large') notCalledBecause = `not called: an earlier call had no answer (${error.reason})`;
    }
  }
  // Stryker disable next-line StringLiteral: equivalent, a plan has at least one call, and every call is at least 'conforms'
  return { name, status: worstCanaryStatus(['conforms', ...calls.map(statusOf)]), baseUrl: redact(plan.baseUrlShown), calls };
}

function statusOf(call: CallOutcome): CanaryStatus {
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, a call is not called only after one that was unreachable, which sets the client's status already
  return call.status === 'not-called' ? 'unreachable' : call.status;
}

/** Everything that needs no network; undefined for a client without a canary section. */
async function prepare(clientDir: string, options: CanaryOptions): Promise<{ plan: CanaryPlan; validator: BodyValidator } | undefined> {
  const shownDir = path.relative(options.displayRoot, clientDir);
  const config = await readSourceConfig(clientDir, shownDir);
  const section = canarySectionOf(config, shownDir);
  if (!section) return undefined;
  // The committed snapshot, wherever the client's config says it is (JSON or YAML).
  const { snapshotFile } = await loadLayout(clientDir, { displayRoot: options.displayRoot });
  const snapshot = await readSnapshot(snapshotFile, options.displayRoot);
  const document = toPlainJson(snapshot.parsed.value) as Record<string, unknown>;
  const shownSnapshot = path.relative(options.displayRoot, snapshotFile);
  // The source's headers are not needed (nothing is fetched from it) and never sent to the service.
  const source = resolveSource({ ...config, headers: undefined }, clientDir, shownDir);
  const plan = planCanary({ section, document, source, timeoutMs: options.timeoutMs, file: path.join(shownDir, SOURCE_FILE), snapshotFile: shownSnapshot });
  const roots = plan.calls.flatMap((call) => call.operation.responses.flatMap((response) => response.content.flatMap((entry) => (entry.schemaPointer ? [entry.schemaPointer] : []))));
  const validator = new BodyValidator(document, dialectOf(document), [...new Set(roots)], shownSnapshot);
  return { plan, validator };
}

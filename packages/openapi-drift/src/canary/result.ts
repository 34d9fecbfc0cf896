// What a canary run found, per client and per call, and the exit code it means.
import type { DriftError } from '../core/errors.ts';
import type { Finding } from './findings.ts';

export type CallStatus = 'conforms' | 'mismatch' | 'unreachable' | 'not-called';
export type CanaryStatus = 'conforms' | 'mismatch' | 'unreachable' | 'error' | 'no-canary';

export interface CallOutcome {
  operationId: string;
  method: string;
  /** The path template, e.g. `/pets/{petId}`; the URL itself is never reported. */
  path: string;
  status: CallStatus;
  httpStatus?: number;
  contentType?: string;
  findings: Finding[];
  /** Why there was no answer (unreachable, timeout, oversized), or why the call was not made. */
  problem?: string;
}

export interface CanaryResult {
  name: string;
  status: CanaryStatus;
  /** Where the calls went, as the section writes it or as derived from the snapshot. */
  baseUrl?: string;
  calls: CallOutcome[];
  /** For `error`: the configuration or snapshot problem, found before any request. */
  error?: DriftError;
}

/** Exit code of one outcome; several clients take the worst (error > mismatch > unreachable > conforms). */
export const CANARY_EXIT: Record<CanaryStatus, number> = { conforms: 0, 'no-canary': 0, mismatch: 1, error: 2, unreachable: 3 };
// Stryker disable next-line StringLiteral: equivalent for 'no-canary', the least severe status is the starting point of worstCanaryStatus whether it is found in the list or not
const SEVERITY: CanaryStatus[] = ['no-canary', 'conforms', 'unreachable', 'mismatch', 'error'];

export function worstCanaryStatus(statuses: CanaryStatus[]): CanaryStatus {
  // Stryker disable next-line EqualityOperator: equivalent, between equal statuses either one is the same status
  return statuses.reduce<CanaryStatus>((worst, status) => (SEVERITY.indexOf(status) > SEVERITY.indexOf(worst) ? status : worst), 'no-canary');
}

// One call to the live service, bounded in time and size as `live` bounds a fetch. Whatever the
// service answers is returned for checking, whatever its status; only no answer at all (refused,
// reset, timed out) or an oversized one is a SourceFetchError, which the canary reports as
// "service unreachable" (exit 3). Messages name the operation and its path template, never the
// URL or a header: either may hold a value from the environment.
import { ConfigError } from '../core/errors.ts';
import { SourceFetchError, type SourceFailure } from '../lifecycle/fetch-spec.ts';
import type { SpecOperation } from '../openapi/operations.ts';

export interface PlannedCall {
  /** The operationId, as the report names it. */
  label: string;
  operation: SpecOperation;
  /** The full URL, parameters filled in. Never printed. */
  url: string;
  /** Never printed. */
  headers: Record<string, string>;
  /** JSON text of an unsafe operation's body. */
  body?: string;
}

export interface CallLimits {
  timeoutMs: number;
  maxBytes: number;
}

export interface Answer {
  status: number;
  /** The Content-Type header as sent, if any. */
  contentType: string | undefined;
  body: Buffer;
}

export async function callOperation(call: PlannedCall, limits: CallLimits): Promise<Answer> {
  const shown = `${call.label} (${call.operation.method} ${call.operation.path})`;
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.operation.method,
      headers: call.body === undefined ? call.headers : { 'content-type': 'application/json', ...call.headers },
      body: call.body,
      // A redirect is an answer to check against the spec, and following it could carry the
      // headers to another host.
      redirect: 'manual',
      signal: AbortSignal.timeout(limits.timeoutMs),
    });
  } catch (error) {
    throw callFailure(error, shown, limits);
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    // Stryker disable next-line OptionalChaining: equivalent, an answer that declares a length has a body
    await response.body?.cancel().catch(() => undefined);
    throw failure('too-large', `${shown} answered with ${declared} bytes, over the limit of ${limits.maxBytes}`, 'raise "canary.maxBytes" in openapi-drift.json, or call the operation with parameters that make the answer smaller');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        // Stryker disable next-line OptionalChaining: equivalent, a chunk was read from this body
        await response.body?.cancel().catch(() => undefined);
        throw failure('too-large', `${shown} sent more than ${limits.maxBytes} bytes`, 'raise "canary.maxBytes" in openapi-drift.json, or call the operation with parameters that make the answer smaller');
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw callFailure(error, shown, limits);
  }
  return { status: response.status, contentType, body: Buffer.concat(chunks) };
}

/**
 * No answer (a timeout, or a network error, which carries a code) is "unreachable"; a request that
 * fetch refuses to send (a forbidden port, a header value it rejects) is the configuration's
 * problem, exit 2: reported as unreachable, the workflow would turn it into a warning.
 */
function callFailure(error: unknown, shown: string, limits: CallLimits): SourceFetchError | ConfigError {
  // Stryker disable next-line OptionalChaining: equivalent, fetch rejects with an error object, never null
  const name = (error as Error)?.name;
  // AbortSignal.timeout aborts with a TimeoutError, before the answer and while its body is read.
  if (name === 'TimeoutError') {
    return failure('timeout', `${shown} did not answer within ${limits.timeoutMs / 1000} s`, 'raise "canary.timeoutSeconds" in openapi-drift.json, or --timeout');
  }
  // Only the error code: undici's messages can carry the host and port of the URL.
  // Stryker disable next-line OptionalChaining: equivalent, as above
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code !== 'string') {
    // Only a reason known to quote neither the URL nor a header is shown.
    // Stryker disable next-line OptionalChaining: equivalent, as above
    const reason = (error as { cause?: { message?: unknown } })?.cause?.message === 'bad port' ? 'bad port' : 'the reason is not shown, as it may quote a header';
    return new ConfigError(`${shown} could not be sent: the request is not one fetch makes (${reason})`, { fix: 'check "canary.baseUrl" (fetch refuses some ports, e.g. 6000) and the headers of the canary section' });
  }
  return failure('unreachable', `${shown}: the service is unreachable (${code})`, 'check "canary.baseUrl" (or the snapshot\'s servers) and that the service is up');
}

function failure(reason: SourceFailure, message: string, fix: string): SourceFetchError {
  const error = new SourceFetchError(message, { fix });
  error.reason = reason;
  return error;
}

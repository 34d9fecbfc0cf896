// The response interceptor. On the call path it only decides (operation known? sampled? body small
// enough?) and clones the response; the caller gets the very response it would have got, at once.
// Reading the copy, parsing and validating happen afterwards, in promise callbacks that nobody
// awaits, and every failure there is caught: nothing reaches the caller, ever.
import { essence } from '../openapi/operations.ts';
import { jsonTypeOf, mismatchOf } from './describe.ts';
import { FindingReporter } from './reporter.ts';
import type { BodyValidate, DriftFinding, DriftInterceptor, InterceptedOptions, OperationValidators, WatchDriftOptions } from './types.ts';

export const DEFAULTS = {
  sample: 0.05,
  maxBodyBytes: 256 * 1024,
  intervalMs: 10 * 60 * 1000,
  maxFindingsPerInterval: 20,
  slowValidationMs: 50,
} as const;

/** One operation, its documented statuses keyed in upper case (`200`, `4XX`, `DEFAULT`). */
interface Watched {
  operation: OperationValidators;
  responses: Map<string, Record<string, BodyValidate | null>>;
  revealValues: boolean;
}

/**
 * A response interceptor for hey-api's fetch client that validates a sample of responses against
 * the committed snapshot and reports what does not conform:
 *
 *     client.interceptors.response.use(watchDrift({ validators, onFinding: (finding) => logger.warn(finding) }));
 *
 * Throws (here, at setup, never on a call) for options that cannot be meant.
 */
export function watchDrift(options: WatchDriftOptions): DriftInterceptor {
  const sample = options.sample ?? DEFAULTS.sample;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const slowValidationMs = options.slowValidationMs ?? DEFAULTS.slowValidationMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => globalThis.performance?.now() ?? Date.now());
  if (!(sample >= 0 && sample <= 1)) throw new TypeError(`watchDrift: sample must be between 0 and 1, got ${String(sample)}`);
  if (!(maxBodyBytes > 0)) throw new TypeError(`watchDrift: maxBodyBytes must be positive, got ${String(maxBodyBytes)}`);
  if (typeof options.onFinding !== 'function') throw new TypeError('watchDrift: onFinding must be a function');
  const watched = watchedOperations(options);
  const reporter = new FindingReporter(options.onFinding, options.intervalMs ?? DEFAULTS.intervalMs, options.maxFindingsPerInterval ?? DEFAULTS.maxFindingsPerInterval, now);
  const switchedOff = new Set<string>();
  const pending = new Set<Promise<void>>();

  const report = (entry: Watched, status: number, finding: Omit<DriftFinding, 'operationId' | 'method' | 'path' | 'status' | 'received'>, value?: unknown) => {
    const { operationId, method, path } = entry.operation;
    reporter.report({ operationId, method, path, status, ...finding, ...(entry.revealValues && value !== undefined ? { received: value } : {}) });
  };

  const check = async (entry: Watched, copy: Response): Promise<void> => {
    const status = copy.status;
    const documented = entry.responses.get(String(status)) ?? entry.responses.get(`${String(status)[0]}XX`) ?? entry.responses.get('DEFAULT');
    if (!documented) {
      await copy.body?.cancel();
      report(entry, status, { kind: 'undocumented-status', pointer: '', expected: `one of the documented statuses ${[...entry.responses.keys()].join(', ')}`, receivedType: contentTypeOf(copy) });
      return;
    }
    const mediaTypes = Object.keys(documented);
    const received = contentTypeOf(copy);
    // A response that documents no body is not checked for one; so is a body-less status.
    if (mediaTypes.length === 0 || status === 204 || status === 304) return void (await copy.body?.cancel());
    const validate = documented[received] ?? documented[`${received.split('/')[0]}/*`] ?? documented['*/*'];
    if (validate === undefined) {
      const text = await readText(copy, maxBodyBytes);
      if (text === '') return;
      report(entry, status, { kind: 'undocumented-content-type', pointer: '', expected: `one of ${mediaTypes.join(', ')}`, receivedType: received || 'none' });
      return;
    }
    if (validate === null) return void (await copy.body?.cancel());
    const text = await readText(copy, maxBodyBytes);
    if (text === undefined) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      report(entry, status, { kind: 'unparsable-body', pointer: '', expected: 'a JSON body', receivedType: text.trim() === '' ? 'empty' : 'not JSON' });
      return;
    }
    if (switchedOff.has(entry.operation.operationId)) return;
    const started = now();
    let valid: boolean;
    try {
      valid = validate(body);
    } catch (error) {
      switchedOff.add(entry.operation.operationId);
      const name = error instanceof Error ? error.name : typeof error;
      report(entry, status, { kind: 'validator-failed', pointer: '', expected: `a validator that runs (it threw ${name}); validation of this operation is switched off`, receivedType: jsonTypeOf(body) });
      return;
    }
    const elapsed = now() - started;
    if (!valid) {
      const mismatch = mismatchOf(validate.errors, body);
      report(entry, status, { kind: mismatch.kind, pointer: mismatch.pointer, expected: mismatch.expected, receivedType: mismatch.receivedType }, mismatch.value);
    }
    if (elapsed > slowValidationMs) {
      switchedOff.add(entry.operation.operationId);
      report(entry, status, { kind: 'validator-slow', pointer: '', expected: `a validation within ${slowValidationMs} ms (it took ${Math.round(elapsed)} ms); validation of this operation is switched off`, receivedType: jsonTypeOf(body) });
    }
  };

  const interceptor = (response: Response, request: Request, requestOptions: InterceptedOptions): Response => {
    try {
      const method = (request?.method ?? requestOptions?.method ?? 'GET').toUpperCase();
      const entry = watched.get(`${method} ${requestOptions?.url ?? ''}`);
      if (!entry || switchedOff.has(entry.operation.operationId) || !(random() < sample)) return response;
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      if (length > maxBodyBytes || response.bodyUsed) return response;
      const copy = response.clone();
      const work = Promise.resolve()
        .then(() => check(entry, copy))
        .catch(() => {
          // A body that fails to read (the connection dropped) tells nothing about the contract.
        })
        .finally(() => pending.delete(work));
      pending.add(work);
    } catch {
      // Whatever went wrong here, the caller gets its response untouched.
    }
    return response;
  };
  return Object.assign(interceptor, {
    settled: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  });
}

function watchedOperations(options: WatchDriftOptions): Map<string, Watched> {
  const all = Object.values(options.validators ?? {});
  const known = new Set(all.map((operation) => operation.operationId));
  for (const [setting, names] of [['include', options.include], ['exclude', options.exclude], ['revealValues', options.revealValues]] as const) {
    const unknown = (names ?? []).filter((name) => !known.has(name));
    if (unknown.length) throw new TypeError(`watchDrift: ${setting} names operations the validators do not have: ${unknown.join(', ')}`);
  }
  const include = options.include ? new Set(options.include) : undefined;
  const exclude = new Set(options.exclude ?? []);
  const reveal = new Set(options.revealValues ?? []);
  const watched = new Map<string, Watched>();
  for (const operation of all) {
    if ((include && !include.has(operation.operationId)) || exclude.has(operation.operationId)) continue;
    const responses = new Map(Object.entries(operation.responses).map(([status, media]) => [status.toUpperCase(), lowerCaseKeys(media)]));
    watched.set(`${operation.method.toUpperCase()} ${operation.path}`, { operation, responses, revealValues: reveal.has(operation.operationId) });
  }
  return watched;
}

function lowerCaseKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [essence(key), value]));
}

function contentTypeOf(response: Response): string {
  return essence(response.headers.get('content-type') ?? '');
}

/** The body as text, or undefined when it is larger than `maxBytes` (reading stops there). */
async function readText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

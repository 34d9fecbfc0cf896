// Fetching a client's source document, bounded in time and size, and telling a spec from an
// error page. Any failure is a SourceError with a `reason`, so `live` can report it as skipped
// rather than as drift.
import fs from 'node:fs/promises';
import { canonicalize } from '../snapshot/canonicalize.ts';
import { decodeUtf8, NotUtf8Error } from '../snapshot/utf8.ts';
import { SnapshotError, SourceError } from '../core/errors.ts';
import type { ResolvedSource } from '../project/client-record.ts';
import { sha256 } from '../core/hash.ts';
import { parseSnapshotText } from '../snapshot/snapshot.ts';
import type { ParsedDocument } from '../snapshot/canonicalize.ts';

export type SourceFailure = 'unreachable' | 'timeout' | 'http-status' | 'too-large' | 'not-a-spec';

export class SourceFetchError extends SourceError {
  // Stryker disable next-line StringLiteral: equivalent, every SourceFetchError is made by failure() (or the canary's own), which sets the reason
  reason: SourceFailure = 'unreachable';
}

function failure(reason: SourceFailure, message: string, fix?: string): SourceFetchError {
  const error = new SourceFetchError(message, { fix });
  error.reason = reason;
  return error;
}

export interface FetchedSpec {
  /** The text as served. */
  text: string;
  /** Set when the source redirected to another origin: the URL the document came from. Configured headers were not sent there. */
  redirectedTo?: string;
  /** The canonical JSON text of the fetched document. */
  canonical: string;
  sha256: string;
  parsed: ParsedDocument;
}

/** Fetches, parses and canonicalizes the document at `source`. */
export async function fetchSpec(source: ResolvedSource, shownSource = source.location): Promise<FetchedSpec> {
  const raw = source.isUrl ? await fetchUrl(source, shownSource) : { bytes: await readLocal(source, shownSource) };
  let decoded: string;
  try {
    decoded = decodeUtf8(raw.bytes);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent, decodeUtf8 turns every decoding failure into a NotUtf8Error
    if (!(error instanceof NotUtf8Error)) throw error;
    throw failure('not-a-spec', `${shownSource} ${error.message}`, 'the document must be UTF-8: tell its owner, or convert it');
  }
  const fetched = { text: decoded, redirectedTo: 'redirectedTo' in raw ? raw.redirectedTo : undefined };
  // A byte-order mark is how some servers and editors start UTF-8; it is not part of the document.
  const text = fetched.text.charCodeAt(0) === 0xfeff ? fetched.text.slice(1) : fetched.text;
  let parsed: ParsedDocument;
  try {
    parsed = parseSnapshotText(text, shownSource);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: equivalent, parseSnapshotText turns every parse failure of a text into a SnapshotError
    if (!(error instanceof SnapshotError)) throw error;
    const looksLikeHtml = /^\s*</.test(text);
    throw failure(
      'not-a-spec',
      `${shownSource} did not answer with an OpenAPI document${looksLikeHtml ? ' (it looks like an HTML page)' : ''}: ${error.message}`,
      'check the source URL and its headers (an error or login page is not a spec)',
    );
  }
  const canonical = canonicalize(text, { file: shownSource, format: parsed.format });
  return { text, canonical, sha256: sha256(canonical), parsed, ...(fetched.redirectedTo ? { redirectedTo: fetched.redirectedTo } : {}) };
}

async function readLocal(source: ResolvedSource, shown: string): Promise<Buffer> {
  try {
    const stat = await fs.stat(source.location);
    if (stat.size > source.maxBytes) throw failure('too-large', `${shown} is ${stat.size} bytes, over the limit of ${source.maxBytes}`, 'raise "maxBytes" in openapi-drift.json');
    return await fs.readFile(source.location);
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw failure('unreachable', `${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

const MAX_REDIRECTS = 10;

/**
 * Follows redirects by hand: configured headers (tokens) go only to the source's own origin. A
 * redirect to another origin is followed without them, and reported.
 */
async function fetchUrl(source: ResolvedSource, shown: string): Promise<{ bytes: Buffer; redirectedTo?: string }> {
  let response: Response;
  const signal = AbortSignal.timeout(source.timeoutMs);
  const origin = new URL(source.location).origin;
  let url = source.location;
  try {
    for (let hops = 0; ; hops++) {
      const sameOrigin = new URL(url).origin === origin;
      response = await fetch(url, { headers: { accept: 'application/json, application/yaml, text/yaml, */*', ...(sameOrigin ? source.headers : {}) }, redirect: 'manual', signal });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      await response.body?.cancel().catch(() => undefined);
      if (hops >= MAX_REDIRECTS) throw failure('unreachable', `${shown} redirected more than ${MAX_REDIRECTS} times`);
      url = new URL(location, url).href;
    }
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw fetchFailure(error, source, shown);
  }
  const redirectedTo = new URL(url).origin === origin ? undefined : url;
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw failure('http-status', `${shown} answered ${response.status} ${response.statusText}`.trim(), response.status === 401 || response.status === 403 ? 'check the headers and their environment variables' : undefined);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > source.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw failure('too-large', `${shown} declares ${declared} bytes, over the limit of ${source.maxBytes}`, 'raise "maxBytes" in openapi-drift.json');
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > source.maxBytes) {
        // Stryker disable next-line OptionalChaining: equivalent, the body is being read, so it is not null
        await response.body?.cancel().catch(() => undefined);
        throw failure('too-large', `${shown} sent more than ${source.maxBytes} bytes`, 'raise "maxBytes" in openapi-drift.json');
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof SourceFetchError) throw error;
    throw fetchFailure(error, source, shown);
  }
  return { bytes: Buffer.concat(chunks), ...(redirectedTo ? { redirectedTo } : {}) };
}

function fetchFailure(error: unknown, source: ResolvedSource, shown: string): SourceFetchError {
  // Stryker disable next-line OptionalChaining: equivalent, fetch and its body never fail with null or undefined
  const name = (error as Error)?.name;
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent in Node, whose only signal here is AbortSignal.timeout: its abort is a TimeoutError
  if (name === 'TimeoutError' || name === 'AbortError') {
    return failure('timeout', `${shown} did not answer within ${source.timeoutMs / 1000} s`, 'raise "timeoutSeconds" in openapi-drift.json, or --timeout');
  }
  // Stryker disable next-line OptionalChaining: equivalent, fetch and its body never fail with null or undefined
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return failure('unreachable', `${shown} is unreachable: ${cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)}`);
}

// `live`: is the committed snapshot still what the service serves? Fetches, canonicalizes and
// compares; never writes. Consistency (the contract tests) cannot see this; currency can.
import path from 'node:path';
import { clientNameOf } from '../project/client-name.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { fetchSpec, SourceFetchError, type FetchedSpec } from './fetch-spec.ts';
import { loadLayout, type ClientLayout } from '../regenerate/layout.ts';
import { serializeCanonical } from '../snapshot/canonicalize.ts';
import { parseSnapshotText, readSnapshotText } from '../snapshot/snapshot.ts';
import { readSourceConfig, resolveSource, type ResolvedSource } from '../project/client-record.ts';
import { loadClientOverlays, patchUpstream, type ClientOverlays, type PatchedSpec } from '../overlay/index.ts';

export type LiveStatus = 'current' | 'drift' | 'error' | 'skipped';

export interface LiveResult {
  name: string;
  status: LiveStatus;
  /** For drift: the fetched canonical document. */
  fetched?: FetchedSpec;
  /** The committed snapshot text, when it could be read. */
  snapshotText?: string;
  layout?: ClientLayout;
  /** For errors and skips. */
  error?: DriftError;
  /** For a client with overlays: the fetched document with the overlays applied (what the snapshot would become). */
  patched?: PatchedSpec;
}

export interface LiveOptions {
  displayRoot: string;
  /** Overrides every client's `timeoutSeconds`. */
  timeoutMs?: number;
  /** An overlay action that selects nothing in the fetched document is an error, not a warning. Default: false. */
  strict?: boolean;
}

export interface PreparedClient {
  name: string;
  layout: ClientLayout;
  snapshotText: string;
  /** The snapshot's canonical JSON: what a fetched document is compared with, whether the snapshot is JSON or YAML. */
  snapshotCanonical: string;
  source: ResolvedSource;
  shownSource: string;
  /** The client's overlays and committed upstream, when openapi-drift.json lists overlays. */
  overlays?: ClientOverlays;
}

/**
 * Everything that can be checked before a request: the config, the snapshot and the source record.
 * Throws ConfigError or SnapshotError.
 */
export async function prepareClient(clientDir: string, options: LiveOptions): Promise<PreparedClient> {
  const name = clientNameOf(clientDir);
  const shownDir = path.relative(options.displayRoot, clientDir);
  const layout = await loadLayout(clientDir, { displayRoot: options.displayRoot });
  const shownSnapshot = path.relative(options.displayRoot, layout.snapshotFile);
  const snapshotText = await readSnapshotText(layout.snapshotFile, shownSnapshot);
  const snapshotCanonical = serializeCanonical(parseSnapshotText(snapshotText, shownSnapshot).value);
  const config = await readSourceConfig(clientDir, shownDir);
  const source = resolveSource(config, clientDir, shownDir, { timeoutMs: options.timeoutMs });
  const shownSource = source.isUrl ? source.location : path.relative(options.displayRoot, source.location);
  const overlays = config.overlays?.length ? await loadClientOverlays(clientDir, layout.snapshotFile, config.overlays, options.displayRoot) : undefined;
  return { name, layout, snapshotText, snapshotCanonical, source, shownSource, ...(overlays ? { overlays } : {}) };
}

export async function liveClient(clientDir: string, options: LiveOptions): Promise<LiveResult> {
  const name = clientNameOf(clientDir);
  let prepared: PreparedClient;
  try {
    prepared = await prepareClient(clientDir, options);
  } catch (error) {
    // ConfigError and SnapshotError, the mistakes found before a request, are DriftErrors.
    if (error instanceof DriftError) return { name, status: 'error', error };
    throw error;
  }
  try {
    const fetched = await fetchSpec(prepared.source, prepared.shownSource);
    if (prepared.overlays) {
      // With overlays, the upstream is compared with the committed upstream, and patched for the report.
      const patched = patchUpstream(fetched.parsed.value, prepared.overlays.overlays, prepared.layout.snapshotFile, { strict: options.strict });
      const status: LiveStatus = fetched.canonical === prepared.overlays.upstreamText ? 'current' : 'drift';
      return { name, status, fetched, patched, snapshotText: prepared.snapshotText, layout: prepared.layout };
    }
    // Canonical bytes are compared, so a reformatted but equal document is not drift.
    const status: LiveStatus = fetched.canonical === prepared.snapshotCanonical ? 'current' : 'drift';
    return { name, status, fetched, snapshotText: prepared.snapshotText, layout: prepared.layout };
  } catch (error) {
    if (error instanceof SourceFetchError) return { name, status: 'skipped', error, snapshotText: prepared.snapshotText, layout: prepared.layout };
    // Stryker disable next-line ConditionalExpression: equivalent, after the request only fetchSpec (SourceFetchError) and patchUpstream (ConfigError) throw DriftErrors
    if (error instanceof ConfigError) return { name, status: 'error', error, snapshotText: prepared.snapshotText, layout: prepared.layout };
    throw error;
  }
}

/** Exit code of one outcome; several clients take the worst (error > drift > skipped > current). */
export const LIVE_EXIT: Record<LiveStatus, number> = { current: 0, drift: 1, error: 2, skipped: 3 };
// Stryker disable next-line StringLiteral: equivalent, 'current' is the least severe whether it is found (0) or not (-1)
const SEVERITY: LiveStatus[] = ['current', 'skipped', 'drift', 'error'];

export function worstLiveStatus(results: LiveResult[]): LiveStatus {
  // Stryker disable next-line EqualityOperator: equivalent, two statuses of one severity are the same status
  return results.reduce<LiveStatus>((worst, { status }) => (SEVERITY.indexOf(status) > SEVERITY.indexOf(worst) ? status : worst), 'current');
}

// `sync`: fetch each client's source and bring snapshot and tree forward together, through the same
// regeneration and update code that `vitest -u` uses. The fetched document is generated from a
// temporary file beside the snapshot; only when that succeeded does it replace the snapshot
// (atomically), and then the tree follows. A failed fetch or generation changes nothing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { clientNameOf } from '../project/client-name.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { checkClient, type ClientCheck } from '../contract/check.ts';
import { DriftError } from '../core/errors.ts';
import { fetchSpec, type FetchedSpec } from './fetch-spec.ts';
import { prepareClient, type LiveOptions, type PreparedClient } from './live.ts';
import { removeLeftovers, withClientLock } from '../update/lock.ts';
import { crashPoint } from '../core/crash-point.ts';
import { moveCachedInput } from '../regenerate/cache.ts';
import * as YAML from 'yaml';
import { toPlainJson } from '../snapshot/canonicalize.ts';
import { hasDrift, type DriftSummary } from '../compare/tree.ts';
import { acceptRegeneration } from '../update/update.ts';
import { changelogBetween } from '../changelog/index.ts';
import { impactOfRegeneration, type ImpactReport } from '../impact/impact.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { parseUpstream, patchUpstream, upstreamTouches, type PatchedSpec } from '../overlay/index.ts';

export interface SyncResult {
  name: string;
  status: 'unchanged' | 'updated' | 'error';
  snapshotChanged: boolean;
  files?: DriftSummary;
  fetched?: FetchedSpec;
  /** The snapshot text before the sync. */
  previousSnapshot?: string;
  snapshotFile?: string;
  outputDir?: string;
  error?: DriftError;
  /** When the snapshot changed: which call sites of the repository the new tree breaks. */
  impact?: ImpactReport;
  /** Why the impact could not be computed; the sync itself went ahead. */
  impactError?: DriftError;
  /** For a client with overlays: the patched document the snapshot now holds. */
  patched?: PatchedSpec;
  /** For a client with overlays: the committed upstream document, and whether the sync replaced it. */
  upstreamFile?: string;
  upstreamChanged?: boolean;
  /** Where the upstream change meets what an overlay patches. */
  overlayTouches?: string[];
}

export interface SyncOptions extends LiveOptions {
  /** A document already fetched from the client's source (by `live`), instead of fetching again. */
  fetched?: FetchedSpec;
  /** The repository root, whose code the impact looks at. Default: displayRoot. */
  root?: string;
  /** Whether to compute the update's impact on the repository's code (a type check: seconds). Default: true. */
  impact?: boolean;
}

export async function syncClient(clientDir: string, options: SyncOptions): Promise<SyncResult> {
  const name = clientNameOf(clientDir);
  try {
    return await withClientLock(clientDir, options.displayRoot, () => syncLocked(clientDir, options));
  } catch (error) {
    if (error instanceof DriftError) return { name, status: 'error', snapshotChanged: false, error };
    throw error;
  }
}

/**
 * The fetched document in the snapshot's own format: canonical JSON for a JSON snapshot; for a YAML
 * snapshot the YAML as served, or, when the source serves JSON, the same document written as YAML.
 */
function snapshotTextFor(snapshotFile: string, fetched: FetchedSpec): string {
  if (!/\.ya?ml$/i.test(snapshotFile)) return fetched.canonical;
  if (fetched.parsed.format === 'yaml') return fetched.text;
  return YAML.stringify(toPlainJson(fetched.parsed.value), { lineWidth: 0 });
}

async function syncLocked(clientDir: string, options: SyncOptions): Promise<SyncResult> {
  const prepared = await prepareClient(clientDir, options);
  const fetched = options.fetched ?? (await fetchSpec(prepared.source, prepared.shownSource));
  const snapshotFile = prepared.layout.snapshotFile;
  // A sync killed before may have left its pending document beside the snapshot.
  await removeLeftovers(path.dirname(snapshotFile));
  // With overlays the snapshot is the patched upstream, and the upstream is committed beside it.
  const { overlays } = prepared;
  const patched = overlays ? patchUpstream(fetched.parsed.value, overlays.overlays, snapshotFile, { strict: options.strict }) : undefined;
  const snapshotCanonical = patched?.canonical ?? fetched.canonical;
  const upstreamChanged = overlays !== undefined && fetched.canonical !== overlays.upstreamText;
  const snapshotChanged = snapshotCanonical !== prepared.snapshotCanonical;
  let check: ClientCheck;
  if (snapshotChanged) {
    // Same folder as the snapshot, so that relative references resolve alike.
    const pending = path.join(path.dirname(snapshotFile), `.openapi-drift-sync-${randomBytes(4).toString('hex')}${path.extname(snapshotFile) || '.json'}`);
    await writeFileAtomic(pending, patched?.snapshotText ?? snapshotTextFor(snapshotFile, fetched), { label: 'pending-snapshot' });
    try {
      check = await checkClient(clientDir, { displayRoot: options.displayRoot, inputOverride: pending });
      // Only now, with the tree generated from it in hand, does the fetched document replace the snapshot.
      await fs.rename(pending, snapshotFile);
      crashPoint('sync:snapshot-replaced');
      // The regeneration just made is the snapshot's now: the next check need not generate it again.
      await moveCachedInput(clientDir, pending, snapshotFile);
    } finally {
      await fs.rm(pending, { force: true });
    }
  } else {
    check = await checkClient(clientDir, { displayRoot: options.displayRoot });
  }
  if (overlays && upstreamChanged) await writeFileAtomic(overlays.upstreamFile, fetched.canonical, { label: 'upstream', shown: overlays.shownUpstream });
  // Before the tree is replaced: the impact compares the code against the committed tree and the new one.
  const impact = snapshotChanged && options.impact !== false ? await impactOfSync(check.regeneration, prepared.snapshotText, snapshotCanonical, options) : {};
  await acceptRegeneration(check.regeneration, check.comparisons);
  const changed = snapshotChanged || upstreamChanged || hasDrift(check.summary);
  return {
    ...impact,
    name: prepared.name,
    status: changed ? 'updated' : 'unchanged',
    snapshotChanged,
    files: check.summary,
    fetched,
    previousSnapshot: prepared.snapshotText,
    snapshotFile,
    outputDir: check.regeneration.outputDir,
    // Stryker disable next-line LogicalOperator: equivalent, patched is made exactly when there are overlays
    ...(overlays && patched
      ? { patched, upstreamFile: overlays.upstreamFile, upstreamChanged, overlayTouches: upstreamChanged ? touchesOf(overlays, fetched) : [] }
      : {}),
  };
}

/** Where the new upstream meets the overlays; informative, so a committed upstream that cannot be read gives none. */
function touchesOf(overlays: NonNullable<PreparedClient['overlays']>, fetched: FetchedSpec): string[] {
  // Stryker disable next-line ConditionalExpression: equivalent, parseUpstream fails on a missing upstream with a SnapshotError, which gives none below
  if (overlays.upstreamText === undefined) return [];
  try {
    return upstreamTouches(parseUpstream(overlays), fetched.parsed.value, overlays.overlays);
  } catch (error) {
    if (error instanceof DriftError) return [];
    throw error;
  }
}

/** The impact of the new tree on the repository's code. It informs the update and never stops it. */
async function impactOfSync(regeneration: Regeneration, previous: string, next: string, options: SyncOptions): Promise<Pick<SyncResult, 'impact' | 'impactError'>> {
  try {
    const changelog = changelogBetween(previous, next);
    return { impact: await impactOfRegeneration(regeneration, changelog, { root: options.root ?? options.displayRoot, displayRoot: options.displayRoot }) };
  } catch (error) {
    return { impactError: error instanceof DriftError ? error : new DriftError(`the impact could not be computed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }) };
  }
}

// The impact of a new version of a client's spec: the client is regenerated from the new document
// in memory (written beside the snapshot for the generation, as sync does, and removed at once),
// and the regenerated tree is laid over the repository's code (impact.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { changelogBetween } from '../changelog/index.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { readSnapshotText } from '../snapshot/snapshot.ts';
import { loadLayout, type ClientLayout } from '../regenerate/layout.ts';
import { regenerate } from '../regenerate/regenerate.ts';
import { impactOfRegeneration, type ImpactOptions, type ImpactReport } from './impact.ts';

export interface SpecImpactOptions extends ImpactOptions {
  timeoutMs?: number;
  /** Where the client's snapshot and tree are, when the caller already knows. */
  layout?: ClientLayout;
}

/** The impact of replacing the client's snapshot with `newDocument` (canonical JSON text). */
export async function impactOfDocument(clientDir: string, newDocument: string, options: SpecImpactOptions): Promise<ImpactReport> {
  const layout = options.layout ?? (await loadLayout(clientDir, { displayRoot: options.displayRoot }));
  const shownSnapshot = path.relative(options.displayRoot, layout.snapshotFile);
  const snapshot = await readSnapshotText(layout.snapshotFile, shownSnapshot);
  const changelog = changelogBetween(snapshot, newDocument, { old: shownSnapshot, new: 'the new document' });
  // Beside the snapshot, so that the config's input and relative references resolve alike; the
  // name is one that sync and the lock clean up should this process die before removing it.
  const pending = path.join(path.dirname(layout.snapshotFile), `.openapi-drift-sync-${randomBytes(4).toString('hex')}${path.extname(layout.snapshotFile) || '.json'}`);
  await writeFileAtomic(pending, newDocument);
  let regeneration;
  try {
    // Not through the cache: its one entry per client belongs to the committed snapshot.
    regeneration = await regenerate(clientDir, { displayRoot: options.displayRoot, timeoutMs: options.timeoutMs, inputOverride: pending });
  } finally {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, the file was written just before and nothing else removes it
    await fs.rm(pending, { force: true });
  }
  return impactOfRegeneration(regeneration, changelog, options);
}

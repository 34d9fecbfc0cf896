// Checking one client: regenerate it in memory and compare with the committed tree. Shared by
// the contract tests, `check`, `sync` and `add`, so that all of them judge drift the same way.
import fs from 'node:fs/promises';
import { changelogBetween, formatChangelog } from '../changelog/index.ts';
import { pausePoint } from '../core/crash-point.ts';
import { cacheKey, readCachedRegeneration, writeCachedRegeneration } from '../regenerate/cache.ts';
import { diagnose, readFingerprint, treeDigest, type Diagnosis } from '../compare/fingerprint.ts';
import { findSnapshotVersion } from '../snapshot/history.ts';
import { regenerate, type Regeneration, type RegenerateOptions } from '../regenerate/regenerate.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { withRuntimeValidators } from '../validators/client-validators.ts';
import { clientNameOf } from '../project/client-name.ts';
import { commandFor } from '../core/package-manager.ts';
import { assertNoLinkedFolders, compareTrees, hasDrift, readCommittedTree, summarize, type DriftSummary, type FileComparison } from '../compare/tree.ts';

export interface ClientCheck {
  name: string;
  clientDir: string;
  regeneration: Regeneration;
  comparisons: FileComparison[];
  summary: DriftSummary;
  /** Why the client drifts, when it does. */
  diagnosis?: Diagnosis;
}

export interface CheckOptions extends RegenerateOptions {
  /** The client's contract test, as the fix command names it. Default: contract-tests/<name>.contract.test.ts. */
  contractTest?: string;
}

export async function checkClient(clientDir: string, options: CheckOptions = {}): Promise<ClientCheck> {
  // The cache is consulted and filled here, the one place every check goes through.
  let regeneration = await readCachedRegeneration(clientDir, options.inputOverride);
  if (!regeneration) {
    // Taken before generating: an edit made during the run can only make the entry miss later.
    const key = await cacheKey(clientDir);
    regeneration = await regenerate(clientDir, options);
    await pausePoint('check:regenerated');
    await writeCachedRegeneration(regeneration, key, options.inputOverride);
  }
  regeneration = await withRuntimeValidators(regeneration, options);
  await assertNoLinkedFolders(regeneration.outputDir, regeneration.clientDir, options.displayRoot ?? process.cwd(), regeneration.companionDirs);
  const { files: committed, anomalies } = await readCommittedTree(regeneration.outputDir, regeneration.companionDirs);
  const comparisons = compareTrees(regeneration.files, committed, anomalies);
  const summary = summarize(comparisons);
  const name = clientNameOf(regeneration.clientDir);
  let diagnosis: Diagnosis | undefined;
  if (hasDrift(summary)) {
    const recorded = await readFingerprint(regeneration.clientDir);
    const commands = { update: updateCommand(options.contractTest ?? contractTestPath(name), regeneration.clientDir), sync: commandFor(regeneration.clientDir, { tool: 'openapi-drift', args: ['sync'] }) };
    diagnosis = diagnose(recorded, { ...regeneration.inputs, document: regeneration.snapshotForm.document }, treeDigest(committed), commands.update, commands.sync);
    if (recorded && diagnosis.causes.includes('snapshot-changed')) {
      diagnosis.explanation += await apiChangesSince(recorded.snapshot, regeneration.snapshotFile);
    }
  }
  return { name, clientDir: regeneration.clientDir, regeneration, comparisons, summary, diagnosis };
}

/** The API changes from the snapshot last generated from to the current one, when git still has it. */
async function apiChangesSince(recordedSha256: string, snapshotFile: string): Promise<string> {
  const previous = await findSnapshotVersion(snapshotFile, recordedSha256);
  if (previous === undefined) return '';
  try {
    const log = changelogBetween(previous, await fs.readFile(snapshotFile, 'utf8'));
    return `\nAPI changes since the last regeneration:\n${formatChangelog(log, 'text', { maxChanges: 15 }).replace(/^(?=.)/gm, '  ').trimEnd()}`;
  } catch {
    return '';
  }
}

/** The command that accepts a client's regeneration: its contract test file, run with -u, by the package manager of the repository at `fromDir`. */
export function updateCommand(contractTest: string, fromDir: string = process.cwd()): string {
  // The path must come before -u: `vitest run -u <path>` would read the path as -u's value.
  return commandFor(fromDir, { tool: 'vitest', args: ['run', contractTest, '-u'] });
}

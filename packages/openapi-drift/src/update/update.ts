// Accepting a regeneration: the only code that writes into a client's committed tree. It writes
// only inside the output folder and its companion folders (openapi-drift's own generated files), replaces each file atomically (a temporary file renamed over the
// old one, so a killed process leaves the old or the new content, never a truncated file), never
// writes through a symbolic link, and removes the folders that obsolete files leave empty.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeWriteFailure, writeFileAtomic } from '../core/atomic-write.ts';
import { crashPoint } from '../core/crash-point.ts';
import { DriftError } from '../core/errors.ts';
import { treeDigest, writeFingerprint } from '../compare/fingerprint.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { assertNoLinkedFolders, type FileComparison } from '../compare/tree.ts';

export interface UpdateResult {
  written: string[];
  deleted: string[];
}

/** Applies every non-unchanged entry to `outputDir` (and the companion folders its keys reach):
 * deletions first, so that a folder or a differently-cased name they free can take the new file. */
// Stryker disable next-line ArrayDeclaration: equivalent, a companion folder named by a word alone never holds a path of the output folder
export async function applyComparisons(outputDir: string, comparisons: FileComparison[], companionDirs: readonly string[] = []): Promise<UpdateResult> {
  const result: UpdateResult = { written: [], deleted: [] };
  const ordered = [...comparisons.filter((entry) => entry.status === 'obsolete'), ...comparisons.filter((entry) => entry.status !== 'obsolete')];
  for (const entry of ordered) {
    if (entry.status === 'unchanged') continue;
    await applyComparison(outputDir, entry, companionDirs);
    (entry.status === 'obsolete' ? result.deleted : result.written).push(entry.path);
  }
  return result;
}

/** Makes the committed tree equal the regeneration and records what it was generated from. */
export async function acceptRegeneration(regeneration: Regeneration, comparisons: FileComparison[]): Promise<UpdateResult> {
  // Stryker disable next-line ArrayDeclaration: equivalent, a companion folder named by a word alone never holds a path of the output folder
  const companions = regeneration.companionDirs ?? [];
  // Checked again under the lock, just before writing: a link may have appeared since the check.
  await assertNoLinkedFolders(regeneration.outputDir, regeneration.clientDir, process.cwd(), companions);
  const result = await applyComparisons(regeneration.outputDir, comparisons, companions);
  await recordRegeneration(regeneration);
  return result;
}

export function recordRegeneration(regeneration: Regeneration): Promise<void> {
  return writeFingerprint(regeneration.clientDir, { ...regeneration.inputs, document: regeneration.snapshotForm.document, tree: treeDigest(regeneration.files) });
}

// Stryker disable next-line ArrayDeclaration: equivalent, a companion folder named by a word alone never holds a path of the output folder
export async function applyComparison(outputDir: string, entry: FileComparison, companionDirs: readonly string[] = []): Promise<void> {
  const { target, root } = await safeTarget(outputDir, entry.path, companionDirs);
  try {
    await applyTo(root, root !== path.resolve(outputDir), target, entry);
  } catch (error) {
    if (error instanceof DriftError) throw error;
    throw describeWriteFailure(error, target, entry.status === 'obsolete' ? 'remove' : 'write');
  }
}

async function applyTo(root: string, companion: boolean, target: string, entry: FileComparison): Promise<void> {
  if (entry.status === 'obsolete') {
    await fs.rm(target, { force: true });
    crashPoint('tree:removed');
    // A companion folder is openapi-drift's alone: emptied, it goes too.
    await removeEmptyFolders(companion ? path.dirname(root) : root, path.dirname(target));
    return;
  }
  if (entry.generated === undefined) return;
  await fs.mkdir(path.dirname(target), { recursive: true });
  const existing = await fs.lstat(target).catch(() => undefined);
  // Replace a link or a folder standing where a file belongs; never write through a link.
  // Stryker disable next-line ConditionalExpression: equivalent, writeFileAtomic renames over the link itself too; this only says so
  if (existing?.isSymbolicLink()) await fs.rm(target);
  else if (existing?.isDirectory()) {
    throw new DriftError(`${entry.path} is a folder where the generator writes a file`, {
      file: target,
      fix: `remove the folder ${target} (check first that nothing hand-written is in it), then run the update again`,
    });
  }
  await writeFileAtomic(target, entry.generated, { label: 'tree' });
}

/**
 * Resolves a generated path inside `outputDir` or one of its companion folders, refusing anything
 * that would leave them; `root` is the folder it lies in.
 */
// Stryker disable next-line ArrayDeclaration: equivalent, a companion folder named by a word alone never holds a path of the output folder
export async function safeTarget(outputDir: string, relativePath: string, companionDirs: readonly string[] = []): Promise<{ target: string; root: string }> {
  const base = path.resolve(outputDir);
  const target = path.resolve(base, relativePath);
  const root = [base, ...companionDirs.map((dir) => path.resolve(dir))].find((folder) => target.startsWith(folder + path.sep));
  if (path.isAbsolute(relativePath) || root === undefined) {
    throw new DriftError(`refusing to write ${relativePath}: it lies outside the output folder ${base}`, { file: relativePath });
  }
  // The root and every folder between it and the file must be real folders, not links.
  let current = root;
  // Stryker disable next-line MethodExpression: equivalent, an empty part names the root again, which is checked first
  for (const part of ['', ...path.relative(root, path.dirname(target)).split(path.sep).filter(Boolean)]) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      throw new DriftError(`refusing to write ${relativePath}: ${path.relative(root, current) || current} is a symbolic link`, {
        file: current,
        fix: 'replace the link with a real folder; generated trees never contain links',
      });
    }
    // Stryker disable next-line ConditionalExpression: equivalent, below a folder that does not exist no folder exists, so none is a link
    if (!stat) break;
  }
  return { target, root };
}

/** Removes `folder` and the folders above it while they are empty, up to (not including) `stop`. */
async function removeEmptyFolders(stop: string, folder: string): Promise<void> {
  const root = path.resolve(stop);
  let current = folder;
  while (current.startsWith(root + path.sep)) {
    const entries = await fs.readdir(current).catch(() => undefined);
    if (!entries || entries.length > 0) return;
    await fs.rmdir(current);
    crashPoint('tree:folder-removed');
    current = path.dirname(current);
  }
}

// The committed tree on disk and its comparison with a regeneration.
import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';

export type FileStatus = 'unchanged' | 'changed' | 'missing' | 'obsolete';

export interface FileComparison {
  /** Path relative to the output folder, POSIX separators. */
  path: string;
  status: FileStatus;
  /** What the snapshot generates (absent for obsolete files). */
  generated?: string;
  /** What is committed (absent for missing files). */
  committed?: string;
}

/** Committed files by relative path. Symbolic links are listed as files but never followed. */
export async function readTree(outputDir: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  let paths: string[];
  try {
    await fs.access(outputDir);
    paths = await glob('**/*', { cwd: outputDir, dot: true, onlyFiles: true, followSymbolicLinks: false, expandDirectories: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return tree;
    throw error;
  }
  await Promise.all(
    paths.map(async (relativePath) => {
      tree.set(relativePath, await fs.readFile(path.join(outputDir, relativePath), 'utf8'));
    }),
  );
  return tree;
}

/** Every path of either side, sorted, with its status. */
export function compareTrees(generated: Map<string, string>, committed: Map<string, string>): FileComparison[] {
  const paths = [...new Set([...generated.keys(), ...committed.keys()])].sort();
  return paths.map((relativePath) => {
    const generatedText = generated.get(relativePath);
    const committedText = committed.get(relativePath);
    let status: FileStatus;
    if (generatedText === undefined) status = 'obsolete';
    else if (committedText === undefined) status = 'missing';
    else status = generatedText === committedText ? 'unchanged' : 'changed';
    return { path: relativePath, status, generated: generatedText, committed: committedText };
  });
}

export interface DriftSummary {
  changed: string[];
  missing: string[];
  obsolete: string[];
}

export function summarize(comparisons: FileComparison[]): DriftSummary {
  const pick = (status: FileStatus) => comparisons.filter((entry) => entry.status === status).map((entry) => entry.path);
  return { changed: pick('changed'), missing: pick('missing'), obsolete: pick('obsolete') };
}

export function hasDrift(summary: DriftSummary): boolean {
  return summary.changed.length + summary.missing.length + summary.obsolete.length > 0;
}

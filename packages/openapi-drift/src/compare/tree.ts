// The committed tree on disk and its comparison with a regeneration.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.ts';

export type FileStatus = 'unchanged' | 'changed' | 'missing' | 'obsolete';

export interface FileComparison {
  /** Path relative to the output folder, POSIX separators. */
  path: string;
  status: FileStatus;
  /** What the snapshot generates (absent for obsolete files). */
  generated?: string;
  /** What is committed (absent for missing files). */
  committed?: string;
  /** Why this entry drifts, when a diff would not say it (a link, bytes that are not UTF-8, letter case). */
  note?: string;
}

export interface CommittedTree {
  /** Committed text files by relative path (POSIX separators). */
  files: Map<string, string>;
  /** Entries that can never equal a generated file (a symbolic link, bytes that are not UTF-8), with why. */
  anomalies: Map<string, string>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Folders beside the output folder that hold generated files of the client too (openapi-drift's own,
 * such as the runtime validators): hey-api empties its output folder on every run, so what
 * openapi-drift generates lives next to it. Their files are keyed relative to the output folder
 * (`../client-drift/validators.gen.ts`), so that every path of the tree resolves with
 * `path.join(outputDir, key)`.
 */
export function companionKey(outputDir: string, companionDir: string, relative: string): string {
  return path.posix.join(path.relative(outputDir, companionDir).split(path.sep).join('/'), relative);
}

/** Reads the committed tree without following symbolic links. A missing folder is an empty tree. */
export async function readCommittedTree(outputDir: string, companionDirs: readonly string[] = []): Promise<CommittedTree> {
  const tree: CommittedTree = { files: new Map(), anomalies: new Map() };
  for (const dir of [outputDir, ...companionDirs]) await readFolder(tree, dir, (relative) => (dir === outputDir ? relative : companionKey(outputDir, dir, relative)));
  return tree;
}

async function readFolder(tree: CommittedTree, dir: string, keyOf: (relative: string) => string): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await Promise.all(
    entries.map(async (entry) => {
      const absolute = path.join(entry.parentPath, entry.name);
      const relativePath = keyOf(path.relative(dir, absolute).split(path.sep).join('/'));
      if (entry.isSymbolicLink()) {
        tree.anomalies.set(relativePath, `is a symbolic link (to ${await fs.readlink(absolute)}); generated files are never links, and links are never followed`);
        return;
      }
      if (!entry.isFile()) return;
      const bytes = await fs.readFile(absolute);
      try {
        tree.files.set(relativePath, UTF8.decode(bytes));
      } catch {
        tree.anomalies.set(relativePath, 'is not valid UTF-8 text; the generator only writes UTF-8');
      }
    }),
  );
}

/** Committed text files by relative path. */
export async function readTree(outputDir: string): Promise<Map<string, string>> {
  return (await readCommittedTree(outputDir)).files;
}

/** Every path of either side, sorted, with its status. */
export function compareTrees(generated: Map<string, string>, committed: Map<string, string>, anomalies: Map<string, string> = new Map()): FileComparison[] {
  const paths = [...new Set([...generated.keys(), ...committed.keys(), ...anomalies.keys()])].sort();
  const comparisons = paths.map((relativePath): FileComparison => {
    const generatedText = generated.get(relativePath);
    const committedText = committed.get(relativePath);
    const anomaly = anomalies.get(relativePath);
    let status: FileStatus;
    if (generatedText === undefined) status = 'obsolete';
    else if (anomaly !== undefined) status = 'changed';
    else if (committedText === undefined) status = 'missing';
    else status = generatedText === committedText ? 'unchanged' : 'changed';
    return { path: relativePath, status, generated: generatedText, committed: committedText, ...(anomaly ? { note: anomaly } : {}) };
  });
  // A missing file and an obsolete one that differ only in letter case are one file renamed.
  const obsoleteByLowerCase = new Map(comparisons.filter((entry) => entry.status === 'obsolete').map((entry) => [entry.path.toLowerCase(), entry]));
  for (const entry of comparisons) {
    const twin = entry.status === 'missing' ? obsoleteByLowerCase.get(entry.path.toLowerCase()) : undefined;
    if (!twin) continue;
    entry.note = `is committed as ${twin.path}, which differs only in letter case (a case-insensitive file system or a rename lost it)`;
    twin.note = `differs only in letter case from the generated ${entry.path}`;
  }
  return comparisons;
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

/**
 * The committed tree is read and written only through real folders. A symbolic link at the output
 * folder (or a companion folder) or at any folder above it, up to the repository (the folder holding .git, else the client
 * folder), would make -u delete and write files elsewhere: it is refused by name.
 */
export async function assertNoLinkedFolders(outputDir: string, clientDir: string, displayRoot: string, companionDirs: readonly string[] = []): Promise<void> {
  const stop = (await repositoryTop(clientDir)) ?? path.resolve(clientDir);
  for (const folder of [outputDir, ...companionDirs]) await assertNoLinkAbove(folder, stop, displayRoot);
}

async function assertNoLinkAbove(folder: string, stop: string, displayRoot: string): Promise<void> {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const stat = await fs.lstat(dir).catch(() => undefined);
    if (stat?.isSymbolicLink()) {
      const shown = path.relative(displayRoot, dir) || dir;
      throw new ConfigError(`${shown} is a symbolic link (to ${await fs.readlink(dir)}); openapi-drift never reads or writes a generated tree through a link, so nothing was checked or written`, {
        file: shown,
        fix: `replace the link ${shown} with a real folder`,
      });
    }
    if (dir === stop || path.dirname(dir) === dir) return;
  }
}

/**
 * The repository's top: the nearest folder at or above the client that holds .git; in a checkout
 * without .git (an artifact, a tarball), the nearest folder above the client folder that holds the
 * package.json or openapi-drift.config.json the command runs for.
 */
async function repositoryTop(clientDir: string): Promise<string | undefined> {
  const holds = (dir: string, name: string) => fs.lstat(path.join(dir, name)).then(() => true, () => false);
  for (let dir = path.resolve(clientDir); ; dir = path.dirname(dir)) {
    if (await holds(dir, '.git')) return dir;
    if (path.dirname(dir) === dir) break;
  }
  for (let dir = path.dirname(path.resolve(clientDir)); ; dir = path.dirname(dir)) {
    if ((await holds(dir, 'package.json')) || (await holds(dir, 'openapi-drift.config.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

// Finding the snapshot a tree was last generated from, by its sha256, in the git history, so that
// a "snapshot changed without regeneration" failure can say what changed in the API.
import path from 'node:path';
import { x } from 'tinyexec';
import { sha256 } from '../core/hash.ts';

const MAX_REVISIONS = 30;

async function git(args: string[], cwd: string): Promise<string | undefined> {
  const result = await x('git', args, { nodeOptions: { cwd }, throwOnError: false });
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** The text of `snapshotFile` whose sha256 is `wanted`, from the index or recent commits. */
export async function findSnapshotVersion(snapshotFile: string, wanted: string): Promise<string | undefined> {
  const cwd = path.dirname(snapshotFile);
  const name = `./${path.basename(snapshotFile)}`;
  const revisions = (await git(['log', `-n${MAX_REVISIONS}`, '--format=%H', '--', name], cwd))?.split('\n').filter(Boolean) ?? [];
  for (const revision of ['', ...revisions]) {
    const text = await git(['show', `${revision}:${name}`], cwd);
    if (text !== undefined && sha256(text) === wanted) return text;
  }
  return undefined;
}

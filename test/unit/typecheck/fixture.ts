// Tiny repositories in temp folders for the type check and the impact: a `.git` folder at the root
// (the search for tsconfig files stops there), a node_modules of their own holding a link to this
// repository's TypeScript (so the cache folder is their own), and a client made by hand.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Regeneration } from '../../../packages/openapi-drift/src/regenerate/regenerate.ts';
import { REPO } from '../../helpers/temp-project.ts';

export interface TinyRepo {
  root: string;
  clientDir: string;
  outputDir: string;
  write(file: string, content: unknown): Promise<void>;
  remove(): Promise<void>;
}

/** A repository with its client at clients/shop, whose output folder is clients/shop/src/client. */
export async function createTinyRepo(prefix: string): Promise<TinyRepo> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  await fs.mkdir(path.join(root, '.git'));
  await fs.mkdir(path.join(root, 'node_modules'));
  await fs.symlink(path.join(REPO, 'node_modules', 'typescript'), path.join(root, 'node_modules', 'typescript'));
  const clientDir = path.join(root, 'clients', 'shop');
  const outputDir = path.join(clientDir, 'src', 'client');
  await fs.mkdir(outputDir, { recursive: true });
  const write = async (file: string, content: unknown) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  return { root, clientDir, outputDir, write, remove: () => fs.rm(root, { recursive: true, force: true }) };
}

/** A regeneration of the repository's client that made `files` (relative to the output folder). */
export function regenerationOf(repo: Pick<TinyRepo, 'clientDir' | 'outputDir'>, files: Record<string, string>): Regeneration {
  return {
    clientDir: repo.clientDir,
    configFile: path.join(repo.clientDir, 'openapi-ts.config.ts'),
    snapshotFile: path.join(repo.clientDir, 'openapi.json'),
    outputDir: repo.outputDir,
    files: new Map(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))),
    inputs: {} as Regeneration['inputs'],
    output: '',
    snapshotForm: {} as Regeneration['snapshotForm'],
    reads: [],
    unstableReads: [],
  };
}

/** Small and quick to compile: ES5's library only, no types packages. */
export const SMALL_OPTIONS = { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES5'], types: [], skipLibCheck: true };

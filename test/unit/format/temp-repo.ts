// A temporary repository for the format tests: a client folder (clients/shop/src/client), this
// repository's copies of the named packages linked into its node_modules as a team installs them,
// and openapi-drift's cache off while the file runs (a formatter process may still write it as it
// exits). The returned object holds the current test's folders; each test gets new ones.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export const REPO = path.resolve(import.meta.dirname, '../../..');

export interface TempRepo {
  root: string;
  client: string;
  output: string;
}

/** Registers the hooks; `packages` missing from this repository (another platform's Biome binary) are skipped. */
export function useTempRepo(prefix: string, packages: string[], options: { git?: boolean } = {}): TempRepo {
  const repo: TempRepo = { root: '', client: '', output: '' };
  const cacheSetting = process.env.OPENAPI_DRIFT_CACHE;
  beforeAll(() => {
    process.env.OPENAPI_DRIFT_CACHE = 'off';
  });
  afterAll(() => {
    if (cacheSetting === undefined) delete process.env.OPENAPI_DRIFT_CACHE;
    else process.env.OPENAPI_DRIFT_CACHE = cacheSetting;
  });
  beforeEach(async () => {
    repo.root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
    repo.client = path.join(repo.root, 'clients', 'shop');
    repo.output = path.join(repo.client, 'src', 'client');
    await fs.mkdir(repo.output, { recursive: true });
    for (const name of packages) {
      const target = path.join(REPO, 'node_modules', name);
      if (!(await fs.access(target).then(() => true, () => false))) continue;
      await fs.mkdir(path.dirname(path.join(repo.root, 'node_modules', name)), { recursive: true });
      await fs.symlink(target, path.join(repo.root, 'node_modules', name));
    }
    // The repository's root: tools that walk up for their configuration stop here.
    if (options.git) await fs.mkdir(path.join(repo.root, '.git'));
  });
  afterEach(() => fs.rm(repo.root, { recursive: true, force: true, maxRetries: 5 }));
  return repo;
}

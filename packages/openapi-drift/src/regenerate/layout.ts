// Where a client's config puts its snapshot and tree. Loading a config means loading it as hey-api
// does, in a generation child; a cached regeneration that still holds already knows the answer.
import { readCachedLayout } from './cache.ts';
import { defaultTimeoutMs, runGenerator } from './run-generator.ts';
import type { RegenerateOptions } from './regenerate.ts';

export interface ClientLayout {
  clientDir: string;
  configFile: string;
  snapshotFile: string;
  outputDir: string;
}

/** Loads the client's config, as hey-api does, and tells where its snapshot and tree are. */
export async function loadLayout(clientDir: string, options: RegenerateOptions = {}): Promise<ClientLayout> {
  const cached = await readCachedLayout(clientDir);
  if (cached) return cached;
  const run = { displayRoot: options.displayRoot ?? process.cwd(), timeoutMs: options.timeoutMs ?? defaultTimeoutMs(), inputOverride: options.inputOverride };
  const { clientDir: dir, configFile, snapshotFile, outputDir } = await runGenerator(clientDir, { ...run, layoutOnly: true });
  return { clientDir: dir, configFile, snapshotFile, outputDir };
}

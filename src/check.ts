// Checking one client: regenerate it in memory and compare with the committed tree. Shared by
// the contract tests, `check`, `sync` and `add`, so that all of them judge drift the same way.
import path from 'node:path';
import { regenerate, type Regeneration, type RegenerateOptions } from './regenerate.ts';
import { compareTrees, readTree, summarize, type DriftSummary, type FileComparison } from './tree.ts';

export interface ClientCheck {
  name: string;
  clientDir: string;
  regeneration: Regeneration;
  comparisons: FileComparison[];
  summary: DriftSummary;
}

export async function checkClient(clientDir: string, options: RegenerateOptions = {}): Promise<ClientCheck> {
  const regeneration = await regenerate(clientDir, options);
  const committed = await readTree(regeneration.outputDir);
  const comparisons = compareTrees(regeneration.files, committed);
  return {
    name: path.basename(regeneration.clientDir),
    clientDir: regeneration.clientDir,
    regeneration,
    comparisons,
    summary: summarize(comparisons),
  };
}

/** The command that accepts a client's regeneration in the test suite. */
export function updateCommand(name: string): string {
  // The path must come before -u: `vitest run -u <path>` would read the path as -u's value.
  return `npx vitest run contract-tests/${name}.contract.test.ts -u`;
}

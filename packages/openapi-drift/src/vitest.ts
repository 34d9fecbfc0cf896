// `openapi-drift/vitest`: what a contract test file imports. Loaded inside Vitest only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractOptions } from './contract/contract-suite.ts';
import { DriftError } from './core/errors.ts';
import { requirePeer } from './core/peers.ts';

export type { ContractOptions } from './contract/contract-suite.ts';

/** Declares the contract tests of the client in `clientDir` (a path or a `file:` URL). */
export async function describeClientContract(clientDir: string | URL, options: ContractOptions = {}): Promise<void> {
  // Vitest is a peer like the others: checked before the suite is loaded, since the suite imports
  // what Vitest 5 exports and an older Vitest would fail with a SyntaxError that names neither.
  try {
    requirePeer('vitest', path.dirname(fileURLToPath(import.meta.url)), 'openapi-drift');
  } catch (error) {
    if (error instanceof DriftError) {
      const failure = new Error(error.describe());
      failure.name = error.name;
      failure.stack = `${failure.name}: ${failure.message}`;
      throw failure;
    }
    throw error;
  }
  const suite = await import('./contract/contract-suite.ts');
  return suite.describeClientContract(clientDir, options);
}

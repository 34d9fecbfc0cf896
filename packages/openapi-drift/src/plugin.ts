// `openapi-drift/plugin`: what a repository's vitest.config adds so that Vitest runs the contract
// tests and re-runs a client's contract test when anything in its folder changes (the snapshot, the
// config, the tree: files the test file does not import, so Vitest could not know).
//
//   import { defineConfig } from 'vitest/config';
//   import { openapiDrift } from 'openapi-drift/plugin';
//   export default defineConfig({ plugins: [openapiDrift()], test: { include: ['test/**/*.test.ts'] } });
import path from 'node:path';
import { findClients } from './project/clients.ts';
import { CONTRACT_TEST_SUFFIX, contractTestPath } from './project/contract-tests.ts';

export interface OpenapiDriftPluginOptions {
  /** The repository root (holds clients/ and contract-tests/). Default: Vitest's root, else the current directory. */
  root?: string;
}

/** The glob of the contract tests, added to `test.include` when the config lists its own. */
export const CONTRACT_TESTS_GLOB = 'contract-tests/**/*.test.ts';

interface WatchTrigger {
  pattern: RegExp;
  testsToRun: (file: string, match: RegExpMatchArray) => string | string[] | null | undefined;
}

interface ConfigShape {
  root?: string;
  test?: { include?: string[]; watchTriggerPatterns?: WatchTrigger[] };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function openapiDrift(options: OpenapiDriftPluginOptions = {}) {
  return {
    name: 'openapi-drift',
    async config(config: ConfigShape): Promise<void> {
      const root = path.resolve(options.root ?? config.root ?? process.cwd());
      const test = (config.test ??= {});
      // Without an include of its own, Vitest's default (**/*.test.ts) already finds the contract tests.
      if (test.include && !test.include.includes(CONTRACT_TESTS_GLOB)) test.include = [...test.include, CONTRACT_TESTS_GLOB];
      const clients = await findClients({ root }).catch(() => []);
      const triggers: WatchTrigger[] = clients.map((client) => ({
        // Any file below the client folder, on either separator.
        pattern: new RegExp(`^${escapeRegExp(client.dir).replace(/[\\/]/g, '[\\\\/]')}[\\\\/]`),
        testsToRun: () => path.join(root, contractTestPath(client.name)),
      }));
      test.watchTriggerPatterns = [...(test.watchTriggerPatterns ?? []), ...triggers];
    },
  };
}

export { CONTRACT_TEST_SUFFIX };

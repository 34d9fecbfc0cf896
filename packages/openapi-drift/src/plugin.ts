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
import { COMPACT_FAILURES_KEY } from './contract/compact-failures.ts';

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

interface VitestContext {
  project: { provide(key: typeof COMPACT_FAILURES_KEY, value: boolean): void };
  vitest: { config: { reporters: unknown[] } };
}

/** The reporters that print a failure in a few lines: by name, or an instance of Vitest's MinimalReporter. */
const COMPACT_REPORTERS = ['agent', 'minimal'];

export function usesCompactReporter(reporters: unknown[]): boolean {
  return reporters.some((entry) => {
    const reporter = Array.isArray(entry) ? entry[0] : entry;
    if (typeof reporter === 'string') return COMPACT_REPORTERS.includes(reporter);
    return (reporter as { constructor?: { name?: string } } | undefined)?.constructor?.name === 'MinimalReporter';
  });
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
    // A test cannot see the reporters; under `agent` or `minimal` (Vitest picks them for coding
    // agents) a drifted file's failure is three lines, without the diff.
    configureVitest({ project, vitest }: VitestContext): void {
      project.provide(COMPACT_FAILURES_KEY, usesCompactReporter(vitest.config.reporters));
    },
  };
}

export { CONTRACT_TEST_SUFFIX };

// Checks of the run itself, declared by the contract tests beside their clients' tests: is the
// plugin in the Vitest config (without it Vitest may never run a contract test, or run it in update
// mode by accident), and does every client of the repository have a contract test (a client added
// by hand without one would never be checked). Each is an ordinary test, so it fails `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'vitest';
import { ConfigError, DriftError } from '../core/errors.ts';
import type { ProvidedSettings } from '../project/plugin-settings.ts';
import { checkContractTests, CONTRACT_TEST_SUFFIX, describeContractProblems } from '../project/contract-tests.ts';

export const PLUGIN_TEST = 'the Vitest config uses the openapi-drift plugin';
export const EVERY_CLIENT_TEST = 'every client of the repository has a contract test';

const PLUGIN_SNIPPET = `  import { defineConfig } from 'vitest/config';
  import { openapiDrift } from 'openapi-drift/plugin';

  export default defineConfig({
    plugins: [openapiDrift()],
    test: { /* your settings */ },
  });`;

/**
 * A contract test writes only on an explicit update (-u, --update, --update=all,
 * UPDATE_SNAPSHOT=all, the editor's update), which only the plugin can tell from an accidental one:
 * without it, nothing is written.
 */
export function isExplicitUpdate(mode: string, plugin: ProvidedSettings | undefined): boolean {
  return mode === 'all' && plugin !== undefined;
}

/** The contract test files of contract-tests/, sorted: the first one declares the run's checks. */
function contractTestFiles(root: string): string[] {
  try {
    return fs
      .readdirSync(path.join(root, 'contract-tests'))
      .filter((name) => name.endsWith(CONTRACT_TEST_SUFFIX))
      .sort()
      .map((name) => path.join(root, 'contract-tests', name));
  } catch {
    return [];
  }
}

export function declareRunChecks(context: { plugin: ProvidedSettings | undefined; testFile: string | undefined; root: string }): void {
  if (!context.plugin) {
    test(PLUGIN_TEST, () => {
      throw asFailure(
        new ConfigError(
          "the repository's Vitest config does not use the openapi-drift plugin. Without it, Vitest does not run the contract tests in a config with `test.projects`, " +
            '`vitest related` and `--changed` never select them, watch mode does not re-run them, and `UPDATE_SNAPSHOT=false` or `--update=false` would rewrite a drifted client; ' +
            'so this run writes nothing, even under -u',
          { fix: `add the plugin to the Vitest config:\n\n${PLUGIN_SNIPPET}` },
        ),
      );
    });
  }
  const first = contractTestFiles(context.root)[0];
  if (context.testFile === undefined || first === undefined || path.resolve(first) !== path.resolve(context.testFile)) return;
  test(EVERY_CLIENT_TEST, async () => {
    const problems = (await checkContractTests({ root: context.root })).filter((problem) => problem.problem === 'no contract test' || problem.problem === 'not a contract test');
    if (problems.length === 0) return;
    throw asFailure(new ConfigError(`clients that no contract test checks:\n${describeContractProblems(problems)}`));
  });
}

function asFailure(error: DriftError): Error {
  const failure = new Error(error.describe());
  failure.name = error.name;
  failure.stack = `${failure.name}: ${failure.message}`;
  return failure;
}

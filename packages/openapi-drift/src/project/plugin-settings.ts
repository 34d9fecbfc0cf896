// What the plugin (in Vitest's main process) tells the contract tests (in its workers), through
// Vitest's `provide`/`inject`. A contract test that finds nothing here runs in a config without the
// plugin, where Vitest may never run it, or run it in update mode by accident.
export const PLUGIN_NAME = 'openapi-drift';
/** The Vitest project the plugin adds for the contract tests when the config's projects do not collect them. */
export const CONTRACT_PROJECT = 'openapi-drift';
/** The glob of the contract tests, added to `test.include` when the config lists its own. */
export const CONTRACT_TESTS_GLOB = 'contract-tests/**/*.test.ts';
// Stryker disable next-line StringLiteral: equivalent, the one key the plugin provides under and the contract tests inject by
export const PROVIDED_KEY = 'openapiDrift';

export interface ProvidedSettings {
  /** The repository root, as the plugin knows it. */
  root: string;
  /** Set when Vitest's update mode came from a value that is not an update (see update-mode.ts). */
  refusedUpdate?: string;
  /** Set when a compact reporter (`agent`, `minimal`) runs: a drifted file's failure is its file, cause and fix, without the diff. */
  compactFailures?: boolean;
}

/** Set by `init` and `add` when they ask Vitest (`vitest list`) about the config: the plugin then says it is there. */
export const PLUGIN_PROBE = 'OPENAPI_DRIFT_PLUGIN_PROBE';
export const PLUGIN_PROBE_ANSWER = 'openapi-drift: the plugin is in the Vitest config';

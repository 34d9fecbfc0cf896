// The one value `openapi-drift/plugin` hands to the contract tests: whether Vitest runs a compact
// reporter (`agent`, `minimal`), which a test cannot see for itself. Free of Vitest imports, so the
// plugin can load it while Vitest reads its config.

export const COMPACT_FAILURES_KEY = 'openapiDrift:compactFailures';

declare module 'vitest' {
  export interface ProvidedContext {
    'openapiDrift:compactFailures': boolean;
  }
}

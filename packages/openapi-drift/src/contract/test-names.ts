// Names of contract tests that code outside Vitest looks up in a report (the CI report reads
// Vitest's JSON); kept free of Vitest imports.

/** The test that type-checks the regenerated client. */
export const TYPE_CHECK_TEST = 'type-checks';

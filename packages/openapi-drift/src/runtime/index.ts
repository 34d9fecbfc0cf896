// `openapi-drift/runtime`: drift seen on real traffic. Runs in browsers and on servers alike, so
// nothing under runtime/ imports a Node module (a test bundles it for the browser to prove it).
export { watchDrift, DEFAULTS } from './watch-drift.ts';
export type { BodyValidate, DriftFinding, DriftFindingKind, DriftInterceptor, InterceptedOptions, OperationValidators, ValidatorError, WatchDriftOptions } from './types.ts';

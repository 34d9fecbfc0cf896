// The public surface of openapi-drift: the library behind the commands. The Vitest side is
// `openapi-drift/vitest` (the contract suite) and `openapi-drift/plugin` (the config plugin).
export { addClient } from './lifecycle/add.ts';
export type { AddOptions, AddResult } from './lifecycle/add.ts';
export { changelogBetween, diffOpenApi, formatChangelog } from './changelog/index.ts';
export type { ApiChange, ApiChangelog, ChangeLevel } from './changelog/index.ts';
export { liveClient } from './lifecycle/live.ts';
export type { LiveResult, LiveStatus } from './lifecycle/live.ts';
export { refreshClients } from './lifecycle/refresh.ts';
export type { RefreshOptions, RefreshOutcome } from './lifecycle/refresh.ts';
export { syncClient } from './lifecycle/sync.ts';
export type { SyncResult } from './lifecycle/sync.ts';
export { canonicalize, parseDocument, serializeCanonical, SnapshotParseError } from './snapshot/canonicalize.ts';
export type { JsonValue, ParsedDocument } from './snapshot/canonicalize.ts';
export { checkClient, updateCommand } from './contract/check.ts';
export type { ClientCheck } from './contract/check.ts';
export { checkContractTests, contractTestSource, describeContractProblems, writeContractTests } from './project/contract-tests.ts';
export type { ContractProblem, ContractsResult } from './project/contract-tests.ts';
export { findClients, listClients } from './project/clients.ts';
export type { ClientEntry, ProjectConfig, ProjectLayout } from './project/clients.ts';
export { describeFileDrift, unifiedDiff } from './compare/drift-report.ts';
export * from './core/errors.ts';
export { regenerate } from './regenerate/regenerate.ts';
export type { Regeneration, RegenerateOptions } from './regenerate/regenerate.ts';
export { compareTrees, readTree, summarize } from './compare/tree.ts';
export type { DriftSummary, FileComparison, FileStatus } from './compare/tree.ts';
export { applyComparisons } from './update/update.ts';

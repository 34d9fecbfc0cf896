// The public surface of openapi-drift.
export { canonicalize, parseDocument, serializeCanonical, SnapshotParseError } from './canonicalize.ts';
export type { JsonValue, ParsedDocument } from './canonicalize.ts';
export { checkClient, updateCommand } from './check.ts';
export type { ClientCheck } from './check.ts';
export { describeClientContract } from './contract-suite.ts';
export type { ContractOptions } from './contract-suite.ts';
export { checkContractTests, contractTestSource, describeContractProblems, listClients, writeContractTests } from './contracts.ts';
export type { ContractProblem, ContractsResult, ProjectLayout } from './contracts.ts';
export { describeFileDrift, unifiedDiff } from './drift-report.ts';
export * from './errors.ts';
export { regenerate } from './regenerate.ts';
export type { Regeneration, RegenerateOptions } from './regenerate.ts';
export { compareTrees, readTree, summarize } from './tree.ts';
export type { DriftSummary, FileComparison, FileStatus } from './tree.ts';
export { applyComparisons } from './update.ts';

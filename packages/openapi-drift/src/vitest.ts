// `openapi-drift/vitest`: what a contract test file imports. Loaded inside Vitest only.
export { describeClientContract } from './contract/contract-suite.ts';
export type { ContractOptions } from './contract/contract-suite.ts';

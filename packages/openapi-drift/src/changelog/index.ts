export type { ApiChange, ApiChangelog, ChangeLevel, ChangelogFormat, ChangelogSummary, FormatOptions, OperationRef } from './types.ts';
export { diffOpenApi } from './diff-openapi.ts';
export { formatChangelog } from './format-changelog.ts';
export { changelogBetween } from './compare-texts.ts';

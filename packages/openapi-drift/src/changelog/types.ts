/** Public result types of the OpenAPI semantic diff. */

export type ChangeLevel = 'breaking' | 'warning' | 'info';

export interface OperationRef {
  method: string;
  path: string;
}

export interface ApiChange {
  /** Stable for the same change in the same documents; unique within one changelog. */
  id: string;
  level: ChangeLevel;
  kind: string;
  /** Lower-case HTTP method of the operation the change belongs to. */
  method?: string;
  /** OpenAPI path template of the operation the change belongs to. */
  path?: string;
  /** Component schema the change was found in. */
  schema?: string;
  location?: string;
  message: string;
  /**
   * For a change inside a component schema: whether the operations listed send the schema
   * (request, including parameters) or receive it (response). A schema used both ways gives
   * one change per direction, each with the level and message of its reading.
   */
  direction?: 'request' | 'response';
  /** For a change inside a component schema: every operation that uses it in `direction`. */
  operations?: OperationRef[];
}

export interface ChangelogSummary {
  breaking: number;
  warning: number;
  info: number;
  operationsAdded: number;
  operationsRemoved: number;
}

export interface ApiChangelog {
  changes: ApiChange[];
  summary: ChangelogSummary;
}

export type ChangelogFormat = 'text' | 'markdown' | 'json';

export interface FormatOptions {
  /** Cap on listed changes for text and markdown; the rest are counted in one closing line. */
  maxChanges?: number;
}

// Is this run an update? A contract test writes the committed tree only when the team asked for it:
// `-u`, `--update`, `--update=all`, `UPDATE_SNAPSHOT=all`, or the editor's update button (which sets
// the mode inside Vitest while it runs). Vitest resolves the mode as `update || UPDATE_SNAPSHOT` and
// reads every value but `all`, `new` and `none` as `all`: `UPDATE_SNAPSHOT=false`, `=0`, `=no` and
// `--update=false` would rewrite a drifted tree and pass. Those spellings say "do not update", so
// they are read as `none`.
export type SnapshotUpdateMode = 'all' | 'new' | 'none';

export interface UpdateModeSources {
  /** Vitest's `--update` as the command line gave it (`config.cliOptions.update`): true, a string, or undefined. */
  cli: unknown;
  /** `UPDATE_SNAPSHOT` from the environment. */
  env: string | undefined;
  /** The mode Vitest resolved from them. */
  resolved: SnapshotUpdateMode;
}

export interface UpdateModeDecision {
  mode: SnapshotUpdateMode;
  /** Set when Vitest's `all` came from a value that is not an update, naming that value. */
  refused?: string;
}

const MODES = new Set(['all', 'new', 'none']);

/** The value that made Vitest resolve `all`, when it is not one of the explicit spellings of an update. */
export function accidentalUpdate(sources: Pick<UpdateModeSources, 'cli' | 'env'>): string | undefined {
  const { cli, env } = sources;
  if (cli === true || cli === 'all') return undefined;
  if (cli !== undefined && cli !== false && cli !== '') return MODES.has(String(cli)) ? undefined : `--update=${String(cli)}`;
  if (env === undefined || env === '') return undefined;
  return MODES.has(env) ? undefined : `UPDATE_SNAPSHOT=${env}`;
}

/** The mode the run really asked for. */
export function decideUpdateMode(sources: UpdateModeSources): UpdateModeDecision {
  if (sources.resolved !== 'all') return { mode: sources.resolved };
  const refused = accidentalUpdate(sources);
  return refused === undefined ? { mode: 'all' } : { mode: 'none', refused };
}

/** Said once per run when an accidental update is refused. */
export function refusedUpdateMessage(refused: string): string {
  return `openapi-drift: ${refused} is not an update: Vitest would read it as "update every snapshot" and rewrite drifted clients; snapshots are checked without writing instead (mode "none"). To accept a regeneration, run vitest with -u.`;
}

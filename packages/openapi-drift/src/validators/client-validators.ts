// Adds a client's runtime validators to its regeneration, when its openapi-drift.json asks for
// them (`"runtime": { "validators": true }`). They become one more generated file of the tree, so
// that everything that judges and writes the tree (the contract tests, `check`, `sync`, `add`,
// `-u`) treats a stale validator as drift, like any other generated file, and turning the setting
// off makes the file obsolete.
//
// The file lies beside hey-api's output folder, in a companion folder of openapi-drift's own
// (`src/client` -> `src/client-drift/validators.gen.ts`): hey-api empties its output folder on
// every run, so a team's own `npx openapi-ts` must not remove it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, DriftError } from '../core/errors.ts';
import { companionKey } from '../compare/tree.ts';
import { sha256 } from '../core/hash.ts';
import { readRuntimeSetting } from '../project/client-record.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { toPlainJson } from '../snapshot/json-tree.ts';
import { parseSnapshotText } from '../snapshot/snapshot.ts';
import { validatorSource } from './validator-source.ts';

/** The validators' file name, inside the companion folder. */
export const VALIDATORS_FILE = 'validators.gen.ts';

/** openapi-drift's own folder beside hey-api's output folder: `src/client` -> `src/client-drift`. */
export function companionFolder(outputDir: string): string {
  return path.join(path.dirname(outputDir), `${path.basename(outputDir)}-drift`);
}

export interface ValidatorOptions {
  /** Paths in messages are shown relative to this folder. Default: the current directory. */
  displayRoot?: string;
  /** The file the regeneration was generated from instead of the snapshot (`sync`'s fetched document). */
  inputOverride?: string;
}

/** The regeneration with the validators among its files, or as it is when the client does not ask for them. */
export async function withRuntimeValidators(regeneration: Regeneration, options: ValidatorOptions = {}): Promise<Regeneration> {
  const displayRoot = options.displayRoot ?? process.cwd();
  const shown = (file: string) => path.relative(displayRoot, file).split(path.sep).join('/');
  const companion = companionFolder(regeneration.outputDir);
  const insideClient = path.relative(regeneration.clientDir, companion).split(path.sep)[0] !== '..';
  // Read even when the setting is off: validators left from before are then obsolete, and -u removes them.
  const withCompanion = { ...regeneration, companionDirs: insideClient ? [companion] : [] };
  if (!(await readRuntimeSetting(regeneration.clientDir, shown(regeneration.clientDir)))) return withCompanion;
  if (!insideClient) {
    throw new ConfigError(`${shown(regeneration.clientDir)}: the runtime validators go beside hey-api's output folder (${shown(companion)}), which lies outside the client folder`, {
      file: shown(path.join(regeneration.clientDir, 'openapi-drift.json')),
      fix: "give hey-api's output a folder inside the client folder (output: 'src/client' in openapi-ts.config.ts), or turn \"runtime\": { \"validators\" } off",
    });
  }
  const source = options.inputOverride ?? regeneration.snapshotFile;
  const shownSnapshot = shown(regeneration.snapshotFile);
  const text = await fs.readFile(source, 'utf8');
  // The validators must describe the document the rest of the tree was generated from.
  if (sha256(text) !== regeneration.inputs.snapshot) {
    throw new DriftError(`${shownSnapshot} changed while the client was being checked; nothing was compared or written`, { file: shownSnapshot, fix: 'run the command again' });
  }
  const document = toPlainJson(parseSnapshotText(text, shownSnapshot).value) as Record<string, unknown>;
  const key = companionKey(regeneration.outputDir, companion, VALIDATORS_FILE);
  const entries: Array<[string, string]> = [...regeneration.files, [key, validatorSource(document, shownSnapshot)]];
  const files = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...withCompanion, files };
}

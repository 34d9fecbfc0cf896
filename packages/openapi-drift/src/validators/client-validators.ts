// Adds a client's runtime validators to its regeneration, when its openapi-drift.json asks for
// them (`"runtime": { "validators": true }`). They become one more generated file of the tree, so
// that everything that judges and writes the tree (the contract tests, `check`, `sync`, `add`,
// `-u`) treats a stale validator as drift, like any other generated file, and turning the setting
// off makes the file obsolete.
//
// The file lies inside the output folder, at drift/validators.gen.ts: the committed tree is the one
// folder openapi-drift compares and writes. Running hey-api by hand (which empties that folder)
// removes it, and the contract test then names it missing, with the command that writes it back.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { readRuntimeSetting } from '../project/client-record.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { toPlainJson } from '../snapshot/json-tree.ts';
import { parseSnapshotText } from '../snapshot/snapshot.ts';
import { validatorSource } from './validator-source.ts';

/** Where the validators are written, relative to the client's output folder. */
export const VALIDATORS_FILE = 'drift/validators.gen.ts';

export interface ValidatorOptions {
  /** Paths in messages are shown relative to this folder. Default: the current directory. */
  displayRoot?: string;
  /** The file the regeneration was generated from instead of the snapshot (`sync`'s fetched document). */
  inputOverride?: string;
}

/** The regeneration with the validators among its files, or as it is when the client does not ask for them. */
export async function withRuntimeValidators(regeneration: Regeneration, options: ValidatorOptions = {}): Promise<Regeneration> {
  const displayRoot = options.displayRoot ?? process.cwd();
  if (!(await readRuntimeSetting(regeneration.clientDir, path.relative(displayRoot, regeneration.clientDir)))) return regeneration;
  const source = options.inputOverride ?? regeneration.snapshotFile;
  const shownSnapshot = path.relative(displayRoot, regeneration.snapshotFile).split(path.sep).join('/');
  const text = await fs.readFile(source, 'utf8');
  // The validators must describe the document the rest of the tree was generated from.
  if (sha256(text) !== regeneration.inputs.snapshot) {
    throw new DriftError(`${shownSnapshot} changed while the client was being checked; nothing was compared or written`, { file: shownSnapshot, fix: 'run the command again' });
  }
  const document = toPlainJson(parseSnapshotText(text, shownSnapshot).value) as Record<string, unknown>;
  const entries: Array<[string, string]> = [...regeneration.files, [VALIDATORS_FILE, validatorSource(document, shownSnapshot)]];
  const files = new Map(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { ...regeneration, files };
}

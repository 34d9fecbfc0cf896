// `overlay <client> --from-edit`: the way out of hand-edited snapshots. The difference between the
// upstream (with the client's overlays applied) and the hand-edited snapshot becomes a new overlay
// file, listed last in openapi-drift.json, that reproduces the edit byte for byte in canonical form;
// from then on `sync` keeps the edit. Without a committed upstream (a client that never had
// overlays) the upstream is fetched from the client's source and committed beside the snapshot.
import fs from 'node:fs/promises';
import path from 'node:path';
import jsonc from 'jsonc-parser';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { ConfigError } from '../core/errors.ts';
import { actionsFromEdit, overlayDocument, parseUpstream, patchUpstream, reproducesEdit, serializeOverlay, upstreamFileFor } from '../overlay/index.ts';
import { SOURCE_FILE } from '../project/client-record.ts';
import { parseSnapshotText } from '../snapshot/snapshot.ts';
import { withClientLock } from '../update/lock.ts';
import { fetchSpec } from './fetch-spec.ts';
import { prepareClient, type LiveOptions } from './live.ts';

export interface FromEditOptions extends LiveOptions {
  /** Where to write the overlay, relative to the client folder. Default: `patches/<snapshot name>-edits.overlay.yaml`. */
  out?: string;
}

export interface FromEditResult {
  /** Absolute path of the overlay written; absent when the snapshot had no edit. */
  overlayFile?: string;
  actions: number;
  /** Set when the upstream was fetched (none was committed) and written beside the snapshot. */
  upstreamFetchedFrom?: string;
  upstreamFile: string;
}

export async function overlayFromEdit(clientDir: string, options: FromEditOptions): Promise<FromEditResult> {
  return withClientLock(clientDir, options.displayRoot, () => fromEditLocked(clientDir, options));
}

async function fromEditLocked(clientDir: string, options: FromEditOptions): Promise<FromEditResult> {
  const shown = (file: string) => path.relative(options.displayRoot, file).split(path.sep).join('/');
  const prepared = await prepareClient(clientDir, options);
  const snapshotFile = prepared.layout.snapshotFile;
  const upstreamFile = prepared.overlays?.upstreamFile ?? upstreamFileFor(snapshotFile);
  const fetched = prepared.overlays?.upstreamText === undefined ? await fetchSpec(prepared.source, prepared.shownSource) : undefined;
  const upstream = fetched ? fetched.parsed.value : parseUpstream(prepared.overlays!);
  const existing = prepared.overlays?.overlays ?? [];
  const base = patchUpstream(upstream, existing, snapshotFile).document;
  const edited = parseSnapshotText(prepared.snapshotText, shown(snapshotFile)).value;
  const actions = actionsFromEdit(base, edited);
  if (actions.length === 0) return { actions: 0, upstreamFile };

  const relativeOut = (options.out ?? `patches/${path.basename(snapshotFile, path.extname(snapshotFile))}-edits.overlay.yaml`).split(path.sep).join('/');
  if (path.isAbsolute(relativeOut)) throw new ConfigError(`--out ${relativeOut}: give the overlay's path relative to the client folder`, { fix: '--out patches/<name>.overlay.yaml' });
  const overlayFile = path.resolve(clientDir, relativeOut);
  const shownOut = shown(overlayFile);
  // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false
  if (await fs.lstat(overlayFile).then(() => true, () => false)) {
    throw new ConfigError(`${shownOut} already exists; nothing was written`, { file: shownOut, fix: 'choose another file with --out <file>' });
  }
  const text = serializeOverlay(overlayDocument(`Hand edits of ${shown(snapshotFile)}`, actions), overlayFile);
  if (!reproducesEdit(text, shownOut, base, edited)) {
    throw new ConfigError(`${shownOut}: the edit holds a value that YAML would write differently (a number such as 1.50), so a YAML overlay would not reproduce it exactly; nothing was written`, {
      file: shownOut,
      fix: `write a JSON overlay: --out ${relativeOut.replace(/\.ya?ml$/i, '')}.json`,
    });
  }

  const configFile = path.join(clientDir, SOURCE_FILE);
  const configText = await fs.readFile(configFile, 'utf8');
  const listed = [...(JSON.parse(configText) as { overlays?: string[] }).overlays ?? [], relativeOut];
  // Stryker disable next-line StringLiteral: equivalent, jsonc-parser takes the line break from the text, else '\n'
  const edits = jsonc.modify(configText, ['overlays'], listed, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  // The upstream first: written alone it changes nothing (no overlay lists it yet), whereas an
  // overlay written alone would make the next attempt refuse its file.
  if (fetched) await writeFileAtomic(upstreamFile, fetched.canonical, { label: 'upstream', shown: shown(upstreamFile) });
  await fs.mkdir(path.dirname(overlayFile), { recursive: true });
  await writeFileAtomic(overlayFile, text, { label: 'overlay', shown: shownOut });
  await writeFileAtomic(configFile, jsonc.applyEdits(configText, edits), { label: 'source', shown: shown(configFile) });
  return { overlayFile, actions: actions.length, upstreamFile, ...(fetched ? { upstreamFetchedFrom: prepared.shownSource } : {}) };
}

// A client's overlays and its upstream document. A client with overlays commits two documents: the
// upstream as fetched (canonical JSON, `openapi.upstream.json` beside the snapshot: what the service
// publishes) and the patched snapshot that its hey-api config reads (what the generator and the
// contract tests see). The patched snapshot is always the overlays applied to the upstream.
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, SnapshotError } from '../core/errors.ts';
import { parseDocument, serializeCanonical, SnapshotParseError, type JsonValue } from '../snapshot/canonicalize.ts';
import { applyOverlays, normalizedPath, selectPaths, valueAt, type UnmatchedAction } from './apply-overlay.ts';
import { toYamlText, sameValue } from './from-edit.ts';
import { describeAction, parseOverlay, type Overlay } from './overlay-document.ts';

export interface ClientOverlays {
  overlays: Overlay[];
  /** The committed upstream document: `<snapshot name>.upstream.json` beside the snapshot. */
  upstreamFile: string;
  shownUpstream: string;
  /** Its text, when it is committed. */
  upstreamText?: string;
}

export interface PatchedSpec {
  document: JsonValue;
  /** The canonical JSON of the patched document. */
  canonical: string;
  /** The patched document in the snapshot's own format: canonical JSON, or YAML for a YAML snapshot. */
  snapshotText: string;
  unmatched: UnmatchedAction[];
}

/** `openapi.json` -> `openapi.upstream.json`; `spec/api.yaml` -> `spec/api.upstream.json`. */
export function upstreamFileFor(snapshotFile: string): string {
  const extension = path.extname(snapshotFile);
  return path.join(path.dirname(snapshotFile), `${path.basename(snapshotFile, extension)}.upstream.json`);
}

const shownPath = (displayRoot: string, file: string) => path.relative(displayRoot, file).split(path.sep).join('/');

/** Reads and parses the overlay files (relative to the client folder) and the committed upstream, if any. */
export async function loadClientOverlays(clientDir: string, snapshotFile: string, files: string[], displayRoot: string): Promise<ClientOverlays> {
  const overlays: Overlay[] = [];
  for (const file of files) {
    const absolute = path.resolve(clientDir, file);
    const shown = shownPath(displayRoot, absolute);
    let text: string;
    try {
      text = await fs.readFile(absolute, 'utf8');
    } catch (error) {
      throw new ConfigError(`${shown}: cannot read the overlay (${(error as NodeJS.ErrnoException).code ?? String(error)}), listed in ${shownPath(displayRoot, path.join(clientDir, 'openapi-drift.json'))}`, {
        file: shown,
        fix: 'create the file, or take it off "overlays"',
      });
    }
    overlays.push(parseOverlay(text, shown));
  }
  const upstreamFile = upstreamFileFor(snapshotFile);
  const upstreamText = await fs.readFile(upstreamFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new SnapshotError(`${shownPath(displayRoot, upstreamFile)}: cannot read the upstream document (${error.code ?? String(error)})`, { file: shownPath(displayRoot, upstreamFile) });
  });
  return { overlays, upstreamFile, shownUpstream: shownPath(displayRoot, upstreamFile), ...(upstreamText === undefined ? {} : { upstreamText }) };
}

/** Parses the committed upstream document. */
export function parseUpstream(client: ClientOverlays): JsonValue {
  try {
    return parseDocument(client.upstreamText ?? '', { file: client.shownUpstream, format: 'json' }).value;
  } catch (error) {
    if (error instanceof SnapshotParseError) throw new SnapshotError(error.message, { file: client.shownUpstream, cause: error });
    throw error;
  }
}

/** The overlays applied to `upstream`, as the snapshot at `snapshotFile` holds it. */
export function patchUpstream(upstream: JsonValue, overlays: Overlay[], snapshotFile: string, options: { strict?: boolean } = {}): PatchedSpec {
  const { document, unmatched } = applyOverlays(upstream, overlays, options);
  const canonical = serializeCanonical(document);
  return { document, canonical, snapshotText: /\.ya?ml$/i.test(snapshotFile) ? yamlSnapshotText(document, canonical) : canonical, unmatched };
}

/**
 * YAML for a YAML snapshot. Where YAML would read a value back differently (a number such as 1.50
 * becomes 1.5), the canonical JSON is written instead: JSON is YAML, and it keeps every number.
 */
function yamlSnapshotText(document: JsonValue, canonical: string): string {
  const yaml = toYamlText(document);
  try {
    if (serializeCanonical(parseDocument(yaml, { format: 'yaml' }).value) === canonical) return yaml;
  } catch (error) {
    if (!(error instanceof SnapshotParseError)) throw error;
  }
  return canonical;
}

/**
 * Where an upstream change meets an overlay: each node an action selects, in the previous upstream
 * or the new one, whose upstream value changed. The team should check that the patch still fits.
 */
export function upstreamTouches(previous: JsonValue | undefined, next: JsonValue, overlays: Overlay[]): string[] {
  if (previous === undefined) return [];
  const lines: string[] = [];
  for (const overlay of overlays) {
    for (const action of overlay.actions) {
      const seen = new Set<string>();
      for (const location of [...selectPaths(action, previous), ...selectPaths(action, next)]) {
        const key = JSON.stringify(location);
        if (seen.has(key)) continue;
        seen.add(key);
        const before = valueAt(previous, location);
        const after = valueAt(next, location);
        if (before !== undefined && after !== undefined && sameValue(before, after)) continue;
        const what = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
        lines.push(`the upstream ${what} ${normalizedPath(location)}, which ${describeAction(overlay, action)} patches`);
      }
    }
  }
  return lines;
}

// The contract suite's overlay test, for a client whose openapi-drift.json lists overlays: the
// committed snapshot must be exactly its overlays applied to the committed upstream document. A
// hand edit of the snapshot fails here (the next sync would silently drop it), with the fix: move
// it into an overlay. An overlay action that selects nothing is printed as a warning.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { expect, test } from 'vitest';
import { DriftError } from '../core/errors.ts';
import { loadClientOverlays, parseUpstream, patchUpstream } from '../overlay/index.ts';
import { readOverlayListSync } from '../project/client-record.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { serializeCanonical } from '../snapshot/canonicalize.ts';
import { parseSnapshotText } from '../snapshot/snapshot.ts';

export interface OverlayTestContext {
  clientDir: string;
  regeneration: Regeneration;
  displayRoot: string;
  asTestFailure: (error: unknown) => Error;
}

const MAX_DIFF_LINES = 60;

export function declareOverlayTest(context: OverlayTestContext): void {
  const { clientDir, regeneration, displayRoot } = context;
  const shown = (file: string) => path.relative(displayRoot, file).split(path.sep).join('/');
  let files: string[];
  try {
    files = readOverlayListSync(clientDir, shown(clientDir));
  } catch {
    // An unreadable openapi-drift.json fails the type-check test, which reads it too.
    return;
  }
  if (files.length === 0) return;
  const name = path.basename(clientDir);
  const snapshotName = path.relative(clientDir, regeneration.snapshotFile).split(path.sep).join('/');
  test(`${snapshotName} is its overlays applied to the upstream`, async () => {
    try {
      const client = await loadClientOverlays(clientDir, regeneration.snapshotFile, files, displayRoot);
      if (client.upstreamText === undefined) {
        throw new DriftError(`${client.shownUpstream} is missing: a client with overlays commits the upstream document beside its snapshot`, {
          file: client.shownUpstream,
          fix: `npx openapi-drift sync ${name}`,
        });
      }
      const patched = patchUpstream(parseUpstream(client), client.overlays, regeneration.snapshotFile);
      for (const action of patched.unmatched) {
        console.warn(`${shown(clientDir)}: warning: ${action.shown} selects nothing in ${client.shownUpstream}; the upstream may have fixed or renamed what it patches`);
      }
      const shownSnapshot = shown(regeneration.snapshotFile);
      const committed = serializeCanonical(parseSnapshotText(await fs.readFile(regeneration.snapshotFile, 'utf8'), shownSnapshot).value);
      if (committed === patched.canonical) {
        expect(committed).toBe(patched.canonical);
        return;
      }
      const diff = createTwoFilesPatch(`${client.shownUpstream} + overlays`, shownSnapshot, patched.canonical, committed, undefined, undefined, { context: 2 }).split('\n').slice(1);
      const shownDiff = diff.length > MAX_DIFF_LINES ? [...diff.slice(0, MAX_DIFF_LINES), `... ${diff.length - MAX_DIFF_LINES} more lines`] : diff;
      throw new DriftError(
        `${shownSnapshot} is not its overlays applied to ${client.shownUpstream}: it was edited by hand, and the next sync would drop the edit.\n${shownDiff.join('\n')}`,
        {
          file: shownSnapshot,
          fix: `move the edit into an overlay: npx openapi-drift overlay ${name} --from-edit (if an overlay file was changed instead, npx openapi-drift sync ${name} applies it)`,
        },
      );
    } catch (error) {
      throw context.asTestFailure(error);
    }
  });
}

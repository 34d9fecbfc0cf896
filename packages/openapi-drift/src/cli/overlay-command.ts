// `overlay <name> --from-edit`: turn a hand edit of a client's snapshot into an overlay file.
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { overlayFromEdit } from '../lifecycle/overlay-from-edit.ts';
import { booleanOption, ROOT_OPTION, stringOption, TIMEOUT_OPTION, type Command } from './command.ts';
import { EXIT, rootOf, selectClients, timeoutOf } from './options.ts';

export const overlayCommand: Command = {
  name: 'overlay',
  usage: 'overlay <name> --from-edit [--out <file>]',
  summary: "turn a hand edit of a client's snapshot into an overlay that every sync applies",
  details:
    'Compares the snapshot with the upstream document (the committed openapi.upstream.json, else fetched from the source) with the existing overlays applied, ' +
    'writes the difference as an Overlay 1.0 file that reproduces the edit exactly, and lists it last in openapi-drift.json. See docs/overlays.md.\n' +
    'Exit codes: 0 written (or no edit found), 2 error (nothing written), 3 source unavailable.',
  options: {
    'from-edit': { type: 'boolean', description: 'make the overlay from the difference between the upstream and the edited snapshot' },
    out: { type: 'string', value: '<file>', description: 'the overlay to write, relative to the client folder (default: patches/<snapshot name>-edits.overlay.yaml; .json writes JSON)' },
    root: ROOT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    if (!booleanOption(args, 'from-edit')) throw new DriftError('overlay needs --from-edit', { fix: 'npx openapi-drift overlay <name> --from-edit' });
    if (args.positionals.length !== 1) throw new DriftError('overlay takes exactly one client name', { fix: 'npx openapi-drift overlay <name> --from-edit' });
    const [client] = await selectClients(rootOf(args, io), args.positionals);
    const { name, dir } = client!;
    const out = stringOption(args, 'out');
    const result = await overlayFromEdit(dir, { displayRoot: io.cwd, timeoutMs: timeoutOf(args), ...(out ? { out } : {}) });
    const shown = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/');
    if (!result.overlayFile) {
      io.stdout(`${name}: no hand edit: the snapshot is its overlays applied to the upstream; nothing written\n`);
      return EXIT.ok;
    }
    io.stdout(`${name}: wrote ${shown(result.overlayFile)} (${result.actions} action${result.actions === 1 ? '' : 's'}) and listed it in ${shown(path.join(dir, 'openapi-drift.json'))}\n`);
    if (result.upstreamFetchedFrom) {
      io.stdout(
        `  upstream: fetched from ${result.upstreamFetchedFrom} and written to ${shown(result.upstreamFile)}; the overlay holds every difference between it and the snapshot, ` +
          'so check that it holds only your edits\n',
      );
    }
    return EXIT.ok;
  },
};

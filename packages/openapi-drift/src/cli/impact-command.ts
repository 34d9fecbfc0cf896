// `impact <client> [--spec <file|url>] [--format text|markdown|json]`: which call sites of this
// repository a new version of a client's spec breaks. Without --spec, the client's live source.
import { commandFor } from '../core/package-manager.ts';
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { formatImpact } from '../impact/format-impact.ts';
import { impactOfDocument } from '../impact/spec-impact.ts';
import { fetchSpec } from '../lifecycle/fetch-spec.ts';
import { prepareClient } from '../lifecycle/live.ts';
import { isUrl, resolveSource } from '../project/client-record.ts';
import { choice, ROOT_OPTION, stringOption, TIMEOUT_OPTION, type Command } from './command.ts';
import { EXIT, rootOf, selectClients, timeoutOf } from './options.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;

export const impactCommand: Command = {
  name: 'impact',
  usage: 'impact <client> [--spec <file|url>] [options]',
  summary: "which call sites of this repository a new version of a client's spec breaks (default: its live source)",
  details: 'Regenerates the client in memory from the new document and type-checks the files that import it, before and after. Nothing is written.\nExit codes: 0 no new errors, 1 new errors, 2 error.',
  options: {
    spec: { type: 'string', value: '<file|url>', description: "the new document (default: the client's live source)" },
    format: { type: 'string', value: '<text|markdown|json>', description: 'output format (default: text)' },
    root: ROOT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new DriftError('impact takes one client name', { fix: commandFor(io.cwd, { tool: 'openapi-drift', args: ['impact', '<client>', '[--spec <file|url>]'] }) });
    const format = choice(args, 'format', FORMATS, 'text');
    const root = rootOf(args, io);
    const [client] = await selectClients(root, args.positionals);
    if (!client) throw new DriftError(`no client named ${args.positionals[0]}`);
    const timeoutMs = timeoutOf(args);
    const spec = stringOption(args, 'spec');
    let fetched;
    let layout;
    if (spec === undefined) {
      // The client's live source, fetched as `live` fetches it.
      const prepared = await prepareClient(client.dir, { displayRoot: io.cwd, timeoutMs });
      layout = prepared.layout;
      fetched = await fetchSpec(prepared.source, prepared.shownSource);
    } else {
      // --spec is read as a source would be: bounded, and refused when it is not a spec.
      const location = isUrl(spec) ? spec : path.resolve(io.cwd, spec);
      fetched = await fetchSpec(resolveSource({ source: location }, client.dir, client.shown, { timeoutMs }), spec);
    }
    const report = await impactOfDocument(client.dir, fetched.canonical, { root, displayRoot: io.cwd, timeoutMs, layout });
    io.stdout(formatImpact(report, format, io.cwd));
    return report.newErrors > 0 ? EXIT.drift : EXIT.ok;
  },
};

// `impact <client> [--spec <file|url>] [--format text|markdown|json]`: which call sites of this
// repository a new version of a client's spec breaks. Without --spec, the client's live source.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DriftError } from '../core/errors.ts';
import { fetchSpec } from '../lifecycle/fetch-spec.ts';
import { prepareClient } from '../lifecycle/live.ts';
import { isUrl, resolveSource } from '../lifecycle/source.ts';
import { formatImpact, type ImpactFormat } from '../impact/format-impact.ts';
import { impactOfDocument } from '../impact/spec-impact.ts';
import { EXIT, rootOf, selectClients, timeoutOf, type CliIo } from './options.ts';

const FORMATS = ['text', 'markdown', 'json'];

export async function impactCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: 'string' }, timeout: { type: 'string' }, spec: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (positionals.length !== 1) throw new DriftError('impact takes one client name', { fix: 'npx openapi-drift impact <client> [--spec <file|url>]' });
  if (!FORMATS.includes(values.format)) throw new DriftError(`--format must be one of ${FORMATS.join(', ')}`);
  const root = rootOf(values, io);
  const [client] = await selectClients(root, positionals);
  if (!client) throw new DriftError(`no client named ${positionals[0]}`);
  const timeoutMs = timeoutOf(values);
  let fetched;
  let layout;
  if (values.spec === undefined) {
    // The client's live source, fetched as `live` fetches it.
    const prepared = await prepareClient(client.dir, { displayRoot: io.cwd, timeoutMs });
    layout = prepared.layout;
    fetched = await fetchSpec(prepared.source, prepared.shownSource);
  } else {
    // --spec is read as a source would be: bounded, and refused when it is not a spec.
    const location = isUrl(values.spec) ? values.spec : path.resolve(io.cwd, values.spec);
    fetched = await fetchSpec(resolveSource({ source: location }, client.dir, client.shown, { timeoutMs }), values.spec);
  }
  const report = await impactOfDocument(client.dir, fetched.canonical, { root, displayRoot: io.cwd, timeoutMs, layout });
  io.stdout(formatImpact(report, values.format as ImpactFormat, io.cwd));
  return report.newErrors > 0 ? EXIT.drift : EXIT.ok;
}

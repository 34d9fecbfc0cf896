// `refresh [names...] [--dry-run]`: the scheduled job's logic (see .github/workflows/live-drift.yml).
import { parseArgs } from 'node:util';
import { rootOf, selectClients, timeoutOf, type CliIo } from './options.ts';
import { refreshClients } from '../lifecycle/refresh.ts';

export async function refreshCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      timeout: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      base: { type: 'string', default: 'main' },
      remote: { type: 'string', default: 'origin' },
      gh: { type: 'string', default: process.env.OPENAPI_DRIFT_GH ?? 'gh' },
    },
  });
  const root = rootOf(values, io);
  const outcomes = await refreshClients({
    root,
    clients: await selectClients(root, positionals),
    dryRun: values['dry-run'],
    base: values.base,
    remote: values.remote,
    gh: values.gh,
    timeoutMs: timeoutOf(values),
    log: (line) => io.stdout(`${line}\n`),
  });
  // Unreachable sources are reported but do not fail the scheduled job; errors do.
  return outcomes.some((outcome) => outcome.action === 'error') ? 2 : 0;
}

// `canary [names...]`: call the operations listed in each client's canary section and check the
// answers against the committed snapshot (see src/canary/).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CANARY_EXIT, formatCanaryReport, runCanary, worstCanaryStatus, type CanaryFormat, type CanaryResult } from './canary/index.ts';
import { rootOf, selectClients, timeoutOf, type CliIo } from './cli-options.ts';
import { ConfigError, DriftError, indent } from './errors.ts';
import { SOURCE_FILE } from './source.ts';

const FORMATS = ['text', 'markdown', 'json'];

export async function canaryCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: 'string' }, timeout: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (!FORMATS.includes(values.format)) throw new DriftError(`--format must be one of ${FORMATS.join(', ')}`);
  const root = rootOf(values, io);
  const names = await selectClients(root, positionals);
  const results = (await runCanary({ root, names, displayRoot: io.cwd, timeoutMs: timeoutOf(values) })).map((result) =>
    positionals.includes(result.name) ? requireSection(result, path.relative(io.cwd, path.join(root, 'clients', result.name, SOURCE_FILE))) : result,
  );
  io.stdout(formatCanaryReport(results, values.format as CanaryFormat));
  if (values.format === 'text') {
    for (const result of results) if (result.error) io.stderr(`${indent(result.error.describe())}\n`);
  }
  return CANARY_EXIT[worstCanaryStatus(results.map((result) => result.status))];
}

/** A client named on the command line must have something to call: silence would pass the check. */
function requireSection(result: CanaryResult, file: string): CanaryResult {
  if (result.status !== 'no-canary') return result;
  const error = new ConfigError(`${file} has no "canary" section, so there is nothing to call`, { file, fix: 'add one (see "Runtime canary" in the README), or leave the client out of the command' });
  return { ...result, status: 'error', error };
}

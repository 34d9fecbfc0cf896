// `canary [names...]`: call the operations listed in each client's canary section and check the
// answers against the committed snapshot (see src/canary/).
import path from 'node:path';
import { CANARY_EXIT, formatCanaryReport, runCanary, worstCanaryStatus, type CanaryResult } from '../canary/index.ts';
import { ConfigError, indent } from '../core/errors.ts';
import { SOURCE_FILE } from '../project/client-record.ts';
import { choice, ROOT_OPTION, type Command } from './command.ts';
import { rootOf, selectClients, timeoutOf } from './options.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;

export const canaryCommand: Command = {
  name: 'canary',
  usage: 'canary [names...] [options]',
  summary: "call the operations in each client's canary section and check the answers against the committed snapshot",
  details: 'Only GET and HEAD are sent unless an operation is marked "unsafe": true. Exit codes: 0 conforms, 1 mismatch, 2 configuration error, 3 service unreachable.',
  options: {
    format: { type: 'string', value: '<text|markdown|json>', description: 'output format (default: text)' },
    root: ROOT_OPTION,
    timeout: { type: 'string', value: '<seconds>', description: "how long each call may take (default: the section's timeoutSeconds, else 30)" },
  },
  async run(args, io) {
    const format = choice(args, 'format', FORMATS, 'text');
    const root = rootOf(args, io);
    const clients = await selectClients(root, args.positionals);
    const results = (await runCanary({ root, clients, displayRoot: io.cwd, timeoutMs: timeoutOf(args) })).map((result, index) =>
      args.positionals.includes(result.name) ? requireSection(result, path.relative(io.cwd, path.join(clients[index]?.dir ?? root, SOURCE_FILE))) : result,
    );
    io.stdout(formatCanaryReport(results, format));
    if (format === 'text') {
      for (const result of results) if (result.error) io.stderr(`${indent(result.error.describe())}\n`);
    }
    return CANARY_EXIT[worstCanaryStatus(results.map((result) => result.status))];
  },
};
/** A client named on the command line must have something to call: silence would pass the check. */
function requireSection(result: CanaryResult, file: string): CanaryResult {
  if (result.status !== 'no-canary') return result;
  const error = new ConfigError(`${file} has no "canary" section, so there is nothing to call`, { file, fix: 'add one (see docs/canary.md), or leave the client out of the command' });
  return { ...result, status: 'error', error };
}

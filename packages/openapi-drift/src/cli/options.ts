// What every command shares: the I/O it prints to, exit codes, and the common options.
import path from 'node:path';
import { assertNotLinked } from '../project/contract-tests.ts';
import { assertProjectRoot, findClients, type ClientEntry } from '../project/clients.ts';
import { DriftError } from '../core/errors.ts';
import { commandFor } from '../core/package-manager.ts';
import { millisecondsOf, parseUserNumber, SECONDS } from '../core/user-numbers.ts';
import { stringOption, type CliIo, type ParsedArguments } from './command.ts';

export type { CliIo } from './command.ts';

/** Exit codes, documented in the README's table of commands. */
export const EXIT = { ok: 0, drift: 1, error: 2, unreachable: 3 } as const;

export function rootOf(args: ParsedArguments, io: CliIo): string {
  return path.resolve(io.cwd, stringOption(args, 'root') ?? '.');
}

export function timeoutOf(args: ParsedArguments): number | undefined {
  const value = stringOption(args, 'timeout');
  if (value === undefined) return undefined;
  return millisecondsOf(parseUserNumber('--timeout', value, SECONDS));
}

/** Lists files by their path inside the client folder, as the contract tests name them. */
export function printFiles(io: CliIo, clientDir: string, outputDir: string, groups: Array<[string, string[]]>): void {
  const prefix = path.relative(clientDir, outputDir).split(path.sep).join('/');
  for (const [label, files] of groups) {
    for (const file of files) io.stdout(`  ${label.padEnd(8)} ${path.posix.join(prefix, file)}\n`);
  }
}

export function indentLines(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}

/** The clients a command works on: those named, or all. A linked client folder is refused by name. */
export async function selectClients(root: string, names: string[]): Promise<ClientEntry[]> {
  await assertProjectRoot({ root });
  const all = await findClients({ root });
  const known = all.map((client) => client.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new DriftError(`no client named ${unknown.join(', ')} in ${path.join(root, 'clients')} or openapi-drift.config.json`, {
      fix: all.length ? `known clients: ${known.join(', ')}` : `add one with \`${commandFor(root, { tool: 'openapi-drift', args: ['add', '<name>', '--from', '<url|file>'] })}\``,
    });
  }
  const selected = names.length ? all.filter((client) => names.includes(client.name)) : all;
  for (const client of selected) assertNotLinked(client);
  return selected;
}


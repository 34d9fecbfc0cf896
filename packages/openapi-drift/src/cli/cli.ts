// The command line: argv in, exit code out. Each command parses its flags, calls the library and
// prints; only bin.ts touches the process.
import { readFileSync } from 'node:fs';
import { DriftError } from '../core/errors.ts';
import { addCommand } from './add-command.ts';
import { canaryCommand } from './canary-command.ts';
import { canonicalizeCommand } from './canonicalize-command.ts';
import { changelogCommand } from './changelog-command.ts';
import { checkCommand } from './check-command.ts';
import { ciReportCommand } from './ci-report-command.ts';
import { didYouMean, runCommand, type Command } from './command.ts';
import { contractsCommand } from './contracts-command.ts';
import { diffCommand } from './diff-command.ts';
import { impactCommand } from './impact-command.ts';
import { initCommand } from './init-command.ts';
import { liveCommand } from './live-command.ts';
import { overlayCommand } from './overlay-command.ts';
import { EXIT, type CliIo } from './options.ts';
import { refreshCommand } from './refresh-command.ts';
import { syncCommand } from './sync-command.ts';

export type { CliIo } from './options.ts';

const COMMANDS: Command[] = [initCommand, addCommand, syncCommand, liveCommand, checkCommand, diffCommand, contractsCommand, changelogCommand, impactCommand, refreshCommand, canaryCommand, canonicalizeCommand, overlayCommand, ciReportCommand];

export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;
  return [
    'Usage: openapi-drift <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Run `openapi-drift <command> --help` for its options and exit codes.',
    '  --version  print the version',
    '  --help     show this help',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const close = didYouMean(name.replace(/^-+/, ''), COMMANDS.map((candidate) => candidate.name));
    io.stderr(`openapi-drift: unknown command '${name}'${close ? `; did you mean '${close}'?` : ''}\n\n${usage()}`);
    return EXIT.error;
  }
  try {
    return await runCommand(command, rest, io);
  } catch (error) {
    if (error instanceof DriftError) {
      io.stderr(`openapi-drift ${name}: ${error.describe()}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

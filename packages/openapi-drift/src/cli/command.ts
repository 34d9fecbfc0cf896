// What every command shares: its own --help, strict options with "did you mean" for a typo, and
// argv parsed in one place. A command is a description plus a function from parsed arguments to
// an exit code; only bin.ts touches the process.
import { commandFor } from '../core/package-manager.ts';
import { parseArgs } from 'node:util';
import { DriftError } from '../core/errors.ts';
/** Where a command prints, and the folder it runs in. */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout shows colour: a terminal, unless NO_COLOR; FORCE_COLOR decides either way. Default: no. */
  color?: boolean;
  /** Writes text whose outside content the command has already escaped, keeping its colour codes. */
  stdoutStyled?: (text: string) => void;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** One line for --help; the default is part of it. */
  description: string;
  /** Shown after the option name in --help, e.g. `<url|file>`. */
  value?: string;
}

export interface ParsedArguments {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** `add <name> --from <url|file>`: what to type. */
  usage: string;
  /** One line for the list of commands. */
  summary: string;
  /** More sentences for the command's own --help, exit codes included. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(args: ParsedArguments, io: CliIo): Promise<number>;
}

export const ROOT_OPTION: OptionSpec = { type: 'string', value: '<dir>', description: 'the repository root (default: the current directory)' };
export const TIMEOUT_OPTION: OptionSpec = { type: 'string', value: '<seconds>', description: "how long a fetch may take (default: the client's timeoutSeconds, else 30)" };

export function commandHelp(command: Command): string {
  const lines = [`Usage: openapi-drift ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details.trim());
  const options: Array<[string, string]> = Object.entries(command.options).map(([name, spec]) => [`  --${name}${spec.value ? ` ${spec.value}` : ''}`, spec.description]);
  options.push(['  --help', 'show this help']);
  const width = Math.max(...options.map(([label]) => label.length)) + 2;
  lines.push('', 'Options:', ...options.map(([label, description]) => `${label.padEnd(width)}${description}`));
  return `${lines.join('\n')}\n`;
}

/** Edit distance counting a swap of two neighbours as one edit (so `form` is one from `from`). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => (rows[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The candidate closest to `input`, if it is close enough to be a typo. */
export function didYouMean(input: string, candidates: string[]): string | undefined {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = candidate.startsWith(input) && input.length >= 2 ? 0.5 : distance(input, candidate);
    if (!best || score < best.score) best = { candidate, score };
  }
  return best && best.score <= Math.max(1, Math.floor(best.candidate.length / 3)) ? best.candidate : undefined;
}

export async function runCommand(command: Command, argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(commandHelp(command));
    return 0;
  }
  let parsed: ParsedArguments;
  try {
    const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) }]));
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as ParsedArguments;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!code?.startsWith('ERR_PARSE_ARGS')) throw error;
    const unknown = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
    const suggestion = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown ? didYouMean(unknown.replace(/^-+/, ''), Object.keys(command.options)) : undefined;
    throw new DriftError(`${(error as Error).message.split('. ')[0]}${suggestion ? `; did you mean --${suggestion}?` : ''}`, {
      fix: `${commandFor(io.cwd, { tool: 'openapi-drift', args: [command.name, '--help'] })}`,
    });
  }
  return command.run(parsed, io);
}

/** A string option's value, or undefined. */
export function stringOption(args: ParsedArguments, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(args: ParsedArguments, name: string): boolean {
  return args.values[name] === true;
}

export function listOption(args: ParsedArguments, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}

/** Refuses a value outside a fixed list, with the list. */
export function choice<T extends string>(args: ParsedArguments, name: string, choices: readonly T[], fallback: T): T {
  const value = stringOption(args, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    const close = didYouMean(value, [...choices]);
    throw new DriftError(`--${name} must be one of ${choices.join(', ')}, got '${value}'${close ? `; did you mean ${close}?` : ''}`);
  }
  return value as T;
}

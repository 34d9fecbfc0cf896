// The command line: argv in, exit code out. Each command is a library call plus printing;
// only bin/openapi-drift.ts calls process.exit.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import writeFileAtomic from 'write-file-atomic';
import { canonicalize } from './canonicalize.ts';
import { checkClient, updateCommand } from './check.ts';
import { CONTRACTS_COMMAND, listClients, writeContractTests } from './contracts.ts';
import { DriftError } from './errors.ts';
import { hasDrift } from './tree.ts';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes, documented in the README's table. */
export const EXIT = { ok: 0, drift: 1, error: 2, unreachable: 3 } as const;

const USAGE = `Usage: openapi-drift <command> [options]

Commands:
  check [names...]          regenerate clients in memory and compare with the committed trees
  contracts                 (re)write contract-tests/ from clients/
  canonicalize <file>       rewrite an OpenAPI snapshot (JSON or YAML) in canonical JSON form, in place
                            (with --stdout: print it instead)

Options:
  --root <dir>              the repository root holding clients/ (default: the current directory)
  --help                    show this help
`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io);
      case 'contracts':
        return await contractsCommand(rest, io);
      case 'canonicalize':
        return await canonicalizeCommand(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? EXIT.error : EXIT.ok;
      default:
        io.stderr(`openapi-drift: unknown command '${command}'\n\n${USAGE}`);
        return EXIT.error;
    }
  } catch (error) {
    if (error instanceof DriftError) {
      io.stderr(`openapi-drift: ${error.describe()}\n`);
      return EXIT.error;
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`openapi-drift: ${error.message}\n\n${USAGE}`);
      return EXIT.error;
    }
    throw error;
  }
}

function rootOf(values: { root?: string }, io: CliIo): string {
  return path.resolve(io.cwd, values.root ?? '.');
}

async function selectClients(root: string, names: string[]): Promise<string[]> {
  const all = await listClients({ root });
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length) {
    throw new DriftError(`no client named ${unknown.join(', ')} in ${path.join(root, 'clients')}`, {
      fix: all.length ? `known clients: ${all.join(', ')}` : 'add one with `npx openapi-drift add <name> --from <url|file>`',
    });
  }
  return names.length ? names : all;
}

async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { root: { type: 'string' } } });
  const root = rootOf(values, io);
  let worst: number = EXIT.ok;
  for (const name of await selectClients(root, positionals)) {
    try {
      const result = await checkClient(path.join(root, 'clients', name), { displayRoot: root });
      if (!hasDrift(result.summary)) {
        io.stdout(`${name}: clean (${result.regeneration.files.size} files)\n`);
        continue;
      }
      worst = Math.max(worst, EXIT.drift);
      io.stdout(`${name}: drift\n`);
      for (const [label, files] of Object.entries(result.summary)) {
        for (const file of files) io.stdout(`  ${label.padEnd(8)} ${file}\n`);
      }
      io.stdout(`  fix: ${updateCommand(name)}\n`);
    } catch (error) {
      if (!(error instanceof DriftError)) throw error;
      worst = EXIT.error;
      io.stdout(`${name}: error\n`);
      io.stderr(`${error.describe()}\n`);
    }
  }
  return worst;
}

async function contractsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { root: { type: 'string' } } });
  const result = await writeContractTests({ root: rootOf(values, io) });
  for (const name of result.written) io.stdout(`wrote contract-tests/${name}.contract.test.ts\n`);
  for (const name of result.removed) io.stdout(`removed contract-tests/${name}.contract.test.ts (no client)\n`);
  io.stdout(`${result.unchanged.length} contract tests unchanged\n`);
  return EXIT.ok;
}

async function canonicalizeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { stdout: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new DriftError('canonicalize takes exactly one file', { fix: 'npx openapi-drift canonicalize clients/<name>/openapi.json' });
  const file = path.resolve(io.cwd, positionals[0] as string);
  const shown = path.relative(io.cwd, file);
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DriftError(`cannot read ${shown}: ${error.code ?? error.message}`, { file: shown });
  });
  const canonical = canonicalize(text, { file: shown });
  if (values.stdout) {
    io.stdout(canonical);
    return EXIT.ok;
  }
  if (canonical === text) {
    io.stdout(`${shown}: already canonical\n`);
    return EXIT.ok;
  }
  if (!/\.json$/i.test(file)) {
    throw new DriftError(`${shown} is not a .json file; the canonical form is JSON`, {
      fix: `write it next to it: npx openapi-drift canonicalize ${shown} --stdout > ${shown.replace(/\.(ya?ml)$/i, '')}.json`,
    });
  }
  await writeFileAtomic(file, canonical);
  io.stdout(`${shown}: rewritten in canonical form\n`);
  return EXIT.ok;
}

export { CONTRACTS_COMMAND };

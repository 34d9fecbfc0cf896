// The command line: argv in, exit code out. Each command parses its flags, calls the library and
// prints; only bin/openapi-drift.ts touches process.exit.
export type { CliIo } from './options.ts';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addClient, DEFAULT_PLUGINS } from '../lifecycle/add.ts';
import { checkClient, updateCommand } from '../contract/check.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { changelogCommand } from './changelog-command.ts';
import { canonicalizeCommand } from './canonicalize-command.ts';
import { writeContractTests } from '../project/contract-tests.ts';
import { COMMON, EXIT, indentLines, printFiles, rootOf, selectClients, timeoutOf, type CliIo } from './options.ts';
import { liveCommand, syncCommand } from './sync-live-commands.ts';
import { DriftError } from '../core/errors.ts';
import { refreshCommand } from './refresh-command.ts';
import { impactCommand } from './impact-command.ts';
import { hasDrift } from '../compare/tree.ts';

export const USAGE = `Usage: openapi-drift <command> [options]

Commands:
  add <name> --from <url|file>   create clients/<name>: snapshot, config, source, tree and contract test
        [--plugins a,b,c] [--header "Name: value with \${ENV_VAR}"]...
  sync [names...]                fetch each source; update snapshot and tree together
  live [names...]                compare each source with its committed snapshot; never writes
  check [names...]               regenerate in memory and compare with the committed trees
  contracts                      (re)write contract-tests/ from clients/
  changelog <old> <new>          what changed in the API between two OpenAPI documents
        [--format text|markdown|json] [--fail-on breaking|warning]
  impact <name> [--spec <file|url>]  which call sites here a new spec breaks (default: the live source)
        [--format text|markdown|json]
  refresh [names...] [--dry-run] the scheduled refresh: live, then sync, push and open a pull request
  canonicalize <file> [--stdout] rewrite an OpenAPI snapshot in canonical JSON form

Options:
  --root <dir>      the repository root holding clients/ (default: the current directory)
  --timeout <s>     seconds a fetch may take (live, sync, add; default 30 or the client's setting)
  --help            show this help
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  add: addCommand,
  sync: syncCommand,
  live: liveCommand,
  check: checkCommand,
  contracts: contractsCommand,
  changelog: changelogCommand,
  refresh: refreshCommand,
  impact: impactCommand,
  canonicalize: canonicalizeCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return name === undefined ? EXIT.error : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`openapi-drift: unknown command '${name}'\n\n${USAGE}`);
    return EXIT.error;
  }
  try {
    return await command(rest, io);
  } catch (error) {
    if (error instanceof DriftError) {
      io.stderr(`openapi-drift ${name}: ${error.describe()}\n`);
      return EXIT.error;
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`openapi-drift ${name}: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.error;
    }
    throw error;
  }
}


async function addCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON, from: { type: 'string' }, plugins: { type: 'string' }, header: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1 || !values.from) {
    throw new DriftError('add takes a client name and --from', { fix: 'npx openapi-drift add <name> --from <url|file>' });
  }
  const headers: Record<string, string> = {};
  for (const header of values.header ?? []) {
    const colon = header.indexOf(':');
    if (colon <= 0) throw new DriftError(`--header '${header}' is not 'Name: value'`);
    headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
  }
  const root = rootOf(values, io);
  const name = positionals[0] as string;
  const result = await addClient({
    root,
    name,
    from: values.from,
    cwd: io.cwd,
    plugins: values.plugins ? values.plugins.split(',').map((plugin) => plugin.trim()).filter(Boolean) : DEFAULT_PLUGINS,
    headers,
    timeoutMs: timeoutOf(values),
  });
  const shown = (file: string) => path.relative(io.cwd, path.join(result.clientDir, file));
  io.stdout(`added ${path.relative(io.cwd, result.clientDir)} from ${values.from}\n`);
  io.stdout(`  snapshot  ${shown('openapi.json')} (sha256 ${result.fetched.sha256.slice(0, 12)})\n`);
  io.stdout(`  config    ${shown('openapi-ts.config.ts')}\n`);
  io.stdout(`  source    ${shown('openapi-drift.json')}\n`);
  io.stdout(`  tree      ${result.files.length} generated files under ${path.relative(io.cwd, result.outputDir)}\n`);
  io.stdout(`  test      ${path.relative(io.cwd, path.join(root, 'contract-tests', `${name}.contract.test.ts`))}\n`);
  io.stdout('next: npm test\n');
  return EXIT.ok;
}

async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { root: COMMON.root } });
  const root = rootOf(values, io);
  let worst: number = EXIT.ok;
  for (const { name, dir } of await selectClients(root, positionals)) {
    try {
      const result = await checkClient(dir, { displayRoot: io.cwd });
      if (!hasDrift(result.summary)) {
        io.stdout(`${name}: clean (${result.regeneration.files.size} files)\n`);
        continue;
      }
      worst = Math.max(worst, EXIT.drift);
      io.stdout(`${name}: drift\n`);
      printFiles(io, result.clientDir, result.regeneration.outputDir, [['changed', result.summary.changed], ['missing', result.summary.missing], ['obsolete', result.summary.obsolete]]);
      if (result.diagnosis) io.stdout(`  why: ${result.diagnosis.explanation.replace(/\n/g, '\n       ')}\n`);
      io.stdout(`  fix: ${updateCommand(contractTestPath(name))}\n`);
    } catch (error) {
      if (!(error instanceof DriftError)) throw error;
      worst = EXIT.error;
      io.stdout(`${name}: error\n`);
      io.stderr(`${indentLines(error.describe())}\n`);
    }
  }
  return worst;
}

async function contractsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { root: COMMON.root } });
  const result = await writeContractTests({ root: rootOf(values, io) });
  for (const name of result.written) io.stdout(`wrote contract-tests/${name}.contract.test.ts\n`);
  for (const name of result.removed) io.stdout(`removed contract-tests/${name}.contract.test.ts (no client)\n`);
  io.stdout(`${result.unchanged.length} contract tests unchanged\n`);
  return EXIT.ok;
}

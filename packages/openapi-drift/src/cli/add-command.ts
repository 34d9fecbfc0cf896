// `add <name> --from <url|file>`: a new client, complete and green.
import path from 'node:path';
import { starterCanarySection } from '../canary/index.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { addClient, DEFAULT_PLUGINS } from '../lifecycle/add.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { commandFor } from '../core/package-manager.ts';
import { checkVitestRunsContractTests, describeVitestVerdict, readyToTest } from '../project/vitest-check.ts';
import { booleanOption, listOption, ROOT_OPTION, stringOption, TIMEOUT_OPTION, type Command } from './command.ts';
import { EXIT, rootOf, timeoutOf } from './options.ts';
import { companionFolder, VALIDATORS_FILE } from '../validators/client-validators.ts';

/** The starting canary section; a spec without a parameterless GET has nothing to start with. */
function canaryExtras(document: Record<string, unknown>): Record<string, unknown> {
  const canary = starterCanarySection(document);
  if (!canary) {
    throw new ConfigError('--canary: the spec has no GET operation with an operationId and no required parameter to start a canary section with', {
      fix: 'add the client without --canary, then write the section by hand (see docs/canary.md)',
    });
  }
  return { canary };
}

export const addCommand: Command = {
  name: 'add',
  usage: 'add <name> --from <url|file> [options]',
  summary: 'create clients/<name>: snapshot, hey-api config, source record, generated tree and contract test',
  details: 'Nothing is written unless everything succeeded. Exit codes: 0 added, 2 refused or failed.',
  options: {
    from: { type: 'string', value: '<url|file>', description: 'where the OpenAPI document is (JSON or YAML); a relative path is recorded relative to the client folder, an absolute one as given' },
    plugins: { type: 'string', value: '<a,b,c>', description: `hey-api plugins for the config (default: ${DEFAULT_PLUGINS.join(',')})` },
    header: { type: 'string', multiple: true, value: '"Name: ${VAR}"', description: 'a request header for the source, its value from an environment variable (repeatable)' },
    canary: { type: 'boolean', description: "start a runtime canary section with the spec's GET operations that need no parameter" },
    runtime: { type: 'boolean', description: 'also generate the validators of openapi-drift/runtime into the tree (sets "runtime": { "validators": true })' },
    root: ROOT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    const from = stringOption(args, 'from');
    if (args.positionals.length !== 1 || !from) {
      throw new DriftError('add takes a client name and --from', { fix: commandFor(io.cwd, { tool: 'openapi-drift', args: ['add', '<name>', '--from', '<url|file>'] }) });
    }
    const headers: Record<string, string> = {};
    for (const header of listOption(args, 'header')) {
      const colon = header.indexOf(':');
      if (colon <= 0) throw new DriftError(`--header takes 'Name: value', got a value without a name`);
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    }
    const root = rootOf(args, io);
    const name = args.positionals[0] as string;
    const plugins = stringOption(args, 'plugins');
    const result = await addClient({
      root,
      name,
      from,
      cwd: io.cwd,
      plugins: plugins ? plugins.split(',').map((plugin) => plugin.trim()).filter(Boolean) : DEFAULT_PLUGINS,
      headers,
      timeoutMs: timeoutOf(args),
      sourceExtras: (document) => ({ ...(booleanOption(args, 'canary') ? canaryExtras(document) : {}), ...(booleanOption(args, 'runtime') ? { runtime: { validators: true } } : {}) }),
    });
    const shown = (file: string) => path.relative(io.cwd, path.join(result.clientDir, file));
    const testFile = path.join(root, contractTestPath(name));
    io.stdout(`added ${path.relative(io.cwd, result.clientDir)} from ${from}\n`);
    io.stdout(`  snapshot  ${shown('openapi.json')} (sha256 ${result.fetched.sha256.slice(0, 12)})\n`);
    io.stdout(`  config    ${shown('openapi-ts.config.ts')}\n`);
    io.stdout(`  source    ${shown('openapi-drift.json')}\n`);
    io.stdout(`  tree      ${result.files.length} generated files under ${path.relative(io.cwd, result.outputDir)}\n`);
    io.stdout(`  test      ${path.relative(io.cwd, testFile)}\n`);
    const validators = path.join(companionFolder(result.outputDir), VALIDATORS_FILE);
    if (result.files.some((file) => path.join(result.clientDir, file) === validators)) io.stdout(`  runtime   ${path.relative(io.cwd, validators)} (import { validators } for watchDrift from openapi-drift/runtime)\n`);
    io.stdout(result.typeCheck.text);
    const verdict = await checkVitestRunsContractTests(root, [testFile]);
    io.stdout(describeVitestVerdict(verdict));
    io.stdout(`${readyToTest(verdict) ? 'next' : 'then'}: ${commandFor(root, { script: 'test' })}\n`);
    return EXIT.ok;
  },
};

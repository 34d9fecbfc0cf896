// `contracts`: (re)write contract-tests/ from the clients.
import { assertProjectRoot } from '../project/clients.ts';
import { contractTestPath, writeContractTests } from '../project/contract-tests.ts';
import { ROOT_OPTION, type Command } from './command.ts';
import { EXIT, rootOf } from './options.ts';

export const contractsCommand: Command = {
  name: 'contracts',
  usage: 'contracts [options]',
  summary: 'write contract-tests/ from the clients: missing and outdated tests written, orphans removed',
  details: 'Only files that carry the generated header are rewritten or removed; a contract test without it is the team\'s own. Exit codes: 0 done, 2 error.',
  options: { root: ROOT_OPTION },
  async run(args, io) {
    const root = rootOf(args, io);
    await assertProjectRoot({ root });
    const result = await writeContractTests({ root });
    for (const name of result.written) io.stdout(`wrote ${contractTestPath(name)}\n`);
    for (const name of result.removed) io.stdout(`removed ${contractTestPath(name)} (no client)\n`);
    io.stdout(`${result.unchanged.length} contract tests unchanged\n`);
    return EXIT.ok;
  },
};

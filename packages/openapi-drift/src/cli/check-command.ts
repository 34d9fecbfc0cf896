// `check [names...]`: the contract suite without Vitest, for scripts and hooks.
import { hasDrift } from '../compare/tree.ts';
import { checkClient, updateCommand } from '../contract/check.ts';
import { DriftError } from '../core/errors.ts';
import { assertTestedVitest } from '../core/peers.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { ROOT_OPTION, type Command } from './command.ts';
import { EXIT, indentLines, printFiles, rootOf, selectClients } from './options.ts';

export const checkCommand: Command = {
  name: 'check',
  usage: 'check [names...] [options]',
  summary: 'regenerate each client in memory and compare it with its committed tree',
  details: 'Exit codes: 0 clean, 1 drift, 2 error.',
  options: { root: ROOT_OPTION },
  async run(args, io) {
    const root = rootOf(args, io);
    assertTestedVitest(root);
    let worst: number = EXIT.ok;
    for (const { name, dir } of await selectClients(root, args.positionals)) {
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
        io.stdout(`  fix: ${updateCommand(contractTestPath(name), root)}\n`);
      } catch (error) {
        if (!(error instanceof DriftError)) throw error;
        worst = EXIT.error;
        io.stdout(`${name}: error\n`);
        io.stderr(`${indentLines(error.describe())}\n`);
      }
    }
    return worst;
  },
};

// `init`: adopt the repository's existing hey-api clients where they are.
import path from 'node:path';
import { updateCommand } from '../contract/check.ts';
import { initProject } from '../lifecycle/init.ts';
import { PROJECT_CONFIG } from '../project/clients.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { packageManagerOf } from '../core/peers.ts';
import { checkVitestRunsContractTests, describeVitestVerdict } from '../project/vitest-check.ts';
import { ROOT_OPTION, type Command } from './command.ts';
import { EXIT, indentLines, rootOf } from './options.ts';

export const initCommand: Command = {
  name: 'init',
  usage: 'init [options]',
  summary: "adopt the repository's existing hey-api clients where they are, and write their contract tests",
  details:
    `Finds every openapi-ts.config.* (skipping node_modules and what .gitignore ignores), records the folders outside clients/ in ${PROJECT_CONFIG}, writes contract-tests/, checks each client and that Vitest will run its contract test. No file of a client is moved or rewritten.\n` +
    'Exit codes: 0 adopted (drift is reported, not failed), 2 nothing to adopt, or a client that cannot be regenerated.',
  options: { root: ROOT_OPTION },
  async run(args, io) {
    const root = rootOf(args, io);
    const result = await initProject({ root, displayRoot: io.cwd });
    const shown = (relative: string) => path.relative(io.cwd, path.join(root, relative)) || '.';
    let worst: number = EXIT.ok;
    for (const adopted of result.adopted) {
      const { client } = adopted;
      if (adopted.status === 'error') {
        worst = EXIT.error;
        io.stdout(`${client.name}: ${shown(client.shown)} cannot be regenerated\n`);
        io.stderr(`${indentLines(adopted.error?.describe() ?? '')}\n`);
        continue;
      }
      io.stdout(`${client.name}: ${shown(client.shown)} (snapshot ${shown(adopted.snapshotFile ?? '')}, tree ${shown(adopted.outputDir ?? '')})\n`);
      if (adopted.status === 'clean') io.stdout(`  clean: the committed tree is what the snapshot generates (${adopted.files} files)\n`);
      else {
        const summary = adopted.summary;
        io.stdout(`  drift: ${summary?.changed.length ?? 0} changed, ${summary?.missing.length ?? 0} missing, ${summary?.obsolete.length ?? 0} obsolete; review, then accept with ${updateCommand(contractTestPath(client.name))}\n`);
      }
      io.stdout(adopted.typeCheck?.text ?? '');
    }
    if (result.recorded.length) io.stdout(`recorded ${result.recorded.join(', ')} in ${shown(PROJECT_CONFIG)}\n`);
    for (const name of result.contractTests.written) io.stdout(`wrote ${shown(contractTestPath(name))}\n`);
    const verdict = await checkVitestRunsContractTests(root, result.adopted.map((adopted) => path.join(root, contractTestPath(adopted.client.name))));
    io.stdout(describeVitestVerdict(verdict));
    io.stdout(`${verdict.runs ? 'next' : 'then'}: ${packageManagerOf(root)} test\n`);
    return worst;
  },
};

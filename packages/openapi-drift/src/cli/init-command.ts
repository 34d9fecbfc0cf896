// `init`: adopt the repository's existing hey-api clients where they are.
import path from 'node:path';
import { updateCommand } from '../contract/check.ts';
import { initProject, type AdoptedClient } from '../lifecycle/init.ts';
import { SOURCE_FILE } from '../project/client-record.ts';
import { PROJECT_CONFIG } from '../project/clients.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { commandFor } from '../core/package-manager.ts';
import { checkVitestRunsContractTests, describeVitestVerdict, readyToTest } from '../project/vitest-check.ts';
import { choice, ROOT_OPTION, stringOption, type Command } from './command.ts';
import { CI_SYSTEMS, writeCiWorkflows } from '../ci/workflows.ts';
import { EXIT, indentLines, rootOf } from './options.ts';

export const initCommand: Command = {
  name: 'init',
  usage: 'init [options]',
  summary: "adopt the repository's existing hey-api clients where they are, and write their contract tests",
  details:
    `Finds every openapi-ts.config.* (skipping node_modules and what .gitignore ignores), records the folders outside clients/ in ${PROJECT_CONFIG}, writes contract-tests/, checks each client and that Vitest will run its contract test. No file of a client is moved or rewritten.\n` +
    'Names, --source and every regeneration are checked before anything is written. Exit codes: 0 adopted (drift is reported, not failed), 2 nothing to adopt, or a client that cannot be regenerated (nothing written).',
  options: {
    source: { type: 'string', value: '<url|file>', description: `where the snapshot of the one client without ${SOURCE_FILE} comes from, recorded for live, sync and refresh` },
    root: ROOT_OPTION,
    ci: { type: 'string', value: '<github>', description: 'also write the CI workflows: the pull-request check (the Action) and the scheduled live drift (refresh, canary)' },
  },
  async run(args, io) {
    const root = rootOf(args, io);
    const source = stringOption(args, 'source');
    const ci = stringOption(args, 'ci') === undefined ? undefined : choice(args, 'ci', CI_SYSTEMS, 'github');
    const result = await initProject({ root, displayRoot: io.cwd, ...(source === undefined ? {} : { source }) });
    const shown = (relative: string) => path.relative(io.cwd, path.join(root, relative)) || '.';
    const command = (spec: Parameters<typeof commandFor>[1]) => commandFor(root, spec);
    let worst: number = EXIT.ok;
    // Said after the clients: what stands between init and a green first test run, and what to run.
    const before: string[] = [];
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
        const accept = updateCommand(contractTestPath(client.name), root);
        io.stdout(`  drift: ${summary?.changed.length ?? 0} changed, ${summary?.missing.length ?? 0} missing, ${summary?.obsolete.length ?? 0} obsolete; review, then accept with ${accept}\n`);
        before.push(accept);
      }
      io.stdout(adopted.typeCheck?.text ?? '');
      if (adopted.notCanonical) {
        const canonicalize = command({ tool: 'openapi-drift', args: ['canonicalize', shown(adopted.snapshotFile ?? '')] });
        io.stdout(`  not canonical: ${shown(adopted.snapshotFile ?? '')} is not 2-space canonical JSON, so its "is canonical" test fails; rewrite it with ${canonicalize} (the same document: the tree does not change)\n`);
        before.push(canonicalize);
      }
      io.stdout(describeSource(adopted, shown, command));
    }
    if (!result.written) {
      io.stdout(`nothing was written: fix the client${result.adopted.filter((adopted) => adopted.status === 'error').length > 1 ? 's' : ''} above, then run init again\n`);
      return worst;
    }
    if (result.recorded.length) io.stdout(`recorded ${result.recorded.join(', ')} in ${shown(PROJECT_CONFIG)}\n`);
    for (const name of result.contractTests.written) io.stdout(`wrote ${shown(contractTestPath(name))}\n`);
    const verdict = await checkVitestRunsContractTests(root, result.adopted.map((adopted) => path.join(root, contractTestPath(adopted.client.name))));
    io.stdout(describeVitestVerdict(verdict));
    if (ci) for (const workflow of await writeCiWorkflows(root, ci)) io.stdout(`${workflow.status === 'written' ? 'wrote' : 'kept the existing'} ${shown(workflow.file)}\n`);
    const test = command({ script: 'test' });
    if (before.length) io.stdout(`before ${test} is green, run: ${before.join(' && ')}\n`);
    io.stdout(`${readyToTest(verdict) && !before.length ? 'next' : 'then'}: ${test}\n`);
    return worst;
  },
};

/** Where the client's snapshot comes from, for live, sync and refresh; or exactly what to write. */
function describeSource(adopted: AdoptedClient, shown: (relative: string) => string, command: (spec: Parameters<typeof commandFor>[1]) => string): string {
  const file = shown(path.posix.join(adopted.client.shown, SOURCE_FILE));
  if (adopted.source === 'written') return `  source: recorded in ${file}\n`;
  if (adopted.source !== 'none') return '';
  return (
    `  source: none recorded, so live, sync and refresh cannot fetch this client's snapshot; write ${file} as {"source": "<url or file>"}, ` +
    `or run ${command({ tool: 'openapi-drift', args: ['init', '--source', '<url|file>'] })}\n`
  );
}

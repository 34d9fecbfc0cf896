// `refresh [names...]`: the scheduled job's logic (see .github/workflows/live-drift.yml).
import { refreshClients } from '../lifecycle/refresh.ts';
import { booleanOption, ROOT_OPTION, stringOption, TIMEOUT_OPTION, type Command } from './command.ts';
import { rootOf, selectClients, timeoutOf } from './options.ts';

export const refreshCommand: Command = {
  name: 'refresh',
  usage: 'refresh [names...] [options]',
  summary: 'the scheduled refresh: live, then sync in a clean worktree, push a branch and open a pull request',
  details: 'Exit codes: 0 done (unreachable sources are reported, not failed), 2 error.',
  options: {
    'dry-run': { type: 'boolean', description: 'do everything but push and open the pull request; print its body (needs no GitHub CLI)' },
    base: { type: 'string', value: '<branch>', description: 'the branch pull requests target (default: main)' },
    remote: { type: 'string', value: '<name>', description: 'the remote to push to (default: origin)' },
    gh: { type: 'string', value: '<command>', description: 'the GitHub CLI (default: $OPENAPI_DRIFT_GH, else gh)' },
    root: ROOT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    const root = rootOf(args, io);
    const outcomes = await refreshClients({
      root,
      clients: await selectClients(root, args.positionals),
      dryRun: booleanOption(args, 'dry-run'),
      base: stringOption(args, 'base') ?? 'main',
      remote: stringOption(args, 'remote') ?? 'origin',
      gh: stringOption(args, 'gh') ?? process.env.OPENAPI_DRIFT_GH ?? 'gh',
      timeoutMs: timeoutOf(args),
      log: (line) => io.stdout(`${line}\n`),
    });
    return outcomes.some((outcome) => outcome.action === 'error') ? 2 : 0;
  },
};

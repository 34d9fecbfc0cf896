// The scheduled refresh: for each client whose live source drifted from its snapshot, sync it in a
// clean git worktree of the base branch, commit only the snapshot and the generated files, push a
// branch keyed on the spec hash and open a pull request, unless one is already open for that
// branch. Nothing staged means nothing to propose. `dryRun` does everything but push and open.
import fs from 'node:fs/promises';
import os from 'node:os';
import { commandFor } from '../core/package-manager.ts';
import path from 'node:path';
import { x } from 'tinyexec';
import { changelogBetween, formatChangelog } from '../changelog/index.ts';
import { DriftError } from '../core/errors.ts';
import { FINGERPRINT_FILE } from '../compare/fingerprint.ts';
import type { ClientEntry } from '../project/clients.ts';
import { liveClient } from './live.ts';
import { formatImpactMarkdown } from '../impact/format-impact.ts';
import type { ImpactReport } from '../impact/impact.ts';
import { syncClient } from './sync.ts';

export interface RefreshOptions {
  /** The repository root: a git work tree holding clients/. */
  root: string;
  /** The clients to refresh (see project/clients.ts). */
  clients: ClientEntry[];
  dryRun: boolean;
  /** The branch pull requests target. Default: main. */
  base?: string;
  /** Default: origin. */
  remote?: string;
  /** The GitHub CLI. Default: gh. */
  gh?: string;
  timeoutMs?: number;
  log: (line: string) => void;
}

export type RefreshAction = 'current' | 'skipped' | 'error' | 'nothing-staged' | 'pull-request-open' | 'pull-request-opened' | 'dry-run';

export interface RefreshOutcome {
  name: string;
  action: RefreshAction;
  branch?: string;
  detail?: string;
}

const MAX_BODY_CHANGES = 60;

async function run(command: string, args: string[], cwd: string): Promise<string> {
  let result;
  try {
    result = await x(command, args, { nodeOptions: { cwd }, throwOnError: false });
  } catch (error) {
    throw new DriftError(`\`${command}\` could not be started: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      fix: command === 'git' ? 'install git' : `install the GitHub CLI (https://cli.github.com), or point --gh (or OPENAPI_DRIFT_GH) at it; --dry-run needs neither`,
      cause: error,
    });
  }
  if (result.exitCode !== 0) {
    throw new DriftError(`\`${command} ${args.join(' ')}\` failed (exit ${result.exitCode}) in ${cwd}`, {
      output: result.stdout + result.stderr,
      outputLabel: `Output of ${command}`,
    });
  }
  return result.stdout;
}

export function branchFor(name: string, specSha256: string): string {
  return `openapi-drift/${name}-${specSha256.slice(0, 12)}`;
}

export async function refreshClients(options: RefreshOptions): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const client of options.clients) {
    const { name } = client;
    try {
      outcomes.push(await refreshClient(client, options));
    } catch (error) {
      if (!(error instanceof DriftError)) throw error;
      options.log(`${name}: error: ${error.describe()}`);
      outcomes.push({ name, action: 'error', detail: error.message });
    }
  }
  return outcomes;
}

async function refreshClient(client: ClientEntry, options: RefreshOptions): Promise<RefreshOutcome> {
  const { name } = client;
  const { root, log } = options;
  const remote = options.remote ?? 'origin';
  const base = options.base ?? 'main';
  const gh = options.gh ?? 'gh';
  const live = await liveClient(client.dir, { displayRoot: root, timeoutMs: options.timeoutMs });
  if (live.status !== 'drift' || !live.fetched) {
    // Stryker disable next-line OptionalChaining: equivalent, a skipped or failed client always has its error
    log(`${name}: ${live.status === 'current' ? 'no drift' : `${live.status}: ${live.error?.message ?? ''}`}`);
    return { name, action: live.status === 'current' ? 'current' : live.status === 'skipped' ? 'skipped' : 'error', detail: live.error?.message };
  }
  const branch = branchFor(name, live.fetched.sha256);
  log(`${name}: drift, SPEC_SHA256=${live.fetched.sha256}, branch ${branch}`);

  // A dry run proposes nothing, so it needs no GitHub CLI.
  const open = options.dryRun ? [] : (JSON.parse((await run(gh, ['pr', 'list', '--head', branch, '--state', 'open', '--json', 'number,url'], root)) || '[]') as Array<{ url?: string }>);
  if (open.length > 0) {
    // Stryker disable next-line OptionalChaining: equivalent, the list is not empty here
    log(`${name}: a pull request for ${branch} is already open${open[0]?.url ? ` (${open[0].url})` : ''}; nothing to do`);
    return { name, action: 'pull-request-open', branch };
  }

  await run('git', ['fetch', '--quiet', remote, base], root);
  // The folder removed at the end is exactly the one mkdtemp made, never a path computed from it.
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-refresh-'));
  const worktree = path.join(scratch, 'repo');
  try {
    // Detached: no local branch is created, so nothing of the user's branches can be touched.
    await run('git', ['worktree', 'add', '--quiet', '--detach', worktree, `${remote}/${base}`], root);
    // The worktree has the committed project but not the installed packages.
    await fs.symlink(path.join(root, 'node_modules'), path.join(worktree, 'node_modules')).catch(() => undefined);
    const clientDir = path.join(worktree, path.relative(root, client.dir));
    // The document that `live` fetched, so that branch, commit and body describe the same spec.
    const synced = await syncClient(clientDir, { displayRoot: worktree, timeoutMs: options.timeoutMs, fetched: live.fetched });
    if (synced.status === 'error') throw synced.error ?? new DriftError(`${name}: sync failed`);
    // Stryker disable next-line LogicalOperator: equivalent, a sync that did not fail always says where its snapshot is
    const snapshot = path.relative(worktree, synced.snapshotFile ?? path.join(clientDir, 'openapi.json'));
    // Stryker disable next-line LogicalOperator: equivalent, a sync that did not fail always says where its tree is
    const output = path.relative(worktree, synced.outputDir ?? clientDir);
    // Only the snapshot (and the upstream beside it, with overlays), the generated tree and its fingerprint: nothing else of the worktree.
    const upstream = synced.upstreamFile ? [path.relative(worktree, synced.upstreamFile)] : [];
    await run('git', ['add', '--all', '--', snapshot, ...upstream, output, path.relative(worktree, path.join(clientDir, FINGERPRINT_FILE))], worktree);
    const staged = (await run('git', ['diff', '--cached', '--name-only'], worktree)).trim();
    if (!staged) {
      log(`${name}: ${remote}/${base} already has this spec; nothing staged, no pull request`);
      return { name, action: 'nothing-staged', branch };
    }
    // Stryker disable next-line OptionalChaining: equivalent, a sync always holds the document it synced
    const hash12 = synced.fetched?.sha256.slice(0, 12) ?? '';
    const title = `Update ${name} client to spec ${hash12}`;
    // Stryker disable next-line OptionalChaining: equivalent, a sync always holds the document it synced
    await run('git', ['-c', 'user.name=openapi-drift', '-c', 'user.email=openapi-drift@users.noreply.github.com', 'commit', '--quiet', '-m', title, '-m', `SPEC_SHA256=${synced.fetched?.sha256}`], worktree);
    const body = pullRequestBody(name, synced.previousSnapshot ?? '', synced.patched?.canonical ?? synced.fetched?.canonical ?? '', staged.split('\n'), synced.fetched?.sha256 ?? '', {
      impact: synced.impact,
      impactError: synced.impactError?.message,
      displayRoot: worktree,
      overlayNotes: [...(synced.patched?.unmatched ?? []).map((action) => `${action.shown} selects nothing in the new upstream document`), ...(synced.overlayTouches ?? [])],
    });
    if (options.dryRun) {
      log(`${name}: dry run: would push ${branch} (${staged.split('\n').length} files) and open "${title}" against ${base}`);
      log(body);
      return { name, action: 'dry-run', branch, detail: body };
    }
    await run('git', ['push', '--quiet', '--force', remote, `HEAD:refs/heads/${branch}`], worktree);
    const bodyFile = path.join(path.dirname(worktree), 'pull-request.md');
    await fs.writeFile(bodyFile, body);
    const url = (await run(gh, ['pr', 'create', '--base', base, '--head', branch, '--title', title, '--body-file', bodyFile], root)).trim();
    log(`${name}: opened ${url || `a pull request for ${branch}`}`);
    return { name, action: 'pull-request-opened', branch, detail: url };
  } finally {
    await run('git', ['worktree', 'remove', '--force', worktree], root).catch(() => undefined);
    // Stryker disable next-line BooleanLiteral: equivalent, the folder made by mkdtemp is still there
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

export interface BodyImpact {
  impact?: ImpactReport;
  /** Why the impact could not be computed. */
  impactError?: string;
  /** The repository root the impact's paths are shown from. */
  displayRoot: string;
  /** For a client with overlays: actions that select nothing, and where the upstream change meets an overlay. */
  overlayNotes?: string[];
}

export function pullRequestBody(name: string, oldSnapshot: string, newSnapshot: string, files: string[], sha256: string, impact?: BodyImpact): string {
  const log = changelogBetween(oldSnapshot, newSnapshot);
  const impactSection = impact?.impact
    ? [formatImpactMarkdown(impact.impact, impact.displayRoot).trim(), '']
    : impact?.impactError
      ? [`### Impact on this repository\n\nNot computed: ${impact.impactError}`, '']
      : [];
  return [
    `The live source of \`${name}\` changed. This updates its snapshot and regenerates its client with \`${commandFor(impact?.displayRoot ?? process.cwd(), { tool: 'openapi-drift', args: ['sync', name] })}\`.`,
    '',
    ...impactSection,
    ...(impact?.overlayNotes?.length ? [`### Overlays\n\nThe changelog below is of the patched snapshot. Check these patches:\n\n${impact.overlayNotes.map((note) => `- ${note}`).join('\n')}`, ''] : []),
    formatChangelog(log, 'markdown', { maxChanges: MAX_BODY_CHANGES }).trim(),
    '',
    `<details><summary>${files.length} files changed</summary>\n\n${files.map((file) => `- \`${file}\``).join('\n')}\n\n</details>`,
    '',
    `SPEC_SHA256=${sha256}`,
    '',
  ].join('\n');
}

// `sync` and `live`: the commands that bring a client's source into view. Both say what the new
// spec changes in the API and what it does to this repository's code (impact/), so that whoever
// reads the summary knows which call sites to fix before accepting the update.
import { parseArgs } from 'node:util';
import { changelogBetween, formatChangelog } from '../changelog/index.ts';
import type { DriftSummary } from '../compare/tree.ts';
import { DriftError, SourceError } from '../core/errors.ts';
import { impactSummary } from '../impact/format-impact.ts';
import { impactOfDocument } from '../impact/spec-impact.ts';
import { LIVE_EXIT, liveClient, worstLiveStatus, type LiveResult } from '../lifecycle/live.ts';
import { syncClient } from '../lifecycle/sync.ts';
import { COMMON, EXIT, indentLines, printFiles, rootOf, selectClients, timeoutOf, type CliIo } from './options.ts';

/** How many changelog lines the lifecycle commands print per client. */
const SUMMARY_CHANGES = 15;

export async function syncCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: COMMON });
  const root = rootOf(values, io);
  let worst: number = EXIT.ok;
  for (const { name, dir } of await selectClients(root, positionals)) {
    const result = await syncClient(dir, { displayRoot: io.cwd, root, timeoutMs: timeoutOf(values) });
    if (result.status === 'error') {
      const unreachable = result.error instanceof SourceError;
      worst = Math.max(worst, unreachable ? EXIT.unreachable : EXIT.error);
      io.stdout(`${name}: ${unreachable ? 'skipped' : 'error'}, nothing changed\n`);
      io.stderr(`${indentLines(result.error?.describe() ?? '')}\n`);
      continue;
    }
    if (result.status === 'unchanged') {
      io.stdout(`${name}: unchanged\n`);
      continue;
    }
    const files = result.files as DriftSummary;
    io.stdout(
      `${name}: updated (${result.snapshotChanged ? 'snapshot changed' : 'snapshot unchanged'}; ` +
        `${files.changed.length} changed, ${files.missing.length} added, ${files.obsolete.length} removed)\n`,
    );
    printFiles(io, dir, result.outputDir ?? '', [['changed', files.changed], ['added', files.missing], ['removed', files.obsolete]]);
    if (result.snapshotChanged && result.previousSnapshot !== undefined && result.fetched) {
      const log = changelogBetween(result.previousSnapshot, result.fetched.canonical);
      io.stdout(indentLines(formatChangelog(log, 'text', { maxChanges: SUMMARY_CHANGES })));
    }
    if (result.impact) io.stdout(indentLines(impactSummary(result.impact, io.cwd)));
    else if (result.impactError) io.stdout(indentLines(`impact: not computed: ${result.impactError.message}\n`));
  }
  return worst;
}

export async function liveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: COMMON });
  const root = rootOf(values, io);
  const results = [];
  for (const { name, dir } of await selectClients(root, positionals)) {
    const result = await liveClient(dir, { displayRoot: io.cwd, timeoutMs: timeoutOf(values) });
    results.push(result);
    if (result.status === 'current') io.stdout(`${name}: no drift\n`);
    else if (result.status === 'drift' && result.fetched) {
      io.stdout(`${name}: drift\nSPEC_SHA256=${result.fetched.sha256}\n`);
      const log = changelogBetween(result.snapshotText ?? '', result.fetched.canonical);
      const counts = `${log.summary.breaking} breaking, ${log.summary.warning} warning, ${log.summary.info} info`;
      io.stdout(`  ${log.changes.length ? counts : 'no API change: the document differs only in order or representation'}\n`);
      if (log.changes.length) io.stdout(indentLines(formatChangelog(log, 'text', { maxChanges: SUMMARY_CHANGES })));
      io.stdout(indentLines(await liveImpact(dir, result, root, io.cwd, timeoutOf(values))));
      io.stdout(`  fix: npx openapi-drift sync ${name}\n`);
    } else {
      io.stdout(`${name}: ${result.status === 'skipped' ? 'skipped (source unavailable, not drift)' : 'error'}\n`);
      io.stderr(`${indentLines(result.error?.describe() ?? '')}\n`);
    }
  }
  return LIVE_EXIT[worstLiveStatus(results)];
}

/** What the drifted source would do to this repository's code; never fails the report it is part of. */
async function liveImpact(dir: string, result: LiveResult, root: string, displayRoot: string, timeoutMs: number | undefined): Promise<string> {
  try {
    const report = await impactOfDocument(dir, result.fetched?.canonical ?? '', { root, displayRoot, timeoutMs, layout: result.layout });
    return impactSummary(report, displayRoot);
  } catch (error) {
    return `impact: not computed: ${error instanceof DriftError ? error.message : String(error)}\n`;
  }
}


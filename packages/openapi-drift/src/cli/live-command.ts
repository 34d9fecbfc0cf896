// `live [names...]`: is each committed snapshot still what its source serves? Never writes.
import { DriftError } from '../core/errors.ts';
import { commandFor } from '../core/package-manager.ts';
import { impactSummary } from '../impact/format-impact.ts';
import { impactOfDocument } from '../impact/spec-impact.ts';
import { LIVE_EXIT, liveClient, worstLiveStatus, type LiveResult } from '../lifecycle/live.ts';
import { booleanOption, ROOT_OPTION, TIMEOUT_OPTION, type Command } from './command.ts';
import { changelogOrReason, changelogSummary, overlayReport, redirectNote, STRICT_OPTION } from './lifecycle-output.ts';
import { indentLines, rootOf, selectClients, timeoutOf } from './options.ts';

/** What the drifted source would do to this repository's code; never fails the report it is part of. */
async function liveImpact(dir: string, result: LiveResult, root: string, displayRoot: string, timeoutMs: number | undefined): Promise<string> {
  try {
    const report = await impactOfDocument(dir, result.patched?.canonical ?? result.fetched?.canonical ?? '', { root, displayRoot, timeoutMs, layout: result.layout });
    return impactSummary(report, displayRoot);
  } catch (error) {
    return `impact: not computed: ${error instanceof DriftError ? error.message : String(error)}\n`;
  }
}

export const liveCommand: Command = {
  name: 'live',
  usage: 'live [names...] [options]',
  summary: 'compare each source with its committed snapshot; never writes',
  details:
    'A reformatted but equal document is not drift. An unreachable, slow, non-2xx, HTML or oversized answer is reported as skipped, never as drift.\n' +
    'Exit codes: 0 no drift, 1 drift, 2 snapshot or config unreadable, 3 source unavailable. With several clients the worst wins: 2 > 1 > 3 > 0.',
  options: {
    'no-impact': { type: 'boolean', description: "on drift, don't type-check the repository's code against the new spec (faster for many clients)" },
    root: ROOT_OPTION,
    strict: STRICT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    const root = rootOf(args, io);
    const results: LiveResult[] = [];
    for (const { name, dir } of await selectClients(root, args.positionals)) {
      const result = await liveClient(dir, { displayRoot: io.cwd, timeoutMs: timeoutOf(args), strict: booleanOption(args, 'strict') });
      results.push(result);
      if (result.status === 'current') {
        io.stdout(`${name}: no drift\n${redirectNote(result.fetched)}`);
        overlayReport(io, result.patched?.unmatched);
      } else if (result.status === 'drift' && result.fetched) {
        io.stdout(`${name}: drift\nSPEC_SHA256=${result.fetched.sha256}\n${redirectNote(result.fetched)}`);
        overlayReport(io, result.patched?.unmatched);
        const log = changelogOrReason(result.snapshotText ?? '', result.patched?.canonical ?? result.fetched.canonical);
        if (typeof log !== 'string') {
          const counts = `${log.summary.breaking} breaking, ${log.summary.warning} warning, ${log.summary.info} info`;
          io.stdout(`  ${log.changes.length ? counts : 'no API change: the document differs only in order or representation'}\n`);
        }
        if (typeof log === 'string' || log.changes.length) io.stdout(changelogSummary(log));
        if (!booleanOption(args, 'no-impact')) io.stdout(indentLines(await liveImpact(dir, result, root, io.cwd, timeoutOf(args))));
        io.stdout(`  fix: ${commandFor(root, { tool: 'openapi-drift', args: ['sync', name] })}\n`);
      } else {
        io.stdout(`${name}: ${result.status === 'skipped' ? 'skipped (source unavailable, not drift)' : 'error'}\n`);
        io.stderr(`${indentLines(result.error?.describe() ?? '')}\n`);
      }
    }
    return LIVE_EXIT[worstLiveStatus(results)];
  },
};

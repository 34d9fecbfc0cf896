// `sync [names...]`: fetch each source, update snapshot and tree together.
import path from 'node:path';
import { SourceError } from '../core/errors.ts';
import type { DriftSummary } from '../compare/tree.ts';
import { impactSummary } from '../impact/format-impact.ts';
import { syncClient } from '../lifecycle/sync.ts';
import { booleanOption, ROOT_OPTION, TIMEOUT_OPTION, type Command } from './command.ts';
import { changelogOrReason, changelogSummary, overlayReport, redirectNote, STRICT_OPTION } from './lifecycle-output.ts';
import { EXIT, indentLines, printFiles, rootOf, selectClients, timeoutOf } from './options.ts';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [names...] [options]',
  summary: "fetch each client's source; update its snapshot and tree together",
  details:
    'The fetched document replaces the snapshot only after the tree generated from it is in hand; a failed fetch or generation changes nothing.\n' +
    'Exit codes: 0 unchanged or updated, 2 error, 3 source unavailable (nothing changed).',
  options: {
    'no-impact': { type: 'boolean', description: "don't type-check the repository's code against the new tree (faster for many clients)" },
    root: ROOT_OPTION,
    strict: STRICT_OPTION,
    timeout: TIMEOUT_OPTION,
  },
  async run(args, io) {
    const root = rootOf(args, io);
    let worst: number = EXIT.ok;
    for (const { name, dir } of await selectClients(root, args.positionals)) {
      const result = await syncClient(dir, { displayRoot: io.cwd, root, timeoutMs: timeoutOf(args), impact: !booleanOption(args, 'no-impact'), strict: booleanOption(args, 'strict') });
      if (result.status === 'error') {
        const unreachable = result.error instanceof SourceError;
        worst = Math.max(worst, unreachable ? EXIT.unreachable : EXIT.error);
        io.stdout(`${name}: ${unreachable ? 'skipped' : 'error'}, nothing changed\n`);
        io.stderr(`${indentLines(result.error?.describe() ?? '')}\n`);
        continue;
      }
      if (result.status === 'unchanged') {
        io.stdout(`${name}: unchanged\n${redirectNote(result.fetched)}`);
        overlayReport(io, result.patched?.unmatched);
        continue;
      }
      const files = result.files as DriftSummary;
      io.stdout(
        `${name}: updated (${result.snapshotChanged ? 'snapshot changed' : 'snapshot unchanged'}; ` +
          `${files.changed.length} changed, ${files.missing.length} added, ${files.obsolete.length} removed)\n`,
      );
      io.stdout(redirectNote(result.fetched));
      overlayReport(io, result.patched?.unmatched, result.overlayTouches);
      printFiles(io, dir, result.outputDir ?? '', [['changed', files.changed], ['added', files.missing], ['removed', files.obsolete]]);
      if (result.upstreamChanged && result.upstreamFile) io.stdout(`  upstream ${path.relative(dir, result.upstreamFile)} updated\n`);
      if (result.snapshotChanged && result.previousSnapshot !== undefined && result.fetched) {
        // What callers see: the change of the snapshot the generator reads (with overlays, the patched one).
        io.stdout(changelogSummary(changelogOrReason(result.previousSnapshot, result.patched?.canonical ?? result.fetched.canonical)));
      }
      // What the update does to this repository's code, computed before the tree was replaced.
      if (result.impact) io.stdout(indentLines(impactSummary(result.impact, io.cwd)));
      else if (result.impactError) io.stdout(indentLines(`impact: not computed: ${result.impactError.message}\n`));
    }
    return worst;
  },
};

// `ci-report`: after the contract tests ran in CI, tell the pull request. One comment updated in
// place, an annotation on each drifted file, the job summary, the outputs `drifted` and `breaking`.
// A shard of a matrix writes its part (--partial); one final step merges the parts (--merge).
import fs from 'node:fs/promises';
import path from 'node:path';
import { collectClientReports, type ClientReport } from '../ci/client-report.ts';
import { readGithubContext, upsertComment, writeJobFiles } from '../ci/github.ts';
import { hasBreakingIn, hasDriftIn, renderAnnotations, renderComment, renderMarkdown } from '../ci/render.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { DriftError } from '../core/errors.ts';
import { ROOT_OPTION, booleanOption, stringOption, type Command } from './command.ts';
import { EXIT, rootOf } from './options.ts';

export const ciReportCommand: Command = {
  name: 'ci-report',
  usage: 'ci-report [--vitest-json <file>] [options]  |  ci-report --merge <part.json...>',
  summary: 'report the contract tests on the pull request: one comment updated in place, annotations, the job summary',
  details:
    'Reads GitHub Actions\' environment (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT). ' +
    'On a pull request from a fork the token is read-only: the comment is skipped (the log says so), annotations and the summary remain. ' +
    'Sets the outputs drifted and breaking (true or false).\n' +
    'Exit codes: 0 reported (drift is reported, not failed: the contract tests fail the job), 2 error.',
  options: {
    'vitest-json': { type: 'string', value: '<file>', description: "Vitest's JSON report of the contract tests; its files say which clients ran" },
    clients: { type: 'string', value: '<names>', description: 'only these clients, separated by commas or spaces (default: those the report ran, else all)' },
    base: { type: 'string', value: '<ref>', description: 'the base branch whose snapshots the changelog starts from (default: origin/$GITHUB_BASE_REF)' },
    partial: { type: 'string', value: '<file>', description: "write this shard's part to <file> and print its annotations; publish nothing else" },
    merge: { type: 'boolean', description: 'publish the parts named as arguments (written by --partial) as one report' },
    root: ROOT_OPTION,
  },
  async run(args, io) {
    const root = rootOf(args, io);
    const context = await readGithubContext(process.env);
    let reports: ClientReport[];
    if (booleanOption(args, 'merge')) {
      if (args.positionals.length === 0) throw new DriftError('--merge takes the part files that `ci-report --partial <file>` wrote', { fix: 'npx openapi-drift ci-report --merge parts/*.json' });
      reports = (await Promise.all(args.positionals.map((file) => readPart(path.resolve(io.cwd, file))))).flat().sort((a, b) => a.name.localeCompare(b.name));
    } else {
      const vitestJson = stringOption(args, 'vitest-json');
      const clients = (stringOption(args, 'clients') ?? '').split(/[\s,]+/).filter(Boolean);
      const base = stringOption(args, 'base') ?? (context.baseRef ? `origin/${context.baseRef}` : undefined);
      reports = await collectClientReports({ root, vitestReport: vitestJson && path.resolve(io.cwd, vitestJson), clients, baseRef: base });
      // Annotations belong to the job that found the drift: a shard prints its own, the merge none.
      io.stdout(renderAnnotations(reports));
    }
    const partial = stringOption(args, 'partial');
    if (partial) {
      await writeFileAtomic(path.resolve(io.cwd, partial), `${JSON.stringify(reports, null, 2)}\n`);
      io.stdout(`openapi-drift: wrote this shard's part (${reports.map((report) => `${report.name} ${report.status}`).join(', ') || 'no client'}) to ${partial}\n`);
      return EXIT.ok;
    }
    const comment = await upsertComment(context, renderComment(reports, context.jobUrl));
    if (comment.action === 'skipped') io.stdout(`openapi-drift: no pull-request comment: ${comment.reason}; the report is in the annotations and the job summary\n`);
    else io.stdout(`openapi-drift: ${comment.action} the pull-request comment ${comment.url ?? comment.id}\n`);
    await writeJobFiles(context, renderMarkdown(reports, context.jobUrl), { drifted: String(hasDriftIn(reports)), breaking: String(hasBreakingIn(reports)) });
    for (const report of reports) io.stdout(`${report.name}: ${report.status}${report.files.length ? ` (${report.files.length} ${report.files.length === 1 ? 'file' : 'files'})` : ''}\n`);
    return EXIT.ok;
  },
};

async function readPart(file: string): Promise<ClientReport[]> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new Error('it is not a list of client reports');
    return parsed as ClientReport[];
  } catch (error) {
    throw new DriftError(`${file}: not a part written by \`ci-report --partial\` (${(error as Error).message})`, { file });
  }
}

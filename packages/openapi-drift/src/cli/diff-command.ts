// `diff [client] [file...]`: the whole change `-u` would make, as one patch (never cut, unlike the
// diff in a failing test's message); nothing is written. `--stat` counts instead of showing.
import path from 'node:path';
import { filePatch, patchCounts } from '../compare/drift-report.ts';
import type { FileComparison } from '../compare/tree.ts';
import { checkClient } from '../contract/check.ts';
import { DriftError } from '../core/errors.ts';
import { showControlCharacters } from '../core/sanitize.ts';
import { ROOT_OPTION, booleanOption, type Command } from './command.ts';
import { EXIT, indentLines, rootOf, selectClients } from './options.ts';

const STYLE = { bold: '\u001b[1m', red: '\u001b[31m', green: '\u001b[32m', cyan: '\u001b[36m', reset: '\u001b[0m' } as const;

export const diffCommand: Command = {
  name: 'diff',
  usage: 'diff [client] [file...] [options]',
  summary: 'print the whole unified diff of what -u would change; nothing is written',
  details:
    'Without a client, every client. Files are named as the contract tests name them (src/client/sdk.gen.ts, inside the client folder) ' +
    'or by their path from the current directory. `-` is what is committed, `+` what the snapshot generates; the output applies with `git apply`. ' +
    'Colour on a terminal, plain when piped (NO_COLOR and FORCE_COLOR are honoured).\n' +
    'Exit codes: 0 clean, 1 drift, 2 error.',
  options: {
    root: ROOT_OPTION,
    stat: { type: 'boolean', description: 'one line per drifted file with its added and removed lines, and a total, instead of the diff' },
  },
  async run(args, io) {
    const root = rootOf(args, io);
    const [client, ...files] = args.positionals;
    const stat = booleanOption(args, 'stat');
    const write = io.color && io.stdoutStyled ? io.stdoutStyled : io.stdout;
    const paint = io.color && io.stdoutStyled ? colourPatch : (patch: string) => patch;
    const rows: Array<{ shown: string; added: number; removed: number }> = [];
    let worst: number = EXIT.ok;
    for (const { name, dir } of await selectClients(root, client === undefined ? [] : [client])) {
      try {
        const check = await checkClient(dir, { displayRoot: io.cwd });
        const shown = (entry: FileComparison) => path.relative(io.cwd, path.join(check.regeneration.outputDir, entry.path)).split(path.sep).join('/');
        const selected = selectFiles(check.comparisons, files, { clientDir: check.clientDir, outputDir: check.regeneration.outputDir, cwd: io.cwd, name });
        for (const entry of selected.filter((candidate) => candidate.status !== 'unchanged')) {
          worst = Math.max(worst, EXIT.drift);
          const patch = filePatch(entry, shown(entry));
          if (stat) rows.push({ shown: shown(entry), ...patchCounts(patch) });
          else write(paint(showControlCharacters(patch)));
        }
      } catch (error) {
        if (!(error instanceof DriftError)) throw error;
        worst = EXIT.error;
        io.stderr(`${name}: error\n${indentLines(error.describe())}\n`);
      }
    }
    if (stat) io.stdout(formatStat(rows));
    return worst;
  },
};

/** The comparisons the named files select; a name that is no file of the client is refused. */
function selectFiles(comparisons: FileComparison[], files: string[], where: { clientDir: string; outputDir: string; cwd: string; name: string }): FileComparison[] {
  if (files.length === 0) return comparisons;
  const byAbsolute = new Map(comparisons.map((entry) => [path.join(where.outputDir, entry.path), entry]));
  const chosen = new Set<FileComparison>();
  const unknown: string[] = [];
  for (const file of files) {
    const entry = [path.join(where.clientDir, file), path.join(where.outputDir, file), path.resolve(where.cwd, file)].map((candidate) => byAbsolute.get(candidate)).find(Boolean);
    if (entry) chosen.add(entry);
    else unknown.push(file);
  }
  if (unknown.length) {
    throw new DriftError(`${unknown.join(', ')}: no such file is generated or committed in the client ${where.name}`, {
      file: unknown[0],
      fix: `name files inside the client folder (e.g. ${path.relative(where.clientDir, path.join(where.outputDir, comparisons[0]?.path ?? '')).split(path.sep).join('/')}), or leave them out for the whole client`,
    });
  }
  return comparisons.filter((entry) => chosen.has(entry));
}

function formatStat(rows: Array<{ shown: string; added: number; removed: number }>): string {
  if (rows.length === 0) return '0 files changed\n';
  const width = Math.max(...rows.map((row) => row.shown.length));
  const digits = Math.max(...rows.map((row) => String(row.added + row.removed).length));
  const most = Math.max(...rows.map((row) => row.added + row.removed));
  const scale = most > 50 ? 50 / most : 1;
  const bar = (count: number) => (count === 0 ? 0 : Math.max(1, Math.round(count * scale)));
  const lines = rows.map((row) => ` ${row.shown.padEnd(width)} | ${String(row.added + row.removed).padStart(digits)} ${'+'.repeat(bar(row.added))}${'-'.repeat(bar(row.removed))}`);
  const added = rows.reduce((sum, row) => sum + row.added, 0);
  const removed = rows.reduce((sum, row) => sum + row.removed, 0);
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  lines.push(` ${plural(rows.length, 'file')} changed, ${plural(added, 'insertion')}(+), ${plural(removed, 'deletion')}(-)`);
  return `${lines.join('\n')}\n`;
}

/** Colours a patch as git does: headers bold, hunk lines cyan, removed red, added green. */
function colourPatch(patch: string): string {
  let inHunks = false;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git ')) inHunks = false;
      if (line.startsWith('@@')) {
        inHunks = true;
        return `${STYLE.cyan}${line}${STYLE.reset}`;
      }
      if (!inHunks) return line === '' ? line : `${STYLE.bold}${line}${STYLE.reset}`;
      if (line.startsWith('-')) return `${STYLE.red}${line}${STYLE.reset}`;
      if (line.startsWith('+')) return `${STYLE.green}${line}${STYLE.reset}`;
      return line;
    })
    .join('\n');
}

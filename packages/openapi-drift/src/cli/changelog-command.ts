// `changelog <old> <new>`: what changed in the API between two OpenAPI documents.
import { commandFor } from '../core/package-manager.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { changelogBetween, formatChangelog } from '../changelog/index.ts';
import { DriftError } from '../core/errors.ts';
import { choice, stringOption, type Command } from './command.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;
const FAIL_ON = ['none', 'breaking', 'warning'] as const;

export const changelogCommand: Command = {
  name: 'changelog',
  usage: 'changelog <old> <new> [options]',
  summary: 'what changed in the API between two OpenAPI documents (Swagger 2.0, OpenAPI 3.0, 3.1; JSON or YAML)',
  details: 'Exit codes: 0 done, 1 a change at the --fail-on level, 2 a document that cannot be compared (unreadable, not OpenAPI, a dangling or external $ref).',
  options: {
    format: { type: 'string', value: '<text|markdown|json>', description: 'output format (default: text)' },
    'fail-on': { type: 'string', value: '<breaking|warning>', description: 'exit 1 when a change of this level or worse is present' },
    'max-changes': { type: 'string', value: '<n>', description: 'print at most n changes (text and markdown)' },
  },
  async run(args, io) {
    if (args.positionals.length !== 2) throw new DriftError('changelog takes two documents', { fix: commandFor(io.cwd, { tool: 'openapi-drift', args: ['changelog', 'old.json', 'new.json'] }) });
    const format = choice(args, 'format', FORMATS, 'text');
    const failOn = choice(args, 'fail-on', FAIL_ON, 'none');
    const maxText = stringOption(args, 'max-changes');
    const maxChanges = maxText === undefined ? undefined : Number(maxText);
    if (maxChanges !== undefined && !(Number.isInteger(maxChanges) && maxChanges >= 0)) throw new DriftError(`--max-changes takes a whole number, got '${maxText}'`);
    const [oldFile, newFile] = args.positionals as [string, string];
    const read = async (file: string) => {
      try {
        return await fs.readFile(path.resolve(io.cwd, file), 'utf8');
      } catch (error) {
        throw new DriftError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
      }
    };
    const [oldText, newText] = await Promise.all([read(oldFile), read(newFile)]);
    // A file that is not a comparable document throws a ChangelogInputError naming old/new, the file and
    // the cause; as a DriftError it leaves through runCli as exit 2, never as 1 ("changes found").
    const log = changelogBetween(oldText, newText, { old: oldFile, new: newFile });
    io.stdout(formatChangelog(log, format, maxChanges === undefined ? undefined : { maxChanges }));
    if (failOn === 'breaking' && log.summary.breaking > 0) return 1;
    if (failOn === 'warning' && log.summary.breaking + log.summary.warning > 0) return 1;
    return 0;
  },
};

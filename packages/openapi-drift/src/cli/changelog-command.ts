// `changelog <old> <new>`: what changed in the API between two OpenAPI documents.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { changelogBetween, formatChangelog, type ChangelogFormat } from '../changelog/index.ts';
import type { CliIo } from './options.ts';
import { DriftError } from '../core/errors.ts';

const FORMATS = ['text', 'markdown', 'json'];
const FAIL_ON = ['breaking', 'warning'];

export async function changelogCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string' }, 'max-changes': { type: 'string' } },
  });
  if (positionals.length !== 2) throw new DriftError('changelog takes two documents', { fix: 'npx openapi-drift changelog old.json new.json' });
  if (!FORMATS.includes(values.format)) throw new DriftError(`--format must be one of ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && !FAIL_ON.includes(failOn)) throw new DriftError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const [oldFile, newFile] = positionals as [string, string];
  const read = async (file: string) => {
    const absolute = path.resolve(io.cwd, file);
    try {
      return await fs.readFile(absolute, 'utf8');
    } catch (error) {
      throw new DriftError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
    }
  };
  const [oldText, newText] = await Promise.all([read(oldFile), read(newFile)]);
  // A file that is not a comparable document throws a ChangelogInputError naming old/new, the file and
  // the cause; as a DriftError it leaves through runCli as exit 2, never as 1 ("changes found").
  const log = changelogBetween(oldText, newText, { old: oldFile, new: newFile });
  const maxChanges = values['max-changes'] === undefined ? undefined : Number(values['max-changes']);
  io.stdout(formatChangelog(log, values.format as ChangelogFormat, maxChanges === undefined ? undefined : { maxChanges }));
  if (failOn === 'breaking' && log.summary.breaking > 0) return 1;
  if (failOn === 'warning' && log.summary.breaking + log.summary.warning > 0) return 1;
  return 0;
}

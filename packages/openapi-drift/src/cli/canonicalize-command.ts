// `canonicalize <file>`: rewrite a JSON snapshot in canonical form, in place or to stdout.
import { commandFor } from '../core/package-manager.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { DriftError } from '../core/errors.ts';
import { canonicalize } from '../snapshot/canonicalize.ts';
import { booleanOption, type Command } from './command.ts';

export const canonicalizeCommand: Command = {
  name: 'canonicalize',
  usage: 'canonicalize <file> [--stdout]',
  summary: 'rewrite a JSON snapshot in canonical form (2-space JSON, keys and numbers as written, final newline)',
  details:
    'A YAML snapshot is checked as written and is left alone; --stdout prints the canonical JSON of a JSON or YAML document.\n' +
    'Exit codes: 0 done, 2 the file cannot be read or parsed.',
  options: { stdout: { type: 'boolean', description: 'print the canonical JSON instead of rewriting the file' } },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new DriftError('canonicalize takes exactly one file', { fix: commandFor(io.cwd, { tool: 'openapi-drift', args: ['canonicalize', 'clients/<name>/openapi.json'] }) });
    const file = path.resolve(io.cwd, args.positionals[0] as string);
    const shown = path.relative(io.cwd, file);
    const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new DriftError(`cannot read ${shown}: ${error.code ?? error.message}`, { file: shown });
    });
    let canonical: string;
    try {
      canonical = canonicalize(text, { file: shown });
    } catch (error) {
      throw new DriftError((error as Error).message, { file: shown, cause: error });
    }
    if (booleanOption(args, 'stdout')) {
      io.stdout(canonical);
      return 0;
    }
    if (!/\.json$/i.test(file)) {
      io.stdout(`${shown} is YAML: openapi-drift checks YAML snapshots as written, so there is nothing to rewrite (--stdout prints its canonical JSON)\n`);
      return 0;
    }
    if (canonical === text) {
      io.stdout(`${shown}: already canonical\n`);
      return 0;
    }
    await writeFileAtomic(file, canonical, { label: 'snapshot', shown });
    io.stdout(`${shown}: rewritten in canonical form\n`);
    return 0;
  },
};

// `canonicalize <file>`: rewrite a snapshot in canonical JSON form, in place or to stdout.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { canonicalize } from '../snapshot/canonicalize.ts';
import type { CliIo } from './options.ts';
import { DriftError } from '../core/errors.ts';

export async function canonicalizeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { stdout: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new DriftError('canonicalize takes exactly one file', { fix: 'npx openapi-drift canonicalize clients/<name>/openapi.json' });
  const file = path.resolve(io.cwd, positionals[0] as string);
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
  if (values.stdout) {
    io.stdout(canonical);
    return 0;
  }
  if (canonical === text) {
    io.stdout(`${shown}: already canonical\n`);
    return 0;
  }
  if (!/\.json$/i.test(file)) {
    throw new DriftError(`${shown} is not a .json file; the canonical form is JSON`, {
      fix: `write it beside: npx openapi-drift canonicalize ${shown} --stdout > ${shown.replace(/\.(ya?ml)$/i, '')}.json`,
    });
  }
  await writeFileAtomic(file, canonical, { label: 'snapshot', shown });
  io.stdout(`${shown}: rewritten in canonical form\n`);
  return 0;
}

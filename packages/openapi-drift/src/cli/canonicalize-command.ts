// `canonicalize <file>`: rewrite a JSON snapshot in canonical form, in place or to stdout.
import { commandFor } from '../core/package-manager.ts';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { parseDocument, serializeCanonical, type ParsedDocument } from '../snapshot/canonicalize.ts';
import { readSnapshotText } from '../snapshot/snapshot.ts';
import { booleanOption, type Command } from './command.ts';

export const canonicalizeCommand: Command = {
  name: 'canonicalize',
  usage: 'canonicalize <file> [--stdout] [--keep-last]',
  summary: 'rewrite a JSON snapshot in canonical form (2-space JSON, keys and numbers as written, final newline)',
  details:
    'A YAML snapshot is checked as written and is left alone; --stdout prints the canonical JSON of a JSON or YAML document.\n' +
    'A document with duplicate keys is refused (canonical JSON keeps one value per key) unless --keep-last; bytes that are not UTF-8 are refused.\n' +
    'Exit codes: 0 done, 2 the file cannot be read or parsed, or has duplicate keys.',
  options: {
    stdout: { type: 'boolean', description: 'print the canonical JSON instead of rewriting the file' },
    'keep-last': { type: 'boolean', description: 'of duplicate keys, keep the last value (as JSON.parse and hey-api read it) and drop the earlier ones' },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new DriftError('canonicalize takes exactly one file', { fix: commandFor(io.cwd, { tool: 'openapi-drift', args: ['canonicalize', 'clients/<name>/openapi.json'] }) });
    const file = path.resolve(io.cwd, args.positionals[0] as string);
    const shown = path.relative(io.cwd, file);
    const text = await readSnapshotText(file, shown);
    let parsed: ParsedDocument;
    try {
      parsed = parseDocument(text, { file: shown });
    } catch (error) {
      throw new DriftError((error as Error).message, { file: shown, cause: error });
    }
    // Canonical JSON holds one value per key: an earlier value (a whole operation) would be dropped.
    const duplicates = parsed.duplicateKeys.map(({ key, path: at, line, column }) => `${shown}:${line}:${column}: duplicate key ${JSON.stringify(key)} (at ${at || '/'})`);
    if (duplicates.length && !booleanOption(args, 'keep-last')) {
      throw new ConfigError(`${duplicates.join('\n')}\ncanonical JSON keeps one value per key, so the earlier value would be dropped; nothing was written`, {
        file: shown,
        fix: 'remove the duplicate you do not want, or run again with --keep-last to keep the last value (as JSON.parse and hey-api read the file)',
      });
    }
    const canonical = serializeCanonical(parsed.value);
    const dropped = duplicates.map((line) => `${line}: the earlier value was dropped (--keep-last)\n`).join('');
    if (booleanOption(args, 'stdout')) {
      io.stderr(dropped);
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
    io.stdout(`${dropped}${shown}: rewritten in canonical form\n`);
    return 0;
  },
};

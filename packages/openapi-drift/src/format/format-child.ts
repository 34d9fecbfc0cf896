// Entry of a formatter process (started by formatter-pool.ts): formats the files it is sent,
// answers once and exits. A process of its own keeps prettier's memory out of the generator's.
// prettier is the team's own, resolved from the client folder (the process's working directory).
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { importPeer } from '../core/peers.ts';
import { formatList, type FormatOptions, type Prettier } from './format.ts';

process.once('message', async ({ files, options }: { files: Array<[string, string]>; options: FormatOptions }) => {
  let reply: unknown;
  try {
    const prettier = await importPeer<Prettier>('prettier', options.cwd, path.relative(options.displayRoot, options.cwd) || '.');
    reply = { ok: true, files: await formatList(prettier, files, options), prettierVersion: prettier.version };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const drift = error instanceof DriftError ? error : undefined;
    reply = { ok: false, error: { name: drift?.name ?? 'FormatError', message, file: drift?.file, fix: drift?.fix } };
  }
  process.send?.(reply, () => process.exit(0));
});

// Entry of a formatter process (started by formatter-pool.ts): formats the files it is sent,
// answers once and exits. A process of its own keeps prettier's memory out of the generator's.
import { FormatError } from '../core/errors.ts';
import { formatList, prettierVersion, type FormatOptions } from './format.ts';

process.once('message', async ({ files, options }: { files: Array<[string, string]>; options: FormatOptions }) => {
  let reply: unknown;
  try {
    reply = { ok: true, files: await formatList(files, options), prettierVersion };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reply = { ok: false, error: { name: 'FormatError', message, file: error instanceof FormatError ? error.file : undefined, fix: error instanceof FormatError ? error.fix : undefined } };
  }
  process.send?.(reply, () => process.exit(0));
});

// The formatting worker thread of format.ts: formats the files it is sent and answers once.
import { parentPort } from 'node:worker_threads';
import { FormatError } from './errors.ts';
import { formatList, type FormatOptions } from './format.ts';

parentPort?.once('message', async ({ files, options }: { files: Array<[string, string]>; options: FormatOptions }) => {
  try {
    parentPort?.postMessage({ ok: true, files: await formatList(files, options) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, error: { message: error instanceof Error ? error.message : String(error), file: error instanceof FormatError ? error.file : undefined } });
  }
});

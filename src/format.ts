// Formats generated files exactly as hey-api's prettier post-processing (`prettier --ignore-unknown
// <output> --write --ignore-path ./.prettierignore`, run in the client folder) formats them on disk.
// The committed path decides everything: which .prettierrc, overrides and .editorconfig apply,
// and whether .prettierignore skips the file.
//
// prettier is CPU-bound and single-threaded, and a large spec's files take seconds each, so the
// files are shared between this thread and a formatting worker thread (format-worker.ts), largest
// first. The worker is started before generation, so that loading prettier there overlaps it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as prettier from 'prettier';
import { FormatError } from './errors.ts';
import { sha256 } from './snapshot.ts';

export interface FormatOptions {
  /** Where the files are committed: each file is formatted as if it lay at `outputDir/<path>`. */
  outputDir: string;
  /** The folder the generator runs in; its `.prettierignore` is the one hey-api passes to prettier. */
  cwd: string;
  /** How the client folder is named in messages. */
  displayRoot: string;
}

export interface Formatted {
  files: Map<string, string>;
  /** sha256 of the resolved prettier options of every file and of the ignore file: the formatter's inputs. */
  configDigest: string;
}

export interface FormattedFile {
  path: string;
  text: string;
  config: unknown;
}

/** Below this much text, a second thread costs more than it saves. */
const PARALLEL_THRESHOLD = 512 * 1024;

/** A formatting worker thread, started early and used at most once. */
export class FormatHelper {
  private readonly worker = new Worker(new URL('./format-worker.ts', import.meta.url));

  constructor() {
    // Never keep the process alive for the helper alone.
    this.worker.unref();
  }

  format(files: Array<[string, string]>, options: FormatOptions): Promise<FormattedFile[]> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (message: { ok: true; files: FormattedFile[] } | { ok: false; error: { message: string; file?: string } }) => {
        if (message.ok) resolve(message.files);
        else reject(new FormatError(message.error.message, { file: message.error.file, fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)' }));
      });
      this.worker.once('error', reject);
      this.worker.postMessage({ files, options });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

export async function formatFiles(files: Map<string, string>, options: FormatOptions, helper?: FormatHelper): Promise<Formatted> {
  const ignorePath = path.join(options.cwd, '.prettierignore');
  const [mine, theirs] = splitBySize([...files], helper ? PARALLEL_THRESHOLD : Number.POSITIVE_INFINITY);
  const results = await Promise.all([
    formatList(mine, options),
    theirs.length && helper ? helper.format(theirs, options) : Promise.resolve([]),
  ]);
  const byPath = new Map(results.flat().map((file) => [file.path, file]));
  const ignoreText = await fs.readFile(ignorePath, 'utf8').catch(() => '');
  const keys = [...files.keys()].sort();
  return {
    files: new Map(keys.map((key) => [key, byPath.get(key)?.text ?? ''])),
    configDigest: sha256(JSON.stringify([ignoreText, keys.map((key) => [key, byPath.get(key)?.config ?? null])])),
  };
}

/** Two lists of about equal total size, largest files first; all in the first below `threshold`. */
function splitBySize(files: Array<[string, string]>, threshold: number): [Array<[string, string]>, Array<[string, string]>] {
  const total = files.reduce((sum, [, text]) => sum + text.length, 0);
  if (total < threshold) return [files, []];
  const bins: [Array<[string, string]>, Array<[string, string]>] = [[], []];
  const sizes = [0, 0];
  for (const file of [...files].sort(([, a], [, b]) => b.length - a.length)) {
    const target = (sizes[0] ?? 0) <= (sizes[1] ?? 0) ? 0 : 1;
    bins[target].push(file);
    sizes[target] = (sizes[target] ?? 0) + file[1].length;
  }
  return bins;
}

/** Formats files one after another on this thread. */
export async function formatList(files: Array<[string, string]>, options: FormatOptions): Promise<FormattedFile[]> {
  const ignorePath = path.join(options.cwd, '.prettierignore');
  const formatted: FormattedFile[] = [];
  for (const [relativePath, content] of files) {
    const filepath = path.join(options.outputDir, relativePath);
    formatted.push({ path: relativePath, ...(await formatOne(content, filepath, ignorePath, options)) });
  }
  return formatted;
}

async function formatOne(content: string, filepath: string, ignorePath: string, options: FormatOptions): Promise<{ text: string; config: unknown }> {
  const shown = path.relative(options.displayRoot, filepath);
  try {
    const info = await prettier.getFileInfo(filepath, { ignorePath, resolveConfig: true });
    // `--ignore-unknown` leaves files without a parser alone, as does .prettierignore.
    if (info.ignored || !info.inferredParser) return { text: content, config: 'unformatted' };
    const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
    return { text: await prettier.format(content, { ...config, filepath }), config };
  } catch (error) {
    throw new FormatError(`prettier failed on ${shown}: ${error instanceof Error ? error.message : String(error)}`, {
      file: shown,
      fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)',
      cause: error,
    });
  }
}

// Formats generated files exactly as hey-api's prettier post-processing (`prettier --ignore-unknown
// <output> --write --ignore-path ./.prettierignore`, run in the client folder) formats them on disk.
// The committed path decides everything: which .prettierrc, overrides and .editorconfig apply,
// and whether .prettierignore skips the file.
import path from 'node:path';
import * as prettier from 'prettier';
import { FormatError } from './errors.ts';

export interface FormatOptions {
  /** Where the files are committed: each file is formatted as if it lay at `outputDir/<path>`. */
  outputDir: string;
  /** The folder the generator runs in; its `.prettierignore` is the one hey-api passes to prettier. */
  cwd: string;
  /** How the client folder is named in messages. */
  displayRoot: string;
}

export async function formatFiles(files: Map<string, string>, options: FormatOptions): Promise<Map<string, string>> {
  const ignorePath = path.join(options.cwd, '.prettierignore');
  const formatted = new Map<string, string>();
  // prettier.format is CPU-bound on this thread; running the calls concurrently only overlaps the
  // config look-ups, which is where the waiting is.
  await Promise.all(
    [...files].map(async ([relativePath, content]) => {
      const filepath = path.join(options.outputDir, relativePath);
      formatted.set(relativePath, await formatOne(content, filepath, ignorePath, options));
    }),
  );
  return new Map([...files.keys()].map((key) => [key, formatted.get(key) ?? '']));
}

async function formatOne(content: string, filepath: string, ignorePath: string, options: FormatOptions): Promise<string> {
  const shown = path.relative(options.displayRoot, filepath);
  try {
    const info = await prettier.getFileInfo(filepath, { ignorePath, resolveConfig: true });
    // `--ignore-unknown` leaves files without a parser alone, as does .prettierignore.
    if (info.ignored || !info.inferredParser) return content;
    const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
    return await prettier.format(content, { ...config, filepath });
  } catch (error) {
    throw new FormatError(`prettier failed on ${shown}: ${error instanceof Error ? error.message : String(error)}`, {
      file: shown,
      fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)',
      cause: error,
    });
  }
}

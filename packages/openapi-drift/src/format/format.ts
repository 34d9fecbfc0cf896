// Formats generated files exactly as hey-api's prettier post-processing (`prettier --ignore-unknown
// <output> --write --ignore-path ./.prettierignore`, run in the client folder) formats them on disk.
// The committed path decides everything: which .prettierrc, overrides and .editorconfig apply,
// and whether .prettierignore skips the file. Runs in the formatter processes (format-child.ts).
import path from 'node:path';
import type * as PrettierModule from 'prettier';
import { FormatError } from '../core/errors.ts';

export interface FormatOptions {
  /** Where the files are committed: each file is formatted as if it lay at `outputDir/<path>`. */
  outputDir: string;
  /** The folder the generator runs in; its `.prettierignore` is the one hey-api passes to prettier. */
  cwd: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
}

export interface FormattedFile {
  path: string;
  text: string;
  /** The prettier options that applied, or 'unformatted' for an ignored or unknown file. */
  config: unknown;
}

/** The team's prettier, as the client folder resolves it (see core/peers.ts). */
export type Prettier = typeof PrettierModule;

/** Formats files one after another. */
export async function formatList(prettier: Prettier, files: Array<[string, string]>, options: FormatOptions): Promise<FormattedFile[]> {
  const ignorePath = path.join(options.cwd, '.prettierignore');
  const formatted: FormattedFile[] = [];
  for (const [relativePath, content] of files) {
    const filepath = path.join(options.outputDir, relativePath);
    formatted.push({ path: relativePath, ...(await formatOne(prettier, content, filepath, ignorePath, options)) });
  }
  return formatted;
}

async function formatOne(prettier: Prettier, content: string, filepath: string, ignorePath: string, options: FormatOptions): Promise<{ text: string; config: unknown }> {
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

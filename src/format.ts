// Formats generated files exactly as hey-api's prettier post-processing (`prettier --ignore-unknown
// <output> --write --ignore-path ./.prettierignore`, run in the client folder) formats them on disk.
// The committed path decides everything: which .prettierrc, overrides and .editorconfig apply,
// and whether .prettierignore skips the file.
import fs from 'node:fs/promises';
import path from 'node:path';
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

export async function formatFiles(files: Map<string, string>, options: FormatOptions): Promise<Formatted> {
  const ignorePath = path.join(options.cwd, '.prettierignore');
  const formatted = new Map<string, string>();
  const resolved = new Map<string, unknown>();
  // prettier.format is CPU-bound on this thread; running the calls concurrently only overlaps the
  // config look-ups, which is where the waiting is.
  await Promise.all(
    [...files].map(async ([relativePath, content]) => {
      const filepath = path.join(options.outputDir, relativePath);
      const result = await formatOne(content, filepath, ignorePath, options);
      formatted.set(relativePath, result.text);
      resolved.set(relativePath, result.config);
    }),
  );
  const ignoreText = await fs.readFile(ignorePath, 'utf8').catch(() => '');
  const keys = [...files.keys()];
  return {
    files: new Map(keys.map((key) => [key, formatted.get(key) ?? ''])),
    configDigest: sha256(JSON.stringify([ignoreText, keys.map((key) => [key, resolved.get(key) ?? null])])),
  };
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

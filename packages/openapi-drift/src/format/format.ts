// Formats generated files exactly as hey-api's prettier post-processing (`prettier --ignore-unknown
// <output> --write --ignore-path ./.prettierignore`, run in the client folder) formats them on disk.
// The committed path decides everything: which .prettierrc, overrides and .editorconfig apply,
// and whether .prettierignore skips the file. Runs in the formatter processes (format-child.ts).
//
// A large TypeScript file may come back cut into pieces instead (chunks.ts), with the options that
// apply to it: the pool has the pieces formatted wherever a process is free, or takes them from the
// cache of formatted pieces, and joins them.
import path from 'node:path';
import type * as PrettierModule from 'prettier';
import { FormatError } from '../core/errors.ts';
import { planChunks, type ChunkJoin } from './chunks.ts';
import type { TypeScript } from './top-level.ts';

export interface FormatOptions {
  /** Where the files are committed: each file is formatted as if it lay at `outputDir/<path>`. */
  outputDir: string;
  /** The folder the generator runs in; its `.prettierignore` is the one hey-api passes to prettier. */
  cwd: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
}

/** The team's prettier, as the client folder resolves it (see core/peers.ts). */
export type Prettier = typeof PrettierModule;

/** What a formatter process answers for one file. */
export type FileResult =
  /** `config`: the prettier options that applied, or 'unformatted' for an ignored or unknown file. */
  | { kind: 'formatted'; text: string; config: unknown }
  /** The pieces to format with `config` at `filepath`, and how to join them (chunks.ts). */
  | { kind: 'pieces'; pieces: string[]; join: ChunkJoin; config: PrettierModule.Options; filepath: string };

/**
 * Formats one file at its committed path, or, when `byDeclaration` and TypeScript is at hand, cuts
 * it into pieces if chunks.ts allows it for this file and these options.
 */
export async function formatFile(
  prettier: Prettier,
  typescript: TypeScript | undefined,
  relativePath: string,
  content: string,
  options: FormatOptions,
  byDeclaration: boolean,
): Promise<FileResult> {
  const filepath = path.join(options.outputDir, relativePath);
  return asFormatError(path.relative(options.displayRoot, filepath), async () => {
    const ignorePath = path.join(options.cwd, '.prettierignore');
    const info = await prettier.getFileInfo(filepath, { ignorePath, resolveConfig: true });
    // `--ignore-unknown` leaves files without a parser alone, as does .prettierignore.
    if (info.ignored || !info.inferredParser) return { kind: 'formatted', text: content, config: 'unformatted' };
    const config = (await prettier.resolveConfig(filepath, { editorconfig: true })) ?? {};
    if (byDeclaration && typescript) {
      // Stryker disable next-line ObjectLiteral: equivalent, the path is a .ts or .mts one whenever the plan is pieces, for which prettier infers typescript, the default
      const plan = planChunks({ prettier, typescript }, content, { ...config, filepath }, { inferredParser: info.inferredParser });
      if (plan.kind === 'chunks' && plan.chunks.length > 1) return { kind: 'pieces', pieces: plan.chunks, join: plan.join, config, filepath };
    }
    return { kind: 'formatted', text: await prettier.format(content, { ...config, filepath }), config };
  });
}

/** Formats pieces of the file at `filepath` (shown as `shown`) with the options that apply to it. */
export async function formatPieces(prettier: Prettier, pieces: string[], config: PrettierModule.Options, filepath: string, shown: string): Promise<string[]> {
  return asFormatError(shown, async () => {
    const formatted: string[] = [];
    for (const piece of pieces) formatted.push(await prettier.format(piece, { ...config, filepath }));
    return formatted;
  });
}

async function asFormatError<T>(shown: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new FormatError(`prettier failed on ${shown}: ${error instanceof Error ? error.message : String(error)}`, {
      file: shown,
      fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)',
      cause: error,
    });
  }
}

// One formatting of a generated tree over the pool's processes. Small files are formatted whole.
// A large file goes to one process, which resolves its options and cuts it into pieces (chunks.ts);
// the pieces the cache (chunk-cache.ts) does not hold are formatted wherever a process is free,
// with the options of their file, and joined here. Anything that goes wrong with the pieces (one
// prettier rejects, a join that does not hold) formats the file whole instead, so that an error
// is prettier's error for the file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../core/hash.ts';
import type { ReadRecord } from '../core/read-recorder.ts';
import { ChunkCache, optionsDigest, pieceKey } from './chunk-cache.ts';
import { joinFormattedChunks } from './chunks.ts';
import type { FileResult, FormatOptions } from './format.ts';
import type { FormatterProcess } from './formatter-process.ts';
import { TaskQueue } from './task-queue.ts';
import { formatMismatch } from './verify-format.ts';

export interface FormatSettings {
  /** Files of at least this many characters are formatted by declaration; Infinity: none. */
  chunkThreshold: number;
  /** Also format whole every file formatted by pieces, and fail on any difference. */
  verify: boolean;
  /** The folder of the cache of formatted pieces; undefined: no cache. */
  chunkCacheDir: string | undefined;
}

/** How the files were formatted: what was cut into pieces, and what of it came from the cache. */
export interface FormatStats {
  /** Per file formatted by pieces: its pieces, and of the distinct ones how many were found in the cache and how many were formatted now. */
  byDeclaration: Array<{ path: string; pieces: number; cached: number; formatted: number }>;
  /** Files formatted whole, by prettier. */
  whole: number;
  processes: number;
  /** Every file formatted by pieces (if any) was also formatted whole and found identical. */
  verified: boolean;
}

export interface FormattedTree {
  files: Map<string, string>;
  /**
   * sha256 of the distinct prettier option sets that applied and of the ignore file: the formatter's
   * inputs. Not of the file paths, so that a file added or removed by the generator alone is never
   * taken for a change of the prettier configuration.
   */
  configDigest: string;
  prettierVersion: string;
  /** What the formatters read (see core/read-recorder.ts). */
  reads: ReadRecord[];
  unstableReads: string[];
  stats: FormatStats;
}

/** Most characters of pieces sent to a process at once: enough to make a message worth it, few enough to share the end. */
const BATCH_CHARACTERS = 48 * 1024;

export async function formatTree(processes: FormatterProcess[], files: Map<string, string>, options: FormatOptions, settings: FormatSettings): Promise<FormattedTree> {
  const queue = new TaskQueue(processes);
  const cache = new ChunkCache(settings.chunkCacheDir);
  const results = new Map<string, { text: string; config: unknown }>();
  const wholeForVerify = new Map<string, string>();
  const newPieces = new Map<string, string>();
  // Stryker disable next-line BooleanLiteral: equivalent, `verified` is set below before the stats are returned
  const stats: FormatStats = { byDeclaration: [], whole: 0, processes: processes.length, verified: false };
  const shown = (file: string) => path.relative(options.displayRoot, path.join(options.outputDir, file));

  const formatWhole = (file: string, text: string, into: (result: Extract<FileResult, { kind: 'formatted' }>) => void) =>
    queue.add(text.length, async (process) => {
      const { result } = await process.request('file', { path: file, text, options, byDeclaration: false });
      // Stryker disable next-line ConditionalExpression: equivalent, a file asked for without byDeclaration always comes back formatted
      if (result.kind === 'formatted') into(result);
    });
  const keepWhole = (file: string, text: string) =>
    formatWhole(file, text, (result) => {
      stats.whole++;
      results.set(file, result);
    });

  /** Formats the pieces the cache does not hold, then joins them into the file. */
  const byPieces = async (file: string, text: string, plan: Extract<FileResult, { kind: 'pieces' }>, formatterId: string) => {
    const digest = optionsDigest(plan.config, plan.filepath);
    const keys = plan.pieces.map((piece) => pieceKey(formatterId, digest, piece));
    const formatted = await cache.read([...new Set(keys)]);
    const missing = new Map<string, string>();
    keys.forEach((key, index) => formatted.has(key) || missing.set(key, plan.pieces[index] as string));
    stats.byDeclaration.push({ path: file, pieces: keys.length, cached: formatted.size, formatted: missing.size });
    let failed = false;
    const join = () => {
      try {
        results.set(file, { text: joinFormattedChunks(plan.join, keys.map((key) => formatted.get(key) as string)), config: plan.config });
      } catch {
        keepWhole(file, text);
      }
    };
    if (missing.size === 0) return join();
    let remaining = missing.size;
    for (const batch of batches([...missing])) {
      const size = batch.reduce((sum, [, piece]) => sum + piece.length, 0);
      queue.add(size, async (process) => {
        let output: string[];
        try {
          ({ formatted: output } = await process.request('pieces', { texts: batch.map(([, piece]) => piece), config: plan.config, filepath: plan.filepath, shown: shown(file) }));
        } catch {
          // prettier's own error, with its lines and columns in the file, comes from the whole file.
          if (!failed) keepWhole(file, text);
          failed = true;
          return;
        }
        batch.forEach(([key], index) => {
          formatted.set(key, output[index] as string);
          newPieces.set(key, output[index] as string);
        });
        remaining -= batch.length;
        // Only batches that succeed count down: at 0, none failed.
        if (remaining === 0) join();
      });
    }
  };

  for (const [file, text] of files) {
    if (text.length < settings.chunkThreshold) {
      keepWhole(file, text);
      continue;
    }
    queue.add(text.length, async (process) => {
      const { result, formatterId } = await process.request('file', { path: file, text, options, byDeclaration: true });
      if (result.kind === 'formatted') {
        stats.whole++;
        results.set(file, result);
        return;
      }
      if (settings.verify) formatWhole(file, text, (whole) => wholeForVerify.set(file, whole.text));
      await byPieces(file, text, result, formatterId);
    });
  }
  await queue.done();
  await cache.write(newPieces);

  const finished = await Promise.all(processes.map((process) => process.request('finish', {})));
  const prettierVersion = finished.find((reply) => reply.prettierVersion)?.prettierVersion ?? '';
  for (const [file, whole] of wholeForVerify) {
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, every file has its result once the queue is done
    const joined = results.get(file)?.text ?? '';
    if (joined !== whole) throw formatMismatch(shown(file), joined, whole, prettierVersion);
  }
  stats.verified = settings.verify || stats.byDeclaration.length === 0;
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, no two entries have the same path, and V8's sort tells a negative answer only from the others
  stats.byDeclaration.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const ignoreText = await fs.readFile(path.join(options.cwd, '.prettierignore'), 'utf8').catch(() => '');
  const keys = [...files.keys()].sort();
  // Stryker disable next-line OptionalChaining: equivalent, every file has its result once the queue is done
  const optionSets = [...new Set(keys.map((key) => JSON.stringify(results.get(key)?.config ?? null)))].sort();
  return {
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, every file has its result once the queue is done
    files: new Map(keys.map((key) => [key, results.get(key)?.text ?? ''])),
    configDigest: sha256(JSON.stringify([ignoreText, optionSets])),
    prettierVersion,
    reads: finished.flatMap((reply) => reply.reads),
    unstableReads: finished.flatMap((reply) => reply.unstableReads),
    stats,
  };
}

/** Consecutive runs of pieces of at most BATCH_CHARACTERS (or one larger piece). */
function batches(pieces: Array<[string, string]>): Array<Array<[string, string]>> {
  const runs: Array<Array<[string, string]>> = [];
  let current: Array<[string, string]> = [];
  let size = 0;
  for (const piece of pieces) {
    if (current.length && size + piece[1].length > BATCH_CHARACTERS) {
      runs.push(current);
      current = [];
      size = 0;
    }
    current.push(piece);
    size += piece[1].length;
  }
  // Stryker disable next-line ConditionalExpression: equivalent, batches are made only of at least one piece, so the last run is never empty
  if (current.length) runs.push(current);
  return runs;
}

// Regenerates one client into memory: the single code path behind the contract tests, `check`,
// `sync` and `add`. The generation happens in a child process (run-generator.ts, generate-child.ts),
// the formatting in others (format/formatter-pool.ts), which also check the snapshot while hey-api
// generates.
import path from 'node:path';
import { DriftError, GenerationError, SnapshotError } from '../core/errors.ts';
import { cacheEnabled, cacheRoot } from '../core/cache-dir.ts';
import { formatMode } from '../core/settings.ts';
import { FormatterPool, type FormatSettings, type FormatStats } from '../format/formatter-pool.ts';
import { postProcess } from '../format/post-process.ts';
import type { ReadRecord } from '../core/read-recorder.ts';
import type { SnapshotForm } from '../snapshot/inspect.ts';
import type { GenerationInputs, SnapshotMessage } from './generator-protocol.ts';
import { defaultTimeoutMs, prefix, runGenerator } from './run-generator.ts';

export type { SnapshotForm } from '../snapshot/inspect.ts';
export type { GenerationInputs } from './generator-protocol.ts';
export { defaultTimeoutMs } from './run-generator.ts';

export interface Regeneration {
  clientDir: string;
  configFile: string;
  snapshotFile: string;
  /** Absolute path of the committed tree (the config's output path). */
  outputDir: string;
  /** Formatted files by path relative to `outputDir` (POSIX separators), sorted. */
  files: Map<string, string>;
  /**
   * Folders beside `outputDir` that belong to the tree too (absolute): openapi-drift's own generated
   * files, out of reach of hey-api's `clean`. Their files are keyed relative to `outputDir` (`../x/…`).
   */
  companionDirs?: string[];
  /** What the output depends on, for the fingerprint. */
  inputs: GenerationInputs;
  /** What the generator printed. */
  output: string;
  /** Whether the snapshot is in canonical form, and its duplicate keys. */
  snapshotForm: SnapshotForm;
  /** Served from the cache (cache.ts) rather than generated now. */
  cached?: boolean;
  /** Every file the generation and the formatting read, as they read it (see core/read-recorder.ts). */
  reads: ReadRecord[];
  /** Files that changed while the run read them: such a regeneration is never cached. */
  unstableReads: string[];
  /** How the files were formatted now (by pieces, from the cache of pieces); absent when served from the cache. */
  formatStats?: FormatStats;
}

export interface RegenerateOptions {
  /** Paths in messages are shown relative to this folder. Default: the current directory. */
  displayRoot?: string;
  /** Kill a generation that takes longer. Default: `OPENAPI_DRIFT_TIMEOUT` seconds, else 300 s. */
  timeoutMs?: number;
  /** Generate from this file instead of the config's input; it must lie in the snapshot's folder. */
  inputOverride?: string;
  /**
   * @internal Files of at least this many characters are formatted by declaration. Default:
   * DEFAULT_CHUNK_THRESHOLD; the tests set 0 to cut every file of a medium spec.
   */
  chunkThreshold?: number;
}

/** Files from this size on are formatted by declaration: below it, cutting costs more than it saves. */
const DEFAULT_CHUNK_THRESHOLD = 256 * 1024;
/** A snapshot from this size on makes a large output: the formatters warm up during the generation. */
const LARGE_SNAPSHOT = 1024 * 1024;

/** Regenerates the client in memory: generated in one child process, formatted in others. */
export async function regenerate(clientDir: string, options: RegenerateOptions = {}): Promise<Regeneration> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
  const displayRoot = options.displayRoot ?? process.cwd();
  // Started now, so that loading prettier overlaps the generation.
  const formatters = new FormatterPool(path.resolve(clientDir), displayRoot, formatSettings(clientDir, options));
  // A pool formats once: a second prettier step gets a pool of its own.
  const morePools: FormatterPool[] = [];
  let formattersTaken = false;
  const takeFormatters = () => {
    if (!formattersTaken) return ((formattersTaken = true), formatters);
    morePools.push(new FormatterPool(path.resolve(clientDir), displayRoot, formatSettings(clientDir, options)));
    return morePools.at(-1) as FormatterPool;
  };
  const stopGenerating = new AbortController();
  let inspection: Promise<SnapshotForm> | undefined;
  const onSnapshot = (message: SnapshotMessage) => {
    if (message.text !== undefined) {
      inspection = formatters.inspectSnapshot(message.text, message.shown);
      // A snapshot that fails its check stops the generator at once: its error is the one to report.
      inspection.catch((error: unknown) => error instanceof SnapshotError && stopGenerating.abort(error));
    }
    if (message.bytes >= LARGE_SNAPSHOT) void formatters.expectLargeOutput(message.bytes);
  };
  try {
    let generated;
    try {
      generated = await runGenerator(clientDir, { displayRoot, timeoutMs, inputOverride: options.inputOverride, layoutOnly: false, onSnapshot, signal: stopGenerating.signal });
    } catch (error) {
      // hey-api may fail on a snapshot that the check rejects: the check's error says why.
      const inspectionError = await inspection?.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      throw inspectionError instanceof SnapshotError ? withClientPrefix(inspectionError, clientDir, displayRoot) : error;
    }
    const snapshotForm = generated.snapshotForm ?? (await inspection?.catch((error: unknown) => Promise.reject(withClientPrefix(error, clientDir, displayRoot))));
    if (!snapshotForm) throw new GenerationError('the snapshot was never checked; this is a bug in openapi-drift, please report it');
    const formatStarted = Date.now();
    let formatted;
    try {
      formatted = await postProcess(generated.files, generated.postProcess, {
        clientDir: generated.clientDir,
        outputDir: generated.outputDir,
        displayRoot,
        // A pool formats once: a second prettier step gets a pool of its own.
        formatters: takeFormatters,
        timeoutMs: () => Math.max(1000, timeoutMs - (Date.now() - started)),
        verify: formatMode() === 'verify',
      });
    } catch (error) {
      throw withClientPrefix(error, generated.clientDir, displayRoot);
    }
    return {
      ...generated,
      snapshotForm,
      files: formatted.files,
      inputs: { ...generated.inputs, formatterConfig: formatted.configDigest, prettier: formatted.prettierVersion, ...(Object.keys(formatted.tools).length ? { tools: formatted.tools } : {}) },
      reads: mergeReads([...generated.reads, ...formatted.reads]),
      unstableReads: [...new Set([...generated.unstableReads, ...formatted.unstableReads])].sort(),
      output: generated.output + timingLine(formatted.stats, Date.now() - formatStarted),
      formatStats: formatted.stats,
    };
  } finally {
    formatters.close();
    for (const pool of morePools) pool.close();
  }
}

function formatSettings(clientDir: string, options: RegenerateOptions): FormatSettings {
  const mode = formatMode();
  return {
    chunkThreshold: mode === 'whole' ? Number.POSITIVE_INFINITY : (options.chunkThreshold ?? DEFAULT_CHUNK_THRESHOLD),
    verify: mode === 'verify',
    chunkCacheDir: cacheEnabled() ? path.join(cacheRoot(clientDir), 'chunks') : undefined,
  };
}

/** With OPENAPI_DRIFT_TIMINGS=1, the formatting's line in the captured output, after the generator's. */
function timingLine(stats: FormatStats, milliseconds: number): string {
  if (!process.env.OPENAPI_DRIFT_TIMINGS) return '';
  const pieces = stats.byDeclaration.map((file) => `${file.path} ${file.pieces} pieces (${file.cached} from the cache, ${file.formatted} formatted)`);
  return `openapi-drift timing: format ${milliseconds} ms in ${stats.processes} processes; ${stats.whole} files whole${pieces.length ? `; by declaration: ${pieces.join(', ')}` : ''}${stats.verified && pieces.length ? '; verified whole' : ''}\n`;
}

function withClientPrefix(error: unknown, clientDir: string, displayRoot: string): unknown {
  if (error instanceof DriftError) error.message = prefix(path.relative(displayRoot, path.resolve(clientDir)) || '.', error.message);
  return error;
}

/** One record per file, the strongest of each (content over listing over existence). */
function mergeReads(records: ReadRecord[]): ReadRecord[] {
  const strength = { absent: 0, exists: 1, listing: 2, content: 3 };
  const byFile = new Map<string, ReadRecord>();
  for (const record of records) {
    const previous = byFile.get(record.file);
    if (!previous || strength[record.kind] > strength[previous.kind]) byFile.set(record.file, record);
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

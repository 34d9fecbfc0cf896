// Regenerates one client into memory: the single code path behind the contract tests, `check`,
// `sync` and `add`. The work happens in a child process (generate-child.ts) so that a hung
// generator can be killed, its output captured, and the fs rerouting kept away from the caller.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { DriftError, GenerationError, reviveError } from '../core/errors.ts';
import { childProcessEnv } from '../core/cache-dir.ts';
import { FormatterPool } from '../format/formatter-pool.ts';
import type { ReadRecord } from '../core/read-recorder.ts';

export interface GenerationRequest {
  clientDir: string;
  displayRoot: string;
  /** Generate from this file instead of the config's input (same folder, so relative refs resolve alike). */
  inputOverride?: string;
  /** Only load the config and report where the snapshot and the tree are. */
  layoutOnly?: boolean;
}

export interface LayoutResponse {
  configFile: string;
  snapshotFile: string;
  outputDir: string;
  files: [];
  inputs: undefined;
}

export interface GenerationResponse {
  configFile: string;
  snapshotFile: string;
  outputDir: string;
  /** Unformatted, as the generator wrote them. */
  files: Array<[string, string]>;
  inputs: GeneratorInputs;
  snapshotForm: SnapshotForm;
  /** What the generation read (see core/read-recorder.ts). */
  reads: ReadRecord[];
  /** Files read twice with different content during the generation. */
  unstableReads: string[];
}

/** What a regeneration's output depends on: recorded at each update, compared to explain drift. */
export interface GenerationInputs {
  /** sha256 of the snapshot bytes. */
  snapshot: string;
  /** sha256 of the client's openapi-ts config file. */
  config: string;
  /** sha256 of the prettier options resolved for every generated file, and of the ignore file. */
  formatterConfig: string;
  generator: string;
  prettier: string;
  node: string;
}

/** The inputs the generation child can tell; the formatter's are added after formatting. */
export type GeneratorInputs = Omit<GenerationInputs, 'formatterConfig' | 'prettier'>;

export interface Regeneration {
  clientDir: string;
  configFile: string;
  snapshotFile: string;
  /** Absolute path of the committed tree (the config's output path). */
  outputDir: string;
  /** Formatted files by path relative to `outputDir` (POSIX separators), sorted. */
  files: Map<string, string>;
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
}

export interface SnapshotForm {
  /** JSON snapshots are kept in canonical form; YAML ones are checked as written. */
  format: 'json' | 'yaml';
  /** For JSON: whether the text is exactly its canonical form. */
  canonical: boolean;
  duplicateKeys: Array<{ key: string; line: number; column: number }>;
}

export interface RegenerateOptions {
  /** Paths in messages are shown relative to this folder. Default: the current directory. */
  displayRoot?: string;
  /** Kill a generation that takes longer. Default: `OPENAPI_DRIFT_TIMEOUT` seconds, else 300 s. */
  timeoutMs?: number;
  /** Generate from this file instead of the config's input; it must lie in the snapshot's folder. */
  inputOverride?: string;
}

// Beside this module: generate-child.ts when run from source, generate-child.js when installed.
const CHILD = fileURLToPath(new URL(`./generate-child${path.extname(import.meta.url)}`, import.meta.url));
const OUTPUT_LIMIT = 64 * 1024;

export function defaultTimeoutMs(): number {
  const seconds = Number(process.env.OPENAPI_DRIFT_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000;
}

export interface ClientLayout {
  clientDir: string;
  configFile: string;
  snapshotFile: string;
  outputDir: string;
}

/** Loads the client's config, as hey-api does, and tells where its snapshot and tree are. */
export async function loadLayout(clientDir: string, options: RegenerateOptions = {}): Promise<ClientLayout> {
  const { clientDir: dir, configFile, snapshotFile, outputDir } = await runChild(clientDir, options, true);
  return { clientDir: dir, configFile, snapshotFile, outputDir };
}

/** Regenerates the client in memory: generated in one child process, formatted in others. */
export async function regenerate(clientDir: string, options: RegenerateOptions = {}): Promise<Regeneration> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
  const displayRoot = options.displayRoot ?? process.cwd();
  // Started now, so that loading prettier overlaps the generation.
  const formatters = new FormatterPool(path.resolve(clientDir));
  try {
    const generated = (await runChild(clientDir, { ...options, timeoutMs }, false)) as Omit<Regeneration, 'inputs'> & { inputs: GeneratorInputs };
    let formatted;
    try {
      formatted = await formatters.format(generated.files, { outputDir: generated.outputDir, cwd: generated.clientDir, displayRoot }, Math.max(1000, timeoutMs - (Date.now() - started)));
    } catch (error) {
      if (error instanceof DriftError) error.message = prefix(path.relative(displayRoot, generated.clientDir) || '.', error.message);
      throw error;
    }
    return {
      ...generated,
      files: formatted.files,
      inputs: { ...generated.inputs, formatterConfig: formatted.configDigest, prettier: formatted.prettierVersion },
      reads: mergeReads([...generated.reads, ...formatted.reads]),
      unstableReads: [...new Set([...generated.unstableReads, ...formatted.unstableReads])].sort(),
    };
  } finally {
    formatters.close();
  }
}

function runChild(clientDir: string, options: RegenerateOptions, layoutOnly: boolean): Promise<Regeneration | (LayoutResponse & { clientDir: string; output: string; files: Map<string, string> })> {
  const displayRoot = options.displayRoot ?? process.cwd();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
  const absoluteDir = path.resolve(clientDir);
  const shownDir = path.relative(displayRoot, absoluteDir) || '.';
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      cwd: absoluteDir,
      // The test runner's own flags (loaders, conditions) must not leak into the generator.
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...childProcessEnv(absoluteDir), NO_COLOR: '1', FORCE_COLOR: '0', JITI_FS_CACHE: 'false', HEYAPI_DISABLE_WARNINGS: process.env.HEYAPI_DISABLE_WARNINGS ?? '' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < OUTPUT_LIMIT) output += stripVTControlCharacters(chunk.toString());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let settled = false;
    let reply: { ok: true; response: GenerationResponse | LayoutResponse } | { ok: false; error: Parameters<typeof reviveError>[0] } | undefined;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(
        new GenerationError(`${shownDir}: generation did not finish within ${timeoutMs / 1000} s and was stopped`, {
          file: shownDir,
          fix: 'raise the limit with OPENAPI_DRIFT_TIMEOUT=<seconds> if the spec is just large, or look for a hang in the generator output',
          output,
        }),
      );
    }, timeoutMs);
    child.on('message', (message) => {
      reply = message as typeof reply;
    });
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new GenerationError(`${shownDir}: could not start the generator: ${error.message}`, { output, cause: error }));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reply?.ok) {
        const { response } = reply;
        const files = new Map<string, string>(response.files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        resolve({ clientDir: absoluteDir, ...response, files, output } as Regeneration);
        return;
      }
      if (reply && !reply.ok) {
        const error = reviveError({ ...reply.error, output });
        if (error instanceof DriftError) error.message = prefix(shownDir, error.message);
        reject(error);
        return;
      }
      reject(
        new GenerationError(`${shownDir}: the generator exited without a result (${signal ? `signal ${signal}` : `exit code ${code}`})`, {
          file: shownDir,
          fix: signal === 'SIGKILL' ? 'it may have run out of memory; try NODE_OPTIONS=--max-old-space-size=8192' : undefined,
          output,
        }),
      );
    });
    child.send({ clientDir: absoluteDir, displayRoot, inputOverride: options.inputOverride, layoutOnly } satisfies GenerationRequest);
  });
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

function prefix(shownDir: string, message: string): string {
  return message.startsWith(shownDir) ? message : `${shownDir}: ${message}`;
}

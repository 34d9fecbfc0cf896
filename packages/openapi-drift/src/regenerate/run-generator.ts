// Runs the generation child (generate-child.ts) for one client: it loads the config and generates
// into memory, in a process of its own, so that a hung generator can be killed, its output
// captured, and the fs rerouting kept away from the caller.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { childProcessEnv } from '../core/cache-dir.ts';
import { killChild } from '../core/kill-child.ts';
import { ConfigError, DriftError, GenerationError, reviveError } from '../core/errors.ts';
import type { GenerationRequest, GenerationResponse, GeneratorInputs, LayoutResponse, SnapshotMessage } from './generator-protocol.ts';
import type { SnapshotForm } from '../snapshot/inspect.ts';
import { millisecondsOf, parseUserNumber, SECONDS } from '../core/user-numbers.ts';

// Beside this module: generate-child.ts when run from source, generate-child.js when installed.
const CHILD = fileURLToPath(new URL(`./generate-child${path.extname(import.meta.url)}`, import.meta.url));
const OUTPUT_LIMIT = 64 * 1024;

export function defaultTimeoutMs(): number {
  const value = process.env.OPENAPI_DRIFT_TIMEOUT ?? '';
  if (value.trim() === '') return 300_000;
  return millisecondsOf(parseUserNumber('OPENAPI_DRIFT_TIMEOUT', value, SECONDS, 'set OPENAPI_DRIFT_TIMEOUT to the seconds a generation may take, or leave it unset for 300'));
}

export interface GeneratorRun {
  displayRoot: string;
  timeoutMs: number;
  inputOverride?: string;
  /** Only load the config and report where the snapshot and the tree are. */
  layoutOnly: boolean;
  /** Told as soon as the child has read the snapshot, before hey-api starts. */
  onSnapshot?: (message: SnapshotMessage) => void;
  /** Stops the child; the run fails with the signal's reason. */
  signal?: AbortSignal;
}

/** What the child answers, with the client folder, its output and the files as a sorted map (with `layoutOnly`, the layout only). */
export interface GeneratorResult {
  clientDir: string;
  configFile: string;
  snapshotFile: string;
  outputDir: string;
  files: Map<string, string>;
  /** The post-processing steps of the config (none in a layout-only run). */
  postProcess: GenerationResponse['postProcess'];
  inputs: GeneratorInputs;
  snapshotForm?: SnapshotForm;
  reads: GenerationResponse['reads'];
  unstableReads: string[];
  output: string;
}

/** Generates the client in a child process, within `timeoutMs`; a failure is a DriftError naming the client folder. */
export function runGenerator(clientDir: string, run: GeneratorRun): Promise<GeneratorResult> {
  const { displayRoot, timeoutMs, layoutOnly, signal } = run;
  const onSnapshot = run.onSnapshot ?? (() => undefined);
  const absoluteDir = path.resolve(clientDir);
  const shownDir = path.relative(displayRoot, absoluteDir) || '.';
  // Spawning in a missing folder fails as "spawn node ENOENT", which names neither the folder nor the cause.
  if (!existsSync(absoluteDir)) {
    return Promise.reject(
      new ConfigError(`${shownDir}: the client folder does not exist (was the contract test or the client moved?)`, {
        file: shownDir,
        fix: 'npx openapi-drift contracts rewrites the contract tests for the clients where they are now',
      }),
    );
  }
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
      killChild(child);
      reject(
        new GenerationError(`${shownDir}: generation did not finish within ${timeoutMs / 1000} s and was stopped`, {
          file: shownDir,
          fix: 'raise the limit with OPENAPI_DRIFT_TIMEOUT=<seconds> if the spec is just large, or look for a hang in the generator output',
          output,
        }),
      );
    }, timeoutMs);
    child.on('message', (message: SnapshotMessage | NonNullable<typeof reply>) => {
      if ('kind' in message) onSnapshot(message);
      else reply = message;
    });
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killChild(child);
      reject(signal.reason);
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
        resolve({ clientDir: absoluteDir, ...response, files, output } as GeneratorResult);
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
    child.send({ clientDir: absoluteDir, displayRoot, inputOverride: run.inputOverride, layoutOnly } satisfies GenerationRequest);
  });
}

/** A message about a client, prefixed with its folder unless it names it already. */
export function prefix(shownDir: string, message: string): string {
  return message.startsWith(shownDir) ? message : `${shownDir}: ${message}`;
}

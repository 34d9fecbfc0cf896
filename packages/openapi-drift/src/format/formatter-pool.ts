// Formatting, spread over formatter processes (format-child.ts). prettier is CPU-bound and
// single-threaded, and one large file takes seconds, so the files are split largest first between
// processes. The first process is started with the generation, so that loading prettier overlaps
// it; a second joins for large outputs. Separate processes keep each one's peak memory near what
// the generator or prettier alone would use.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../core/cache-dir.ts';
import { FormatError, GenerationError, reviveError } from '../core/errors.ts';
import type { FormatOptions, FormattedFile } from './format.ts';
import { sha256 } from '../core/hash.ts';
import type { ReadRecord } from '../core/read-recorder.ts';

// Beside this module: format-child.ts when run from source, format-child.js when installed.
const CHILD = fileURLToPath(new URL(`./format-child${path.extname(import.meta.url)}`, import.meta.url));
/** Below this much text, a second process costs more than it saves. */
const PARALLEL_THRESHOLD = 512 * 1024;

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
}

type Reply = { ok: true; files: FormattedFile[]; prettierVersion: string; reads: ReadRecord[]; unstableReads: string[] } | { ok: false; error: Parameters<typeof reviveError>[0] };

export class FormatterPool {
  private readonly processes: ChildProcess[] = [];
  private readonly cwd: string;

  constructor(cwd: string) {
    this.cwd = cwd;
    this.start();
  }

  private start(): ChildProcess {
    const child = fork(CHILD, [], {
      cwd: this.cwd,
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...childProcessEnv(this.cwd), NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    // A formatter that could not start is reported when it is used, not as an unhandled event.
    child.on('error', () => undefined);
    this.processes.push(child);
    return child;
  }

  /** Formats the files, within `timeoutMs`. */
  async format(files: Map<string, string>, options: FormatOptions, timeoutMs: number): Promise<FormattedTree> {
    const total = [...files.values()].reduce((sum, text) => sum + text.length, 0);
    if (total >= PARALLEL_THRESHOLD && this.processes.length < 2) this.start();
    const bins = splitBySize([...files], this.processes.length);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new GenerationError(`formatting did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, {
        fix: 'raise the limit with OPENAPI_DRIFT_TIMEOUT=<seconds>, or look for a prettier plugin that hangs',
      })), timeoutMs);
    });
    try {
      const replies = await Promise.race([Promise.all(bins.map((bin, index) => (bin.length ? send(this.processes[index] as ChildProcess, bin, options) : undefined))), deadline]);
      const results = replies.filter((reply): reply is Extract<Reply, { ok: true }> => reply !== undefined);
      const byPath = new Map(results.flatMap((reply) => reply.files).map((file) => [file.path, file]));
      const ignoreText = await fs.readFile(path.join(options.cwd, '.prettierignore'), 'utf8').catch(() => '');
      const keys = [...files.keys()].sort();
      const optionSets = [...new Set(keys.map((key) => JSON.stringify(byPath.get(key)?.config ?? null)))].sort();
      return {
        files: new Map(keys.map((key) => [key, byPath.get(key)?.text ?? ''])),
        configDigest: sha256(JSON.stringify([ignoreText, optionSets])),
        prettierVersion: results[0]?.prettierVersion ?? '',
        reads: results.flatMap((reply) => reply.reads),
        unstableReads: results.flatMap((reply) => reply.unstableReads),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    for (const child of this.processes) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function send(child: ChildProcess, files: Array<[string, string]>, options: FormatOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('message', (reply: Reply) => (reply.ok ? resolve(reply) : reject(reviveError(reply.error))));
    const stopped = (reason: string) => reject(new FormatError(`the formatter process stopped (${reason})`, { output: stderr, outputLabel: 'Formatter output' }));
    child.once('exit', (code, signal) => stopped(signal ?? `exit code ${code}`));
    child.once('error', (error) => stopped(error.message));
    child.send({ files, options }, (error) => error && stopped(error.message));
  });
}

/** `count` lists of about equal total size, largest files first. */
function splitBySize(files: Array<[string, string]>, count: number): Array<Array<[string, string]>> {
  const bins = Array.from({ length: count }, () => [] as Array<[string, string]>);
  const sizes = Array.from({ length: count }, () => 0);
  for (const file of [...files].sort(([, a], [, b]) => b.length - a.length)) {
    const target = sizes.indexOf(Math.min(...sizes));
    bins[target]?.push(file);
    sizes[target] = (sizes[target] ?? 0) + file[1].length;
  }
  return bins;
}

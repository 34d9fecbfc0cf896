// The formatter processes of one regeneration. prettier is CPU-bound and single-threaded, and one
// large file takes seconds, so large outputs are spread over several processes, by file and, for
// the largest files, by declaration (format-tree.ts). How many is sized by the work (one more per
// PARALLEL_THRESHOLD of text) and bounded by the cores, by the memory available (each holds its own
// prettier) and by MAX_PROCESSES. The first process is started with the generation, so that loading
// prettier overlaps it; while the generator runs it also checks the snapshot. When the snapshot is
// large, the processes its output can use warm up during the generation too, as many at once as
// there are cores the generator leaves free. Separate processes keep each one's peak memory near
// what the generator or prettier alone would use.
import os from 'node:os';
import { GenerationError } from '../core/errors.ts';
import type { SnapshotForm } from '../snapshot/inspect.ts';
import type { FormatOptions } from './format.ts';
import { FormatterProcess } from './formatter-process.ts';
import { formatTree, type FormatSettings, type FormattedTree } from './format-tree.ts';

export type { FormatSettings, FormatStats, FormattedTree } from './format-tree.ts';

/** Below this much text in all, a second process costs more than it saves; each further one takes as much again. */
const PARALLEL_THRESHOLD = 512 * 1024;
/** Each process holds its own prettier (100 to 300 MB); beyond this many, memory grows faster than time shrinks. */
const MAX_PROCESSES = 8;
/** The memory a formatter process takes at its peak on a large output (GitHub's spec: about 270 MB). */
const PROCESS_MEMORY = 300 * 1024 * 1024;

/** How many processes `chars` characters of text are worth: one, and one more per PARALLEL_THRESHOLD. */
function processesForWork(chars: number): number {
  return Math.floor(chars / PARALLEL_THRESHOLD) + 1;
}

export class FormatterPool {
  private readonly processes: FormatterProcess[] = [];
  private readonly cwd: string;
  private readonly displayRoot: string;
  private readonly settings: FormatSettings;
  /** Set while processes warm up, and after. */
  private warming: Promise<void> | undefined;
  private formatting = false;

  constructor(cwd: string, displayRoot: string, settings: FormatSettings) {
    this.cwd = cwd;
    this.displayRoot = displayRoot;
    this.settings = settings;
    this.start();
  }

  private start(): FormatterProcess {
    // Each process holds its own prettier: a mistake that asked for more would take the machine's memory.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement,StringLiteral: equivalent, no caller asks for more than MAX_PROCESSES; the guard bounds a mistake
    if (this.processes.length >= MAX_PROCESSES) throw new Error(`more than ${MAX_PROCESSES} formatter processes were asked for; this is a bug in openapi-drift, please report it`);
    const process = new FormatterProcess(this.cwd, this.displayRoot);
    this.processes.push(process);
    return process;
  }

  /**
   * The processes worth starting for `chars` characters of text, within the cores, the memory this
   * process may still take (a container's limit included) and MAX_PROCESSES.
   */
  private processesFor(chars: number): number {
    return Math.max(1, Math.min(processesForWork(chars), os.availableParallelism(), Math.floor(process.availableMemory() / PROCESS_MEMORY), MAX_PROCESSES));
  }

  /** The full check of the snapshot (snapshot/inspect.ts), in the first process, while it waits for the generator. */
  inspectSnapshot(text: string, shown: string): Promise<SnapshotForm> {
    return (this.processes[0] as FormatterProcess).request('inspect-snapshot', { text, shown }).then((reply) => reply.form);
  }

  /**
   * The output of a snapshot of `snapshotBytes` will be large: warm up the processes it can use while
   * the generator runs, on the cores it leaves free, one process after another where only one is free
   * (warm-up.ts). The output is taken to be as large as the snapshot: of the fixture specs of 0.5 MB
   * and more it is 0.4 to 0.7 of it (GitHub's 13 MB spec gives 5 MB of TypeScript); where it is
   * larger, format() starts the processes still missing, unwarmed. Warming stops at the last
   * process, or when formatting starts; the promise settles then (errors, such as a missing prettier,
   * are reported by the formatting itself).
   */
  expectLargeOutput(snapshotBytes: number): Promise<void> {
    if (this.warming || this.formatting) return this.warming ?? Promise.resolve();
    // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent for every output, the processes warmed are the same, only how many warm at once changes
    const freeCores = Math.max(1, os.availableParallelism() - 1);
    const count = this.processesFor(snapshotBytes);
    let next = 0;
    const warmNext = async (): Promise<void> => {
      while (next < count) {
        // Stryker disable next-line ConditionalExpression: equivalent for every output, a process warmed after formatting started only costs time
        if (this.formatting) return;
        const process = this.processes[next] ?? this.start();
        next++;
        if (!(await process.request('warm-up', {}).then(() => true, () => false))) return;
      }
    };
    this.warming = Promise.all(Array.from({ length: freeCores }, warmNext)).then(() => undefined);
    return this.warming;
  }

  /** Formats the files, within `timeoutMs`. */
  async format(files: Map<string, string>, options: FormatOptions, timeoutMs: number): Promise<FormattedTree> {
    this.formatting = true;
    const count = this.processesFor([...files.values()].reduce((sum, text) => sum + text.length, 0));
    while (this.processes.length < count) this.start();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new GenerationError(`formatting did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, {
        fix: 'raise the limit with OPENAPI_DRIFT_TIMEOUT=<seconds>, or look for a prettier plugin that hangs',
      })), timeoutMs);
    });
    try {
      return await Promise.race([formatTree(this.processes, files, options, this.settings), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    for (const process of this.processes) process.kill();
  }
}

// One formatter process (format-child.ts), seen from the pool: requests go in with an id, replies
// come back by id, and a process that stops fails every request it still holds, with what it
// printed. The process answers one request at a time, in the order they were sent.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../core/cache-dir.ts';
import { FormatError, reviveError } from '../core/errors.ts';
import { killChild } from '../core/kill-child.ts';
import type { ReadRecord } from '../core/read-recorder.ts';
import type { SnapshotForm } from '../snapshot/inspect.ts';
import type { FileResult, FormatOptions } from './format.ts';

// Beside this module: format-child.ts when run from source, format-child.js when installed.
const CHILD = fileURLToPath(new URL(`./format-child${path.extname(import.meta.url)}`, import.meta.url));

/** How much of what a process prints is kept for the error that reports its stop. */
const OUTPUT_KEPT = 64 * 1024;

/** What a formatter process is asked, and what it answers. */
export interface FormatterRequests {
  /** Formats the sample of warm-up.ts until real work arrives. */
  'warm-up': { request: object; reply: object };
  /** The full check of the snapshot's text (snapshot/inspect.ts). */
  'inspect-snapshot': { request: { text: string; shown: string }; reply: { form: SnapshotForm } };
  /** Formats a file, or cuts it into pieces (`byDeclaration`). */
  file: { request: { path: string; text: string; options: FormatOptions; byDeclaration: boolean }; reply: { result: FileResult; formatterId: string } };
  /** Formats pieces of one file with the options that apply to it. */
  pieces: { request: { texts: string[]; config: object; filepath: string; shown: string }; reply: { formatted: string[] } };
  /** What the process read, and prettier's version; the process then exits. */
  finish: { request: object; reply: { prettierVersion: string; reads: ReadRecord[]; unstableReads: string[] } };
}

export type RequestKind = keyof FormatterRequests;
export type Request = { [K in RequestKind]: { id: number; kind: K } & FormatterRequests[K]['request'] }[RequestKind];
export type Reply = { id: number } & ({ ok: true; payload: unknown } | { ok: false; error: Parameters<typeof reviveError>[0] });

export class FormatterProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (payload: never) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stderr = '';
  private stopped: Error | undefined;

  constructor(cwd: string, displayRoot: string) {
    this.child = fork(CHILD, [displayRoot], {
      cwd,
      execArgv: ['--disable-warning=ExperimentalWarning'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...childProcessEnv(cwd), NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < OUTPUT_KEPT) this.stderr = (this.stderr + chunk.toString()).slice(0, OUTPUT_KEPT);
    });
    this.child.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.payload as never);
      else waiting.reject(reviveError(reply.error));
    });
    // A formatter that could not start, or stopped, fails what it holds, not the test run. `close`
    // comes after everything the process printed has been read; `exit` can come before.
    this.child.on('error', (error) => this.stop(error.message));
    this.child.on('close', (code, signal) => this.stop(signal ?? `exit code ${code}`));
  }

  /** Sends a request; the answer comes when the requests sent before it are done. */
  request<K extends RequestKind>(kind: K, request: FormatterRequests[K]['request']): Promise<FormatterRequests[K]['reply']> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (payload: never) => void, reject });
      this.child.send({ ...request, id, kind }, (error) => error && this.stop(error.message));
    });
  }

  /** Requests sent and not yet answered. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  kill(): void {
    killChild(this.child);
  }

  private stop(reason: string): void {
    this.stopped ??= new FormatError(`the formatter process stopped (${reason})`, { output: this.stderr, outputLabel: 'Formatter output' });
    for (const { reject } of this.pending.values()) reject(this.stopped);
    this.pending.clear();
  }
}

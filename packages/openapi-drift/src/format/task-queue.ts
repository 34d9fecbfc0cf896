// Work spread over formatter processes: each process is given one task at a time, the largest
// waiting first, so that the processes finish together however unequal the tasks. Nothing is given
// out before `done()` is first called, so that the first tasks are the largest of all those added;
// a task may add tasks (the pieces of a file it has cut). The queue is done when nothing waits and
// nothing runs.
import type { FormatterProcess } from './formatter-process.ts';

interface Task {
  size: number;
  run: (process: FormatterProcess) => Promise<void>;
}

export class TaskQueue {
  private readonly waiting: Task[] = [];
  private readonly idle: FormatterProcess[];
  private running = 0;
  private started = false;
  private failure: { error: unknown } | undefined;
  private readonly settled: Promise<void>;
  private settle!: (failure?: { error: unknown }) => void;

  constructor(processes: FormatterProcess[]) {
    this.idle = [...processes];
    this.settled = new Promise<void>((resolve, reject) => {
      this.settle = (failure) => (failure ? reject(failure.error) : resolve());
    });
    // Observed here, so that a failure before anyone waits is not reported as unhandled.
    this.settled.catch(() => undefined);
  }

  /** Adds a task; `size` (characters of text) orders the waiting tasks, largest first. */
  add(size: number, run: (process: FormatterProcess) => Promise<void>): void {
    const index = this.waiting.findIndex((task) => task.size < size);
    this.waiting.splice(index < 0 ? this.waiting.length : index, 0, { size, run });
    if (this.started) this.pump();
  }

  /** Starts giving out the tasks; resolves when every task is done, rejects with the first failure. */
  done(): Promise<void> {
    this.started = true;
    this.pump();
    this.settleIfDone();
    return this.settled;
  }

  private pump(): void {
    while (!this.failure && this.idle.length && this.waiting.length) {
      const process = this.idle.shift() as FormatterProcess;
      const task = this.waiting.shift() as Task;
      this.running++;
      task.run(process).then(
        () => {
          this.running--;
          this.idle.push(process);
          this.pump();
          this.settleIfDone();
        },
        (error: unknown) => {
          this.failure ??= { error };
          this.settle(this.failure);
        },
      );
    }
  }

  private settleIfDone(): void {
    if (!this.failure && this.running === 0 && this.waiting.length === 0) this.settle();
  }
}

// The queue that spreads formatting over the formatter processes (src/format/task-queue.ts): the
// largest waiting task first, one task per process at a time, tasks that add tasks, nothing given out
// before `done()`, and the first failure ends it. Each test settles its tasks by hand, in an order it
// chooses, so nothing depends on timing.
import { describe, expect, it } from 'vitest';
import type { FormatterProcess } from '../../../packages/openapi-drift/src/format/formatter-process.ts';
import { TaskQueue } from '../../../packages/openapi-drift/src/format/task-queue.ts';

/** The queue only hands processes to tasks; these stand for them. */
const processes = (...names: string[]) => names.map((name) => ({ name }) as unknown as FormatterProcess);
const nameOf = (process: FormatterProcess) => (process as unknown as { name: string }).name;

/** A task that records where it ran and waits until released. */
function controlled(log: string[], label: string) {
  let release!: () => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  return {
    run: (process: FormatterProcess) => {
      log.push(`${label}@${nameOf(process)}`);
      return finished;
    },
    release: () => release(),
    fail: (error: Error) => fail(error),
  };
}

const turns = async () => {
  for (let index = 0; index < 10; index++) await Promise.resolve();
};

describe('TaskQueue', () => {
  it('is done at once with nothing to do', async () => {
    await expect(new TaskQueue(processes('p')).done()).resolves.toBeUndefined();
  });

  it('gives out nothing before done(), then the largest first, one task per process', async () => {
    const log: string[] = [];
    const queue = new TaskQueue(processes('p1', 'p2'));
    const small = controlled(log, 'small');
    const large = controlled(log, 'large');
    const middle = controlled(log, 'middle');
    const equal = controlled(log, 'equal');
    queue.add(10, small.run);
    queue.add(1000, large.run);
    queue.add(100, middle.run);
    queue.add(100, equal.run);
    await turns();
    expect(log).toEqual([]);
    let settled = false;
    const done = queue.done().then(() => (settled = true));
    await turns();
    expect(log).toEqual(['large@p1', 'middle@p2']);
    middle.release();
    await turns();
    expect(log).toEqual(['large@p1', 'middle@p2', 'equal@p2']);
    large.release();
    await turns();
    expect(log.at(-1)).toBe('small@p1');
    equal.release();
    await turns();
    expect(settled).toBe(false);
    small.release();
    await done;
    expect(settled).toBe(true);
  });

  it('runs tasks a task adds, and is done only when they are', async () => {
    const log: string[] = [];
    const queue = new TaskQueue(processes('p'));
    const child = controlled(log, 'child');
    queue.add(5, async (process) => {
      log.push(`parent@${nameOf(process)}`);
      queue.add(1, child.run);
    });
    let settled = false;
    const done = queue.done().then(() => (settled = true));
    await turns();
    expect(log).toEqual(['parent@p', 'child@p']);
    expect(settled).toBe(false);
    child.release();
    await done;
  });

  it('gives a task added while others run to a process that is free at once', async () => {
    const log: string[] = [];
    const queue = new TaskQueue(processes('p1', 'p2'));
    const added = controlled(log, 'added');
    const long = controlled(log, 'long');
    queue.add(10, (process) => {
      queue.add(1, added.run);
      return long.run(process);
    });
    const done = queue.done();
    await turns();
    expect(log).toEqual(['added@p2', 'long@p1']);
    added.release();
    long.release();
    await done;
  });

  it('rejects with the first failure and gives out nothing more', async () => {
    const log: string[] = [];
    const queue = new TaskQueue(processes('p1', 'p2'));
    const first = controlled(log, 'first');
    const second = controlled(log, 'second');
    const third = controlled(log, 'third');
    queue.add(3, first.run);
    queue.add(2, second.run);
    queue.add(1, third.run);
    const done = queue.done();
    await turns();
    second.fail(new Error('prettier failed on b.ts'));
    second.release();
    await expect(done).rejects.toThrow('prettier failed on b.ts');
    first.fail(new Error('a later failure'));
    first.release();
    await turns();
    expect(log).toEqual(['first@p1', 'second@p2']);
    queue.add(9, third.run);
    await turns();
    expect(log).toEqual(['first@p1', 'second@p2']);
    await expect(done).rejects.toThrow('prettier failed on b.ts');
  });

  it('does not report a failure nobody waits for yet as unhandled, and reports it when asked', async () => {
    const queue = new TaskQueue(processes('p'));
    queue.add(1, () => Promise.reject(new Error('early')));
    const done = queue.done();
    // A whole turn of the event loop: an unobserved rejection would be reported by now.
    await new Promise((resolve) => setImmediate(resolve));
    await expect(done).rejects.toThrow('early');
  });
});

// A child process whose spawn failed has no pid, but Node keeps its handle, and kill() on it passes
// the handle's never-initialized pid to kill(2): with 0 the whole process group of the test runner
// dies (npm, Vitest and the CI job, exit 137 with no message), with -1 every process of the user.
// It happened on every run: a check of a client folder that does not exist warms a formatter
// process there, and closing the pool killed it. killChild() is the one way the code stops a
// child, and it never signals one that did not start.
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, vi } from 'vitest';
import { killChild } from '../packages/openapi-drift/src/core/kill-child.ts';

const SRC = path.join(import.meta.dirname, '../packages/openapi-drift/src');

test('a child whose spawn failed (its cwd does not exist) is never signalled', async () => {
  const missing = path.join(os.tmpdir(), 'openapi-drift-no-such-dir', 'nowhere');
  const starts = [() => fork('-e', [], { cwd: missing, stdio: 'ignore' }), () => spawn(process.execPath, ['-e', ''], { cwd: missing, stdio: 'ignore' })];
  for (const start of starts) {
    const child = start();
    const failed = once(child, 'error');
    const kill = vi.spyOn(child, 'kill');
    expect(child.pid).toBeUndefined();
    expect(killChild(child)).toBe(false);
    expect(kill).not.toHaveBeenCalled();
    await expect(failed).resolves.toMatchObject([{ code: 'ENOENT' }]);
  }
});

test('a running child is killed, and one that has exited is left alone', async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  const exited = once(child, 'exit');
  expect(killChild(child)).toBe(true);
  expect(await exited).toEqual([null, 'SIGKILL']);
  const kill = vi.spyOn(child, 'kill');
  expect(killChild(child)).toBe(false);
  expect(kill).not.toHaveBeenCalled();
});

test('no module of the package stops a child process other than through killChild', async () => {
  const direct: string[] = [];
  for (const entry of await fs.readdir(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name === 'kill-child.ts') continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await fs.readFile(file, 'utf8');
    for (const [index, line] of text.split('\n').entries()) {
      // Any `.kill(` call but `process.kill(pid, 0)` (which only asks whether a pid lives) and the
      // pool's own FormatterProcess.kill(), itself built on killChild.
      if (/(?<!\bprocess)\.kill\(/.test(line)) direct.push(`${path.relative(SRC, file)}:${index + 1}: ${line.trim()}`);
    }
  }
  expect(direct).toEqual([]);
});

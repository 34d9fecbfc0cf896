// Stopping a child process, the one way every stage does it. A child whose spawn failed (its cwd is
// gone, the system is out of processes) has no pid, yet Node keeps its handle, and `kill()` on it
// hands kill(2) the never-initialized pid of that handle: 0 kills the caller's whole process group
// (the test runner, npm and the CI job with it), -1 every process the user may signal, another
// value some other process or group. Such a child is never signalled: it has nothing to stop.
import type { ChildProcess } from 'node:child_process';

/** Signals `child` (SIGKILL unless told) if it started and has not exited; returns whether a signal was sent. */
export function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return false;
  return child.kill(signal);
}

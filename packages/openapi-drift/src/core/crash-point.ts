// Deterministic fault injection for the crash tests. The code that writes (atomic writes, the tree
// update, sync, the lock) passes through named crash points. Outside the tests nothing happens.
//
//   OPENAPI_DRIFT_CRASH_AT=<n>      the process kills itself with SIGKILL at the n-th point it passes
//   OPENAPI_DRIFT_CRASH_LOG=<file>  each point passed is appended to the file ("<n> <name>"), so a
//                                   test can enumerate every point of a run and then crash at each
//
// SIGKILL, not an exception: no `finally`, no cleanup, exactly what a power cut or an OOM kill does.
import { appendFileSync } from 'node:fs';

const crashAt = Number(process.env.OPENAPI_DRIFT_CRASH_AT ?? '');
const logFile = process.env.OPENAPI_DRIFT_CRASH_LOG;
const active = (Number.isInteger(crashAt) && crashAt > 0) || Boolean(logFile);
let passed = 0;

export function crashPoint(name: string): void {
  if (!active) return;
  passed++;
  if (logFile) appendFileSync(logFile, `${passed} ${name}\n`);
  // A process that sends itself SIGKILL is gone before kill() returns.
  if (passed === crashAt) process.kill(process.pid, 'SIGKILL');
}

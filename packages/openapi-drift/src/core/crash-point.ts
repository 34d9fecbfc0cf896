// Deterministic fault injection for the crash tests. The code that writes (atomic writes, the tree
// update, sync, the lock) passes through named crash points. Outside the tests nothing happens.
//
//   OPENAPI_DRIFT_CRASH_AT=<n>      the process kills itself with SIGKILL at the n-th point it passes
//   OPENAPI_DRIFT_CRASH_LOG=<file>  each point passed is appended to the file ("<n> <name>"), so a
//                                   test can enumerate every point of a run and then crash at each
//
// SIGKILL, not an exception: no `finally`, no cleanup, exactly what a power cut or an OOM kill does.
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

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

/**
 * Test-only, like the crash points: OPENAPI_DRIFT_PAUSE_AT=<name> and OPENAPI_DRIFT_PAUSE_DIR=<dir>
 * make the process stop at the named point, write `<dir>/paused` and wait until `<dir>/resume`
 * exists, so that a test can change files at exactly that moment of a run.
 */
export async function pausePoint(name: string): Promise<void> {
  const dir = process.env.OPENAPI_DRIFT_PAUSE_DIR;
  if (!dir || process.env.OPENAPI_DRIFT_PAUSE_AT !== name) return;
  writeFileSync(path.join(dir, 'paused'), `${process.pid}\n`);
  while (!existsSync(path.join(dir, 'resume'))) await sleep(10);
  rmSync(path.join(dir, 'resume'), { force: true });
}

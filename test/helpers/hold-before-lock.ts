// Preloaded (NODE_OPTIONS=--import) into a real `vitest -u` by test/process-faults.e2e.test.ts.
// When the process is about to create a client's update lock, that is after it regenerated the
// client and before it writes anything, it writes `<OPENAPI_DRIFT_HOLD_DIR>/held` (its pid) and
// waits until `<OPENAPI_DRIFT_HOLD_DIR>/go` exists. The test runs another update in that gap, which
// real timing only sometimes opens. Every other file operation is left alone.
import { existsSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const holdDir = process.env.OPENAPI_DRIFT_HOLD_DIR;
if (holdDir) {
  const writeFile = fs.writeFile;
  const holdingWriteFile = async (...args: Parameters<typeof writeFile>): Promise<void> => {
    const [file] = args;
    // The lock, or the file it is linked from (`.openapi-drift.lock.<pid>`).
    if (typeof file === 'string' && path.basename(file).startsWith('.openapi-drift.lock')) {
      writeFileSync(path.join(holdDir, 'held'), `${process.pid}\n`);
      while (!existsSync(path.join(holdDir, 'go'))) await sleep(10);
    }
    return writeFile(...args);
  };
  // lock.ts calls `fs.writeFile` on the default export of node:fs/promises: this same object.
  Object.assign(fs, { writeFile: holdingWriteFile });
}

// bench/phases.ts's type check in a worker thread, beside a check running in the main thread: how
// much a type check overlapped with the generation and the formatting would save on this machine.
import { parentPort, workerData } from 'node:worker_threads';
import type { Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { typeCheckRegeneration } from '../packages/openapi-drift/src/typecheck/type-check.ts';

const { regeneration, displayRoot } = workerData as { regeneration: Regeneration; displayRoot: string };
const start = performance.now();
await typeCheckRegeneration(regeneration, { displayRoot });
parentPort?.postMessage((performance.now() - start) / 1000);

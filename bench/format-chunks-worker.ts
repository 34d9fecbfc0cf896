// A formatter process for bench/format-chunks.ts, as the pool's are: prettier is loaded before it
// says it is ready (the pool loads it while the generator runs); the splitter is loaded on first use.
import * as prettier from 'prettier';
import typescript from 'typescript';
import type { PlanOptions } from '../packages/openapi-drift/src/format/chunks.ts';

type Request =
  | { kind: 'format'; texts: string[]; options: prettier.Options }
  | { kind: 'plan'; text: string; options: prettier.Options; planOptions: PlanOptions };

let chunks: typeof import('../packages/openapi-drift/src/format/chunks.ts') | undefined;

/** CPU time of this process since `since`, in ms: unlike wall time, it does not count waiting for a core. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

process.on('message', async (request: Request) => {
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (request.kind === 'format') {
    const formatted: string[] = [];
    for (const text of request.texts) formatted.push(await prettier.format(text, request.options));
    process.send?.({ formatted, ms: performance.now() - started, cpuMs: cpuMs(cpu) });
  } else {
    const loadStarted = performance.now();
    chunks ??= await import('../packages/openapi-drift/src/format/chunks.ts');
    const loadMs = performance.now() - loadStarted;
    const planStarted = performance.now();
    const plan = chunks.planChunks({ prettier, typescript }, request.text, request.options, request.planOptions);
    process.send?.({ plan, loadMs, ms: performance.now() - planStarted, cpuMs: cpuMs(cpu) });
  }
});
process.send?.({ ready: true });

// `npm run bench:chunks`: what formatting by pieces (src/format/chunks.ts) gains on the file that
// bounds a check, the types.gen.ts hey-api generates (default plugins) from GitHub's 23.0.2 spec.
// Never asserted in tests: these machines are shared and noisy, so only numbers taken side by side
// in one run, alternating, as medians, mean anything.
//
//   whole        prettier on the whole file, in a fresh formatter process (prettier loaded, not warm)
//   split        planChunks in a fresh process: loading typescript, then parsing and cutting
//   pieces x1    split, then every piece formatted one after another in that process
//   pieces x2    split in one process, then the pieces in two processes, half the text each
//   …Warm        the same in processes that first split and formatted 100 KB of other declarations,
//                as the pool could while the generator runs (7 s for this spec): a fresh process
//                spends seconds compiling prettier's and TypeScript's code on its first large file
//   reuse        the share of pieces that are new after a one-line change in the spec
//
// Usage: npm run bench:chunks -- [--reps 3] [--target 16384] [--json results.json]
import { fork } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@hey-api/openapi-ts';
import * as prettier from 'prettier';
import typescript from 'typescript';
import { DEFAULT_TARGET_CHUNK_SIZE, joinFormattedChunks, planChunks, type ChunkPlan } from '../packages/openapi-drift/src/format/chunks.ts';
import { readSpec } from '../test/helpers/specs.ts';

const WORKER = fileURLToPath(new URL('./format-chunks-worker.ts', import.meta.url));
const SPEC = 'github-octokit-23.0.2.oas303.json';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' }, target: { type: 'string', default: String(DEFAULT_TARGET_CHUNK_SIZE) }, json: { type: 'string' } } });
const reps = Number(values.reps);
const targetChunkSize = Number(values.target);
const log = (line: string) => process.stderr.write(`${line}\n`);

type Chunked = Extract<ChunkPlan, { kind: 'chunks' }>;

/** A formatter process, ready when prettier is loaded. */
class Worker {
  private child = fork(WORKER, [], { serialization: 'advanced', execArgv: ['--disable-warning=ExperimentalWarning'] });
  readonly ready = this.next<{ ready: true }>();
  private next<T>(): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message) => resolve(message as T));
      this.child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
    });
  }
  async format(texts: string[], options: prettier.Options): Promise<{ formatted: string[]; ms: number; cpuMs: number }> {
    const reply = this.next<{ formatted: string[]; ms: number; cpuMs: number }>();
    this.child.send({ kind: 'format', texts, options });
    return reply;
  }
  async plan(text: string, options: prettier.Options): Promise<{ plan: ChunkPlan; loadMs: number; ms: number; cpuMs: number }> {
    const reply = this.next<{ plan: ChunkPlan; loadMs: number; ms: number; cpuMs: number }>();
    this.child.send({ kind: 'plan', text, options, planOptions: { targetChunkSize } });
    return reply;
  }
  close(): void {
    this.child.kill();
  }
  /** Splits and formats other declarations, whole and by pieces, so that the code is compiled. */
  async warmUp(options: prettier.Options): Promise<void> {
    const { plan } = await this.plan(WARM_UP, options);
    await this.format([WARM_UP], options);
    if (plan.kind === 'chunks') await this.format(plan.chunks, options);
  }
}

/** About 100 KB of declarations like hey-api's, none of them from the file measured. */
const WARM_UP = Array.from(
  { length: 400 },
  (_, index) => `/**
 * Item ${index}, described at some length so that the comment is printed as it is.
 */
export type Item${index} = {
    id: number;
    name?: string | null;
    tags: Array<{ key: string; value: 'a' | 'b' | 'c' }>;
    owner?: Item${Math.max(0, index - 1)};
};

export const item${index}Path = (options: { path: { id: number } }) => \`/items/\${options.path.id}\`;
`,
).join('\n');

async function generate(spec: string, dir: string): Promise<Map<string, string>> {
  const input = path.join(dir, 'openapi.json');
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(input, spec);
  await createClient({ input, output: { path: path.join(dir, 'src'), postProcess: [] }, logs: { level: 'silent', file: false } } as Parameters<typeof createClient>[0]);
  const files = new Map<string, string>();
  for (const name of ['types.gen.ts', 'sdk.gen.ts', 'index.ts']) files.set(name, await fs.readFile(path.join(dir, 'src', name), 'utf8'));
  return files;
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Two runs of consecutive pieces with about the same number of characters each. */
function halves(chunks: string[]): [string[], string[]] {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  let running = 0;
  const index = chunks.findIndex((chunk) => (running += chunk.length) >= total / 2);
  return [chunks.slice(0, index + 1), chunks.slice(index + 1)];
}

async function main(): Promise<void> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-bench-chunks-'));
  try {
    log(`generating ${SPEC} with hey-api's default plugins, in ${scratch}`);
    const original = readSpec(SPEC);
    const files = await generate(original, path.join(scratch, 'base'));
    const text = files.get('types.gen.ts') as string;
    // Where a check formats it: any .ts path with no prettier config above it.
    const options: prettier.Options = { filepath: path.join(scratch, 'base', 'src', 'types.gen.ts') };
    log(`types.gen.ts: ${(text.length / 1e6).toFixed(2)} MB; ${reps} repetitions, pieces of about ${targetChunkSize} characters`);

    // Wall times, and the CPU time the formatter processes spent (…Cpu): with other work on the
    // machine, wall time also counts waiting for a core.
    const samples: Record<string, number[]> = {
      whole: [],
      wholeCpu: [],
      splitCold: [],
      splitLoad: [],
      piecesX1: [],
      piecesX1FormatCpu: [],
      piecesX2: [],
      piecesX2SlowestHalfCpu: [],
      wholeWarm: [],
      wholeWarmCpu: [],
      splitWarm: [],
      piecesX1Warm: [],
      piecesX1WarmFormatCpu: [],
      piecesX2Warm: [],
      piecesX2WarmSlowestHalfCpu: [],
    };
    let expected: string | undefined;
    let plan: Chunked | undefined;
    const started = async (count: number, warm: boolean) => {
      const workers = Array.from({ length: count }, () => new Worker());
      await Promise.all(workers.map((worker) => worker.ready));
      if (warm) await Promise.all(workers.map((worker) => worker.warmUp(options)));
      return workers;
    };
    const whole = (warm: boolean) => async () => {
      const [worker] = (await started(1, warm)) as [Worker];
      const start = performance.now();
      const { formatted, cpuMs } = await worker.format([text], options);
      samples[warm ? 'wholeWarm' : 'whole']?.push(performance.now() - start);
      samples[warm ? 'wholeWarmCpu' : 'wholeCpu']?.push(cpuMs);
      expected ??= formatted[0];
      worker.close();
    };
    const piecesX1 = (warm: boolean) => async () => {
      const [worker] = (await started(1, warm)) as [Worker];
      const start = performance.now();
      const split = await worker.plan(text, options);
      if (split.plan.kind !== 'chunks') throw new Error(`not split: ${split.plan.reason}`);
      const { formatted, cpuMs } = await worker.format(split.plan.chunks, options);
      check(joinFormattedChunks(split.plan.join, formatted));
      samples[warm ? 'piecesX1Warm' : 'piecesX1']?.push(performance.now() - start);
      samples[warm ? 'piecesX1WarmFormatCpu' : 'piecesX1FormatCpu']?.push(cpuMs);
      samples[warm ? 'splitWarm' : 'splitCold']?.push(split.loadMs + split.ms);
      if (!warm) samples.splitLoad?.push(split.loadMs);
      plan = split.plan;
      worker.close();
    };
    const piecesX2 = (warm: boolean) => async () => {
      const workers = await started(2, warm);
      const start = performance.now();
      const split = await (workers[0] as Worker).plan(text, options);
      if (split.plan.kind !== 'chunks') throw new Error(`not split: ${split.plan.reason}`);
      const parts = halves(split.plan.chunks);
      const results = await Promise.all(parts.map((part, index) => (workers[index] as Worker).format(part, options)));
      check(joinFormattedChunks(split.plan.join, results.flatMap((result) => result.formatted)));
      samples[warm ? 'piecesX2Warm' : 'piecesX2']?.push(performance.now() - start);
      samples[warm ? 'piecesX2WarmSlowestHalfCpu' : 'piecesX2SlowestHalfCpu']?.push(Math.max(...results.map((result) => result.cpuMs)));
      for (const worker of workers) worker.close();
    };
    const variants: Record<string, () => Promise<void>> = {
      whole: whole(false),
      piecesX1: piecesX1(false),
      piecesX2: piecesX2(false),
      wholeWarm: whole(true),
      piecesX1Warm: piecesX1(true),
      piecesX2Warm: piecesX2(true),
    };
    const check = (joined: string) => {
      if (expected !== undefined && joined !== expected) throw new Error('formatted by pieces differs from prettier on the whole file');
    };
    const order = Object.keys(variants);
    for (let rep = 0; rep < reps; rep++) {
      // Alternating, so that a noisy neighbour spreads over all variants.
      for (const name of rep % 2 ? [...order].reverse() : order) {
        await (variants[name] as () => Promise<void>)();
        log(`  rep ${rep + 1} ${name}: ${Math.round(samples[name]?.at(-1) ?? NaN)} ms, load average ${os.loadavg()[0]?.toFixed(1)}`);
      }
    }
    const medians = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, Math.round(median(list))]));

    log('one-line changes in the spec: which pieces would have to be formatted again');
    const reuse = await measureReuse(original, files, scratch);

    const result = {
      spec: SPEC,
      bytes: text.length,
      statements: plan?.statements,
      pieces: plan?.chunks.length,
      targetChunkSize,
      reps,
      cpus: os.availableParallelism(),
      loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
      medianMs: medians,
      reuse,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (values.json) await fs.writeFile(values.json, JSON.stringify(result, null, 2));
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** For each change, per file: how many pieces (by exact text) were not there before, and how large. */
async function measureReuse(original: string, before: Map<string, string>, scratch: string) {
  const spec = JSON.parse(original) as {
    paths: Record<string, Record<string, { summary?: string }>>;
    components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> };
  };
  const operation = spec.paths['/repos/{owner}/{repo}/issues']?.get;
  const property = spec.components.schemas.issue?.properties?.title;
  if (!operation?.summary || !property?.description) throw new Error('the spec changed: pick another operation and property');
  const changes = {
    summary: () => {
      (operation as { summary: string }).summary += ' (changed)';
    },
    propertyDescription: () => {
      (property as { description: string }).description += ' (changed)';
    },
  };
  const results: Record<string, Record<string, unknown>> = {};
  for (const [name, change] of Object.entries(changes)) {
    const restore: { summary?: string; description?: string } = { summary: operation.summary, description: property.description };
    change();
    const after = await generate(JSON.stringify(spec), path.join(scratch, name));
    operation.summary = restore.summary;
    property.description = restore.description;
    results[name] = {};
    for (const [file, oldText] of before) {
      const newText = after.get(file) as string;
      const row: Record<string, unknown> = { changed: oldText !== newText };
      for (const target of [targetChunkSize, 0]) {
        const options = { filepath: `/project/src/client/${file}` };
        const oldPlan = planChunks({ prettier, typescript }, oldText, options, { targetChunkSize: target }) as Chunked;
        const newPlan = planChunks({ prettier, typescript }, newText, options, { targetChunkSize: target }) as Chunked;
        const known = new Set(oldPlan.chunks);
        const fresh = newPlan.chunks.filter((chunk) => !known.has(chunk));
        row[`target${target}`] = {
          pieces: newPlan.chunks.length,
          newPieces: fresh.length,
          newCharacters: fresh.reduce((sum, chunk) => sum + chunk.length, 0),
          share: Number((fresh.length / newPlan.chunks.length).toFixed(5)),
        };
      }
      results[name][file] = row;
    }
    log(`  ${name}: ${JSON.stringify(results[name])}`);
  }
  return results;
}

await main();

// `npm run bench:phases`: where a check of GitHub's client spends its time, without Vitest around it.
// In one process, side by side and alternating: the baseline (openapi-ts CLI with prettier, then
// `git diff`), and checkClient() with every file formatted whole (OPENAPI_DRIFT_VERIFY_FORMAT=whole)
// and formatted by declaration (the default), each
//
//   cold     nothing in the cache
//   oneLine  after a one-line change in the snapshot, with what the cold check left in the cache
//   changed  the snapshot replaced by 22.0.0's (the tree is 23.0.2's), with what the cold and
//            oneLine checks left in the cache: a real update's worth of changed declarations
//
// and then the type check of the client (the contract suite's `type-checks` test), cold, and the cold
// check with that type check run beside it in a worker thread from its start: the most that running the
// type check while the generator and the formatters work could save on this machine (the type check
// cannot start before the generation ends). It prints the medians of the whole check and of its
// formatting phase, and ratios to the baseline.
//
// Usage: npm run bench:phases -- [--reps 3]
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import type { Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { typeCheckRegeneration } from '../packages/openapi-drift/src/typecheck/type-check.ts';
import { readSpec } from '../test/helpers/specs.ts';
import { addClient, clearCache, createProject, REPO } from './project.ts';

const { values } = parseArgs({ options: { reps: { type: 'string', default: '3' } } });
const reps = Number(values.reps);

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

function baseline(root: string, clientDir: string): Promise<number> {
  return (async () => {
    const scratch = path.join(root, 'clients', `.baseline-${Math.random().toString(36).slice(2)}`);
    await fs.mkdir(scratch);
    for (const file of ['openapi.json', 'openapi-ts.config.ts']) await fs.copyFile(path.join(clientDir, file), path.join(scratch, file));
    const script = `node ${JSON.stringify(path.join(REPO, 'node_modules/@hey-api/openapi-ts/dist/run.mjs'))} > /dev/null && git diff --no-index --exit-code --stat ${JSON.stringify(path.join(clientDir, 'src/client'))} src/client`;
    const start = performance.now();
    await new Promise<void>((resolve) => {
      execFile('sh', ['-c', script], { cwd: scratch, env: { ...process.env, PATH: `${path.join(REPO, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` } }, () => resolve());
    });
    const seconds = (performance.now() - start) / 1000;
    await fs.rm(scratch, { recursive: true, force: true });
    return seconds;
  })();
}

type Row = 'cold' | 'oneLine' | 'changed';
type Mode = 'whole' | 'pieces';
const samples: Record<Mode, Record<Row, { total: number[]; format: number[] }>> = {
  whole: { cold: { total: [], format: [] }, oneLine: { total: [], format: [] }, changed: { total: [], format: [] } },
  pieces: { cold: { total: [], format: [] }, oneLine: { total: [], format: [] }, changed: { total: [], format: [] } },
};
const baselines: number[] = [];
const typeChecks: number[] = [];
/** The cold check and its type check one after the other, and side by side. */
const sequential: number[] = [];
const overlapped: number[] = [];

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-phases-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const savedMode = process.env.OPENAPI_DRIFT_VERIFY_FORMAT;
  process.env.OPENAPI_DRIFT_TIMINGS = '1';
  try {
    await createProject(root);
    log(`bench project: ${root}; setting up GitHub's client...`);
    const github = await addClient(root, 'github', 'github-octokit-23.0.2.oas303.json');
    const snapshot = path.join(github, 'openapi.json');
    const spec23 = await fs.readFile(snapshot, 'utf8');
    const oneLine = spec23.replace('"summary": "', '"summary": "Changed: ');
    const spec22 = canonicalize(readSpec('github-octokit-22.0.0.oas303.json'), { file: 'github-octokit-22.0.0.oas303.json' });

    const check = async (mode: Mode, row: Row, text: string) => {
      await fs.writeFile(snapshot, text);
      process.env.OPENAPI_DRIFT_VERIFY_FORMAT = mode === 'whole' ? 'whole' : '';
      const start = performance.now();
      const result = await checkClient(github, { displayRoot: root });
      samples[mode][row].total.push((performance.now() - start) / 1000);
      const format = /timing: format (\d+) ms/.exec(result.regeneration.output);
      if (!format) throw new Error('no format timing in the generator output');
      samples[mode][row].format.push(Number(format[1]) / 1000);
      return result;
    };
    for (let rep = 1; rep <= reps; rep++) {
      baselines.push(await baseline(root, github));
      for (const mode of ['whole', 'pieces'] as const) {
        await clearCache(root);
        const cold = await check(mode, 'cold', spec23);
        await check(mode, 'oneLine', oneLine);
        await check(mode, 'changed', spec22);
        if (mode === 'pieces') {
          await clearCache(root);
          const start = performance.now();
          await typeCheckRegeneration(cold.regeneration, { displayRoot: root });
          typeChecks.push((performance.now() - start) / 1000);
          sequential.push((samples.pieces.cold.total.at(-1) as number) + (typeChecks.at(-1) as number));
          await clearCache(root);
          await fs.writeFile(snapshot, spec23);
          const beside = performance.now();
          await Promise.all([typeCheckInWorker(cold.regeneration, root), checkClient(github, { displayRoot: root })]);
          overlapped.push((performance.now() - beside) / 1000);
        }
      }
      await fs.writeFile(snapshot, spec23);
      const last = (mode: Mode, row: Row) => `${samples[mode][row].total.at(-1)?.toFixed(2)} s`;
      log(`rep ${rep}/${reps}: baseline ${baselines.at(-1)?.toFixed(2)} s; whole ${last('whole', 'cold')} / ${last('whole', 'oneLine')} / ${last('whole', 'changed')}; pieces ${last('pieces', 'cold')} / ${last('pieces', 'oneLine')} / ${last('pieces', 'changed')}; type check ${typeChecks.at(-1)?.toFixed(2)} s; cold check with the type check beside it ${overlapped.at(-1)?.toFixed(2)} s; load ${os.loadavg()[0]?.toFixed(2)}`);
    }
    const base = median(baselines);
    console.log(`GitHub spec, ${reps} repetitions, medians (seconds, ratio to the baseline); baseline ${base.toFixed(2)} s (min ${Math.min(...baselines).toFixed(2)}, max ${Math.max(...baselines).toFixed(2)}); ${os.availableParallelism()} cores`);
    console.log('row       mode     check              of which formatting');
    for (const row of ['cold', 'oneLine', 'changed'] as const) {
      for (const mode of ['whole', 'pieces'] as const) {
        const { total, format } = samples[mode][row];
        console.log(`${row.padEnd(9)} ${mode.padEnd(8)} ${median(total).toFixed(2).padStart(6)} (${(median(total) / base).toFixed(3)})   ${median(format).toFixed(2).padStart(6)} (${(median(format) / base).toFixed(3)})`);
      }
    }
    console.log(`type check, cold: ${median(typeChecks).toFixed(2)} s (${(median(typeChecks) / base).toFixed(3)})`);
    console.log(
      `cold check then type check: ${median(sequential).toFixed(2)} s (${(median(sequential) / base).toFixed(3)}); side by side from the start: ${median(overlapped).toFixed(2)} s (${(median(overlapped) / base).toFixed(3)})`,
    );
  } finally {
    if (savedMode === undefined) delete process.env.OPENAPI_DRIFT_VERIFY_FORMAT;
    else process.env.OPENAPI_DRIFT_VERIFY_FORMAT = savedMode;
    await fs.rm(root, { recursive: true, force: true });
  }
}

function typeCheckInWorker(regeneration: Regeneration, displayRoot: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./type-check-worker.ts', import.meta.url), { workerData: { regeneration: { ...regeneration, formatStats: undefined }, displayRoot } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

await main();

// `npm run bench`: openapi-drift against the baseline a user would otherwise run, side by side in
// one run, alternating, several repetitions, medians (with min and max). Timings are never asserted
// in tests: these machines are shared and noisy, so only ratios measured in the same run mean anything.
//
//   baseline  openapi-ts CLI with prettier post-processing into a temp folder, then
//             `git diff --no-index --exit-code` against the committed tree
//   generator the openapi-ts CLI alone, without post-processing: hey-api's generation, the floor no
//             check of the generated code can go below
//   full      the baseline, then `tsc --noEmit` over the generated client with the default options of
//             the contract suite's type check: what a team runs for the guarantees the suite gives
//   overhead  cold minus generator, as a ratio to the baseline: what openapi-drift adds to hey-api
//   cold      `vitest run` of the client's contract test with node_modules/.cache/openapi-drift
//             removed entirely: no regeneration entry, no formatted pieces, no compiled code
//   warm      the same with nothing changed (whole process, Vitest start-up included): a cache hit
//   oneLine   the same after a one-line change in the snapshot: the regeneration entry misses (the
//             snapshot it read changed), the formatted pieces and the compiled code of the cold and
//             warm runs are kept, as they are on a developer's machine
//   changed   a real spec update: a client generated from GitHub's 22.0.0 spec, checked after its
//             snapshot is replaced by 23.0.2's canonical form (drift, exit 1). The cache holds what a
//             check of the 22.0.0 client left (its regeneration entry, pieces and compiled code),
//             as on the machine of the developer who updates the snapshot. Its ratio is to the same
//             baseline (the openapi-ts CLI on the 23.0.2 spec)
//   rss       peak RSS of the cold check over the baseline's (largest process, /usr/bin/time)
//   rssTree   the same for the summed RSS of the whole process tree (sampled from /proc)
//   clients20 one `vitest run` of twenty medium clients over the sum of their single-client runs,
//             each with the cache removed
//
// Usage: npm run bench -- [--reps 3] [--reps20 1] [--json results.json] [--keep]
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { addClient, clearCache, CONFIG, createProject, REPO } from './project.ts';
import { changelogBetween } from '../packages/openapi-drift/src/changelog/index.ts';
import { writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { readSpec } from '../test/helpers/specs.ts';

const BIN = path.join(REPO, 'node_modules', '.bin');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '3' }, reps20: { type: 'string', default: '1' }, json: { type: 'string' }, keep: { type: 'boolean', default: false } },
});
const reps = Number(values.reps);
const reps20 = Number(values.reps20);

interface Sample {
  seconds: number;
  /** Peak RSS of the largest single process (what /usr/bin/time reports). */
  rssBytes?: number;
  /** Peak of the summed RSS of the whole process tree, sampled every 50 ms from /proc. */
  treeRssBytes?: number;
  code: number | null;
}

/** The summed RSS of a process and all its descendants, from /proc (Linux only). */
async function treeRss(root: number): Promise<number | undefined> {
  let entries: string[];
  try {
    entries = (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  await Promise.all(
    entries.map(async (name) => {
      const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields.length < 22) return;
      parents.set(Number(name), Number(fields[1]));
      rss.set(Number(name), Number(fields[21]) * 4096);
    }),
  );
  let total = 0;
  for (const [pid, bytes] of rss) {
    for (let current: number | undefined = pid; current !== undefined && current > 1; current = parents.get(current)) {
      if (current === root) {
        total += bytes;
        break;
      }
    }
  }
  return total;
}

function measure(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Sample> {
  const environment = { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', CI: 'true', ...env };
  const statsFile = path.join(os.tmpdir(), `openapi-drift-bench-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const [file, argv] = TIME ? [TIME, ['-f', '%M', '-o', statsFile, command, ...args]] : [command, args];
  const start = performance.now();
  return new Promise((resolve) => {
    let peakTree: number | undefined;
    const child = execFile(file, argv, { cwd, env: environment, maxBuffer: 256 * 1024 * 1024 }, async (error) => {
      const seconds = (performance.now() - start) / 1000;
      clearInterval(sampler);
      const kilobytes = TIME ? Number((await fs.readFile(statsFile, 'utf8').catch(() => '')).trim().split('\n').pop()) : NaN;
      await fs.rm(statsFile, { force: true });
      resolve({ seconds, rssBytes: Number.isFinite(kilobytes) ? kilobytes * 1024 : undefined, treeRssBytes: peakTree, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 });
    });
    const sampler = setInterval(async () => {
      const total = child.pid === undefined ? undefined : await treeRss(child.pid);
      if (total !== undefined) peakTree = Math.max(peakTree ?? 0, total);
    }, 50);
  });
}

const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function baseline(root: string, clientDir: string): Promise<Sample> {
  // A fresh copy of the client's inputs, generated by the CLI and diffed with the committed tree.
  const scratch = path.join(root, 'clients', `.baseline-${Math.random().toString(36).slice(2)}`);
  await fs.mkdir(scratch);
  for (const file of ['openapi.json', 'openapi-ts.config.ts']) await fs.copyFile(path.join(clientDir, file), path.join(scratch, file));
  const script = `node ${JSON.stringify(path.join(REPO, 'node_modules/@hey-api/openapi-ts/dist/run.mjs'))} && git diff --no-index --exit-code --stat ${JSON.stringify(path.join(clientDir, 'src/client'))} src/client`;
  const sample = await measure('sh', ['-c', script], scratch);
  await fs.rm(scratch, { recursive: true, force: true });
  return sample;
}

/** The contract suite's default type-check options (typecheck/compiler-setup.ts), as a tsconfig. */
const TSCONFIG = `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], skipLibCheck: true, noEmit: true }, include: ['src/client'] }, null, 2)}\n`;

/** A scratch copy of the client's inputs, beside it; `config` replaces its openapi-ts config. */
async function scratchCopy(root: string, clientDir: string, config?: string): Promise<string> {
  const scratch = path.join(root, 'clients', `.scratch-${Math.random().toString(36).slice(2)}`);
  await fs.mkdir(scratch);
  await fs.copyFile(path.join(clientDir, 'openapi.json'), path.join(scratch, 'openapi.json'));
  if (config === undefined) await fs.copyFile(path.join(clientDir, 'openapi-ts.config.ts'), path.join(scratch, 'openapi-ts.config.ts'));
  else await fs.writeFile(path.join(scratch, 'openapi-ts.config.ts'), config);
  return scratch;
}

const OPENAPI_TS = `node ${JSON.stringify(path.join(REPO, 'node_modules/@hey-api/openapi-ts/dist/run.mjs'))}`;

/** hey-api's generation alone: the CLI with no post-processing. */
async function generatorOnly(root: string, clientDir: string): Promise<Sample> {
  const scratch = await scratchCopy(root, clientDir, CONFIG.replace(", postProcess: ['prettier']", ''));
  const sample = await measure('sh', ['-c', OPENAPI_TS], scratch);
  await fs.rm(scratch, { recursive: true, force: true });
  return sample;
}

/** The baseline, then the type check a team would add: tsc over the generated client. */
async function fullBaseline(root: string, clientDir: string): Promise<Sample> {
  const scratch = await scratchCopy(root, clientDir);
  await fs.writeFile(path.join(scratch, 'tsconfig.json'), TSCONFIG);
  const script = `${OPENAPI_TS} && git diff --no-index --exit-code --stat ${JSON.stringify(path.join(clientDir, 'src/client'))} src/client && ${JSON.stringify(path.join(BIN, 'tsc'))} -p tsconfig.json`;
  const sample = await measure('sh', ['-c', script], scratch);
  await fs.rm(scratch, { recursive: true, force: true });
  return sample;
}

function vitest(root: string, files: string[]): Promise<Sample> {
  return measure(path.join(BIN, 'vitest'), ['run', ...files], root);
}

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`bench project: ${root}${TIME ? '' : ' (no /usr/bin/time: peak RSS not measured; apt-get install time)'}`);
  try {
    await createProject(root);
    log('setting up clients (generating committed trees)...');
    const github = await addClient(root, 'github', 'github-octokit-23.0.2.oas303.json');
    // The tree of 22.0.0, committed; its snapshot is replaced by 23.0.2's for each `changed` run.
    const github22 = await addClient(root, 'github-22', 'github-octokit-22.0.0.oas303.json');
    const medium = await addClient(root, 'medium-01', 'mastodon.oas303.json');
    for (let index = 2; index <= 20; index++) {
      const copy = path.join(root, 'clients', `medium-${String(index).padStart(2, '0')}`);
      await fs.cp(medium, copy, { recursive: true });
    }
    await writeContractTests({ root });
    const githubTest = 'contract-tests/github.contract.test.ts';
    const snapshot = path.join(github, 'openapi.json');
    const original = await fs.readFile(snapshot, 'utf8');
    const changed = original.replace('"summary": "', '"summary": "Changed: ');
    const github22Test = 'contract-tests/github-22.contract.test.ts';
    const snapshot22 = path.join(github22, 'openapi.json');
    const spec22 = await fs.readFile(snapshot22, 'utf8');
    const spec23 = canonicalize(readSpec('github-octokit-23.0.2.oas303.json'), { file: 'github-octokit-23.0.2.oas303.json' });

    const runs: Record<'baseline' | 'generator' | 'full' | 'cold' | 'warm' | 'oneLine' | 'changed', Sample[]> = { baseline: [], generator: [], full: [], cold: [], warm: [], oneLine: [], changed: [] };
    for (let rep = 1; rep <= reps; rep++) {
      // Alternating, so that drifts in machine load touch every measurement alike.
      runs.baseline.push(await baseline(root, github));
      runs.generator.push(await generatorOnly(root, github));
      runs.full.push(await fullBaseline(root, github));
      await clearCache(root);
      runs.cold.push(await vitest(root, [githubTest]));
      runs.warm.push(await vitest(root, [githubTest]));
      await fs.writeFile(snapshot, changed);
      runs.oneLine.push(await vitest(root, [githubTest]));
      await fs.writeFile(snapshot, original);
      // What a check of the 22.0.0 client leaves in the cache, then the update to 23.0.2.
      await clearCache(root);
      const primed = await vitest(root, [github22Test]);
      if (primed.code !== 0) throw new Error(`github-22 before its update: exit code ${primed.code}`);
      await fs.writeFile(snapshot22, spec23);
      runs.changed.push(await vitest(root, [github22Test]));
      await fs.writeFile(snapshot22, spec22);
      log(
        `rep ${rep}/${reps}: baseline ${runs.baseline.at(-1)?.seconds.toFixed(2)} s, generator ${runs.generator.at(-1)?.seconds.toFixed(2)} s, full ${runs.full.at(-1)?.seconds.toFixed(2)} s, cold ${runs.cold.at(-1)?.seconds.toFixed(2)} s, warm ${runs.warm.at(-1)?.seconds.toFixed(2)} s, one line ${runs.oneLine.at(-1)?.seconds.toFixed(2)} s, changed ${runs.changed.at(-1)?.seconds.toFixed(2)} s, load ${loadAverage()}`,
      );
    }
    for (const [name, samples] of Object.entries(runs)) {
      const bad = samples.filter((sample) => sample.code !== (name === 'oneLine' || name === 'changed' ? 1 : 0));
      if (bad.length) throw new Error(`${name}: unexpected exit codes ${bad.map((sample) => sample.code).join(', ')}`);
    }

    const medians: Record<string, number> = {};
    for (const [name, samples] of Object.entries(runs)) medians[name] = median(samples.map((sample) => sample.seconds));
    const rssOf = (samples: Sample[]) => (samples.every((sample) => sample.rssBytes !== undefined) ? median(samples.map((sample) => sample.rssBytes as number)) : undefined);
    const baselineRss = rssOf(runs.baseline);
    const coldRss = rssOf(runs.cold);
    const treeOf = (samples: Sample[]) => (samples.every((sample) => sample.treeRssBytes !== undefined) ? median(samples.map((sample) => sample.treeRssBytes as number)) : undefined);
    const baselineTree = treeOf(runs.baseline);
    const coldTree = treeOf(runs.cold);

    const suite: number[] = [];
    const sums: number[] = [];
    const mediumTests = Array.from({ length: 20 }, (_, index) => `contract-tests/medium-${String(index + 1).padStart(2, '0')}.contract.test.ts`);
    for (let rep = 1; rep <= reps20; rep++) {
      let sum = 0;
      for (const file of mediumTests) {
        await clearCache(root);
        sum += (await vitest(root, [file])).seconds;
      }
      await clearCache(root);
      suite.push((await vitest(root, mediumTests)).seconds);
      sums.push(sum);
      log(`clients20 rep ${rep}/${reps20}: one run ${suite.at(-1)?.toFixed(2)} s, sum of single runs ${sum.toFixed(2)} s, load ${loadAverage()}`);
    }

    const [oldGithub, newGithub] = (['github-octokit-22.0.0.oas303.json', 'github-octokit-23.0.2.oas303.json'] as const).map(readSpec);
    const changelogSeconds: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const start = performance.now();
      changelogBetween(oldGithub as string, newGithub as string);
      changelogSeconds.push((performance.now() - start) / 1000);
    }

    const base = medians.baseline as number;
    const results = {
      machine: { cpus: os.availableParallelism(), node: process.version, load: os.loadavg().map((value) => Number(value.toFixed(2))) },
      repetitions: reps,
      generator: (medians.generator as number) / base,
      full: (medians.full as number) / base,
      coldOfFull: (medians.cold as number) / (medians.full as number),
      overhead: ((medians.cold as number) - (medians.generator as number)) / base,
      cold: (medians.cold as number) / base,
      warm: (medians.warm as number) / base,
      oneLine: (medians.oneLine as number) / base,
      changed: (medians.changed as number) / base,
      rss: baselineRss && coldRss ? coldRss / baselineRss : null,
      rssTree: baselineTree && coldTree ? coldTree / baselineTree : null,
      clients20: median(suite.map((seconds, index) => seconds / (sums[index] as number))),
      seconds: {
        baseline: runs.baseline.map((sample) => sample.seconds),
        generator: runs.generator.map((sample) => sample.seconds),
        full: runs.full.map((sample) => sample.seconds),
        cold: runs.cold.map((sample) => sample.seconds),
        warm: runs.warm.map((sample) => sample.seconds),
        oneLine: runs.oneLine.map((sample) => sample.seconds),
        changed: runs.changed.map((sample) => sample.seconds),
        clients20Suite: suite,
        clients20SumOfSingles: sums,
        changelogGithubPair: changelogSeconds,
      },
      rssBytes: { baseline: runs.baseline.map((sample) => sample.rssBytes ?? null), cold: runs.cold.map((sample) => sample.rssBytes ?? null) },
      treeRssBytes: { baseline: runs.baseline.map((sample) => sample.treeRssBytes ?? null), cold: runs.cold.map((sample) => sample.treeRssBytes ?? null) },
    };
    const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${Math.round(bytes / 1e6)} MB`);
    const spread = (samples: number[], unit = ' s', digits = 2) => `min ${Math.min(...samples).toFixed(digits)}${unit}, max ${Math.max(...samples).toFixed(digits)}${unit}`;
    const megabytes = (samples: Array<number | null>) => samples.filter((value): value is number => value !== null).map((bytes) => bytes / 1e6);
    const line = (name: string, ratio: number | null, target: string, samples?: number[]) =>
      `${name.padEnd(10)} ${ratio === null ? 'n/a' : ratio.toFixed(3).padStart(6)}  (target ${target})${samples ? `  ${spread(samples)}` : ''}`;
    console.log(`GitHub spec, ${reps} repetitions, medians; baseline ${base.toFixed(2)} s (${spread(results.seconds.baseline)}); load average ${loadAverage()}`);
    console.log(line('generator', results.generator, 'none: the floor', results.seconds.generator));
    console.log(line('full', results.full, 'none: the baseline with tsc', results.seconds.full));
    console.log(line('cold', results.cold, '<= 1.0', results.seconds.cold), `; of full: ${results.coldOfFull.toFixed(3)} (target <= 0.85)`);
    console.log(line('overhead', results.overhead, '<= 0.2'), 'cold minus generator');
    console.log(line('warm', results.warm, '<= 0.07', results.seconds.warm));
    console.log(line('oneLine', results.oneLine, '<= 0.9', results.seconds.oneLine));
    console.log(line('changed', results.changed, `<= cold + 0.05 = ${(results.cold + 0.05).toFixed(3)}`, results.seconds.changed));
    console.log(line('rss', results.rss, 'none'), `largest process: ${mb(coldRss)} vs ${mb(baselineRss)} (cold ${spread(megabytes(results.rssBytes.cold), ' MB', 0)}; baseline ${spread(megabytes(results.rssBytes.baseline), ' MB', 0)})`);
    console.log(line('rssTree', results.rssTree, '<= 1.5'), `whole process tree: ${mb(coldTree)} vs ${mb(baselineTree)}`);
    console.log(line('clients20', results.clients20, '<= 0.55'), `one run ${spread(suite)}; sum of single runs ${spread(sums)}`);
    console.log(`changelog of the GitHub pair: ${median(changelogSeconds).toFixed(2)} s (parse included; target < 1 s)`);
    if (values.json) await fs.writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
  } finally {
    if (!values.keep) await fs.rm(root, { recursive: true, force: true });
  }
}

await main();

// Real projects in temporary folders, laid out as a repository that uses openapi-drift: its own
// package.json, this repository's vitest.config.ts (with the openapi-drift plugin), node_modules
// linked to this repository's (where openapi-drift is the package built from packages/), and the
// chosen example clients, so that tests run the real package, generator, prettier and Vitest.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'tinyglobby';
import { writeContractTests } from '../../packages/openapi-drift/src/project/contract-tests.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NODE_BIN = path.join(REPO, 'node_modules', '.bin');
/** The installed openapi-drift command (packages/openapi-drift, built). */
export const CLI = path.join(NODE_BIN, 'openapi-drift');
const CONSUMER_PACKAGE = { name: 'temp-project', private: true, type: 'module', scripts: { test: 'vitest run' } };

export interface TempProject {
  root: string;
  clientDir(name: string): string;
  remove(): Promise<void>;
}

/** A temp project holding copies of the named example clients from this repository. */
export async function createTempProject(clients: string[] = [], prefix = 'openapi-drift-', options: { tsconfig?: boolean } = {}): Promise<TempProject> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.writeFile(path.join(root, 'package.json'), `${JSON.stringify(CONSUMER_PACKAGE, null, 2)}\n`);
  await fs.copyFile(path.join(REPO, 'vitest.config.ts'), path.join(root, 'vitest.config.ts'));
  // hey-api takes its import style from the tsconfig nearest its own package: a repository has one.
  if (options.tsconfig !== false) await fs.copyFile(path.join(REPO, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  await fs.mkdir(path.join(root, 'clients'));
  await fs.mkdir(path.join(root, 'contract-tests'));
  await fs.copyFile(path.join(REPO, 'contract-tests', 'every-client.test.ts'), path.join(root, 'contract-tests', 'every-client.test.ts'));
  for (const name of clients) {
    await fs.cp(path.join(REPO, 'clients', name), path.join(root, 'clients', name), { recursive: true });
  }
  await writeContractTests({ root });
  return {
    root,
    clientDir: (name) => path.join(root, 'clients', name),
    remove: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** Changes the temp project's tsconfig.json (a copy of this repository's) in place. */
export async function editTsconfig(project: TempProject, change: (tsconfig: { include?: string[]; files?: string[] }) => void): Promise<void> {
  const file = path.join(project.root, 'tsconfig.json');
  const tsconfig = JSON.parse(await fs.readFile(file, 'utf8')) as { include?: string[]; files?: string[] };
  change(tsconfig);
  await fs.writeFile(file, `${JSON.stringify(tsconfig, null, 2)}\n`);
}

/**
 * Gives the project a node_modules of its own (links to this repository's packages), so that its
 * cache folder, node_modules/.cache/openapi-drift, is its own and starts empty.
 */
export async function useOwnCache(project: TempProject): Promise<string> {
  const modules = path.join(project.root, 'node_modules');
  await fs.rm(modules);
  await fs.mkdir(modules);
  for (const name of await fs.readdir(path.join(REPO, 'node_modules'))) {
    if (name !== '.cache') await fs.symlink(path.join(REPO, 'node_modules', name), path.join(modules, name));
  }
  return path.join(modules, '.cache', 'openapi-drift');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with the project's node_modules/.bin first on PATH, as npm scripts do. */
export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, PATH: `${NODE_BIN}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' };
    // The outer Vitest's own variables would make the inner one think it is a worker.
    for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') delete env[key];
    Object.assign(env, options.env);
    execFile(command, args, { cwd: options.cwd, env, timeout: options.timeoutMs ?? 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface VitestReport {
  code: number | null;
  output: string;
  /** Test results by full name ("client > path"), status and failure messages. */
  tests: Map<string, { status: string; failure: string }>;
}

/** Runs Vitest in the project as a user would, reading results from its JSON reporter. */
export async function runVitest(project: TempProject, args: string[], env: Record<string, string | undefined> = {}): Promise<VitestReport> {
  const reportFile = path.join(project.root, `.vitest-report-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const result = await run(path.join(NODE_BIN, 'vitest'), ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`], {
    cwd: project.root,
    env,
  });
  const tests = new Map<string, { status: string; failure: string }>();
  const report = JSON.parse(await fs.readFile(reportFile, 'utf8')) as {
    testResults: Array<{ assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }> }>;
  };
  await fs.rm(reportFile, { force: true });
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      tests.set([...test.ancestorTitles, test.title].join(' > '), { status: test.status, failure: test.failureMessages.join('\n') });
    }
  }
  return { code: result.code, output: result.stdout + result.stderr, tests };
}

export function failing(report: VitestReport): string[] {
  return [...report.tests].filter(([, test]) => test.status === 'failed').map(([name]) => name).sort();
}

/** A fingerprint of every file below a folder: its paths and bytes. */
export async function hashTree(dir: string): Promise<Map<string, string>> {
  const files = await glob('**/*', { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['node_modules/**'] });
  const hashes = new Map<string, string>();
  for (const file of files.sort()) {
    if (file.startsWith('node_modules')) continue;
    hashes.set(file, createHash('sha256').update(await fs.readFile(path.join(dir, file))).digest('hex'));
  }
  return hashes;
}

/** Runs the openapi-drift command in `cwd`, as `npx openapi-drift` would. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<RunResult> {
  return run(CLI, args, options);
}

/** Runs the real openapi-ts CLI with prettier post-processing in `clientDir`, as a user would. */
export async function runOpenApiTsCli(clientDir: string): Promise<RunResult> {
  return run(process.execPath, [path.join(REPO, 'node_modules', '@hey-api', 'openapi-ts', 'dist', 'run.mjs')], { cwd: clientDir });
}

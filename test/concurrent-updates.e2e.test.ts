// Two updates of one client at once: they serialize or the second refuses with a clear message,
// never interleave; an update that regenerated before another replaced its inputs refuses to write
// the old tree back; a lock left by a dead process is taken over. Kills at every crash point are in
// crash-points.e2e.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { CLI, createTempProject, failing, REPO, runVitest, type TempProject } from './helpers/temp-project.ts';

const BIN = path.join(REPO, 'node_modules', '.bin');
const UPDATE = [path.join(BIN, 'vitest'), 'run', 'contract-tests/petstore.contract.test.ts', '-u'];
const SYNC = [CLI, 'sync', 'petstore'];
const HOLD_BEFORE_LOCK = path.join(REPO, 'test', 'helpers', 'hold-before-lock.ts');
const OUTPUT = 'src/client/';
const SNAPSHOT = 'openapi.json';
const LOCK = '.openapi-drift.lock';

type Files = Map<string, string>;

const projects: TempProject[] = [];
const running = new Set<number>();
let server: SpecServer;
let petstore: { paths: Record<string, Record<string, { parameters?: unknown[] }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

beforeAll(async () => {
  server = await startSpecServer();
  petstore = JSON.parse(await fs.readFile(path.join(REPO, 'clients/petstore/openapi.json'), 'utf8')) as typeof petstore;
});
afterAll(async () => {
  // Only a failed test leaves a process running.
  for (const pid of running) process.kill(pid, 'SIGKILL');
  await server?.close();
  await Promise.all(projects.map((project) => project.remove()));
});

async function project(): Promise<TempProject> {
  const created = await createTempProject(['petstore'], 'openapi-drift-concurrent-');
  projects.push(created);
  return created;
}

/** The served petstore with changes: a new required query parameter and new Pet properties. */
function changedPetstore(properties: string[]): string {
  const document = structuredClone(petstore);
  const listPets = document.paths['/pets']?.get;
  if (!listPets?.parameters) throw new Error('the petstore snapshot has no GET /pets parameters');
  listPets.parameters.push({ name: 'since', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } });
  const pet = document.components.schemas.Pet;
  if (!pet) throw new Error('the petstore snapshot has no Pet schema');
  for (const property of properties) pet.properties[property] = { type: 'string' };
  // Served reformatted: sync must canonicalize it.
  return JSON.stringify(document, null, 4);
}

interface Exit {
  code: number | null;
  output: string;
  stdout: string;
  stderr: string;
}

interface Started {
  pid: number;
  exited: Promise<Exit>;
  hasExited(): boolean;
}

/** Starts a command with the env a user's npx would give. */
function start(argv: string[], cwd: string, extraEnv: Record<string, string> = {}): Started {
  const env: Record<string, string | undefined> = { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' };
  // The outer Vitest's own variables would make the inner one think it is a worker.
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') delete env[key];
  Object.assign(env, extraEnv);
  const [command, ...args] = argv;
  const child = spawn(command as string, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${argv.join(' ')}`);
  running.add(pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const closed = new Promise<Exit>((resolve) =>
    child.on('close', (code) => {
      running.delete(pid);
      resolve({ code, output: stdout + stderr, stdout, stderr });
    }),
  );
  return { pid, exited: closed, hasExited: () => exited };
}

function runToEnd(argv: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Exit & { pid: number }> {
  const started = start(argv, cwd, extraEnv);
  return started.exited.then((exit) => ({ ...exit, pid: started.pid }));
}

/** Every file below `dir`, by POSIX path relative to it. */
async function readFiles(dir: string): Promise<Files> {
  const files: Files = new Map();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join('/'), await fs.readFile(file, 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe('two updates of one client at once', () => {
  test('concurrent updates serialize or refuse with a clear message, never interleave; a lock left by a dead process is taken over', async () => {
    const temp = await project();
    const clientDir = temp.clientDir('petstore');
    await fs.writeFile(path.join(clientDir, 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/concurrent.json') })}\n`);
    const lockFile = path.join(clientDir, LOCK);

    // Two syncs started together: the one that finds the other's lock refuses at once; should they
    // not overlap after all, the second finds nothing left to do. Either way exactly one updates.
    const second = changedPetstore(['nickname']);
    server.routes.set('/concurrent.json', { kind: 'body', body: second });
    const pair = await Promise.all([runToEnd(SYNC, temp.root), runToEnd(SYNC, temp.root)]);
    const updated = pair.filter((result) => result.code === 0 && result.stdout.startsWith('petstore: updated (snapshot changed;'));
    expect(updated, pair.map((result) => result.output).join('\n')).toHaveLength(1);
    const other = pair.find((result) => !updated.includes(result)) as (typeof pair)[number];
    const winner = updated[0] as (typeof pair)[number];
    if (other.code === 2) {
      expect(other.stdout).toBe('petstore: error, nothing changed\n');
      expect(other.stderr).toContain(`clients/petstore is being updated by another openapi-drift process (pid ${winner.pid}); nothing was written`);
      const rerun = await runToEnd(SYNC, temp.root);
      expect(rerun.code, rerun.output).toBe(0);
      expect(rerun.stdout).toBe('petstore: unchanged\n');
    } else {
      expect(other.code, other.output).toBe(0);
      expect(other.stdout).toBe('petstore: unchanged\n');
    }
    expect(await fs.readFile(path.join(clientDir, SNAPSHOT), 'utf8')).toBe(canonicalize(second));
    await expect(fs.access(lockFile)).rejects.toThrow();
    console.info(`two syncs at once: ${other.code === 2 ? 'the second refused, its rerun found nothing to do' : 'they ran one after the other'}`);

    // A -u started to undo a hand edit regenerates from the snapshot of that moment; if a sync
    // replaces the snapshot before the -u takes the lock, the -u must not put the old snapshot's tree
    // back. The -u is held between its regeneration and its lock while the sync runs whole.
    const third = changedPetstore(['nickname', 'color']);
    server.routes.set('/concurrent.json', { kind: 'body', body: third });
    await fs.appendFile(path.join(clientDir, OUTPUT, 'types.gen.ts'), '// edited by hand\n');
    const holdDir = await fs.mkdtemp(path.join(temp.root, '.hold-'));
    const held = start(UPDATE, temp.root, { NODE_OPTIONS: `--import=${pathToFileURL(HOLD_BEFORE_LOCK).href}`, OPENAPI_DRIFT_HOLD_DIR: holdDir });
    while (!(await fs.access(path.join(holdDir, 'held')).then(() => true, () => false))) {
      if (held.hasExited()) throw new Error(`vitest -u ended before taking the lock:\n${(await held.exited).output}`);
      await sleep(20);
    }
    const sync = await runToEnd(SYNC, temp.root);
    expect(sync.code, sync.output).toBe(0);
    expect(sync.stdout).toMatch(/^petstore: updated \(snapshot changed; 1 changed, 0 added, 0 removed\)\n  changed  src\/client\/types\.gen\.ts\n/);
    const synced = await readFiles(clientDir);
    await fs.writeFile(path.join(holdDir, 'go'), '');
    const late = await held.exited;
    expect(late.code, late.output).toBe(1);
    expect(late.output).toContain('clients/petstore/openapi.json changed after this update regenerated the client');
    expect(late.output).toContain('nothing was written');
    expect(await readFiles(clientDir)).toEqual(synced);
    const again = await runToEnd(UPDATE, temp.root);
    expect(again.code, again.output).toBe(0);
    expect(await readFiles(clientDir)).toEqual(synced);

    // A lock whose owner no longer exists is taken over.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.on('exit', resolve));
    await fs.writeFile(lockFile, `${dead.pid}\n`);
    const fourth = changedPetstore(['nickname', 'color', 'owner']);
    server.routes.set('/concurrent.json', { kind: 'body', body: fourth });
    const takeover = await runToEnd(SYNC, temp.root);
    expect(takeover.code, takeover.output).toBe(0);
    expect(takeover.stdout).toMatch(/^petstore: updated \(snapshot changed;/);
    expect(await fs.readFile(path.join(clientDir, SNAPSHOT), 'utf8')).toBe(canonicalize(fourth));
    await expect(fs.access(lockFile)).rejects.toThrow();

    const suite = await runVitest(temp, []);
    expect(failing(suite), suite.output).toEqual([]);
    expect(suite.code, suite.output).toBe(0);
  });
});

describe('a link that appears while an update waits for its lock', () => {
  test('-u checks the folders again under the lock: a linked output folder is refused and its target untouched', async () => {
    const temp = await project();
    const clientDir = temp.clientDir('petstore');
    const output = path.join(clientDir, OUTPUT);
    await fs.appendFile(path.join(output, 'types.gen.ts'), '// edited by hand\n');
    const victim = path.join(temp.root, '..', `${path.basename(temp.root)}-victim`);
    await fs.cp(output, victim, { recursive: true });
    try {
      const before = await readFiles(victim);
      const holdDir = await fs.mkdtemp(path.join(temp.root, '.hold-'));
      const held = start(UPDATE, temp.root, { NODE_OPTIONS: `--import=${pathToFileURL(HOLD_BEFORE_LOCK).href}`, OPENAPI_DRIFT_HOLD_DIR: holdDir });
      while (!(await fs.access(path.join(holdDir, 'held')).then(() => true, () => false))) {
        if (held.hasExited()) throw new Error(`vitest -u ended before taking the lock:\n${(await held.exited).output}`);
        await sleep(20);
      }
      // Regenerated and compared already; now the output folder becomes a link to another folder.
      await fs.rm(output, { recursive: true });
      await fs.symlink(victim, output.replace(/\/$/, ''));
      await fs.writeFile(path.join(holdDir, 'go'), '');
      const late = await held.exited;
      expect(late.code, late.output).toBe(1);
      expect(late.output).toContain('clients/petstore/src/client is a symbolic link');
      expect(await readFiles(victim)).toEqual(before);
    } finally {
      await fs.rm(victim, { recursive: true, force: true });
    }
  });
});

// Process faults: updates killed at any moment, and two updates of one client at once. Each kill is
// a SIGKILL to the whole process group (Vitest, its workers and the generation child alike), at
// moments spread over a whole run and packed into the few milliseconds in which files are written.
// After every kill each file holds what it held or what the update writes, never part of either;
// the next update finishes the job, and the suite is green.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canonicalize } from '../src/canonicalize.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, failing, REPO, runVitest, type TempProject } from './helpers/temp-project.ts';

const BIN = path.join(REPO, 'node_modules', '.bin');
const UPDATE = [path.join(BIN, 'vitest'), 'run', 'contract-tests/petstore.contract.test.ts', '-u'];
const SYNC = [path.join(BIN, 'node'), path.join(REPO, 'bin', 'openapi-drift.ts'), 'sync', 'petstore'];
const HOLD_BEFORE_LOCK = path.join(REPO, 'test', 'helpers', 'hold-before-lock.ts');
// Paths inside the client folder.
const OUTPUT = 'src/client/';
const SNAPSHOT = 'openapi.json';
const FINGERPRINT = 'generated-from.json';
const LOCK = '.openapi-drift.lock';
const HAND_WRITTEN = 'src/pets-extra.ts';
// What a killed process may leave besides old and new files: write-file-atomic's temporary file
// (`<file>.<uint32>`, in the folder of the file it replaces), the lock and the file it is linked from
// (`.openapi-drift.lock.<pid>`), and sync's pending snapshot.
const ATOMIC_TEMP = /^(.+)\.\d+$/;
const SYNC_PENDING = /^\.openapi-drift-sync-[0-9a-f]{8}\.json(\.\d+)?$/;
/** A leftover of a killed update outside the output folder. */
const clientLeftover = (file: string, sync: boolean) =>
  file === LOCK || [LOCK, FINGERPRINT].includes(ATOMIC_TEMP.exec(file)?.[1] ?? '') || (sync && SYNC_PENDING.test(file));

type Files = Map<string, string>;

const projects: TempProject[] = [];
const groups = new Set<number>();
let server: SpecServer;
let petstore: { paths: Record<string, Record<string, { parameters?: unknown[] }>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };

beforeAll(async () => {
  server = await startSpecServer();
  petstore = JSON.parse(await fs.readFile(path.join(REPO, 'clients/petstore/openapi.json'), 'utf8')) as typeof petstore;
});
afterAll(async () => {
  // Only a failed test leaves a process group running.
  for (const pid of groups) signalGroup(pid, 'SIGKILL');
  await server?.close();
  await Promise.all(projects.map((project) => project.remove()));
});

async function project(): Promise<TempProject> {
  const created = await createTempProject(['petstore'], 'openapi-drift-faults-');
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

// ---- processes ----------------------------------------------------------------------------------

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  stdout: string;
  stderr: string;
}

interface Started {
  pid: number;
  exited: Promise<Exit>;
  hasExited(): boolean;
}

/** Starts a command as the leader of its own process group, with the env a user's npx would give. */
function start(argv: string[], cwd: string, extraEnv: Record<string, string> = {}): Started {
  const env: Record<string, string | undefined> = { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0' };
  // The outer Vitest's own variables would make the inner one think it is a worker.
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') delete env[key];
  Object.assign(env, extraEnv);
  const [command, ...args] = argv;
  const child = spawn(command as string, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${argv.join(' ')}`);
  groups.add(pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let exited = false;
  child.on('exit', () => (exited = true));
  const closed = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => {
      groups.delete(pid);
      resolve({ code, signal, output: stdout + stderr, stdout, stderr });
    }),
  );
  return { pid, exited: closed, hasExited: () => exited };
}

function runToEnd(argv: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Exit & { pid: number }> {
  const started = start(argv, cwd, extraEnv);
  return started.exited.then((exit) => ({ ...exit, pid: started.pid }));
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** SIGKILLs the whole group and waits until none of its processes can still be finishing a write. */
async function killGroup(started: Started): Promise<void> {
  signalGroup(started.pid, 'SIGKILL');
  await started.exited;
  // The leader's pipes are closed; a worker may take a moment longer to be gone (bounded: a zombie stays).
  for (let i = 0; i < 200 && signalGroup(started.pid, 0); i++) await sleep(10);
}

interface Timed extends Exit {
  totalMs: number;
  /** When the first event on `anchor` in the client folder was seen, from the start. */
  anchorMs: number;
  /** When the last event on generated-from.json was seen (the last write of an update). */
  fingerprintMs: number;
}

/** Runs an update to its end, timing the moment of its first write and of its last. */
async function timedRun(argv: string[], cwd: string, clientDir: string, anchor: string): Promise<Timed> {
  const events: Array<[string, number]> = [];
  const watcher = watch(clientDir, (_event, file) => events.push([String(file), performance.now()]));
  try {
    const startedAt = performance.now();
    const exit = await start(argv, cwd).exited;
    const totalMs = performance.now() - startedAt;
    await sleep(50); // let the last events arrive
    const anchorAt = events.find(([file]) => file === anchor)?.[1];
    const fingerprintAt = events.filter(([file]) => file === FINGERPRINT).at(-1)?.[1];
    if (anchorAt === undefined || fingerprintAt === undefined) throw new Error(`no write seen in ${clientDir}: ${JSON.stringify(events)}\n${exit.output}`);
    return { ...exit, totalMs, anchorMs: anchorAt - startedAt, fingerprintMs: fingerprintAt - startedAt };
  } finally {
    watcher.close();
  }
}

/** Kill a given time after the start (`early`: before the update writes), or after the first event
 * on the anchor file (`anchored`: in the window in which it writes, or just after). */
type KillPlan = { kind: 'early'; delayMs: number } | { kind: 'anchored'; delayMs: number };

interface KillOutcome {
  /** False if the process had already ended when the kill came. */
  killed: boolean;
  /** When the anchor file first changed, from the start, if it did. */
  anchorMs?: number;
}

/** Starts an update and SIGKILLs its process group as planned. */
async function runAndKill(argv: string[], cwd: string, clientDir: string, anchor: string, plan: KillPlan): Promise<KillOutcome> {
  let anchorMs: number | undefined;
  let anchorSeen = (): void => undefined;
  const anchored = new Promise<void>((resolve) => (anchorSeen = resolve));
  const startedAt = performance.now();
  const watcher = watch(clientDir, (_event, file) => {
    if (String(file) !== anchor || anchorMs !== undefined) return;
    anchorMs = performance.now() - startedAt;
    anchorSeen();
  });
  try {
    const started = start(argv, cwd);
    if (plan.kind === 'anchored') await Promise.race([anchored, started.exited]);
    await Promise.race([sleep(plan.delayMs), started.exited]);
    const killed = !started.hasExited();
    await killGroup(started);
    return { killed, anchorMs };
  } finally {
    watcher.close();
  }
}

// ---- files --------------------------------------------------------------------------------------

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

/** Puts `dir` back to `state`, removing the files only `other` has; anything else (leftovers) stays. */
async function restore(dir: string, state: Files, other: Files): Promise<void> {
  for (const file of other.keys()) if (!state.has(file)) await fs.rm(path.join(dir, file), { force: true });
  for (const [file, text] of state) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

/** The client before the update: most generated files edited, two deleted, two obsolete ones in
 * sub-folders, and a hand-written file beside the output folder. */
function staleClient(current: Files): Files {
  const deleted = [`${OUTPUT}core/auth.gen.ts`, `${OUTPUT}client/utils.gen.ts`];
  const kept = [`${OUTPUT}index.ts`, `${OUTPUT}core/types.gen.ts`];
  for (const file of [...deleted, ...kept]) expect(current.has(file), file).toBe(true);
  const stale: Files = new Map();
  let edits = 0;
  for (const [file, text] of current) {
    if (deleted.includes(file)) continue;
    stale.set(file, file.startsWith(OUTPUT) && !kept.includes(file) ? `${text}// edited by hand (${++edits})\n` : text);
  }
  expect(edits).toBeGreaterThanOrEqual(10);
  stale.set(`${OUTPUT}legacy/pets-v1.gen.ts`, 'export type PetV1 = { id: number };\n');
  stale.set(`${OUTPUT}legacy/v1/owners.gen.ts`, 'export type OwnerV1 = { id: number };\n');
  stale.set(HAND_WRITTEN, "// Hand-written, beside the generated client: no update may touch it.\nexport const petsPerPage = 20;\n");
  return stale;
}

interface Verdict {
  /** Files that must not look the way they do. */
  problems: string[];
  /** Files that differ between the old and the new state, by which of the two they hold now. */
  updated: string[];
  pending: string[];
  leftovers: string[];
  checked: number;
}

/** Judges a client folder after a kill: each file old or new, or an allowed leftover. */
function judge(disk: Files, before: Files, after: Files, isLeftover: (file: string) => boolean): Verdict {
  const verdict: Verdict = { problems: [], updated: [], pending: [], leftovers: [], checked: 0 };
  const shown = (text: string | undefined) => (text === undefined ? 'missing' : `${text.length} characters`);
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    verdict.checked++;
    const now = disk.get(file);
    const was = before.get(file);
    const will = after.get(file);
    if (was === will) {
      if (now !== was) verdict.problems.push(`${file} is not the update's to change, yet it is ${shown(now)} instead of ${shown(was)}`);
    } else if (now === will) verdict.updated.push(file);
    else if (now === was) verdict.pending.push(file);
    else verdict.problems.push(`${file} is neither old (${shown(was)}) nor new (${shown(will)}): ${shown(now)}`);
  }
  for (const file of disk.keys()) {
    if (before.has(file) || after.has(file)) continue;
    verdict.checked++;
    if (isLeftover(file)) verdict.leftovers.push(file);
    else verdict.problems.push(`${file} is neither an old nor a new file nor a known leftover`);
  }
  return verdict;
}

/** The order the update writes in: deletions first, then the tree, generated-from.json last; and
 * sync replaces the snapshot before it touches the tree. */
function orderProblems(verdict: Verdict, after: Files, earlierLeftovers: string[], snapshotFirst: boolean): string[] {
  const problems: string[] = [];
  const inTree = (file: string) => file.startsWith(OUTPUT);
  const written = verdict.updated.filter((file) => inTree(file) && after.has(file));
  const pendingTree = verdict.pending.filter(inTree);
  if (verdict.updated.includes(FINGERPRINT) && pendingTree.length) problems.push(`${FINGERPRINT} was written while ${pendingTree.join(', ')} were still old`);
  if (written.length) {
    const notDeleted = [...pendingTree.filter((file) => !after.has(file)), ...earlierLeftovers.filter((file) => inTree(file) && verdict.leftovers.includes(file))];
    if (notDeleted.length) problems.push(`${written.join(', ')} were written before ${notDeleted.join(', ')} were deleted`);
  }
  if (snapshotFirst && verdict.updated.some(inTree) && !verdict.updated.includes(SNAPSHOT)) problems.push('the tree changed before the snapshot was replaced');
  return problems;
}

interface KillSummary {
  runs: number;
  killed: number;
  midUpdate: number;
  untouched: number;
  checked: number;
  leftovers: Set<string>;
}

/**
 * Kills `argv` again and again, each time from the old state plus whatever earlier kills left, and
 * judges every file after each kill. The moments: `early` ones spread from the start to the first
 * write (startup, fetch, regeneration), `anchored` ones packed into the window in which the update
 * writes (measured by the calibration run) and just after, and more anchored ones until
 * `wantMidUpdate` kills landed mid-update. The last kill's state is left for the caller to finish.
 */
async function killRepeatedly(options: {
  argv: string[];
  root: string;
  clientDir: string;
  before: Files;
  after: Files;
  calibration: Timed;
  anchor: string;
  early: number;
  anchored: number;
  wantMidUpdate: number;
  maxExtra: number;
  isLeftover: (file: string) => boolean;
  snapshotFirst: boolean;
}): Promise<KillSummary> {
  const summary: KillSummary = { runs: 0, killed: 0, midUpdate: 0, untouched: 0, checked: 0, leftovers: new Set() };
  const window = Math.max(options.calibration.fingerprintMs - options.calibration.anchorMs, 5) + 5;
  // Later runs are warmer than the calibration, so the first write comes sooner: use the soonest seen.
  let firstWriteMs = options.calibration.anchorMs;
  const plans: Array<() => KillPlan> = [];
  for (let i = 0; i < options.anchored; i++) {
    plans.push(() => ({ kind: 'anchored', delayMs: (window * (i + Math.random())) / options.anchored }));
    if (i < options.early) plans.push(() => ({ kind: 'early', delayMs: (0.9 * firstWriteMs * (i + Math.random())) / options.early }));
  }
  let earlierLeftovers: string[] = [];
  for (let extra = 0; plans.length > 0; ) {
    const plan = (plans.shift() as () => KillPlan)();
    await restore(options.clientDir, options.before, options.after);
    const outcome = await runAndKill(options.argv, options.root, options.clientDir, options.anchor, plan);
    if (outcome.anchorMs !== undefined) firstWriteMs = Math.min(firstWriteMs, outcome.anchorMs);
    const verdict = judge(await readFiles(options.clientDir), options.before, options.after, options.isLeftover);
    const moment = plan.kind === 'anchored' ? `${plan.delayMs.toFixed(1)} ms after ${options.anchor} changed` : `${Math.round(plan.delayMs)} ms after the start`;
    expect(verdict.problems, `killed ${moment}`).toEqual([]);
    expect(orderProblems(verdict, options.after, earlierLeftovers, options.snapshotFirst), `killed ${moment}`).toEqual([]);
    if (!outcome.killed) expect(verdict.pending, `ended before the kill ${moment}`).toEqual([]);
    summary.runs++;
    summary.checked += verdict.checked;
    if (outcome.killed) summary.killed++;
    if (outcome.killed && verdict.updated.length > 0 && verdict.pending.length > 0) summary.midUpdate++;
    if (verdict.updated.length === 0) summary.untouched++;
    for (const file of verdict.leftovers) if (file !== LOCK) summary.leftovers.add(file);
    earlierLeftovers = verdict.leftovers;
    if (plans.length === 0 && summary.midUpdate < options.wantMidUpdate && extra++ < options.maxExtra) {
      plans.push(() => ({ kind: 'anchored', delayMs: Math.random() * window }));
    }
  }
  return summary;
}

function report(label: string, summary: KillSummary): string {
  return (
    `${label}: ${summary.runs} runs, ${summary.killed} killed (${summary.runs - summary.killed} ended first), ${summary.midUpdate} of them mid-update (some files new, some old), ` +
    `${summary.untouched} before any write; ${summary.checked} file states judged, none lost or torn; ` +
    `leftovers: ${[...summary.leftovers].sort().join(', ') || 'none'}`
  );
}

// ---- tests --------------------------------------------------------------------------------------

// The three tests run side by side: each spends most of its time waiting for its subprocesses.
describe.concurrent('an update killed at any moment', () => {
  test('vitest -u killed at random moments leaves every file old or new, and the next -u finishes the job', { timeout: 180_000 }, async () => {
    const temp = await project();
    const clientDir = temp.clientDir('petstore');
    const pristine = await readFiles(clientDir);
    const before = staleClient(pristine);
    await restore(clientDir, before, pristine);

    // Calibration: a whole update from the old state, timed; what it leaves is the new state.
    const calibration = await timedRun(UPDATE, temp.root, clientDir, LOCK);
    expect(calibration.code, calibration.output).toBe(0);
    const after = await readFiles(clientDir);
    expect(after.has(LOCK)).toBe(false);
    expect([...after.keys()].filter((file) => file.startsWith(`${OUTPUT}legacy/`))).toEqual([]);
    expect(after.get(`${OUTPUT}core/auth.gen.ts`)).toBe(pristine.get(`${OUTPUT}core/auth.gen.ts`));
    for (const file of [SNAPSHOT, 'openapi-ts.config.ts', 'openapi-drift.json', HAND_WRITTEN]) expect(after.get(file), file).toBe(before.get(file));

    const outputFiles = new Set([...after.keys()].filter((file) => file.startsWith(OUTPUT)));
    const isLeftover = (file: string) => clientLeftover(file, false) || outputFiles.has(ATOMIC_TEMP.exec(file)?.[1] ?? '');
    const window = calibration.fingerprintMs - calibration.anchorMs;
    const summary = await killRepeatedly({
      argv: UPDATE,
      root: temp.root,
      clientDir,
      before,
      after,
      calibration,
      anchor: LOCK,
      early: 3,
      anchored: 5,
      wantMidUpdate: 2,
      maxExtra: 4,
      isLeftover,
      snapshotFirst: false,
    });
    expect(summary.midUpdate).toBeGreaterThanOrEqual(1);

    // The last kill's state, whatever it is, is finished by one more -u: leftovers included.
    const finish = await runToEnd(UPDATE, temp.root);
    expect(finish.code, finish.output).toBe(0);
    const finished = await readFiles(clientDir);
    // Only the output folder and the lock are cleaned by the next update; write-file-atomic's
    // temporary files of generated-from.json stay.
    const verdict = judge(finished, after, after, (file) => ATOMIC_TEMP.exec(file)?.[1] === FINGERPRINT);
    expect(verdict.problems).toEqual([]);
    expect([...finished.keys()].filter((file) => file.startsWith(OUTPUT))).toEqual([...outputFiles]);
    const suite = await runVitest(temp, []);
    expect(failing(suite), suite.output).toEqual([]);
    expect(suite.code, suite.output).toBe(0);
    console.info(`${report('vitest -u', summary)}; a whole -u took ${Math.round(calibration.totalMs)} ms, writing for ${Math.round(window)} ms`);
  });

  test('sync killed at random moments leaves the snapshot and every file old or new, and the next sync finishes the job', { timeout: 180_000 }, async () => {
    const temp = await project();
    const clientDir = temp.clientDir('petstore');
    const served = changedPetstore(['nickname']);
    server.routes.set('/killed-sync.json', { kind: 'body', body: served });
    await fs.writeFile(path.join(clientDir, 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/killed-sync.json') })}\n`);
    const pristine = await readFiles(clientDir);
    const before = staleClient(pristine);
    await restore(clientDir, before, pristine);

    const calibration = await timedRun(SYNC, temp.root, clientDir, SNAPSHOT);
    expect(calibration.code, calibration.output).toBe(0);
    expect(calibration.stdout).toMatch(/^petstore: updated \(snapshot changed; \d+ changed, 2 added, 2 removed\)\n/);
    const after = await readFiles(clientDir);
    expect(after.get(SNAPSHOT)).toBe(canonicalize(served));
    // The new required parameter makes the options of listPets required.
    expect(after.get(`${OUTPUT}sdk.gen.ts`)).not.toBe(pristine.get(`${OUTPUT}sdk.gen.ts`));
    expect(after.get(`${OUTPUT}types.gen.ts`)).toContain('    since: string;\n');
    expect(after.get(`${OUTPUT}types.gen.ts`)).toContain('  nickname?: string;\n');
    expect([...after.keys()].filter((file) => SYNC_PENDING.test(file) || file === LOCK)).toEqual([]);

    const outputFiles = new Set([...after.keys()].filter((file) => file.startsWith(OUTPUT)));
    const isLeftover = (file: string) => clientLeftover(file, true) || outputFiles.has(ATOMIC_TEMP.exec(file)?.[1] ?? '');
    const window = calibration.fingerprintMs - calibration.anchorMs;
    const summary = await killRepeatedly({
      argv: SYNC,
      root: temp.root,
      clientDir,
      before,
      after,
      calibration,
      anchor: SNAPSHOT,
      early: 2,
      anchored: 4,
      wantMidUpdate: 1,
      maxExtra: 3,
      isLeftover,
      snapshotFirst: true,
    });
    expect(summary.midUpdate).toBeGreaterThanOrEqual(1);

    // Whatever the last kill left (even a new snapshot with an old tree), the next sync finishes it.
    const snapshotReplaced = (await fs.readFile(path.join(clientDir, SNAPSHOT), 'utf8')) === after.get(SNAPSHOT);
    const finish = await runToEnd(SYNC, temp.root);
    expect(finish.code, finish.output).toBe(0);
    expect(finish.stdout).toMatch(snapshotReplaced ? /^petstore: (unchanged|updated \(snapshot unchanged;)/ : /^petstore: updated \(snapshot changed;/);
    const finished = await readFiles(clientDir);
    // Sync's pending snapshots stay too.
    const verdict = judge(finished, after, after, (file) => ATOMIC_TEMP.exec(file)?.[1] === FINGERPRINT || SYNC_PENDING.test(file));
    expect(verdict.problems).toEqual([]);
    expect([...finished.keys()].filter((file) => file.startsWith(OUTPUT))).toEqual([...outputFiles]);
    const suite = await runVitest(temp, []);
    expect(failing(suite), suite.output).toEqual([]);
    expect(suite.code, suite.output).toBe(0);
    console.info(`${report('sync', summary)}; a whole sync took ${Math.round(calibration.totalMs)} ms, writing for ${Math.round(window)} ms`);
  });
});

describe.concurrent('two updates of one client at once', () => {
  test('concurrent updates serialize or refuse with a clear message, never interleave; a lock left by a dead process is taken over', { timeout: 180_000 }, async () => {
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

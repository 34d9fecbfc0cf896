// An update killed at any moment. The code that writes passes through named crash points (see
// packages/openapi-drift/src/core/crash-point.ts); a first run lists every point an update passes,
// then the update is run again once per point with OPENAPI_DRIFT_CRASH_AT=<n>, so that the process
// SIGKILLs itself exactly there. After each kill every file must hold its old or its new content,
// never part of either and never in the wrong order; the next update must finish the job. No
// timing is involved: the same points are enumerated on an idle and on a busy machine.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { CLI, createTempProject, failing, REPO, run, runVitest, type RunResult, type TempProject } from './helpers/temp-project.ts';

const VITEST = path.join(REPO, 'node_modules', '.bin', 'vitest');
// Paths inside the client folder.
const OUTPUT = 'src/client/';
const SNAPSHOT = 'openapi.json';
const FINGERPRINT = 'generated-from.json';
const HAND_WRITTEN = 'src/pets-extra.ts';
/** What a killed process may leave behind: a temporary file of an atomic write, the lock, sync's pending document. */
const LEFTOVER = /(^|\/)\.[^/]+\.openapi-drift-\d+-[0-9a-f]{8}\.tmp$|^\.openapi-drift\.lock$|^\.openapi-drift-sync-[0-9a-f]{8}\.json$/;

type Files = Map<string, string>;

let server: SpecServer;
const projects: TempProject[] = [];

beforeAll(async () => {
  server = await startSpecServer();
});
afterAll(async () => {
  await server?.close();
  await Promise.all(projects.map((project) => project.remove()));
});

/** Every file below `dir`, by POSIX path relative to it, sorted. */
async function readFiles(dir: string): Promise<Files> {
  const files: Files = new Map();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join('/'), await fs.readFile(file, 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Puts `dir` back to exactly `state`: files not in it are removed, the others rewritten. */
async function restore(dir: string, state: Files): Promise<void> {
  for (const file of (await readFiles(dir)).keys()) if (!state.has(file)) await fs.rm(path.join(dir, file));
  for (const [file, text] of state) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), text);
  }
}

/** The client before the update: three generated files edited, two deleted, two obsolete ones in
 * sub-folders of their own, and a hand-written file beside the output folder. Every kind of write an
 * update does, a few times each: the crash points are the same whatever the number of files. */
function staleClient(current: Files): Files {
  const deleted = [`${OUTPUT}core/auth.gen.ts`, `${OUTPUT}client/utils.gen.ts`];
  const edited = [`${OUTPUT}sdk.gen.ts`, `${OUTPUT}types.gen.ts`, `${OUTPUT}client/client.gen.ts`];
  for (const file of [...deleted, ...edited]) expect(current.has(file), file).toBe(true);
  const stale: Files = new Map();
  for (const [file, text] of current) {
    if (deleted.includes(file)) continue;
    stale.set(file, edited.includes(file) ? `${text}// edited by hand\n` : text);
  }
  stale.set(`${OUTPUT}legacy/pets-v1.gen.ts`, 'export type PetV1 = { id: number };\n');
  stale.set(`${OUTPUT}legacy/v1/owners.gen.ts`, 'export type OwnerV1 = { id: number };\n');
  stale.set(HAND_WRITTEN, '// Hand-written, beside the generated client: no update may touch it.\nexport const petsPerPage = 20;\n');
  return stale;
}

/** Everything wrong with the client folder after a kill; empty when every file is old or new and in order. */
function judge(disk: Files, before: Files, after: Files, options: { snapshotFirst: boolean }): string[] {
  const problems: string[] = [];
  const updated: string[] = [];
  const pending: string[] = [];
  for (const file of new Set([...before.keys(), ...after.keys()])) {
    const [now, was, will] = [disk.get(file), before.get(file), after.get(file)];
    if (was === will) {
      if (now !== was) problems.push(`${file} is not the update's to change, yet it changed`);
    } else if (now === will) updated.push(file);
    else if (now === was) pending.push(file);
    else problems.push(`${file} is neither its old nor its new content (${now === undefined ? 'missing' : `${now.length} characters`})`);
  }
  for (const file of disk.keys()) {
    if (!before.has(file) && !after.has(file) && !LEFTOVER.test(file)) problems.push(`${file} is neither an old nor a new file nor a known leftover`);
  }
  const inTree = (file: string) => file.startsWith(OUTPUT);
  const pendingTree = pending.filter(inTree);
  // The record of what the tree was generated from comes last, once the whole tree is in place.
  if (updated.includes(FINGERPRINT) && pendingTree.length) problems.push(`${FINGERPRINT} was written while ${pendingTree.join(', ')} were still old`);
  // Deletions come first, so that a freed name or folder can take a new file.
  const written = updated.filter((file) => inTree(file) && after.has(file));
  const notDeleted = pendingTree.filter((file) => !after.has(file));
  if (written.length && notDeleted.length) problems.push(`${written.join(', ')} were written before ${notDeleted.join(', ')} were deleted`);
  // sync replaces the snapshot before it touches the tree, and only then.
  if (options.snapshotFirst && updated.some(inTree) && !updated.includes(SNAPSHOT)) problems.push('the tree changed before the snapshot was replaced');
  return problems;
}

interface Scenario {
  description: string;
  /** Prepares the client and returns the command that updates it. */
  setUp(project: TempProject): Promise<string[]>;
  snapshotFirst: boolean;
  /** What a finished update prints. */
  finished: RegExp;
}

const scenarios: Scenario[] = [
  {
    description: 'vitest -u',
    setUp: async () => [VITEST, 'run', 'contract-tests/petstore.contract.test.ts', '-u'],
    snapshotFirst: false,
    finished: /Tests\s+\d+ passed/,
  },
  {
    description: 'sync',
    setUp: async (project) => {
      // The served spec: a new required query parameter and a new Pet property, served reformatted.
      const document = JSON.parse(await fs.readFile(path.join(project.clientDir('petstore'), SNAPSHOT), 'utf8'));
      document.paths['/pets'].get.parameters.push({ name: 'since', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } });
      document.components.schemas.Pet.properties.nickname = { type: 'string' };
      server.routes.set('/crash-sync.json', { kind: 'body', body: JSON.stringify(document, null, 4) });
      await fs.writeFile(path.join(project.clientDir('petstore'), 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/crash-sync.json') })}\n`);
      // The impact report writes nothing and passes no crash point; it is left out to keep each run short.
      return [CLI, 'sync', 'petstore', '--no-impact'];
    },
    snapshotFirst: true,
    finished: /^petstore: (unchanged|updated \(snapshot (changed|unchanged);)/,
  },
];

function runUpdate(argv: string[], project: TempProject, env: Record<string, string> = {}): Promise<RunResult> {
  const [command, ...args] = argv;
  return run(command as string, args, { cwd: project.root, env });
}

describe.concurrent('an update killed at each of its crash points', () => {
  test.for(scenarios)('$description leaves every file old or new, and the next run finishes the job', async (scenario) => {
    const project = await createTempProject(['petstore'], 'openapi-drift-crash-');
    projects.push(project);
    const clientDir = project.clientDir('petstore');
    const command = await scenario.setUp(project);
    const pristine = await readFiles(clientDir);
    const before = staleClient(pristine);
    await restore(clientDir, before);

    // One whole run lists the crash points; what it leaves is the new state.
    const log = path.join(project.root, 'crash-points.log');
    const listed = await runUpdate(command, project, { OPENAPI_DRIFT_CRASH_LOG: log });
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    const after = await readFiles(clientDir);
    const points = (await fs.readFile(log, 'utf8')).trim().split('\n').map((line) => line.split(' ')[1] as string);
    expect([...after.keys()].filter((file) => LEFTOVER.test(file))).toEqual([]);
    expect(after.get(HAND_WRITTEN)).toBe(before.get(HAND_WRITTEN));
    expect([...after.keys()].filter((file) => file.startsWith(`${OUTPUT}legacy/`))).toEqual([]);
    if (scenario.snapshotFirst) expect(after.get(SNAPSHOT)).not.toBe(before.get(SNAPSHOT));
    // Every kind of point is passed: the lock, deletions, emptied folders, tree writes, the fingerprint.
    for (const kind of ['lock:taken', 'tree:removed', 'tree:folder-removed', 'tree:written', 'tree:renamed', 'fingerprint:written', 'fingerprint:renamed', 'lock:releasing']) {
      expect(points, kind).toContain(kind);
    }
    if (scenario.snapshotFirst) expect(points).toEqual(expect.arrayContaining(['pending-snapshot:written', 'pending-snapshot:renamed', 'sync:snapshot-replaced']));

    for (let index = 1; index <= points.length; index++) {
      const point = `crash point ${index} of ${points.length} (${points[index - 1]})`;
      await restore(clientDir, before);
      const killed = await runUpdate(command, project, { OPENAPI_DRIFT_CRASH_AT: String(index) });
      expect(killed.code, `${point}: the update was not killed\n${killed.stdout}${killed.stderr}`).not.toBe(0);
      expect(judge(await readFiles(clientDir), before, after, scenario), point).toEqual([]);
      // The next update completes the job from whatever the kill left, leftovers included.
      const finish = await runUpdate(command, project);
      expect(finish.code, `${point}: the next update failed\n${finish.stdout}${finish.stderr}`).toBe(0);
      expect(finish.stdout, point).toMatch(scenario.finished);
      expect(await readFiles(clientDir), point).toEqual(after);
    }
    const suite = await runVitest(project, []);
    expect(failing(suite), suite.output).toEqual([]);
    expect(suite.code, suite.output).toBe(0);
    console.info(`${scenario.description}: killed at each of its ${points.length} crash points; every file old or new each time, and the next run finished the job`);
  });
});

// Mutation check of the gate: random small edits of the committed example trees, each from a clean
// state, must each be reported exactly (the touched paths as changed / missing / obsolete, nothing
// else), and accepting the regeneration (the code `vitest -u` runs) must restore the original bytes,
// leaving no extra file or empty folder and never touching the hand-written files beside the tree.
// Each client is regenerated once (checkClient); the mutations only touch files.
//
// With SEED below: 780 mutations tried (petstore 455, ix-api 325; 60 of each of the 13 kinds, the
// 12 single edits and combinations of two or three of them), 780 detected with exactly the expected
// statuses and notes, 780 restored byte for byte. Then 3 more through real `vitest run` and
// `vitest run -u` subprocesses: each failed exactly the edited files' tests, and -u restored the bytes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkClient, type ClientCheck } from '../packages/openapi-drift/src/contract/check.ts';
import { compareTrees, readCommittedTree, type FileStatus } from '../packages/openapi-drift/src/compare/tree.ts';
import { acceptRegeneration } from '../packages/openapi-drift/src/update/update.ts';
import { createTempProject, failing, runVitest, type TempProject } from './helpers/temp-project.ts';

const SEED = 0x0a11_d21f;
const MUTATIONS_PER_CLIENT = { petstore: 455, 'ix-api': 325 } as const;
type ClientName = keyof typeof MUTATIONS_PER_CLIENT;

// ---------------------------------------------------------------------------------------------
// A small seeded PRNG (mulberry32), so that a failure names a seed and a mutation that reproduce.

interface Rng {
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (probability) => next() < probability,
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations. Each edit works on files no earlier edit of the same mutation touched, and records
// the exact status the gate must report for every path it touches.

type DriftStatus = Exclude<FileStatus, 'unchanged'>;

const SINGLE_KINDS = [
  'change one character',
  'insert a line',
  'delete a line',
  'swap two adjacent lines',
  'change whitespace at a line end',
  'add or remove the final newline',
  'delete a file',
  'add a new file',
  'rename a file in its folder',
  'rename a file into another folder',
  'rename a file by letter case only',
  'duplicate a file under another name',
] as const;
type SingleKind = (typeof SINGLE_KINDS)[number];
const ALL_KINDS = [...SINGLE_KINDS, 'combination of two or three'] as const;
type Kind = (typeof ALL_KINDS)[number];

interface CommittedLayout {
  outputDir: string;
  /** The committed bytes by path relative to the output folder. */
  original: Map<string, Buffer>;
  /** Folders holding committed files, relative ('' is the output folder itself). */
  folders: string[];
}

interface Plan {
  expected: Map<string, DriftStatus>;
  /** Paths whose comparison must carry a note, and what it must say. */
  notes: Map<string, RegExp>;
  steps: string[];
  /** Committed paths already used by an edit of this mutation. */
  used: Set<string>;
  /** Lower-cased paths that exist or were created: a new name must not collide, even by case. */
  taken: Set<string>;
}

interface Context {
  rng: Rng;
  layout: CommittedLayout;
  plan: Plan;
}

const REPLACEMENTS = ['x', 'Q', '0', '9', ';', '{', ')', '"', "'", ' ', '\t', '\n', 'é', '\u0430' /* Cyrillic a */, '\u200b', '\u00a0', '\u{1f600}'];
const NEW_LINES = ['', '  ', '// hand edit: do not regenerate', 'export const patched = true;', '/* */'];
const NEW_NAMES = ['legacy.gen.ts', 'notes.md', '.hidden.ts', 'with space.ts', 'ünïcode.gen.ts', 'index.d.ts', 'sdk.gen.ts.orig', 'README', 'patch.ts'];
const NEW_FOLDERS = ['legacy', 'v2/models', '.cache', 'Ünïcode dir', 'a/b/c'];

const joinRel = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);
const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');
const baseOf = (file: string) => file.slice(file.lastIndexOf('/') + 1);
const absolute = (context: Context, file: string) => path.join(context.layout.outputDir, ...file.split('/'));
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const shownChar = (text: string) => JSON.stringify(text);

function newPlan(layout: CommittedLayout): Plan {
  return { expected: new Map(), notes: new Map(), steps: [], used: new Set(), taken: new Set([...layout.original.keys()].map((file) => file.toLowerCase())) };
}

function pickFile(context: Context, accept: (file: string) => boolean = () => true): string {
  const candidates = [...context.layout.original.keys()].filter((file) => !context.plan.used.has(file) && accept(file));
  const file = context.rng.pick(candidates);
  context.plan.used.add(file);
  return file;
}

function originalText(context: Context, file: string): string {
  return (context.layout.original.get(file) as Buffer).toString('utf8');
}

/** An existing folder, or a new (possibly nested) folder inside one. */
function pickFolder(context: Context, exclude?: string): string {
  const existing = context.layout.folders.filter((folder) => folder !== exclude);
  const base = context.rng.pick(existing);
  return context.rng.chance(0.6) ? base : joinRel(base, context.rng.pick(NEW_FOLDERS));
}

function freshPath(context: Context, folder: string, preferred?: string): string {
  for (let attempt = 0; ; attempt++) {
    const name = attempt === 0 && preferred ? preferred : context.rng.pick(NEW_NAMES);
    const candidate = joinRel(folder, attempt < 4 ? name : `${attempt}-${name}`);
    if (!context.plan.taken.has(candidate.toLowerCase())) {
      context.plan.taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

async function writeFile(context: Context, file: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(absolute(context, file)), { recursive: true });
  await fs.writeFile(absolute(context, file), content);
}

async function moveFile(context: Context, from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(absolute(context, to)), { recursive: true });
  await fs.rename(absolute(context, from), absolute(context, to));
}

/** Rewrites one committed file as text; the edit must really change it. It may return a detail for messages. */
async function editText(context: Context, step: string, edit: (text: string) => string | [string, string]): Promise<void> {
  const file = pickFile(context);
  const text = originalText(context, file);
  const result = edit(text);
  const [edited, detail] = typeof result === 'string' ? [result, ''] : result;
  if (edited === text) throw new Error(`test bug: "${step}" did not change ${file}`);
  await writeFile(context, file, edited);
  context.plan.expected.set(file, 'changed');
  context.plan.steps.push(`${step} in ${file}${detail ? ` (${detail})` : ''}`);
}

/** The lines of a text without the empty element after its final newline. */
function contentLines(text: string): { lines: string[] } {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return { lines };
}
const joinLines = (lines: string[], text: string) => lines.join('\n') + (text.endsWith('\n') ? '\n' : '');

function caseFlipped(rng: Rng, name: string): string {
  const letters = [...name].map((char, index) => ({ char, index })).filter(({ char }) => /[a-z]/i.test(char));
  if (letters.length === 0) throw new Error(`test bug: ${name} has no letter to flip`);
  const flip = new Set(letters.filter(() => rng.chance(0.3)).map(({ index }) => index));
  if (flip.size === 0) flip.add(rng.pick(letters).index);
  return [...name].map((char, index) => (flip.has(index) ? (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) : char)).join('');
}

function expectCaseTwins(context: Context, from: string, to: string): void {
  context.plan.expected.set(from, 'missing');
  context.plan.expected.set(to, 'obsolete');
  context.plan.notes.set(from, new RegExp(`^is committed as ${escapeRegExp(to)}, which differs only in letter case`));
  context.plan.notes.set(to, new RegExp(`^differs only in letter case from the generated ${escapeRegExp(from)}$`));
}

const EDITS: Record<SingleKind, (context: Context) => Promise<void>> = {
  async 'change one character'(context) {
    const variant = context.rng.int(10);
    if (variant === 0) {
      // A byte that cannot be UTF-8, as a broken editor or a bad merge leaves it.
      const file = pickFile(context);
      const bytes = Buffer.from(context.layout.original.get(file) as Buffer);
      const at = context.rng.int(bytes.length);
      bytes[at] = 0xff;
      await writeFile(context, file, bytes);
      context.plan.expected.set(file, 'changed');
      context.plan.notes.set(file, /is not valid UTF-8/);
      context.plan.steps.push(`byte ${at} set to 0xff in ${file}`);
      return;
    }
    if (variant === 1) return editText(context, 'a byte order mark added', (text) => `\ufeff${text}`);
    return editText(context, 'one character replaced', (text) => {
      let at = context.rng.int(text.length);
      while (/[\ud800-\udfff]/.test(text.charAt(at))) at = context.rng.int(text.length);
      const replacement = context.rng.pick(REPLACEMENTS.filter((char) => char !== text.charAt(at)));
      return [text.slice(0, at) + replacement + text.slice(at + 1), `${shownChar(text.charAt(at))} -> ${shownChar(replacement)} at ${at}`];
    });
  },

  'insert a line'(context) {
    return editText(context, 'a line inserted', (text) => {
      const { lines } = contentLines(text);
      const line = context.rng.chance(0.25) ? context.rng.pick(lines) : context.rng.pick(NEW_LINES);
      const at = context.rng.int(lines.length + 1);
      lines.splice(at, 0, line);
      return [joinLines(lines, text), `line ${at + 1}: ${shownChar(line)}`];
    });
  },

  'delete a line'(context) {
    return editText(context, 'a line deleted', (text) => {
      const { lines } = contentLines(text);
      lines.splice(context.rng.int(lines.length), 1);
      return joinLines(lines, text);
    });
  },

  'swap two adjacent lines'(context) {
    return editText(context, 'two adjacent lines swapped', (text) => {
      const { lines } = contentLines(text);
      const candidates = lines.slice(0, -1).flatMap((line, index) => (line !== lines[index + 1] ? [index] : []));
      const at = context.rng.pick(candidates);
      [lines[at], lines[at + 1]] = [lines[at + 1] as string, lines[at] as string];
      return joinLines(lines, text);
    });
  },

  'change whitespace at a line end'(context) {
    const variant = context.rng.pick(['a space', 'a tab', 'three spaces', 'a CRLF ending', 'CRLF on every line'] as const);
    return editText(context, `${variant} at a line end`, (text) => {
      if (variant === 'CRLF on every line') return text.replace(/\n/g, '\r\n');
      const { lines } = contentLines(text);
      const at = context.rng.int(lines.length);
      const suffix = { 'a space': ' ', 'a tab': '\t', 'three spaces': '   ', 'a CRLF ending': '\r' }[variant];
      lines[at] += suffix;
      return joinLines(lines, text);
    });
  },

  'add or remove the final newline'(context) {
    const add = context.rng.chance(0.5);
    return editText(context, add ? 'a trailing newline added' : 'the final newline removed', (text) => {
      if (!text.endsWith('\n')) throw new Error('test bug: a generated file without a final newline');
      return add ? `${text}\n` : text.slice(0, -1);
    });
  },

  async 'delete a file'(context) {
    const file = pickFile(context);
    await fs.rm(absolute(context, file));
    context.plan.expected.set(file, 'missing');
    context.plan.steps.push(`${file} deleted`);
  },

  async 'add a new file'(context) {
    const file = freshPath(context, pickFolder(context));
    const variant = context.rng.pick(['text', 'empty', 'a copy of a generated file', 'bytes that are not UTF-8'] as const);
    const content =
      variant === 'text'
        ? 'export const handWritten = 1;\n'
        : variant === 'empty'
          ? ''
          : variant === 'a copy of a generated file'
            ? (context.layout.original.get(context.rng.pick([...context.layout.original.keys()])) as Buffer)
            : Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x0a]);
    await writeFile(context, file, content);
    context.plan.expected.set(file, 'obsolete');
    if (variant === 'bytes that are not UTF-8') context.plan.notes.set(file, /is not valid UTF-8/);
    context.plan.steps.push(`${file} added (${variant})`);
  },

  async 'rename a file in its folder'(context) {
    const from = pickFile(context);
    const to = freshPath(context, dirOf(from));
    await moveFile(context, from, to);
    context.plan.expected.set(from, 'missing');
    context.plan.expected.set(to, 'obsolete');
    context.plan.steps.push(`${from} renamed to ${to}`);
  },

  async 'rename a file into another folder'(context) {
    const from = pickFile(context);
    const folder = pickFolder(context, dirOf(from));
    const sameName = joinRel(folder, baseOf(from));
    const { original } = context.layout;
    context.plan.expected.set(from, 'missing');
    if (original.has(sameName) && !context.plan.used.has(sameName) && context.rng.chance(0.5)) {
      // Moved over the generated file of the same name in the other folder.
      context.plan.used.add(sameName);
      await moveFile(context, from, sameName);
      if (!(original.get(from) as Buffer).equals(original.get(sameName) as Buffer)) context.plan.expected.set(sameName, 'changed');
      context.plan.steps.push(`${from} moved over ${sameName}`);
      return;
    }
    const to = freshPath(context, folder, baseOf(from));
    await moveFile(context, from, to);
    context.plan.expected.set(to, 'obsolete');
    context.plan.steps.push(`${from} moved to ${to}`);
  },

  async 'rename a file by letter case only'(context) {
    const { rng, layout, plan } = context;
    const filesIn = (folder: string) => [...layout.original.keys()].filter((file) => dirOf(file) === folder);
    // A whole folder moves only when nothing else of this mutation is inside it.
    const wholeFolders = layout.folders.filter(
      (folder) => folder && filesIn(folder).every((file) => !plan.used.has(file)) && [...plan.expected.keys()].every((file) => !file.startsWith(`${folder}/`)),
    );
    const partFolders = layout.folders.filter((folder) => folder && filesIn(folder).some((file) => !plan.used.has(file)));
    const variants = ['its name', ...(partFolders.length ? ['its folder'] : []), ...(wholeFolders.length ? ['its whole folder'] : [])];
    const variant = rng.pick(variants);
    if (variant === 'its name') {
      const from = pickFile(context);
      const to = joinRel(dirOf(from), caseFlipped(rng, baseOf(from)));
      await moveFile(context, from, to);
      expectCaseTwins(context, from, to);
      plan.steps.push(`${from} renamed to ${to}`);
      return;
    }
    if (variant === 'its folder') {
      const folder = rng.pick(partFolders);
      const from = pickFile(context, (file) => dirOf(file) === folder);
      const to = joinRel(caseFlipped(rng, folder), baseOf(from));
      await moveFile(context, from, to);
      expectCaseTwins(context, from, to);
      plan.steps.push(`${from} moved to ${to}`);
      return;
    }
    const folder = rng.pick(wholeFolders);
    const renamed = caseFlipped(rng, folder);
    await fs.rename(absolute(context, folder), absolute(context, renamed));
    for (const from of filesIn(folder)) {
      plan.used.add(from);
      expectCaseTwins(context, from, joinRel(renamed, baseOf(from)));
    }
    plan.steps.push(`folder ${folder} renamed to ${renamed}`);
  },

  async 'duplicate a file under another name'(context) {
    const from = pickFile(context);
    const to = freshPath(context, context.rng.chance(0.5) ? dirOf(from) : pickFolder(context));
    await fs.mkdir(path.dirname(absolute(context, to)), { recursive: true });
    await fs.copyFile(absolute(context, from), absolute(context, to));
    context.plan.expected.set(to, 'obsolete');
    context.plan.steps.push(`${from} duplicated as ${to}`);
  },
};

async function applyMutation(kind: Kind, rng: Rng, layout: CommittedLayout): Promise<Plan> {
  const plan = newPlan(layout);
  const context: Context = { rng, layout, plan };
  const kinds = kind === 'combination of two or three' ? Array.from({ length: 2 + rng.int(2) }, () => rng.pick(SINGLE_KINDS)) : [kind];
  for (const single of kinds) await EDITS[single](context);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// What "restored" means: every entry of the client folder (files by content, folders, links) as before.

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Read synchronously: it runs after every one of the 780 mutations, and reading a folder of small
 * files through the asynchronous API costs several times the CPU for the same bytes.
 */
function folderState(dir: string): Map<string, string> {
  const state: Array<[string, string]> = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (entry.isDirectory()) state.push([`${relative}/`, 'folder']);
    else if (entry.isFile()) state.push([relative, sha256(readFileSync(file))]);
    else state.push([relative, 'not a regular file']);
  }
  return new Map(state.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function readLayout(outputDir: string): Promise<CommittedLayout> {
  const original = new Map<string, Buffer>();
  for (const entry of await fs.readdir(outputDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    original.set(path.relative(outputDir, file).split(path.sep).join('/'), await fs.readFile(file));
  }
  const folders = [...new Set([...original.keys()].map(dirOf))].sort();
  return { outputDir, original, folders };
}

/** Hand-written files beside the output folder, including names that share its prefix. */
async function addHandWrittenNeighbours(outputDir: string): Promise<string[]> {
  const parent = path.dirname(outputDir);
  const name = path.basename(outputDir);
  const files = [path.join(parent, 'hand-written.ts'), path.join(parent, `${name}.ts`), path.join(parent, `${name}-extensions`, 'keep.ts'), path.join(parent, `${name}-extensions`, 'empty-folder-kept')];
  await fs.writeFile(files[0] as string, 'export const handWritten = true;\n');
  await fs.writeFile(files[1] as string, `export * from './${name}/index';\n`);
  await fs.mkdir(path.dirname(files[2] as string), { recursive: true });
  await fs.writeFile(files[2] as string, '// mine\n');
  await fs.mkdir(files[3] as string);
  return files;
}

async function identities(files: string[]): Promise<string[]> {
  return Promise.all(files.map(async (file) => {
    const stat = await fs.stat(file);
    return `${file} ino=${stat.ino} mtime=${stat.mtimeMs}`;
  }));
}

interface Tally {
  tried: number;
  detected: number;
  restored: number;
}

// ---------------------------------------------------------------------------------------------

const projects = new Map<ClientName, { project: TempProject; check: ClientCheck }>();

beforeAll(async () => {
  await Promise.all(
    (Object.keys(MUTATIONS_PER_CLIENT) as ClientName[]).map(async (name) => {
      const project = await createTempProject([name]);
      projects.set(name, { project, check: await checkClient(project.clientDir(name), { displayRoot: project.root }) });
    }),
  );
});
afterAll(async () => {
  await Promise.all([...projects.values()].map(({ project }) => project.remove()));
});

describe.each(Object.keys(MUTATIONS_PER_CLIENT) as ClientName[])('%s', (name) => {
  test('the committed example tree is exactly what its snapshot generates', () => {
    const { check } = projects.get(name)!;
    expect(check.summary).toEqual({ changed: [], missing: [], obsolete: [] });
    expect(check.comparisons.length).toBeGreaterThan(10);
    expect(check.comparisons.every((entry) => entry.status === 'unchanged' && entry.note === undefined)).toBe(true);
  });

  test('every random edit of the committed files fails the gate exactly, and accepting the regeneration restores the original bytes', async () => {
    const { project, check } = projects.get(name)!;
    const { regeneration } = check;
    const clientDir = project.clientDir(name);
    const handWritten = await addHandWrittenNeighbours(regeneration.outputDir);
    const layout = await readLayout(regeneration.outputDir);
    expect([...layout.original.keys()].sort()).toEqual([...regeneration.files.keys()].sort());
    const clean = folderState(clientDir);
    const handWrittenIdentity = await identities(handWritten);
    const seed = SEED ^ (name === 'petstore' ? 1 : 2);
    const rng = createRng(seed);
    const tallies = new Map<Kind, Tally>(ALL_KINDS.map((kind) => [kind, { tried: 0, detected: 0, restored: 0 }]));

    for (let index = 0; index < MUTATIONS_PER_CLIENT[name]; index++) {
      const kind = ALL_KINDS[index % ALL_KINDS.length] as Kind;
      const tally = tallies.get(kind)!;
      const plan = await applyMutation(kind, rng, layout);
      tally.tried++;
      const label = `${name}, seed ${seed}, mutation #${index} (${kind}): ${plan.steps.join('; ')}`;
      expect(plan.expected.size, label).toBeGreaterThan(0);

      const { files, anomalies } = await readCommittedTree(regeneration.outputDir);
      const comparisons = compareTrees(regeneration.files, files, anomalies);
      const drifted = new Map(comparisons.filter((entry) => entry.status !== 'unchanged').map((entry) => [entry.path, entry.status]));
      expect(drifted, label).toEqual(plan.expected);
      const notes = new Map(comparisons.flatMap((entry) => (entry.note === undefined ? [] : [[entry.path, entry.note] as const])));
      expect([...notes.keys()].sort(), label).toEqual([...plan.notes.keys()].sort());
      for (const [file, note] of notes) expect(note, label).toMatch(plan.notes.get(file) as RegExp);
      tally.detected++;

      const result = await acceptRegeneration(regeneration, comparisons);
      const expectedOf = (...statuses: DriftStatus[]) => [...plan.expected].filter(([, status]) => statuses.includes(status)).map(([file]) => file).sort();
      expect(result.deleted.sort(), label).toEqual(expectedOf('obsolete'));
      expect(result.written.sort(), label).toEqual(expectedOf('changed', 'missing'));
      expect(folderState(clientDir), label).toEqual(clean);
      expect(await identities(handWritten), label).toEqual(handWrittenIdentity);
      tally.restored++;
    }

    // Every kind was tried as often as planned, and every mutation was detected and restored.
    const perKind = MUTATIONS_PER_CLIENT[name] / ALL_KINDS.length;
    expect(Object.fromEntries(tallies)).toEqual(Object.fromEntries(ALL_KINDS.map((kind) => [kind, { tried: perKind, detected: perKind, restored: perKind }])));
  });
});

describe('as a user runs it', () => {
  let project: TempProject | undefined;
  afterAll(() => project?.remove());

  test('vitest fails exactly the edited files, and vitest -u puts back the original bytes', async () => {
    project = await createTempProject(['petstore']);
    const clientDir = project.clientDir('petstore');
    const outputDir = path.join(clientDir, 'src', 'client');
    const handWritten = await addHandWrittenNeighbours(outputDir);
    const layout = await readLayout(outputDir);
    const clean = folderState(clientDir);
    const rng = createRng(SEED ^ 3);
    const kinds = [...ALL_KINDS];
    for (let round = 0; round < 3; round++) {
      const kind = kinds.splice(rng.int(kinds.length), 1)[0] as Kind;
      const plan = await applyMutation(kind, rng, layout);
      const label = `seed ${SEED ^ 3}, round ${round} (${kind}): ${plan.steps.join('; ')}`;
      const testName = (file: string) => `petstore > ${path.relative(clientDir, path.join(outputDir, file)).split(path.sep).join('/')}`;

      const report = await runVitest(project, []);
      expect(report.code, `${label}\n${report.output}`).toBe(1);
      expect(failing(report), `${label}\n${report.output}`).toEqual([...plan.expected.keys()].map(testName).sort());
      expect(report.tests.get('every client in clients/ has its contract test and every contract test its client')?.status, label).toBe('passed');

      const update = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
      expect(update.code, `${label}\n${update.output}`).toBe(0);
      expect(folderState(clientDir), label).toEqual(clean);
      expect(await fs.readFile(handWritten[0] as string, 'utf8')).toBe('export const handWritten = true;\n');
    }
  });
});

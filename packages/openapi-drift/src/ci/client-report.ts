// What CI says about each client on a pull request: clean or drifted (which files, why), the API
// changes since the base branch's snapshot, the type check as the contract tests ran it, and the
// call sites the drift would break. Plain data, so that shards of a matrix can write theirs and one
// final step can merge them.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { changelogBetween, formatChangelog, type ApiChangelog } from '../changelog/index.ts';
import { briefCause, filePatch } from '../compare/drift-report.ts';
import type { FileStatus } from '../compare/tree.ts';
import { hasDrift } from '../compare/tree.ts';
import { checkClient, updateCommand } from '../contract/check.ts';
import { TYPE_CHECK_TEST } from '../contract/test-names.ts';
import { DriftError } from '../core/errors.ts';
import { impactOfRegeneration } from '../impact/impact.ts';
import { impactSummary } from '../impact/format-impact.ts';
import { findClients, type ClientEntry } from '../project/clients.ts';
import { contractTestPath } from '../project/contract-tests.ts';

export interface DriftedFile {
  /** From the repository root, POSIX separators. */
  path: string;
  status: Exclude<FileStatus, 'unchanged'>;
  /** The first committed line the change touches (1 for a missing file). */
  line: number;
}

export interface ClientReport {
  name: string;
  status: 'clean' | 'drifted' | 'error';
  /** How many files the client has (generated or committed). */
  fileCount: number;
  files: DriftedFile[];
  /** Why the client drifts, in a sentence or two. */
  cause?: string;
  /** The command that accepts the regeneration. */
  fix: string;
  /** The error, for a client that could not be checked. */
  error?: string;
  /** The API changes from the base branch's snapshot to this one; absent when the snapshot is the same or the base has none. */
  changelog?: { markdown: string; breaking: number; changes: number };
  typeCheck: 'passed' | 'failed' | 'not run';
  /** The type check's failure, first lines. */
  typeCheckMessage?: string;
  /** What accepting the drift would break in this repository's code. */
  impact?: string;
}

export interface CollectOptions {
  /** The repository root. */
  root: string;
  /** Vitest's JSON report of the contract tests; its test files say which clients ran (a shard runs some). */
  vitestReport?: string;
  /** Only these clients. Default: those the report ran, else all. */
  clients?: string[];
  /** The git ref of the base branch, e.g. `origin/main`. Without it, no changelog. */
  baseRef?: string;
}

interface VitestJson {
  testResults: Array<{ name: string; assertionResults: Array<{ ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }> }>;
}

export async function collectClientReports(options: CollectOptions): Promise<ClientReport[]> {
  const root = path.resolve(options.root);
  const vitest = options.vitestReport ? await readVitestReport(options.vitestReport) : undefined;
  const all = await findClients({ root });
  const known = new Set(all.map((client) => client.name));
  const unknown = (options.clients ?? []).filter((name) => !known.has(name));
  if (unknown.length) throw new DriftError(`no client named ${unknown.join(', ')} in this repository`, { fix: `known clients: ${[...known].join(', ')}` });
  const ran = vitest ? new Set(vitest.testResults.map((file) => path.resolve(file.name))) : undefined;
  const selected = all.filter((client) =>
    options.clients?.length ? options.clients.includes(client.name) : ran ? ran.has(path.join(root, contractTestPath(client.name))) : true,
  );
  const reports: ClientReport[] = [];
  for (const client of selected) reports.push(await reportClient(client, root, vitest, options.baseRef));
  return reports;
}

async function reportClient(client: ClientEntry, root: string, vitest: VitestJson | undefined, baseRef: string | undefined): Promise<ClientReport> {
  const fix = updateCommand(contractTestPath(client.name));
  const typeCheck = typeCheckOf(vitest, root, client.name);
  try {
    const check = await checkClient(client.dir, { displayRoot: root });
    const shown = (file: string) => path.relative(root, file).split(path.sep).join('/');
    const files: DriftedFile[] = check.comparisons
      .filter((entry) => entry.status !== 'unchanged')
      .map((entry) => {
        const shownPath = shown(path.join(check.regeneration.outputDir, entry.path));
        return { path: shownPath, status: entry.status as DriftedFile['status'], line: firstChangedLine(filePatch(entry, shownPath)) };
      });
    const changelog = baseRef ? await changelogSinceBase(root, check.regeneration.snapshotFile, baseRef) : undefined;
    let impact: string | undefined;
    if (hasDrift(check.summary)) {
      const log: ApiChangelog = changelog?.log ?? { changes: [], summary: { breaking: 0, warning: 0, info: 0, operationsAdded: 0, operationsRemoved: 0 } };
      impact = await impactOfRegeneration(check.regeneration, log, { root, displayRoot: root })
        .then((report) => impactSummary(report, root).trim())
        .catch((error: unknown) => `impact: not computed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
    return {
      name: client.name,
      status: files.length ? 'drifted' : 'clean',
      fileCount: check.comparisons.length,
      files,
      ...(files.length && check.diagnosis ? { cause: briefCause(check.diagnosis.explanation) } : {}),
      fix,
      ...(changelog ? { changelog: changelog.summary } : {}),
      ...typeCheck,
      ...(impact ? { impact } : {}),
    };
  } catch (error) {
    if (!(error instanceof DriftError)) throw error;
    return { name: client.name, status: 'error', fileCount: 0, files: [], fix, error: error.describe(), ...typeCheck };
  }
}

/** The committed line where a patch's first change is (for an addition, the line it follows). */
export function firstChangedLine(patch: string): number {
  let line = 0;
  for (const text of patch.split('\n')) {
    const hunk = /^@@ -(\d+)/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (line === 0) continue;
    if (text.startsWith('-')) return line;
    if (text.startsWith('+')) return Math.max(1, line - 1);
    if (text.startsWith(' ')) line++;
  }
  return 1;
}

async function readVitestReport(file: string): Promise<VitestJson> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new DriftError(`${file}: cannot read Vitest's JSON report (${(error as Error).message})`, { file, fix: 'run the contract tests with --reporter=json --outputFile.json=<file> first' });
  }
  try {
    const report = JSON.parse(text) as VitestJson;
    if (!Array.isArray(report.testResults)) throw new Error('it has no testResults');
    return report;
  } catch (error) {
    throw new DriftError(`${file} is not a JSON report of Vitest: ${(error as Error).message}`, { file });
  }
}

function typeCheckOf(vitest: VitestJson | undefined, root: string, name: string): Pick<ClientReport, 'typeCheck' | 'typeCheckMessage'> {
  const file = vitest?.testResults.find((result) => path.resolve(result.name) === path.join(root, contractTestPath(name)));
  const test = file?.assertionResults.find((result) => result.title === TYPE_CHECK_TEST);
  if (!test || (test.status !== 'passed' && test.status !== 'failed')) return { typeCheck: 'not run' };
  if (test.status === 'passed') return { typeCheck: 'passed' };
  return { typeCheck: 'failed', typeCheckMessage: test.failureMessages.join('\n').split('\n').slice(0, 12).join('\n') };
}

/** The base branch's version of the snapshot, through git; undefined when it has none. */
function readAtRef(root: string, ref: string, file: string): Promise<string | undefined> {
  const relative = path.relative(root, file).split(path.sep).join('/');
  return new Promise((resolve) => {
    execFile('git', ['show', `${ref}:./${relative}`], { cwd: root, maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

async function changelogSinceBase(root: string, snapshotFile: string, baseRef: string): Promise<{ log: ApiChangelog; summary: NonNullable<ClientReport['changelog']> } | undefined> {
  const before = await readAtRef(root, baseRef, snapshotFile);
  const after = await fs.readFile(snapshotFile, 'utf8');
  if (before === undefined || before === after) return undefined;
  try {
    const log = changelogBetween(before, after);
    return { log, summary: { markdown: formatChangelog(log, 'markdown', { maxChanges: 30 }).trim(), breaking: log.summary.breaking, changes: log.changes.length } };
  } catch (error) {
    return { log: { changes: [], summary: { breaking: 0, warning: 0, info: 0, operationsAdded: 0, operationsRemoved: 0 } }, summary: { markdown: `The changelog could not be computed: ${(error as Error).message}`, breaking: 0, changes: 0 } };
  }
}

// `init`: adopt the hey-api clients a repository already has, where they are. It finds every
// openapi-ts config (skipping node_modules and what .gitignore ignores), checks that each can be
// regenerated in memory, records the folders outside clients/ in openapi-drift.config.json and
// writes the contract tests. No file of a client is moved, rewritten or deleted; a client whose
// committed tree already equals its regeneration gets its generated-from.json record.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { hasDrift, type DriftSummary } from '../compare/tree.ts';
import { readFingerprint } from '../compare/fingerprint.ts';
import { checkClient } from '../contract/check.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { DriftError } from '../core/errors.ts';
import { assertProjectRoot, CLIENTS_FOLDER, findClients, PROJECT_CONFIG, readProjectConfig, type ClientEntry } from '../project/clients.ts';
import { writeContractTests, type ContractsResult } from '../project/contract-tests.ts';
import { recordRegeneration } from '../update/update.ts';

const CONFIG_GLOB = '**/openapi-ts.config.{ts,mts,cts,js,mjs,cjs,json}';

export interface AdoptedClient {
  client: ClientEntry;
  status: 'clean' | 'drift' | 'error';
  files?: number;
  summary?: DriftSummary;
  /** Output folder and snapshot, relative to the root. */
  outputDir?: string;
  snapshotFile?: string;
  error?: DriftError;
}

export interface InitResult {
  adopted: AdoptedClient[];
  /** Client folders newly recorded in openapi-drift.config.json. */
  recorded: string[];
  contractTests: ContractsResult;
}

/** The folders that hold an openapi-ts config, relative to the root, sorted. */
export async function findConfigFolders(root: string): Promise<string[]> {
  const configs = await glob(CONFIG_GLOB, { cwd: root, ignore: ['**/node_modules/**', '**/.git/**'], dot: false, followSymbolicLinks: false });
  const ignored = await gitIgnored(root, configs);
  const folders = configs.filter((file) => !ignored.has(file)).map((file) => path.posix.dirname(file));
  return [...new Set(folders)].filter((folder) => folder !== '.').sort();
}

/** The paths .gitignore ignores, as git itself decides (none outside a git repository). */
function gitIgnored(root: string, files: string[]): Promise<Set<string>> {
  if (files.length === 0) return Promise.resolve(new Set());
  return new Promise((resolve) => {
    const child = execFile('git', ['check-ignore', '--stdin'], { cwd: root }, (error, stdout) => {
      // Exit 1 means nothing is ignored; 128 means not a repository (or no git): nothing to skip.
      resolve(error && (error as { code?: unknown }).code !== 1 ? new Set() : new Set(stdout.split('\n').filter(Boolean)));
    });
    // Outside a repository git exits before reading: the write then fails, and the exit code says why.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(`${files.join('\n')}\n`);
  });
}

export async function initProject(options: { root: string; displayRoot: string }): Promise<InitResult> {
  const { root } = options;
  await assertProjectRoot({ root }, { allowEmpty: true });
  const known = await findClients({ root });
  const folders = await findConfigFolders(root);
  const config = await readProjectConfig({ root });
  const listed = new Set(config.clients ?? []);
  const recorded = folders.filter((folder) => {
    const inClients = folder.split('/')[0] === CLIENTS_FOLDER && folder.split('/').length === 2;
    return !inClients && !listed.has(folder) && !known.some((client) => path.resolve(root, folder) === client.dir);
  });
  if (recorded.length) {
    const next = { ...config, clients: [...(config.clients ?? []), ...recorded] };
    await writeFileAtomic(path.join(root, PROJECT_CONFIG), `${JSON.stringify(next, null, 2)}\n`, { label: 'project-config' });
  }
  if (!recorded.length && !known.length) {
    throw new DriftError(`no hey-api config (openapi-ts.config.*) found under ${options.displayRoot === root ? 'this repository' : root}`, {
      fix: 'add a client with `npx openapi-drift add <name> --from <url|file>`',
    });
  }
  // findClients refuses two clients of one name, naming both folders, before anything else is written.
  const clients = await findClients({ root });
  const contractTests = await writeContractTests({ root });
  const adopted: AdoptedClient[] = [];
  for (const client of clients) adopted.push(await adopt(client, root, options.displayRoot));
  return { adopted, recorded, contractTests };
}

async function adopt(client: ClientEntry, root: string, displayRoot: string): Promise<AdoptedClient> {
  try {
    const check = await checkClient(client.dir, { displayRoot });
    const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
    const base = { client, files: check.regeneration.files.size, summary: check.summary, outputDir: relative(check.regeneration.outputDir), snapshotFile: relative(check.regeneration.snapshotFile) };
    if (hasDrift(check.summary)) return { ...base, status: 'drift' };
    // The committed tree is exactly what its inputs generate: record them, so that a later drift can be explained.
    if (!(await readFingerprint(client.dir))) await recordRegeneration(check.regeneration);
    return { ...base, status: 'clean' };
  } catch (error) {
    if (error instanceof DriftError) return { client, status: 'error', error };
    throw error;
  }
}

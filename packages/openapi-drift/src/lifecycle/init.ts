// `init`: adopt the hey-api clients a repository already has, where they are. It finds every
// openapi-ts config (skipping node_modules and what .gitignore ignores), checks that each can be
// regenerated in memory, records the folders outside clients/ in openapi-drift.config.json and
// writes the contract tests. No file of a client is moved, rewritten or deleted; a client whose
// committed tree already equals its regeneration gets its generated-from.json record.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { hasDrift, type DriftSummary } from '../compare/tree.ts';
import { readFingerprint } from '../compare/fingerprint.ts';
import { checkClient, type ClientCheck } from '../contract/check.ts';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { commandFor } from '../core/package-manager.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import { folderClientName, type ClientConfigEntry } from '../project/client-name.ts';
import { isUrl, SOURCE_FILE, writeSourceConfig } from '../project/client-record.ts';
import { assertProjectRoot, CLIENTS_FOLDER, distinguishingName, findClients, PROJECT_CONFIG, readProjectConfig, type ClientEntry, type ProjectConfig } from '../project/clients.ts';
import { assertNotLinked, writeContractTests, type ContractsResult } from '../project/contract-tests.ts';
import { typeCheckBeforeFirstTest, type FirstTypeCheck } from '../typecheck/first-check.ts';
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
  /** A JSON snapshot not in canonical form: its contract test fails until it is canonicalized. */
  notCanonical?: boolean;
  /** Where `live`, `sync` and `refresh` fetch the snapshot from: recorded before, recorded now (--source), or nowhere yet. */
  source?: 'recorded' | 'written' | 'none';
  error?: DriftError;
  /** Whether the client compiles, said before the first test run does. */
  typeCheck?: FirstTypeCheck;
}

export interface InitResult {
  adopted: AdoptedClient[];
  /** Client folders newly recorded in openapi-drift.config.json. */
  recorded: string[];
  contractTests: ContractsResult;
  /** False when a client cannot be regenerated: then nothing at all was written. */
  written: boolean;
}

export interface InitOptions {
  root: string;
  displayRoot: string;
  /** Where the one client without a source record fetches its snapshot from: a URL, or a file relative to displayRoot. */
  source?: string;
}

/** The folders that hold an openapi-ts config, relative to the root (the root itself is `.`), sorted. */
export async function findConfigFolders(root: string): Promise<string[]> {
  // Stryker disable next-line StringLiteral: equivalent, dot: false already skips .git
  const configs = await glob(CONFIG_GLOB, { cwd: root, ignore: ['**/node_modules/**', '**/.git/**'], dot: false, followSymbolicLinks: false });
  const ignored = await gitIgnored(root, configs);
  const folders = configs.filter((file) => !ignored.has(file)).map((file) => path.posix.dirname(file));
  return [...new Set(folders)].sort();
}

/** The paths .gitignore ignores, as git itself decides (none outside a git repository). */
function gitIgnored(root: string, files: string[]): Promise<Set<string>> {
  // Stryker disable next-line ConditionalExpression: equivalent, git given no path exits 1 and ignores none
  if (files.length === 0) return Promise.resolve(new Set());
  return new Promise((resolve) => {
    const child = execFile('git', ['check-ignore', '--stdin'], { cwd: root }, (error, stdout) => {
      // Exit 1 means nothing is ignored; 128 means not a repository (or no git): nothing to skip.
      // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: equivalent, git prints no path when it exits 1 or 128, and no config path is empty
      resolve(error && (error as { code?: unknown }).code !== 1 ? new Set() : new Set(stdout.split('\n').filter(Boolean)));
    });
    // git may exit (not a repository) before reading: a closed pipe is then no error.
    // Stryker disable next-line OptionalChaining: equivalent, execFile always gives the child a stdin pipe
    child.stdin?.on('error', () => undefined);
    // Stryker disable next-line OptionalChaining: equivalent, execFile always gives the child a stdin pipe
    child.stdin?.end(`${files.join('\n')}\n`);
  });
}

/**
 * Adopts the repository's clients. Everything is decided and checked first (names, the config to
 * write, --source, each client's regeneration); only then is anything written, so a refusal or a
 * client that cannot be regenerated leaves the repository as it was.
 */
export async function initProject(options: InitOptions): Promise<InitResult> {
  const { root } = options;
  await assertProjectRoot({ root }, { allowEmpty: true });
  const config = await readProjectConfig({ root });
  const known = await findClients({ root }, config);
  const folders = await findConfigFolders(root);
  // A folder the project config lists is among the known clients (findClients resolves each entry and glob).
  const recorded = folders.filter((folder) => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent where inClients turns false, since every folder clients/<name> is a known client as well
    const inClients = folder.split('/')[0] === CLIENTS_FOLDER && folder.split('/').length === 2;
    return !inClients && !known.some((client) => path.resolve(root, folder) === client.dir);
  });
  if (!recorded.length && !known.length) {
    throw new DriftError(`no hey-api config (openapi-ts.config.*) found under ${options.displayRoot === root ? 'this repository' : root}`, {
      fix: `add a client with \`${commandFor(root, { tool: 'openapi-drift', args: ['add', '<name>', '--from', '<url|file>'] })}\``,
    });
  }
  const next: ProjectConfig = { ...config, clients: [...(config.clients ?? []), ...entriesFor(root, recorded, known)] };
  // findClients refuses two clients of one name, naming both folders, before anything is written.
  const clients = await findClients({ root }, next);
  for (const client of clients) assertNotLinked(client);
  const sourceFor = await sourceToRecord(clients, options);

  const checks = new Map<ClientEntry, ClientCheck>();
  const adopted: AdoptedClient[] = [];
  for (const client of clients) {
    try {
      const check = await checkClient(client.dir, { displayRoot: options.displayRoot });
      checks.set(client, check);
      const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
      // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false
      const hasSource = await fs.access(path.join(client.dir, SOURCE_FILE)).then(() => true, () => false);
      adopted.push({
        client,
        status: hasDrift(check.summary) ? 'drift' : 'clean',
        files: check.regeneration.files.size,
        summary: check.summary,
        outputDir: relative(check.regeneration.outputDir),
        snapshotFile: relative(check.regeneration.snapshotFile),
        notCanonical: check.regeneration.snapshotForm.format === 'json' && !check.regeneration.snapshotForm.canonical,
        source: hasSource ? 'recorded' : sourceFor?.client === client ? 'written' : 'none',
      });
    } catch (error) {
      if (error instanceof DriftError) adopted.push({ client, status: 'error', error });
      else throw error;
    }
  }
  // A client that does not compile is said now, not found by the first `npm test`. Whether it
  // compiles does not decide whether init writes, so the check runs after the writes: what the
  // compiler reads (the contract tests, the folders it lists) is then what the first test run sees,
  // and that run is served the result instead of compiling every client again.
  const typeCheckAll = async () => {
    for (const entry of adopted) {
      const check = checks.get(entry.client);
      if (check) entry.typeCheck = await typeCheckBeforeFirstTest(check.regeneration, { displayRoot: options.displayRoot });
    }
  };
  const none: ContractsResult = { written: [], removed: [], unchanged: [] };
  if (adopted.some((entry) => entry.status === 'error')) {
    await typeCheckAll();
    return { adopted, recorded, contractTests: none, written: false };
  }

  if (recorded.length) await writeFileAtomic(path.join(root, PROJECT_CONFIG), `${JSON.stringify(next, null, 2)}\n`, { label: 'project-config' });
  const contractTests = await writeContractTests({ root });
  if (sourceFor) await writeSourceConfig(sourceFor.client.dir, { source: sourceFor.source });
  for (const entry of adopted) {
    const check = checks.get(entry.client);
    // The committed tree is exactly what its inputs generate: record them, so that a later drift can be explained.
    if (check && entry.status === 'clean' && !(await readFingerprint(entry.client.dir))) await recordRegeneration(check.regeneration);
  }
  await typeCheckAll();
  return { adopted, recorded, contractTests, written: true };
}

/**
 * How init records new folders: the path alone when the folder's own name (its package.json name,
 * else its folder name) is free, else with a name made of the path segments that tell it apart, so
 * that clients of one folder name (`services/a/api`, `services/b/api`) each get a stable name.
 */
function entriesFor(root: string, folders: string[], known: ClientEntry[]): ClientConfigEntry[] {
  const own = new Map(folders.map((folder) => [folder, folderClientName(path.resolve(root, folder), root)]));
  const taken = new Set(known.map((client) => client.name));
  const entries: ClientConfigEntry[] = [];
  for (const folder of folders) {
    const name = own.get(folder) as string;
    const twins = folders.filter((other) => other !== folder && own.get(other) === name);
    if (!taken.has(name) && twins.length === 0) {
      entries.push(folder);
      taken.add(name);
      continue;
    }
    const others = [...twins, ...known.filter((client) => client.name === name).map((client) => client.shown)];
    const distinct = distinguishingName(folder, others);
    entries.push({ path: folder, name: taken.has(distinct) ? `${distinct}-${sha256(folder).slice(0, 6)}` : distinct });
    taken.add(distinct);
  }
  return entries;
}

/** The client `--source` is for (the one without a source record), checked before anything is written. */
async function sourceToRecord(clients: ClientEntry[], options: InitOptions): Promise<{ client: ClientEntry; source: string } | undefined> {
  if (options.source === undefined) return undefined;
  const without: ClientEntry[] = [];
  for (const client of clients) {
    // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false
    if (!(await fs.access(path.join(client.dir, SOURCE_FILE)).then(() => true, () => false))) without.push(client);
  }
  const client = without[0];
  if (without.length !== 1 || !client) {
    throw new ConfigError(
      without.length === 0
        ? `--source: every client already records its source in ${SOURCE_FILE}; nothing was written`
        : `--source names the source of one client, and ${without.length} have none (${without.map((entry) => entry.shown).join(', ')}); nothing was written`,
      { fix: without.length ? `write each one's ${SOURCE_FILE}: ${without.map((entry) => path.posix.join(entry.shown, SOURCE_FILE)).join(', ')}, as {"source": "<url or file>"}` : 'leave out --source' },
    );
  }
  if (isUrl(options.source)) return { client, source: options.source };
  const file = path.resolve(options.displayRoot, options.source);
  if (!(await fs.stat(file).catch(() => undefined))?.isFile()) {
    throw new ConfigError(`--source: ${options.source} is neither an http(s) URL nor a file; nothing was written`, { file: options.source });
  }
  // A file is recorded relative to the client folder, as `add` does, so that the repository can move.
  return { client, source: path.relative(client.dir, file).split(path.sep).join('/') };
}

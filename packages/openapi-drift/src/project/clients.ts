// Where a repository's clients are: every folder of `clients/`, and the folders that
// `openapi-drift.config.json` names (written by `init` for clients adopted where they already are):
//
//   { "clients": ["packages/api", "services/*/client"] }
//
// Entries are folder paths relative to the repository root, globs of folders, or a folder with its
// name ({ "path": "services/a/api", "name": "a-api" }). A client's name is decided in
// client-name.ts; two clients of one name are refused, since each has one contract test.
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../core/errors.ts';
import { CLIENT_NAME, configuredName, folderClientName, PROJECT_CONFIG, type ClientConfigEntry } from './client-name.ts';

export { PROJECT_CONFIG } from './client-name.ts';
export const CLIENTS_FOLDER = 'clients';

export interface ProjectLayout {
  /** The repository root: it holds `clients/`, `contract-tests/` and `openapi-drift.config.json`. */
  root: string;
}

export interface ProjectConfig {
  /** Client folders outside `clients/`, relative to the root; globs of folders are allowed; `{ path, name }` names one. */
  clients?: ClientConfigEntry[];
}

export interface ClientEntry {
  name: string;
  /** Absolute path of the client folder. */
  dir: string;
  /** The folder as the repository names it, POSIX separators (e.g. `clients/petstore`). */
  shown: string;
  /** Set when the folder is a symbolic link: never followed, reported instead. */
  linkTarget?: string;
}

export function clientsDir(layout: ProjectLayout): string {
  return path.join(layout.root, CLIENTS_FOLDER);
}

export function contractTestsDir(layout: ProjectLayout): string {
  return path.join(layout.root, 'contract-tests');
}

const toPosix = (file: string) => file.split(path.sep).join('/');

/**
 * Refuses a repository folder (`clients/`, `contract-tests/`) that is a symbolic link: reading
 * through it checks another folder, and writing through it changes files outside the repository.
 */
export async function refuseLinkedFolder(layout: ProjectLayout, dir: string): Promise<void> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  if (!stat?.isSymbolicLink()) return;
  const shown = toPosix(path.relative(layout.root, dir));
  throw new ConfigError(`${shown} is a symbolic link (to ${await fs.readlink(dir)}); openapi-drift never reads or writes through a link, so nothing was read or written`, {
    file: shown,
    fix: `replace the link ${shown} with a real folder`,
  });
}

/** The project config, or an empty one when there is none. */
export async function readProjectConfig(layout: ProjectLayout): Promise<ProjectConfig> {
  const file = path.join(layout.root, PROJECT_CONFIG);
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer (no encoding) as UTF-8 text too
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`${PROJECT_CONFIG}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: PROJECT_CONFIG });
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${PROJECT_CONFIG}: invalid JSON: ${(error as Error).message}`, { file: PROJECT_CONFIG });
  }
  const clients = (config as { clients?: unknown } | null)?.clients;
  if (typeof config !== 'object' || config === null || Array.isArray(config) || (clients !== undefined && !(Array.isArray(clients) && clients.every(isConfigEntry)))) {
    throw new ConfigError(`${PROJECT_CONFIG}: must be an object whose "clients" is a list of folder paths or globs, or of { "path", "name" } with a name of letters, digits, '.', '_' and '-'`, {
      file: PROJECT_CONFIG,
      fix: '{ "clients": ["packages/api", { "path": "services/billing/api", "name": "billing-api" }] }',
    });
  }
  return config as ProjectConfig;
}

/**
 * Checks that `root` can be a repository root of clients: an existing folder holding `clients/` or
 * `openapi-drift.config.json`. A wrong `--root` in CI must fail, never pass with nothing checked.
 */
export async function assertProjectRoot(layout: ProjectLayout, options: { allowEmpty?: boolean } = {}): Promise<void> {
  const stat = await fs.stat(layout.root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    throw new ConfigError(`${layout.root} is not a folder`, { file: layout.root, fix: 'run the command in the repository, or point --root at it' });
  }
  if (options.allowEmpty) return;
  const hasClients = (await fs.stat(clientsDir(layout)).catch(() => undefined))?.isDirectory() ?? false;
  // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false here
  const hasConfig = await fs.access(path.join(layout.root, PROJECT_CONFIG)).then(() => true, () => false);
  if (!hasClients && !hasConfig) {
    throw new ConfigError(`${layout.root} has no ${CLIENTS_FOLDER}/ folder and no ${PROJECT_CONFIG}: it is not a repository with clients`, {
      file: layout.root,
      fix: 'run the command at the repository root (or point --root at it); in a new repository, `npx openapi-drift init` or `add` sets it up',
    });
  }
}

function isConfigEntry(entry: unknown): entry is ClientConfigEntry {
  if (typeof entry === 'string') return entry !== '';
  // A number or null has no "path"; a list's items are settings of other names.
  const { path: folder, name, ...others } = (entry ?? {}) as Record<string, unknown>;
  return Object.keys(others).length === 0 && typeof folder === 'string' && folder !== '' && !/[*?[\]{}]/.test(folder) && typeof name === 'string' && CLIENT_NAME.test(name);
}

const entryPath = (entry: ClientConfigEntry) => (typeof entry === 'string' ? entry : entry.path);

/**
 * Every client of the repository, sorted by name. `config` stands in for openapi-drift.config.json,
 * so that `init` can check the clients a config would give before it writes that config.
 */
export async function findClients(layout: ProjectLayout, config?: ProjectConfig): Promise<ClientEntry[]> {
  const entries: ClientEntry[] = [];
  await refuseLinkedFolder(layout, clientsDir(layout));
  let listed: Dirent[] = [];
  try {
    listed = await fs.readdir(clientsDir(layout), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const entry of listed) {
    if (entry.name.startsWith('.')) continue;
    const dir = path.join(clientsDir(layout), entry.name);
    const shown = `${CLIENTS_FOLDER}/${entry.name}`;
    if (entry.isSymbolicLink()) entries.push({ name: entry.name, dir, shown, linkTarget: await fs.readlink(dir) });
    else if (entry.isDirectory()) entries.push({ name: folderClientName(dir, layout.root), dir, shown });
  }
  const configured = (config ?? (await readProjectConfig(layout))).clients ?? [];
  for (const entry of entries) entry.name = configuredName(configured, entry.dir, layout.root) ?? entry.name;
  for (const pattern of configured.map(entryPath)) {
    const folders = await configuredFolders(layout, pattern);
    for (const dir of folders) {
      const stat = await fs.lstat(dir);
      // The repository root is shown as `.`, never as an empty name.
      const shown = toPosix(path.relative(layout.root, dir)) || '.';
      if (entries.some((entry) => entry.dir === dir)) continue;
      const name = configuredName(configured, dir, layout.root) ?? folderClientName(dir, layout.root);
      entries.push({ name, dir, shown, ...(stat.isSymbolicLink() ? { linkTarget: await fs.readlink(dir) } : {}) });
    }
  }
  const byName = new Map<string, ClientEntry>();
  for (const entry of entries) {
    const twin = byName.get(entry.name);
    if (twin) {
      throw new ConfigError(`two clients are named ${entry.name}: ${twin.shown} and ${entry.shown}; each client's contract test is named after its client`, {
        file: PROJECT_CONFIG,
        fix: `name one in ${PROJECT_CONFIG}, e.g. { "clients": [{ "path": "${entry.shown}", "name": "${distinguishingName(entry.shown, [twin.shown])}" }] }`,
      });
    }
    byName.set(entry.name, entry);
  }
  // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent, the names are unique (twins were refused above) and sort() only asks whether the result is below 0
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A name for `folder` that the other folders' paths do not share: its last path segments, as few as
 * tell it apart, joined with `-` (`services/a/api` beside `services/b/api` is `a-api`).
 */
export function distinguishingName(folder: string, others: string[]): string {
  const segments = (shown: string) => (shown === '.' ? [] : shown.split('/'));
  const own = segments(folder);
  const tail = (parts: string[], count: number) => parts.slice(Math.max(0, parts.length - count)).join('-');
  // Stryker disable next-line EqualityOperator: equivalent, the fallback below is the whole path too, made a valid name
  for (let count = 2; count <= own.length; count += 1) {
    const name = tail(own, count);
    if (CLIENT_NAME.test(name) && !others.some((other) => tail(segments(other), count) === name)) return name;
  }
  return own.length ? own.join('-').replace(/[^A-Za-z0-9._-]+/g, '-') : 'root';
}

async function configuredFolders(layout: ProjectLayout, pattern: string): Promise<string[]> {
  const isGlob = /[*?[\]{}]/.test(pattern);
  if (!isGlob) {
    const dir = path.resolve(layout.root, pattern);
    const relative = path.relative(layout.root, dir);
    // `..data/api` is a folder of the repository; `..` and `../x` are not.
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new ConfigError(`${PROJECT_CONFIG}: client folder ${pattern} lies outside the repository`, { file: PROJECT_CONFIG });
    }
    const stat = await fs.lstat(dir).catch(() => undefined);
    if (!stat) {
      throw new ConfigError(`${PROJECT_CONFIG}: client folder ${pattern} does not exist`, {
        file: PROJECT_CONFIG,
        fix: `restore the folder, or remove "${pattern}" from ${PROJECT_CONFIG}`,
      });
    }
    return [dir];
  }
  const matches = await glob(pattern, {
    cwd: layout.root,
    onlyDirectories: true,
    ignore: ['**/node_modules/**'],
    // Stryker disable next-line BooleanLiteral: equivalent, only patterns with glob characters come here, and tinyglobby expands only the others
    expandDirectories: false,
  });
  return matches.map((match) => path.resolve(layout.root, match)).sort();
}

/** Client names, sorted. */
export async function listClients(layout: ProjectLayout): Promise<string[]> {
  return (await findClients(layout)).map((entry) => entry.name);
}

// A client's name: what its contract test, its messages and the commands that take a client call
// it. It must be the same in every clone of the repository, so it never comes from the folder the
// repository is cloned into. In order:
//
//   1. the name openapi-drift.config.json gives the folder: { "clients": [{ "path": "services/a/api", "name": "a-api" }] }
//   2. the folder's own name (`clients/petstore` -> `petstore`), the same in every clone;
//   3. for the repository root itself, whose folder name is wherever the repository was cloned: the
//      `name` of its package.json without its scope (`@acme/billing-api` -> `billing-api`), else `client`.
// A folder's package.json does not rename a client below the root: an existing client keeps its
// name, and with it its contract test, whatever its package is called.
//
// Read synchronously and without the rest of the project code, so that the contract suite, `check`,
// `live`, `sync` and `init` all name a client by this one function.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_CONFIG = 'openapi-drift.config.json';
/** The name of a client at the repository root whose package.json has no name. */
export const ROOT_CLIENT_NAME = 'client';
/** The names a project config may give: what a file name and a command line take without quoting. */
export const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A folder path, or a folder with the name the team chose for it. */
export type ClientConfigEntry = string | { path: string; name: string };

/** A package name as a client name: the scope dropped, anything but letters, digits, `.`, `_`, `-` made `-`. */
export function sanitizeName(packageName: string): string {
  return packageName
    .replace(/^@[^/]*\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[._-]+|[-]+$/g, '');
}

/** The name a folder gives itself (rules 2 and 3): its folder name, or for the repository root its package.json name. */
export function folderClientName(dir: string, root: string | undefined): string {
  if (root === undefined || path.resolve(dir) !== path.resolve(root)) return path.basename(dir);
  const manifest = readJson(path.join(dir, 'package.json')) as { name?: unknown } | undefined;
  const fromPackage = typeof manifest?.name === 'string' ? sanitizeName(manifest.name) : '';
  return fromPackage || ROOT_CLIENT_NAME;
}

/** The name the project config gives `dir`, if an entry of `entries` names it. */
export function configuredName(entries: readonly ClientConfigEntry[], dir: string, root: string): string | undefined {
  for (const entry of entries) {
    if (typeof entry === 'object' && path.resolve(root, entry.path) === path.resolve(dir)) return entry.name;
  }
  return undefined;
}

/**
 * The name of the client in `dir`. The repository root is the nearest folder at or above `dir` that
 * holds openapi-drift.config.json; a client at the root of a repository is recorded there by `init`,
 * so its name never depends on the checkout's folder name.
 */
export function clientNameOf(dir: string): string {
  const resolved = path.resolve(dir);
  const root = repositoryRootOf(resolved);
  if (root !== undefined) {
    const entries = (readJson(path.join(root, PROJECT_CONFIG)) as { clients?: unknown } | undefined)?.clients;
    const named = Array.isArray(entries) ? configuredName(entries.filter(isNamedEntry), resolved, root) : undefined;
    if (named !== undefined) return named;
  }
  return folderClientName(resolved, root);
}

function repositoryRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, PROJECT_CONFIG))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** An entry that names its folder, { "path", "name" }: a plain folder path gives no name. */
function isNamedEntry(value: unknown): value is { path: string; name: string } {
  const entry = value as { path?: unknown; name?: unknown } | null;
  return typeof entry?.path === 'string' && typeof entry.name === 'string';
}

function readJson(file: string): unknown {
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer (no encoding) as UTF-8 text too
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // Missing or damaged: it names nothing.
  }
  return undefined;
}

// The team's own tools. @hey-api/openapi-ts, prettier, typescript and vitest are peer dependencies:
// a check must produce exactly what the team's `npx openapi-ts` produces in the client folder, so
// each is resolved from that folder, as Node would resolve it there, never from openapi-drift's own
// folder. A missing peer, a version outside the tested range, or TypeScript 7 (which no longer
// ships the compiler API that hey-api uses) is one clear error with the command that fixes it.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { ConfigError } from './errors.ts';
import { commandFor } from './package-manager.ts';

export type PeerName = '@hey-api/openapi-ts' | 'prettier' | 'typescript' | 'vitest';

export interface LocatedPackage {
  name: string;
  /** The package folder, links resolved. */
  dir: string;
  version: string;
  manifest: PackageManifest;
}

interface PackageManifest {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  peerDependencies?: Record<string, string>;
}

/** The tested ranges, as this package's own package.json declares them. */
export function testedRanges(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageManifest;
  return manifest.peerDependencies ?? {};
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules/<name> above it. */
export function locatePackage(name: string, fromDir: string): LocatedPackage | undefined {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...name.split('/'));
    const manifestFile = path.join(candidate, 'package.json');
    if (existsSync(manifestFile)) {
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest;
      return { name, dir: realpathSync(candidate), version: manifest.version ?? '0.0.0', manifest };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

const CONDITIONS = new Set(['node', 'import', 'default']);

/** The file an ESM `import` of the package would load, from its "exports" (or "main"). */
export function importEntry(located: LocatedPackage): string {
  const root = located.manifest.exports;
  const dot = typeof root === 'object' && root !== null && !Array.isArray(root) && Object.keys(root).some((key) => key.startsWith('.')) ? (root as Record<string, unknown>)['.'] : root;
  const target = pickCondition(dot) ?? located.manifest.main ?? 'index.js';
  return pathToFileURL(path.join(located.dir, target)).href;
}

function pickCondition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(pickCondition).find((entry) => entry !== undefined);
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (!CONDITIONS.has(key)) continue;
    const picked = pickCondition(inner);
    if (picked !== undefined) return picked;
  }
  return undefined;
}

/** The command that installs packages as dev dependencies with the repository's package manager. */
export function installCommand(fromDir: string, packages: string[]): string {
  return commandFor(fromDir, { install: packages });
}

/** What to install for a peer: the tested range, quoted for a shell. */
function installSpec(name: string, range: string): string {
  const major = semver.minVersion(range)?.major;
  return name === 'typescript' ? 'typescript@^6' : major === 0 ? `"${name}@${range}"` : `${name}@^${semver.minVersion(range)?.version ?? range}`;
}

/**
 * Finds a peer from the client folder and checks its version against the tested range. Outside
 * the range is an error unless OPENAPI_DRIFT_UNTESTED_PEERS=1 (for trying a newer release early).
 */
export function requirePeer(name: PeerName, fromDir: string, shownDir: string): LocatedPackage {
  const range = testedRanges()[name] ?? '*';
  const located = locatePackage(name, fromDir);
  if (!located) {
    throw new ConfigError(`${name} is not installed where ${shownDir} can see it; openapi-drift uses the repository's own copy`, {
      file: shownDir,
      fix: installCommand(fromDir, [installSpec(name, range)]),
    });
  }
  if (name === 'typescript' && semver.major(located.version) >= 7) {
    throw new ConfigError(`typescript ${located.version} is installed; TypeScript 7 no longer ships the compiler API that @hey-api/openapi-ts uses (npx openapi-ts crashes with "reading 'AnyKeyword'")`, {
      file: path.join(located.dir, 'package.json'),
      fix: installCommand(fromDir, ['typescript@^6']),
    });
  }
  if (!semver.satisfies(located.version, range, { includePrerelease: true }) && process.env.OPENAPI_DRIFT_UNTESTED_PEERS !== '1') {
    throw new ConfigError(`${name} ${located.version} is installed; this openapi-drift is tested with ${name} ${range}`, {
      file: path.join(located.dir, 'package.json'),
      fix: `${installCommand(fromDir, [installSpec(name, range)])} (or upgrade openapi-drift; OPENAPI_DRIFT_UNTESTED_PEERS=1 tries the installed version anyway)`,
    });
  }
  return located;
}

/**
 * A post-processing tool (Biome, ESLint, oxfmt, ...) that the team installs only when its config
 * uses it: found from the client folder as `npx` there finds it, any version; missing is one clear
 * error with the install command of the repository's package manager.
 */
export function requireTool(name: string, fromDir: string, shownDir: string, usedBy: string): LocatedPackage {
  const located = locatePackage(name, fromDir);
  if (!located) {
    throw new ConfigError(`${usedBy} needs ${name}, which is not installed where ${shownDir} can see it; openapi-drift runs the repository's own copy, as \`npx openapi-ts\` does`, {
      file: shownDir,
      fix: installCommand(fromDir, [name]),
    });
  }
  return located;
}

/** The file a package's command `bin` runs (its "bin" entry). */
export function binEntry(located: LocatedPackage, bin: string): string | undefined {
  const declared = (located.manifest as { bin?: unknown }).bin;
  const target = typeof declared === 'string' ? declared : typeof declared === 'object' && declared !== null ? (declared as Record<string, unknown>)[bin] : undefined;
  return typeof target === 'string' ? path.join(located.dir, target) : undefined;
}

/** Imports a peer as the client folder would. */
export async function importPeer<T>(name: PeerName, fromDir: string, shownDir: string): Promise<T> {
  return (await import(importEntry(requirePeer(name, fromDir, shownDir)))) as T;
}

/**
 * Vitest runs the contract tests: when the repository has it, a version outside the tested range is
 * refused here too, so that a command never says all is well while `npm test` cannot load a contract test.
 */
export function assertTestedVitest(root: string): void {
  if (locatePackage('vitest', root)) requirePeer('vitest', root, '.');
}

// The repository's package manager, and every command openapi-drift prints, written for it: a
// pnpm repository is told `pnpm exec vitest ...`, `pnpm test` and `pnpm add -D -w ...`, never
// `npx` and `npm test`. Every printed command goes through commandFor.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** A command to print: a package's binary with its arguments, a package.json script, or dev dependencies to install. */
export type CommandSpec = { tool: string; args?: string[] } | { script: string } | { install: string[] };

interface Detected {
  manager: PackageManager;
  /** The folder whose package.json or lockfile told: the repository (or workspace) root. */
  dir: string;
  /** The major version the `packageManager` field names, when it does. */
  major?: number;
}

const LOCKFILES: Array<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * The nearest folder at or above `fromDir` that says which package manager the repository uses:
 * the `packageManager` field of its package.json (what Corepack obeys), else its lockfile.
 */
function detect(fromDir: string): Detected {
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const field = packageManagerField(dir);
    if (field) return { ...field, dir };
    for (const [lockfile, manager] of LOCKFILES) if (existsSync(path.join(dir, lockfile))) return { manager, dir };
    if (path.dirname(dir) === dir) return { manager: 'npm', dir: path.resolve(fromDir) };
  }
}

function packageManagerField(dir: string): { manager: PackageManager; major?: number } | undefined {
  let value: unknown;
  try {
    value = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { packageManager?: unknown }).packageManager;
  } catch {
    return undefined;
  }
  const match = typeof value === 'string' ? /^(npm|pnpm|yarn)@(\d+)/.exec(value) : null;
  return match ? { manager: match[1] as PackageManager, major: Number(match[2]) } : undefined;
}

/** The repository's package manager, as seen from `fromDir` (npm when nothing says otherwise). */
export function packageManagerOf(fromDir: string): PackageManager {
  return detect(fromDir).manager;
}

/** The command, as the repository's package manager runs it from the repository root. */
export function commandFor(fromDir: string, spec: CommandSpec): string {
  const { manager, dir, major } = detect(fromDir);
  if ('script' in spec) return spec.script === 'test' ? `${manager} test` : `${manager} run ${spec.script}`;
  if ('tool' in spec) {
    const runner = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn' }[manager];
    return [runner, spec.tool, ...(spec.args ?? [])].join(' ');
  }
  if (manager === 'npm') return ['npm i -D', ...spec.install].join(' ');
  // At a workspace root, pnpm refuses `add` without -w and Yarn 1 without -W.
  const workspaceRoot =
    manager === 'pnpm'
      ? existsSync(path.join(dir, 'pnpm-workspace.yaml'))
      : hasWorkspaces(dir) && (major === 1 || (major === undefined && !existsSync(path.join(dir, '.yarnrc.yml'))));
  const flag = workspaceRoot ? (manager === 'pnpm' ? ' -w' : ' -W') : '';
  return [`${manager} add -D${flag}`, ...spec.install].join(' ');
}

function hasWorkspaces(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { workspaces?: unknown }).workspaces !== undefined;
  } catch {
    return false;
  }
}

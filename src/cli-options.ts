// What every command shares: the I/O it prints to, exit codes, and the common options.
import path from 'node:path';
import { listClients } from './contracts.ts';
import { DriftError } from './errors.ts';

export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes, documented in the README's table. */
export const EXIT = { ok: 0, drift: 1, error: 2, unreachable: 3 } as const;

export function rootOf(values: { root?: string }, io: CliIo): string {
  return path.resolve(io.cwd, values.root ?? '.');
}

export function timeoutOf(values: { timeout?: string }): number | undefined {
  if (values.timeout === undefined) return undefined;
  const seconds = Number(values.timeout);
  if (!(seconds > 0)) throw new DriftError(`--timeout takes a number of seconds, got '${values.timeout}'`);
  return seconds * 1000;
}

export async function selectClients(root: string, names: string[]): Promise<string[]> {
  const all = await listClients({ root });
  const unknown = names.filter((name) => !all.includes(name));
  if (unknown.length) {
    throw new DriftError(`no client named ${unknown.join(', ')} in ${path.join(root, 'clients')}`, {
      fix: all.length ? `known clients: ${all.join(', ')}` : 'add one with `npx openapi-drift add <name> --from <url|file>`',
    });
  }
  return names.length ? names : all;
}


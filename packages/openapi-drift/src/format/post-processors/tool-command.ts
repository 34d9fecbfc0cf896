// Runs a post-processing tool's own command line, as installed in the repository, once per file
// with the file's text on stdin: the tools' stdin modes take the committed path to find the
// configuration and ignore rules that apply to it, so nothing is written anywhere.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { FormatError } from '../../core/errors.ts';
import { binEntry, requireTool, type LocatedPackage } from '../../core/peers.ts';

export interface ToolCommand {
  located: LocatedPackage;
  /** The file the command runs (a Node script, as the package's bin). */
  script: string;
}

/** The team's copy of a tool's command, from the client folder. */
export function locateCommand(packageName: string, bin: string, clientDir: string, shownDir: string, usedBy: string): ToolCommand {
  const located = requireTool(packageName, clientDir, shownDir, usedBy);
  const script = binEntry(located, bin);
  if (!script) throw new FormatError(`${packageName} ${located.version} has no \`${bin}\` command`, { file: shownDir, fix: `reinstall ${packageName}` });
  return { located, script };
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <script> <args>` in `cwd` with `input` on stdin. */
export function runCommand(command: ToolCommand, args: string[], cwd: string, input: string, timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [command.script, ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: Math.max(1000, timeoutMs),
      killSignal: 'SIGKILL',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Runs `task` on every item, as many at once as there are cores. */
export async function eachInParallel<T, R>(items: T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(1, os.availableParallelism())) }, worker));
  return results;
}

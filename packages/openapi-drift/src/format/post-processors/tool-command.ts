// Runs a post-processing tool's own command line, as installed in the repository, once per file
// with the file's text on stdin: the tools' stdin modes take the committed path to find the
// configuration and ignore rules that apply to it, so nothing is written anywhere.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
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
      // Stryker disable next-line ArrayDeclaration: equivalent, pipes are spawn's default
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
  // Stryker disable next-line ArrayDeclaration: equivalent, every index is assigned below
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

/**
 * Runs the real command in a mode that writes nothing over the committed output folder, which holds
 * exactly what the adapter produced; a non-zero exit means the command would change it (or would
 * fail, as `npx openapi-ts` then does), and stops the check.
 */
export async function verifyWithCommand(command: ToolCommand, args: string[], context: { clientDir: string; outputDir: string; displayRoot: string; timeoutMs: () => number }, shownCommand: string): Promise<void> {
  const result = await runCommand(command, args, context.clientDir, '', context.timeoutMs());
  if (result.code === 0) return;
  const shownOutput = path.relative(context.displayRoot, context.outputDir);
  throw new FormatError(
    `${shownOutput}: holds exactly what openapi-drift reproduced, yet the real \`${shownCommand}\` (exit code ${result.code}) would change it or fails on it. ` +
      'The check stopped rather than vouch for a comparison the real command does not confirm.',
    {
      file: shownOutput,
      fix: `run \`npx ${shownCommand}\` in ${path.relative(context.displayRoot, context.clientDir) || '.'} to see what it reports; lint errors it cannot fix make \`npx openapi-ts\` fail too. Otherwise report it to openapi-drift's issue tracker with this message and the tool's version (${command.located.name} ${command.located.version})`,
      output: `${result.stdout}${result.stderr}`.slice(0, 16 * 1024),
      outputLabel: 'Command output',
    },
  );
}

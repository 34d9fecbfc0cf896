// `eslint <output> --fix`, run by hey-api in the client folder: reproduced with the team's eslint,
// in a process of its own started in the client folder (eslint-child.ts), by ESLint's `lintText`
// with `fix: true` for each file at its committed path: the call behind `eslint --stdin
// --stdin-filename <path> --fix-dry-run`, once for all files instead of one ESLint start per file.
// ESLint finds the config for the path (eslint.config.*), and leaves files it ignores or has no
// configuration for as they are, as its walk over the folder does. With OPENAPI_DRIFT_VERIFY_FORMAT=1,
// the real `eslint <output>` (without --fix) must report nothing in the committed folder when it holds
// exactly this result. Proved against `npx openapi-ts` by test/post-processing.e2e.test.ts.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../../core/cache-dir.ts';
import { FormatError } from '../../core/errors.ts';
import { binEntry, importEntry, requireTool } from '../../core/peers.ts';
import type { ReadRecord } from '../../core/read-recorder.ts';
import { configFiles } from './config-files.ts';
import type { PostProcessor } from './post-processor.ts';
import { verifyWithCommand } from './tool-command.ts';

const CHILD = fileURLToPath(new URL(`./eslint-child${path.extname(import.meta.url)}`, import.meta.url));

type Reply = { ok: true; files: Array<[string, string]>; version: string; reads: ReadRecord[]; unstableReads: string[] } | { ok: false; message: string };

export const eslint: PostProcessor = {
  reproduces: "ESLint's `lintText` with `fix: true` (what `--stdin --stdin-filename <path> --fix-dry-run` runs) per file, in the client folder",
  async run(files, context) {
    const shownDir = path.relative(context.displayRoot, context.clientDir) || '.';
    const located = requireTool('eslint', context.clientDir, shownDir, "postProcess 'eslint'");
    const byPath = [...files].map(([file, text]) => [path.join(context.outputDir, file), text] as [string, string]);
    const reply = await new Promise<Reply>((resolve, reject) => {
      let output = '';
      const child = fork(CHILD, [], {
        cwd: context.clientDir,
        execArgv: ['--disable-warning=ExperimentalWarning'],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        env: { ...process.env, ...childProcessEnv(context.clientDir), NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: Math.max(1000, context.timeoutMs()),
        killSignal: 'SIGKILL',
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('message', (message: Reply) => resolve(message));
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new FormatError(`ESLint stopped (${signal ?? `exit code ${code}`})`, { file: shownDir, output, outputLabel: 'ESLint output' })));
      child.send({ eslint: importEntry(located), files: byPath });
    });
    if (!reply.ok) {
      throw new FormatError(`eslint --fix failed: ${reply.message}`, {
        file: shownDir,
        fix: 'run `npx eslint --fix` on the generated folder to see the same error, and fix the ESLint configuration that applies to it',
      });
    }
    const fixed = new Map(reply.files.map(([filepath, text]) => [path.relative(context.outputDir, filepath).split(path.sep).join('/'), text]));
    // What decides ESLint's result besides the text and what it reads itself, from the output folder up:
    const config = configFiles(context.outputDir, ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts', 'tsconfig.json']);
    return {
      files: new Map(
        [...files.keys()].map((file) => {
          const text = fixed.get(file);
          if (text === undefined) throw new FormatError(`ESLint returned no result for ${file}; this is a bug in openapi-drift, please report it`);
          return [file, text];
        }),
      ),
      tool: 'eslint',
      version: reply.version,
      configDigest: config.digest,
      reads: [...config.reads, ...reply.reads],
      unstableReads: reply.unstableReads,
    };
  },
  async verify(context) {
    const shownDir = path.relative(context.displayRoot, context.clientDir) || '.';
    const located = requireTool('eslint', context.clientDir, shownDir, "postProcess 'eslint'");
    const script = binEntry(located, 'eslint');
    if (!script) throw new FormatError(`eslint ${located.version} has no \`eslint\` command`, { file: shownDir, fix: 'reinstall eslint' });
    await verifyWithCommand({ located, script }, [context.outputDir], context, `eslint ${path.relative(context.clientDir, context.outputDir)}`);
  },
};

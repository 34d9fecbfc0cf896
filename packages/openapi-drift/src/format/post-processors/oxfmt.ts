// `oxfmt <output>`, run by hey-api in the client folder: reproduced with the team's oxfmt, once per
// file, as `oxfmt --stdin-filepath=<committed path>` in the client folder with the generated text
// on stdin. oxfmt resolves its configuration (.oxfmtrc.json(c), its `ignorePatterns`, .editorconfig)
// for that path, and the client folder's .prettierignore. Its stdin mode does not apply the
// .gitignore files that its walk over the folder applies, so they are applied here as the walk
// does: every .gitignore from the output folder up to the Git repository's root (or the file
// system's, outside one), matched as Git matches them. An ignored file is left as generated. With
// OPENAPI_DRIFT_VERIFY_FORMAT=1, the real `oxfmt --check <output>` must find nothing to change in the
// committed folder when it holds exactly this result. Proved against
// `npx openapi-ts` by test/post-processing.e2e.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { FormatError } from '../../core/errors.ts';
import { configFiles } from './config-files.ts';
import type { PostProcessor } from './post-processor.ts';
import { eachInParallel, locateCommand, runCommand, verifyWithCommand } from './tool-command.ts';

export const oxfmt: PostProcessor = {
  reproduces: '`oxfmt --stdin-filepath=<committed path>` per file, in the client folder; the ignore files of its folder walk applied as it applies them',
  async run(files, context) {
    const shownDir = path.relative(context.displayRoot, context.clientDir) || '.';
    const tool = locateCommand('oxfmt', 'oxfmt', context.clientDir, shownDir, "postProcess 'oxfmt'");
    const ignored = ignoredBy(context.clientDir, context.outputDir);
    const results = await eachInParallel([...files], async ([file, text]) => {
      const filepath = path.join(context.outputDir, file);
      if (ignored(filepath)) return [file, text] as [string, string];
      const result = await runCommand(tool, [`--stdin-filepath=${filepath}`], context.clientDir, text, context.timeoutMs());
      if (result.code !== 0 || (result.stdout === '' && text !== '')) {
        throw new FormatError(`oxfmt failed on ${path.relative(context.displayRoot, filepath)} (exit code ${result.code})`, {
          file: path.relative(context.displayRoot, filepath),
          fix: 'run `npx oxfmt` on the generated folder to see the same error, and fix the oxfmt configuration that applies to it',
          output: result.stderr,
          outputLabel: 'oxfmt output',
        });
      }
      return [file, result.stdout] as [string, string];
    });
    // What decides oxfmt's result besides the text, from the output folder up:
    const config = configFiles(context.outputDir, ['.oxfmtrc.json', '.oxfmtrc.jsonc', 'oxfmt.config.ts', 'oxfmt.config.js', 'oxfmt.config.mjs', '.editorconfig', '.gitignore', '.prettierignore']);
    return { files: new Map(results), tool: 'oxfmt', version: tool.located.version, configDigest: config.digest, reads: config.reads, unstableReads: [] };
  },
  async verify(context) {
    const tool = locateCommand('oxfmt', 'oxfmt', context.clientDir, path.relative(context.displayRoot, context.clientDir) || '.', "postProcess 'oxfmt'");
    await verifyWithCommand(tool, ['--check', context.outputDir], context, `oxfmt --check ${path.relative(context.clientDir, context.outputDir)}`);
  },
};

/**
 * Whether oxfmt's walk over the output folder, started in `cwd`, skips a file: the client folder's
 * .prettierignore (which its stdin mode applies too), and every .gitignore from the output folder up
 * to the root of the Git repository, or of the file system outside one (measured with oxfmt 0.80).
 */
function ignoredBy(cwd: string, outputDir: string): (file: string) => boolean {
  const rules: Array<{ base: string; matcher: ReturnType<typeof ignore> }> = [];
  const add = (base: string, file: string) => {
    if (existsSync(file)) rules.push({ base, matcher: ignore().add(readFileSync(file, 'utf8')) });
  };
  add(cwd, path.join(cwd, '.prettierignore'));
  const gitRoot = gitRootOf(cwd);
  for (let dir = outputDir; ; dir = path.dirname(dir)) {
    add(dir, path.join(dir, '.gitignore'));
    if (dir === gitRoot || path.dirname(dir) === dir) break;
  }
  return (file) =>
    rules.some(({ base, matcher }) => {
      const relative = path.relative(base, file);
      return !relative.startsWith('..') && !path.isAbsolute(relative) && matcher.ignores(relative.split(path.sep).join('/'));
    });
}

function gitRootOf(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

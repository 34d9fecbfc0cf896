// `biome format|lint|check --write <output>`, run by hey-api in the client folder: reproduced with
// the team's @biomejs/biome, once per file, as `biome <command> --write --stdin-file-path=<committed
// path>` in the client folder with the generated text on stdin. Biome then finds its configuration
// as it does for the folder (biome.json(c) from the working directory, nested configurations, its
// `files.includes` and VCS ignore rules, .editorconfig) for the committed path, and prints the
// result, or the text unchanged for a path it ignores. With OPENAPI_DRIFT_VERIFY_FORMAT=1, the real
// `biome <command> <output>` (without --write) must find nothing to change in the committed folder when
// it holds exactly this result. Proved against `npx openapi-ts` with each
// of the three presets by test/post-processing.e2e.test.ts.
import path from 'node:path';
import { FormatError } from '../../core/errors.ts';
import { configFiles } from './config-files.ts';
import type { PostProcessor } from './post-processor.ts';
import { eachInParallel, locateCommand, runCommand, verifyWithCommand } from './tool-command.ts';

export function biome(command: 'format' | 'lint' | 'check'): PostProcessor {
  return {
    reproduces: `\`biome ${command} --write --stdin-file-path=<committed path>\` per file, in the client folder`,
    async run(files, context) {
      const shownDir = path.relative(context.displayRoot, context.clientDir) || '.';
      const tool = locateCommand('@biomejs/biome', 'biome', context.clientDir, shownDir, `postProcess 'biome:${command}'`);
      const entries = [...files];
      const results = await eachInParallel(entries, async ([file, text]) => {
        const filepath = path.join(context.outputDir, file);
        const result = await runCommand(tool, [command, '--write', `--stdin-file-path=${filepath}`], context.clientDir, text, context.timeoutMs());
        if (result.code !== 0 || (result.stdout === '' && text !== '')) {
          throw new FormatError(`biome ${command} failed on ${path.relative(context.displayRoot, filepath)} (exit code ${result.code})`, {
            file: path.relative(context.displayRoot, filepath),
            fix: `run \`npx biome ${command} --write\` on the generated folder to see the same error, and fix the Biome configuration that applies to it`,
            output: result.stderr,
            outputLabel: 'Biome output',
          });
        }
        return [file, result.stdout] as [string, string];
      });
      // What decides Biome's result besides the text, from the output folder up:
      const config = configFiles(context.outputDir, ['biome.json', 'biome.jsonc', '.editorconfig', '.gitignore', '.ignore']);
      return { files: new Map(results), tool: 'biome', version: tool.located.version, configDigest: config.digest, reads: config.reads, unstableReads: [] };
    },
    async verify(context) {
      const tool = locateCommand('@biomejs/biome', 'biome', context.clientDir, path.relative(context.displayRoot, context.clientDir) || '.', `postProcess 'biome:${command}'`);
      await verifyWithCommand(tool, [command, context.outputDir], context, `biome ${command} ${path.relative(context.clientDir, context.outputDir)}`);
    },
  };
}

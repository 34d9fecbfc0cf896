// `prettier --ignore-unknown <output> --write --ignore-path ./.prettierignore`, run by hey-api in the
// client folder: reproduced with the team's prettier API in the formatter processes (../format.ts):
// each file at its committed path, with the options prettier resolves for it (editorconfig
// included), the client folder's .prettierignore, files without a parser left alone. Large files
// are formatted by declaration and cached (../format-tree.ts); OPENAPI_DRIFT_VERIFY_FORMAT=1 also
// formats them whole and fails on any difference. Proved against the CLI by test/cli-parity.test.ts.
import type { PostProcessor } from './post-processor.ts';

export const prettier: PostProcessor = {
  reproduces: "prettier's API at each file's committed path, with the options and ignore file the CLI uses there",
  async run(files, context) {
    const formatted = await context.formatters().format(files, { outputDir: context.outputDir, cwd: context.clientDir, displayRoot: context.displayRoot }, context.timeoutMs());
    return {
      files: formatted.files,
      tool: 'prettier',
      version: formatted.prettierVersion,
      configDigest: formatted.configDigest,
      reads: formatted.reads,
      unstableReads: formatted.unstableReads,
      stats: formatted.stats,
    };
  },
};

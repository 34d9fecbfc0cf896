// The post-processors openapi-drift reproduces, one adapter per hey-api preset, registered here and
// nowhere else; the pipeline (../post-process.ts) never branches on a tool's name. A preset that
// cannot be reproduced without writing files is refused by name, with the reason, before anything
// is generated: never a comparison with output the team's command would not write.
import { biome } from './biome.ts';
import { eslint } from './eslint.ts';
import { oxfmt } from './oxfmt.ts';
import type { PostProcessor } from './post-processor.ts';
import { prettier } from './prettier.ts';
import type { PostProcessStep, PresetName } from './steps.ts';

export type { PostProcessContext, PostProcessor, StepOutput } from './post-processor.ts';
export { postProcessSteps, PRESETS, type PostProcessStep, type PresetName } from './steps.ts';

type Entry = { adapter: PostProcessor } | { refused: string };

export const POST_PROCESSORS: Record<PresetName, Entry> = {
  prettier: { adapter: prettier },
  'biome:format': { adapter: biome('format') },
  'biome:check': { adapter: biome('check') },
  'biome:lint': { adapter: biome('lint') },
  eslint: { adapter: eslint },
  oxfmt: { adapter: oxfmt },
  oxlint: {
    refused:
      '`oxlint --fix` has no stdin mode: it fixes files only where they lie, so it cannot be reproduced without writing the generated folder, ' +
      'and its configuration and tsconfig discovery depend on the real paths, so a copy elsewhere could lint differently',
  },
};

/** The adapter for a step, or why the step cannot be reproduced. */
export function adapterFor(step: PostProcessStep): { adapter: PostProcessor } | { refused: string } {
  if (step.preset) return POST_PROCESSORS[step.preset];
  return {
    refused:
      `a custom command can do anything with the files it is given (write elsewhere, read other files, depend on the machine), ` +
      'so openapi-drift cannot reproduce it in memory and will not compare the tree with output the command may not write',
  };
}

// The post-processing steps of a client, read from its openapi-ts config exactly as hey-api 0.99
// reads them (@hey-api/openapi-ts, src/config/output/config.ts and postprocess.ts):
//   - `output.postProcess`: presets by name and custom `{ command, args }` steps, run in order;
//     an unknown preset name is an error;
//   - when `postProcess` is empty or absent, the legacy fields: `output.lint` first, then
//     `output.format` ('biome' means 'biome:lint' and 'biome:format'); an unknown value is dropped;
//   - none at all: the files are written as generated.
// hey-api runs each step as `<command> <args>` in the client folder, `{{path}}` being the absolute
// output folder, and stops at the first step that fails.

/** hey-api 0.99's presets, as it spells their command lines. */
export const PRESETS = {
  'biome:check': { command: 'biome', args: ['check', '--write', '{{path}}'] },
  'biome:format': { command: 'biome', args: ['format', '--write', '{{path}}'] },
  'biome:lint': { command: 'biome', args: ['lint', '--write', '{{path}}'] },
  eslint: { command: 'eslint', args: ['{{path}}', '--fix'] },
  oxfmt: { command: 'oxfmt', args: ['{{path}}'] },
  oxlint: { command: 'oxlint', args: ['--fix', '{{path}}'] },
  prettier: { command: 'prettier', args: ['--ignore-unknown', '{{path}}', '--write', '--ignore-path', './.prettierignore'] },
} as const satisfies Record<string, { command: string; args: readonly string[] }>;

export type PresetName = keyof typeof PRESETS;

export interface PostProcessStep {
  /** The preset whose command line this is (a custom step spelled exactly as a preset counts as it). */
  preset: PresetName | undefined;
  command: string;
  args: string[];
  /** How the config names it: the preset's name, or the command line. */
  label: string;
}

export type StepsResult = { ok: true; steps: PostProcessStep[] } | { ok: false; reason: string };

/** The steps `npx openapi-ts` runs after writing the files of `output` (the config's output object). */
export function postProcessSteps(output: { postProcess?: unknown; lint?: unknown; format?: unknown }): StepsResult {
  const listed = Array.isArray(output.postProcess) ? output.postProcess : [];
  const steps: PostProcessStep[] = [];
  for (const item of listed) {
    if (typeof item === 'string') {
      if (!isPreset(item)) return { ok: false, reason: `postProcess names an unknown preset ${JSON.stringify(item)} (hey-api refuses it too)` };
      steps.push(presetStep(item));
      continue;
    }
    const custom = item as { command?: unknown; args?: unknown } | null;
    if (!custom || typeof custom.command !== 'string' || !Array.isArray(custom.args) || !custom.args.every((arg) => typeof arg === 'string')) {
      return { ok: false, reason: `postProcess has a step that is neither a preset name nor { command, args }: ${JSON.stringify(item)}` };
    }
    steps.push(customStep(custom.command, custom.args as string[]));
  }
  if (listed.length === 0) {
    // hey-api: lint first, then format; a falsy or unknown value adds nothing.
    for (const [field, biome] of [['lint', 'biome:lint'], ['format', 'biome:format']] as const) {
      const value = output[field];
      // Stryker disable next-line ConditionalExpression: equivalent, a falsy value is no preset name either, and adds nothing below
      if (!value) continue;
      const name = value === 'biome' ? biome : value;
      if (typeof name === 'string' && isPreset(name)) steps.push(presetStep(name));
    }
  }
  return { ok: true, steps };
}

function isPreset(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

function presetStep(name: PresetName): PostProcessStep {
  const { command, args } = PRESETS[name];
  return { preset: name, command, args: [...args], label: name };
}

function customStep(command: string, args: string[]): PostProcessStep {
  const preset = (Object.keys(PRESETS) as PresetName[]).find((name) => PRESETS[name].command === command && sameArgs(PRESETS[name].args, args));
  return { preset, command, args, label: `{ command: ${JSON.stringify(command)}, args: ${JSON.stringify(args)} }` };
}

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((arg, index) => arg === b[index]);
}

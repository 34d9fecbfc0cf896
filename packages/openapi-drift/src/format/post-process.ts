// The post-processing of a regenerated tree: the client's steps (post-processors/steps.ts), in
// order, each by its adapter (post-processors/index.ts). With no step the files stay exactly as the
// generator wrote them, as `npx openapi-ts` leaves them. With OPENAPI_DRIFT_VERIFY_FORMAT=1 the last
// step's real command, in its mode that writes nothing, must find nothing to change in a committed
// folder that holds exactly the result (each adapter's `verify`).
import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { ConfigError } from '../core/errors.ts';
import { sha256 } from '../core/hash.ts';
import type { ReadRecord } from '../core/read-recorder.ts';
import type { FormatStats } from './format-tree.ts';
import { adapterFor, type PostProcessContext, type PostProcessor, type PostProcessStep, type StepOutput } from './post-processors/index.ts';

export interface PostProcessed {
  files: Map<string, string>;
  /** One digest for the configurations of every step (one step: that step's own digest). */
  configDigest: string;
  /** prettier's version when a step is prettier, else ''. */
  prettierVersion: string;
  /** The other tools' versions, by tool ('biome' -> '2.2.0'). */
  tools: Record<string, string>;
  reads: ReadRecord[];
  unstableReads: string[];
  stats: FormatStats;
}

/** Why a step cannot be reproduced, as the error to raise before generating; undefined when all can. */
export function refusedStep(steps: PostProcessStep[], configName: string): ConfigError | undefined {
  for (const step of steps) {
    const entry = adapterFor(step);
    if ('refused' in entry) {
      return new ConfigError(`${configName}: postProcess step ${step.label} cannot be checked: ${entry.refused}`, {
        file: configName,
        fix: "use a preset openapi-drift reproduces ('prettier', 'biome:format', 'biome:check', 'biome:lint', 'eslint', 'oxfmt'; see docs/post-processing.md), or none",
      });
    }
  }
  return undefined;
}

export async function postProcess(files: Map<string, string>, steps: PostProcessStep[], context: PostProcessContext): Promise<PostProcessed> {
  // Stryker disable next-line EqualityOperator: equivalent, no two files have the same path
  let current = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const outputs: StepOutput[] = [];
  for (const step of steps) {
    const entry = adapterFor(step);
    if ('refused' in entry) throw refusedStep([step], 'openapi-ts config') as ConfigError;
    const output = await entry.adapter.run(current, context);
    outputs.push(output);
    current = output.files;
  }
  const last = steps.length ? adapterFor(steps[steps.length - 1] as PostProcessStep) : undefined;
  // Not verified unless the real command ran: the cache serves only verified entries in that mode.
  const verifiable = last && 'adapter' in last ? last.adapter.verify : undefined;
  let verified = !verifiable;
  if (context.verify && verifiable) {
    // The real command sees the real folder: only when it holds exactly this result does its verdict
    // bear on it (a drifting tree fails the check anyway).
    verified = await holdsExactly(context.outputDir, current);
    if (verified) await verifiable.call((last as { adapter: PostProcessor }).adapter, context);
  }
  // generated-from.json has recorded prettier's version in a field of its own since before the
  // other tools: it stays there, so that existing records still read the same.
  const prettier = outputs.find((output) => output.tool === 'prettier');
  const tools: Record<string, string> = {};
  for (const output of outputs) if (output !== prettier) tools[output.tool] = output.version;
  const pieces = outputs.find((output) => output.stats);
  return {
    files: current,
    configDigest: outputs.length === 1 ? (outputs[0] as StepOutput).configDigest : sha256(JSON.stringify(outputs.map((output) => [output.tool, output.configDigest]))),
    prettierVersion: prettier?.version ?? '',
    tools,
    reads: outputs.flatMap((output) => output.reads),
    unstableReads: outputs.flatMap((output) => output.unstableReads),
    stats: { ...(pieces?.stats ?? { byDeclaration: [], whole: 0, processes: 0, verified: true }), ...(verified ? {} : { verified: false }) },
  };
}

/** Whether the folder holds exactly these files (paths relative to it, POSIX separators), byte for byte. */
async function holdsExactly(dir: string, files: Map<string, string>): Promise<boolean> {
  const onDisk = await glob('**/*', { cwd: dir, dot: true, onlyFiles: false, followSymbolicLinks: false }).catch(() => undefined);
  if (!onDisk) return false;
  const committedFiles = onDisk.filter((name) => !name.endsWith('/'));
  if (committedFiles.length !== files.size) return false;
  for (const [file, text] of files) {
    const committed = await fs.readFile(path.join(dir, file), 'utf8').catch(() => undefined);
    if (committed !== text) return false;
  }
  return true;
}

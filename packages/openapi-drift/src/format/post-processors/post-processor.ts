// What every post-processor adapter offers the pipeline (post-process.ts). An adapter reproduces one
// of hey-api's post-processing commands on files held in memory, with the team's own copy of the
// tool and the configuration that applies to each file at its committed path, and never writes the
// committed tree. Each adapter says in its header how it does so and how that is proved against the
// real command (test/post-processing.e2e.test.ts).
import type { ReadRecord } from '../../core/read-recorder.ts';
import type { FormatStats, FormatterPool } from '../formatter-pool.ts';

export interface PostProcessContext {
  /** The client folder: hey-api runs every step there, so it is each tool's working directory. */
  clientDir: string;
  /** Where the files are committed: each file is processed as if it lay at `outputDir/<path>`. */
  outputDir: string;
  /** Paths in messages are shown relative to this folder. */
  displayRoot: string;
  /** prettier's formatter processes; a pool formats once, so a second prettier step gets a new one. */
  formatters: () => FormatterPool;
  /** Time left for this step, in milliseconds. */
  timeoutMs: () => number;
  /** OPENAPI_DRIFT_VERIFY_FORMAT=1: also hold the result against the real command (see `verify`). */
  verify: boolean;
}

export interface StepOutput {
  files: Map<string, string>;
  /** The tool, by the name people know it by ('prettier', 'biome', 'eslint', 'oxfmt'). */
  tool: string;
  version: string;
  /** sha256 of the tool's configuration that applied to the files (for the drift diagnosis). */
  configDigest: string;
  /** What the step read, for the regeneration cache (core/read-recorder.ts). */
  reads: ReadRecord[];
  unstableReads: string[];
  /** prettier's formatting by declaration, when this step was prettier. */
  stats?: FormatStats;
}

export interface PostProcessor {
  /** How the adapter reproduces the command, in one sentence (docs/post-processing.md has the table). */
  reproduces: string;
  run(files: Map<string, string>, context: PostProcessContext): Promise<StepOutput>;
  /**
   * The real command, in its mode that changes nothing (`biome format <output>`, `eslint <output>`,
   * `oxfmt --check <output>`), run on the committed folder when it holds exactly the files this
   * adapter produced: it must find nothing to change. Absent for prettier, whose proof is its own.
   */
  verify?(context: PostProcessContext): Promise<void>;
}

// What regenerate.ts and the generation child (generate-child.ts) tell each other.
import type { ReadRecord } from '../core/read-recorder.ts';
import type { PostProcessStep } from '../format/post-processors/steps.ts';
import type { SnapshotForm } from '../snapshot/inspect.ts';

export interface GenerationRequest {
  clientDir: string;
  displayRoot: string;
  /** Generate from this file instead of the config's input (same folder, so relative refs resolve alike). */
  inputOverride?: string;
  /** Only load the config and report where the snapshot and the tree are. */
  layoutOnly?: boolean;
}

export interface LayoutResponse {
  configFile: string;
  snapshotFile: string;
  outputDir: string;
  files: [];
  inputs: undefined;
}

export interface GenerationResponse {
  configFile: string;
  snapshotFile: string;
  outputDir: string;
  /** Unformatted, as the generator wrote them. */
  files: Array<[string, string]>;
  /** What `npx openapi-ts` runs on them next, in order (none: they are written as generated). */
  postProcess: PostProcessStep[];
  inputs: GeneratorInputs;
  /** Absent when the formatter process checks the snapshot (see SnapshotMessage). */
  snapshotForm?: SnapshotForm;
  /** What the generation read (see core/read-recorder.ts). */
  reads: ReadRecord[];
  /** Files read twice with different content during the generation. */
  unstableReads: string[];
}

/** What a regeneration's output depends on: recorded at each update, compared to explain drift. */
export interface GenerationInputs {
  /** sha256 of the snapshot bytes. */
  snapshot: string;
  /** sha256 of the client's openapi-ts config file. */
  config: string;
  /**
   * sha256 of the post-processors' configuration: for prettier alone, of the options resolved for
   * every generated file and of the ignore file; for other tools, of their configuration files.
   */
  formatterConfig: string;
  generator: string;
  /** prettier's version when the client is post-processed with prettier, else ''. */
  prettier: string;
  /** The other post-processors' versions, by tool (e.g. biome, eslint, oxfmt); absent when none. */
  tools?: Record<string, string>;
  node: string;
}

/**
 * Sent by the generation child as soon as it has read the snapshot, before hey-api starts: its
 * size, and, when only the full check stands between it and a usable document (snapshot/inspect.ts),
 * its text, so that a formatter process checks it while hey-api generates.
 */
export interface SnapshotMessage {
  kind: 'snapshot';
  bytes: number;
  text?: string;
  shown: string;
}

/** The inputs the generation child can tell; the formatter's are added after formatting. */
export type GeneratorInputs = Omit<GenerationInputs, 'formatterConfig' | 'prettier' | 'tools'>;

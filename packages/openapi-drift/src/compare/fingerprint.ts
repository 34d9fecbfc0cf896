// What a client's tree was generated from, recorded at each regeneration that writes the tree
// (`vitest -u`, `sync`, `add`) in `clients/<name>/generated-from.json`, beside the tree and outside
// the file comparison: a version bump alone never fails a test. When a client drifts, comparing
// the record with the current inputs says why, and so which fix applies.
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { sha256 } from '../core/hash.ts';
import type { GenerationInputs } from '../regenerate/regenerate.ts';

export const FINGERPRINT_FILE = 'generated-from.json';

export interface Fingerprint extends GenerationInputs {
  /**
   * sha256 of the snapshot's canonical JSON: the document, whatever its layout. A snapshot that was
   * only reformatted (canonicalized, say) is the same document and generates the same tree.
   */
  document?: string;
  /** sha256 over the generated files (paths and bytes), to tell a hand edit from a regeneration. */
  tree: string;
}

export function treeDigest(files: Map<string, string>): string {
  const hash: string[] = [];
  for (const [file, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.push(`${file}\0${sha256(text)}`);
  return sha256(hash.join('\n'));
}

export async function readFingerprint(clientDir: string): Promise<Fingerprint | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(clientDir, FINGERPRINT_FILE), 'utf8')) as Partial<Fingerprint>;
    return typeof parsed.snapshot === 'string' && typeof parsed.tree === 'string' ? (parsed as Fingerprint) : undefined;
  } catch {
    // Missing or damaged: there is simply no record to explain drift with.
    return undefined;
  }
}

export async function writeFingerprint(clientDir: string, fingerprint: Fingerprint): Promise<void> {
  const ordered: Fingerprint = {
    snapshot: fingerprint.snapshot,
    config: fingerprint.config,
    formatterConfig: fingerprint.formatterConfig,
    generator: fingerprint.generator,
    prettier: fingerprint.prettier,
    ...(fingerprint.tools && Object.keys(fingerprint.tools).length ? { tools: fingerprint.tools } : {}),
    node: fingerprint.node,
    ...(fingerprint.document === undefined ? {} : { document: fingerprint.document }),
    tree: fingerprint.tree,
  };
  await writeFileAtomic(path.join(clientDir, FINGERPRINT_FILE), `${JSON.stringify(ordered, null, 2)}\n`, { label: 'fingerprint' });
}

export type DriftCause = 'hand-edit' | 'snapshot-changed' | 'tool-versions-changed' | 'config-changed' | 'formatter-config-changed' | 'unknown';

export interface Diagnosis {
  causes: DriftCause[];
  /** Sentences for a person: why, and what to do. */
  explanation: string;
}

/**
 * Why a drifting client drifts. `committedTree` is the digest of the committed files; `fixCommand`
 * is the command that accepts the regeneration.
 */
export function diagnose(recorded: Fingerprint | undefined, current: GenerationInputs & { document?: string }, committedTree: string, fixCommand: string, syncCommand = 'npx openapi-drift sync'): Diagnosis {
  if (!recorded) {
    return {
      causes: ['unknown'],
      explanation: `No record of the last regeneration (${FINGERPRINT_FILE}), so the cause is unknown. If the snapshot is right, accept with: ${fixCommand}`,
    };
  }
  const lines: string[] = [];
  const causes: DriftCause[] = [];
  // Compared as documents when both are known: reformatting the snapshot changes no input.
  const snapshotChanged = recorded.document !== undefined && current.document !== undefined ? recorded.document !== current.document : recorded.snapshot !== current.snapshot;
  if (snapshotChanged) {
    causes.push('snapshot-changed');
    lines.push(`The snapshot changed since the last regeneration without regenerating the tree. Regenerate with: ${fixCommand} (or \`${syncCommand}\` to fetch the source first).`);
  }
  if (recorded.config !== current.config) {
    causes.push('config-changed');
    lines.push(`The client's openapi-ts config changed since the last regeneration and was never applied. Apply it with: ${fixCommand}`);
  }
  if (recorded.formatterConfig !== current.formatterConfig) {
    causes.push('formatter-config-changed');
    lines.push(`The prettier configuration (or that of the other post-processors: Biome, ESLint, oxfmt) that applies to the tree changed since the last regeneration. Reformat with: ${fixCommand}`);
  }
  const names = { generator: '@hey-api/openapi-ts', prettier: 'prettier', node: 'Node' };
  const moved = (['generator', 'prettier', 'node'] as const).filter((key) => recorded[key] !== current[key]).map((key) => `${names[key]} ${recorded[key] || 'none'} -> ${current[key] || 'none'}`);
  // The other post-processors, by tool: "biome 2.1.0 -> 2.2.0".
  for (const tool of [...new Set([...Object.keys(recorded.tools ?? {}), ...Object.keys(current.tools ?? {})])].sort()) {
    const before = recorded.tools?.[tool];
    const after = current.tools?.[tool];
    if (before !== after) moved.push(`${tool} ${before ?? 'none'} -> ${after ?? 'none'}`);
  }
  if (moved.length) {
    causes.push('tool-versions-changed');
    lines.push(`The tools changed since the last regeneration (${moved.join(', ')}); their output differs. Review the diff and accept with: ${fixCommand}`);
  }
  if (causes.length === 0) {
    causes.push('hand-edit');
    const edited = committedTree !== recorded.tree;
    lines.push(
      `The inputs are unchanged since the last regeneration, so the tree was ${edited ? 'hand-edited' : 'changed by hand or by another tool'}. ` +
        `Generated files are overwritten on regeneration: move the change into the spec or the config, then restore the tree with: ${fixCommand}`,
    );
  }
  return { causes, explanation: lines.join('\n') };
}

// Entry of a formatter process (started by formatter-pool.ts): formats the files it is sent,
// answers once and exits. A process of its own keeps prettier's memory out of the generator's.
// prettier is the team's own, resolved from the client folder (the process's working directory).
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { importPeer } from '../core/peers.ts';
import { hashBytes, recordReads, type ReadRecord } from '../core/read-recorder.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatList, type FormatOptions, type Prettier } from './format.ts';

// What prettier reads (configs, .editorconfig, ignore files, package.json) is recorded for the cache.
const recording = recordReads();

process.once('message', async ({ files, options }: { files: Array<[string, string]>; options: FormatOptions }) => {
  let reply: unknown;
  try {
    const prettier = await importPeer<Prettier>('prettier', options.cwd, path.relative(options.displayRoot, options.cwd) || '.');
    const formatted = await formatList(prettier, files, options);
    // Plugins are loaded with import, which the recording does not see: their files count as read.
    for (const file of pluginFiles(formatted.map((entry) => entry.config))) recording.add(readRecordOf(file));
    reply = { ok: true, files: formatted, prettierVersion: prettier.version, reads: recording.records(), unstableReads: recording.unstable() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const drift = error instanceof DriftError ? error : undefined;
    reply = { ok: false, error: { name: drift?.name ?? 'FormatError', message, file: drift?.file, fix: drift?.fix } };
  }
  process.send?.(reply, () => process.exit(0));
});

/** The local plugin files of the resolved options (prettier gives them as absolute paths). */
function pluginFiles(configs: unknown[]): string[] {
  const files = new Set<string>();
  for (const config of configs) {
    const plugins = (config as { plugins?: unknown } | null)?.plugins;
    if (!Array.isArray(plugins)) continue;
    for (const plugin of plugins) {
      if (typeof plugin !== 'string') continue;
      if (plugin.startsWith('file:')) files.add(fileURLToPath(plugin));
      else if (path.isAbsolute(plugin)) files.add(plugin);
    }
  }
  return [...files];
}

function readRecordOf(file: string): ReadRecord {
  try {
    return { file, kind: 'content', hash: hashBytes(readFileSync(file)) };
  } catch {
    return { file, kind: 'absent' };
  }
}

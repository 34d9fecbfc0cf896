// Entry of a formatter process (started by formatter-process.ts). It answers the pool's requests
// one at a time, in order, until it is told to finish: format a file or cut it into pieces, format
// pieces, check a snapshot, warm up. A process of its own keeps prettier's memory out of the
// generator's. prettier and TypeScript are the team's own, resolved from the client folder (the
// process's working directory), as `npx openapi-ts` there would find them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DriftError } from '../core/errors.ts';
import { importEntry, requirePeer, type LocatedPackage } from '../core/peers.ts';
import { hashBytes, recordReads, type ReadRecord } from '../core/read-recorder.ts';
import { inspectSnapshotText } from '../snapshot/inspect.ts';
import { formatFile, formatPieces, type Prettier } from './format.ts';
import type { Reply, Request } from './formatter-process.ts';
import type { TypeScript } from './top-level.ts';
import { warmUp } from './warm-up.ts';

// What prettier reads (configs, .editorconfig, ignore files, package.json) is recorded for the cache.
const recording = recordReads();
const displayRoot = process.argv[2] ?? process.cwd();
const shownDir = path.relative(displayRoot, process.cwd()) || '.';

// Loaded at once, so that loading overlaps the generation; an error is reported by the first
// request that needs prettier.
const prettierPackage = Promise.resolve().then(() => requirePeer('prettier', process.cwd(), shownDir));
const prettierModule = prettierPackage.then(async (located) => (await import(importEntry(located))) as Prettier);
prettierModule.catch(() => undefined);
let typescriptModule: Promise<TypeScript | undefined> | undefined;

/**
 * The team's TypeScript, which cuts files into pieces; loaded when first needed. Without a usable
 * one (missing, or outside the tested range), files are formatted whole: slower, never different.
 */
function loadTypescript(): Promise<TypeScript | undefined> {
  typescriptModule ??= Promise.resolve()
    .then(async () => ((await import(importEntry(requirePeer('typescript', process.cwd(), shownDir)))) as { default: TypeScript }).default)
    .catch(() => undefined);
  return typescriptModule;
}

const queue: Request[] = [];
let draining = false;

process.on('message', (request: Request) => {
  queue.push(request);
  if (!draining) void drain();
});

async function drain(): Promise<void> {
  draining = true;
  while (queue.length) {
    const request = queue.shift() as Request;
    let reply: Reply;
    try {
      reply = { id: request.id, ok: true, payload: await answer(request) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const drift = error instanceof DriftError ? error : undefined;
      reply = { id: request.id, ok: false, error: { name: drift?.name ?? 'FormatError', message, file: drift?.file, fix: drift?.fix } };
    }
    if (request.kind === 'finish') {
      // Stryker disable next-line OptionalChaining: equivalent, a process started with an IPC channel always has send
      process.send?.(reply, () => process.exit(0));
      return;
    }
    // Stryker disable next-line OptionalChaining: equivalent, a process started with an IPC channel always has send
    process.send?.(reply);
  }
  draining = false;
}

async function answer(request: Request): Promise<unknown> {
  switch (request.kind) {
    case 'warm-up':
      // Stryker disable next-line ArrowFunction,ConditionalExpression,EqualityOperator: equivalent for every answer, when warming stops changes only how long real work waits
      await warmUp(await prettierModule, await loadTypescript(), () => queue.length > 0);
      return {};
    case 'inspect-snapshot':
      return { form: inspectSnapshotText(request.text, request.shown) };
    case 'file': {
      const prettier = await prettierModule;
      const typescript = request.byDeclaration ? await loadTypescript() : undefined;
      const result = await formatFile(prettier, typescript, request.path, request.text, request.options, request.byDeclaration);
      recordPluginReads(result.config);
      return { result, formatterId: result.kind === 'pieces' ? formatterId(await prettierPackage) : '' };
    }
    case 'pieces':
      return { formatted: await formatPieces(await prettierModule, request.texts, request.config, request.filepath, request.shown) };
    case 'finish': {
      const prettier = await prettierModule.catch(() => undefined);
      return { prettierVersion: prettier?.version ?? '', reads: recording.records(), unstableReads: recording.unstable() };
    }
  }
}

let prettierCode: string | undefined;

/**
 * What, besides the options and the text, decides how prettier formats a piece: its version and
 * the bytes of the code that parses and prints TypeScript. Pieces are made only without plugins
 * (chunks.ts), so no plugin's code takes part.
 */
function formatterId(located: LocatedPackage): string {
  prettierCode ??= hashBytes(
    ['package.json', 'index.mjs', 'doc.mjs', 'plugins/typescript.mjs', 'plugins/estree.mjs']
      .map((name) => `${name} ${hashOf(path.join(located.dir, name))}`)
      .join('\n'),
  );
  return hashBytes([`prettier ${located.version}`, prettierCode].join('\n'));
}

function hashOf(file: string): string {
  try {
    return hashBytes(readFileSync(file));
    // Stryker disable next-line BlockStatement: equivalent, any fixed value names a missing file as well
  } catch {
    // Stryker disable next-line StringLiteral: equivalent, any fixed value names a missing file as well
    return 'missing';
  }
}

/**
 * Plugins are loaded with import, which the recording sees only where Node's loader reads through
 * the fs module: the files of local plugins (prettier gives them as absolute paths or file: URLs)
 * count as read whatever Node does. A plugin named by its package is part of the installed
 * packages, which the lockfile stands for.
 */
function recordPluginReads(config: unknown): void {
  const plugins = (config as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(plugins)) return;
  for (const plugin of plugins) {
    if (typeof plugin !== 'string') continue;
    const file = plugin.startsWith('file:') ? fileURLToPath(plugin) : plugin;
    if (path.isAbsolute(file)) recording.add(readRecordOf(file));
  }
}

function readRecordOf(file: string): ReadRecord {
  try {
    return { file, kind: 'content', hash: hashBytes(readFileSync(file)) };
  } catch {
    return { file, kind: 'absent' };
  }
}

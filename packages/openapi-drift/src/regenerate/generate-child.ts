// Entry of the generation child process (started by regenerate.ts). It runs hey-api's real
// pipeline in the client folder, exactly as `npx openapi-ts` would there, but with every write
// captured in memory, and sends the files back with the post-processing steps of the config. Running in a
// child keeps the fs rerouting away from the test runner, lets a hung generator be killed, and
// captures what the generator prints.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, DriftError, GenerationError, SnapshotError } from '../core/errors.ts';
import { captureWritesInMemory } from './memory-fs.ts';
import { recordReads } from '../core/read-recorder.ts';
import { importEntry, locatePackage, requirePeer, type LocatedPackage } from '../core/peers.ts';
import type { GenerationRequest, GenerationResponse, GeneratorInputs, LayoutResponse, SnapshotMessage } from './generator-protocol.ts';
import { sha256 } from '../core/hash.ts';
import { refusedStep } from '../format/post-process.ts';
import { postProcessSteps, type PostProcessStep } from '../format/post-processors/steps.ts';
import { configFiles } from './cache.ts';
import { inspectSnapshotText, referencesStayInside, type SnapshotForm } from '../snapshot/inspect.ts';
import { readSnapshotText } from '../snapshot/snapshot.ts';

type UserConfig = Record<string, unknown>;

// OPENAPI_DRIFT_TIMINGS=1 prints how long each phase took, to the captured output.
let last = performance.now();
function mark(phase: string): void {
  if (!process.env.OPENAPI_DRIFT_TIMINGS) return;
  const now = performance.now();
  console.error(`openapi-drift timing: ${phase} ${Math.round(now - last)} ms, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1e3)} MB`);
  last = now;
}

// Every read of this process, from the config's loading on: the cache keeps exactly these. Paths
// of our own making (the in-memory output folder, the config file that is not there) are left out.
const recording = recordReads((file) => /[/\\]\.openapi-drift-\d+-[0-9a-f]{8}([/\\.]|$)/.test(file));

async function generate(request: GenerationRequest): Promise<GenerationResponse | LayoutResponse> {
  const clientDir = request.clientDir;
  const shown = (file: string) => path.relative(request.displayRoot, file) || '.';
  process.chdir(clientDir);
  // The team's own generator, as `npx openapi-ts` in this folder would find it; its config loader
  // is the one of its own @hey-api/codegen-core.
  const heyApi = requirePeer('@hey-api/openapi-ts', clientDir, shown(clientDir));
  requirePeer('typescript', heyApi.dir, shown(clientDir));
  const codegenCore = locatePackage('@hey-api/codegen-core', heyApi.dir);
  if (!codegenCore) throw new ConfigError(`@hey-api/openapi-ts ${heyApi.version} has no @hey-api/codegen-core beside it; reinstall it`, { file: shown(clientDir) });
  const { loadConfigFile, Logger } = (await import(importEntry(codegenCore))) as typeof import('@hey-api/codegen-core');

  let loaded;
  try {
    loaded = await loadConfigFile<UserConfig>({ configFile: undefined, logger: new Logger(), name: 'openapi-ts', userConfig: {} });
  } catch (error) {
    throw new ConfigError(`${shown(clientDir)}: its openapi-ts config could not be loaded: ${messageOf(error)}`, {
      file: shown(path.join(clientDir, 'openapi-ts.config.ts')),
      fix: 'fix the error in the config file; `npx openapi-ts` in that folder shows the same error',
      cause: error,
    });
  }
  const configFile = loaded.configFile && fs.existsSync(loaded.configFile) ? loaded.configFile : undefined;
  if (!loaded.foundConfig || !configFile) {
    throw new ConfigError(`${shown(clientDir)} has no openapi-ts.config.ts`, {
      file: shown(clientDir),
      fix: 'add an openapi-ts.config.ts (see README, "Add a client") or remove the folder',
    });
  }
  if (loaded.configs.length !== 1) {
    throw new ConfigError(`${shown(configFile)} defines ${loaded.configs.length} jobs; a client has exactly one`, {
      file: shown(configFile),
      fix: 'split the jobs into one client folder each',
    });
  }
  const config = loaded.configs[0] as UserConfig;
  const { snapshotFile, outputDir, output, input, postProcess } = layoutOf(config, clientDir, shown(configFile));
  if (request.layoutOnly) return { configFile, snapshotFile, outputDir, files: [], inputs: undefined };
  return generateFiles(request, { clientDir, configFile, config, snapshotFile, outputDir, output, input, heyApi, postProcess });
}

interface Job {
  clientDir: string;
  configFile: string;
  config: UserConfig;
  snapshotFile: string;
  outputDir: string;
  output: object;
  input: unknown;
  heyApi: LocatedPackage;
  postProcess: PostProcessStep[];
}

async function generateFiles(request: GenerationRequest, job: Job): Promise<GenerationResponse> {
  const { clientDir, configFile, config, snapshotFile, outputDir, output, input, heyApi, postProcess } = job;
  const shown = (file: string) => path.relative(request.displayRoot, file) || '.';
  const { createClient } = (await import(importEntry(heyApi))) as typeof import('@hey-api/openapi-ts');
  // `sync` and `add` generate from a fetched document before it replaces the snapshot.
  const inputFile = request.inputOverride ?? snapshotFile;
  if (/[#?]/.test(inputFile)) {
    // hey-api resolves its input as a URL: '#' and '?' in the path end it ("Input file not found").
    throw new ConfigError(`${shown(inputFile)}: hey-api cannot read a snapshot whose path contains '#' or '?' (it reads the path as a URL), and neither can \`npx openapi-ts\``, {
      file: shown(inputFile),
      fix: 'rename the folder without # and ?',
    });
  }
  mark('config');
  const { snapshotText, snapshotSha256, snapshotForm } = await inspectSnapshot(inputFile, shown(snapshotFile));

  // Same depth as the real output folder, so that the relative paths hey-api computes match.
  const memoryRoot = path.join(path.dirname(outputDir), `.openapi-drift-${process.pid}-${randomBytes(4).toString('hex')}`);
  const capture = captureWritesInMemory(memoryRoot);
  // hey-api reads the very text that was checked and hashed, not the file again.
  capture.pin(inputFile, Buffer.from(snapshotText, 'utf8'));
  let raw: Map<string, string>;
  try {
    const logs = config.logs;
    const contexts = await createClient({
      ...(config as object),
      // The config is loaded already, with its imports, as c12 loads it: createClient would load
      // it again from its folder (c12 evaluates it anew each time) and merge this over it. A config
      // file that is not there makes it load nothing and take this as it is; it lies in the client
      // folder, where hey-api looks for the project's package.json from the config file's folder.
      configFile: path.join(clientDir, `.openapi-drift-${process.pid}-${randomBytes(4).toString('hex')}.none.ts`),
      dryRun: false,
      interactive: false,
      input: request.inputOverride === undefined ? config.input : typeof config.input === 'object' && config.input ? { ...(input as object), path: inputFile } : inputFile,
      logs: { ...(typeof logs === 'object' ? logs : typeof logs === 'string' ? { level: logs } : {}), file: false },
      // Post-processing happens afterwards, in memory; the legacy fields would bring it back.
      output: { ...output, clean: true, path: memoryRoot, postProcess: [], format: undefined, lint: undefined },
    } as unknown as Parameters<typeof createClient>[0]);
    if (contexts.length === 0) {
      throw new SnapshotError(`hey-api could not read ${shown(snapshotFile)}`, { file: shown(snapshotFile) });
    }
    raw = capture.files();
    mark('generate');
  } catch (error) {
    if (error instanceof DriftError) throw error;
    throw classifyHeyApiError(error, shown(configFile), shown(snapshotFile));
  } finally {
    capture.restore();
  }
  if (fs.existsSync(memoryRoot)) {
    // Something wrote past the routing. It could only land in this fresh folder of our own.
    fs.rmSync(memoryRoot, { recursive: true, force: true });
    throw new GenerationError('the generator wrote to disk past the in-memory capture; nothing was compared', {
      fix: 'report this with the versions of @hey-api/openapi-ts and Node',
    });
  }
  if (raw.size === 0) throw new GenerationError(`hey-api generated no files for ${shown(clientDir)}`);
  const inputs: GeneratorInputs = {
    snapshot: snapshotSha256,
    config: await configDigest(clientDir, configFile, recording.records()),
    generator: heyApi.version,
    node: process.versions.node.split('.')[0] ?? process.versions.node,
  };
  // As generated: regenerate.ts post-processes them (format/post-process.ts).
  return { configFile, snapshotFile, outputDir, files: [...raw], postProcess, inputs, snapshotForm, reads: recording.records(), unstableReads: recording.unstable() };
}

/**
 * Reads the snapshot and tells the parent. A JSON document whose references all stay inside it
 * goes to hey-api at once, and its full check (snapshot/inspect.ts) is done by a formatter process
 * meanwhile; anything else is checked here first, so that hey-api never follows a reference out
 * of the document and a bad snapshot is reported before hey-api sees it.
 */
async function inspectSnapshot(file: string, shownAs: string): Promise<{ snapshotText: string; snapshotSha256: string; snapshotForm?: SnapshotForm }> {
  const snapshotText = await readSnapshotText(file, shownAs);
  const delegated = referencesStayInside(snapshotText);
  const snapshotForm = delegated ? undefined : inspectSnapshotText(snapshotText, shownAs);
  const message: SnapshotMessage = { kind: 'snapshot', bytes: Buffer.byteLength(snapshotText), text: delegated ? snapshotText : undefined, shown: shownAs };
  // Written out before hey-api starts: its long synchronous stretches would hold the rest of a
  // large message back until the generation ends, and the check with it.
  await new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
  return { snapshotText, snapshotSha256: sha256(snapshotText), snapshotForm };
}

function layoutOf(config: UserConfig, clientDir: string, configName: string) {
  const outputValue = config.output;
  const output = (typeof outputValue === 'string' ? { path: outputValue } : outputValue) as { path?: unknown; postProcess?: unknown } | undefined;
  if (!output || typeof output.path !== 'string' || !output.path) {
    throw new ConfigError(`${configName} has no output path`, { file: configName, fix: "set `output: './src/client'` (any folder inside the client)" });
  }
  const outputDir = path.resolve(clientDir, output.path);
  const relative = path.relative(clientDir, outputDir);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ConfigError(`${configName}: output path ${output.path} must be a folder inside the client folder`, {
      file: configName,
      fix: "set output to a sub-folder such as './src/client'",
    });
  }
  const steps = postProcessSteps(output as { postProcess?: unknown; lint?: unknown; format?: unknown });
  if (!steps.ok) throw new ConfigError(`${configName}: ${steps.reason}`, { file: configName, fix: 'fix the postProcess list; `npx openapi-ts` fails on it too' });
  const refused = refusedStep(steps.steps, configName);
  if (refused) throw refused;
  const inputValue = config.input;
  const input = typeof inputValue === 'string' ? inputValue : (inputValue as { path?: unknown } | undefined)?.path;
  if (typeof input !== 'string' || /^[a-z][a-z0-9+.-]*:\/\//i.test(input)) {
    throw new ConfigError(`${configName}: input must be the path of the committed snapshot file, got ${JSON.stringify(input ?? null)}`, {
      file: configName,
      fix:
        typeof input === 'string' && /^https?:\/\//i.test(input)
          ? `save what ${input} serves as ${path.join(path.dirname(configName), 'openapi.json')}, set input: './openapi.json', and record the URL in ${path.join(path.dirname(configName), 'openapi-drift.json')} as {"source": ${JSON.stringify(input)}}, so that live and sync fetch it`
          : "set input: './openapi.json' and record the URL as the client's source (see README)",
    });
  }
  const snapshotFile = path.resolve(clientDir, input);
  const snapshotInTree = path.relative(outputDir, snapshotFile);
  if (!snapshotInTree.startsWith('..') && !path.isAbsolute(snapshotInTree)) {
    // The output folder is wholly generated: -u removes what the generator does not write.
    throw new ConfigError(`${configName}: the snapshot ${input} lies inside the output folder ${output.path}, which is wholly generated; -u would delete it`, {
      file: configName,
      fix: "keep the snapshot beside the output folder, e.g. input: './openapi.json' with output: './src/client'",
    });
  }
  return { snapshotFile, outputDir, output, input: inputValue, postProcess: steps.steps };
}

function classifyHeyApiError(error: unknown, configName: string, snapshotName: string): DriftError {
  const name = error instanceof Error ? error.name : '';
  const original = (error as { originalError?: { error?: unknown } })?.originalError?.error ?? error;
  const message = messageOf(original);
  if (name === 'ConfigError' || name === 'ConfigValidationError') {
    return new ConfigError(`${configName}: ${message}`, { file: configName, fix: 'fix the config; `npx openapi-ts` shows the same error', cause: error });
  }
  if (name === 'InputError') return new SnapshotError(`${snapshotName}: ${message}`, { file: snapshotName, cause: error });
  return new GenerationError(`hey-api failed: ${message}`, { file: snapshotName, cause: error });
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

process.once('message', (request: GenerationRequest) => {
  generate(request).then(
    (response) => process.send?.({ ok: true, response }, () => process.exit(0)),
    (error: unknown) => {
      const drift = error instanceof DriftError ? error : undefined;
      const payload = {
        name: drift ? drift.name : 'GenerationError',
        message: drift ? drift.message : `openapi-drift crashed while generating: ${messageOf(error)}`,
        file: drift?.file,
        fix: drift ? drift.fix : 'this is a bug in openapi-drift; please report it with the stack below',
        stack: error instanceof Error ? error.stack : undefined,
      };
      if (!drift && error instanceof Error) console.error(error.stack);
      process.send?.({ ok: false, error: payload }, () => process.exit(1));
    },
  );
});

/**
 * The config as it was read when loaded, not as it is now, with the local modules it imports: a
 * change in one of them is a config change, not a hand edit of the tree. A config that imports none
 * keeps the digest of its own bytes, as recorded before.
 */
async function configDigest(clientDir: string, configFile: string, records: ReturnType<ReturnType<typeof recordReads>['records']>): Promise<string> {
  const asRead = async (file: string) => records.find((record) => record.file === file && record.kind === 'content')?.hash ?? sha256(await fs.promises.readFile(file));
  const own = await asRead(configFile);
  const imported = (await configFiles(clientDir)).filter((file) => path.resolve(file) !== path.resolve(configFile));
  if (imported.length === 0) return own;
  const parts = await Promise.all(imported.map(async (file) => `${path.relative(clientDir, file)}\0${await asRead(file)}`));
  return sha256([own, ...parts].join('\n'));
}

// The Vitest plugin (`openapi-drift/plugin`). Vitest decides which tests run from its config and
// from the module graph; a contract test imports none of the files it checks (the snapshot, the
// config, the generated tree), so without help Vitest would not run it when one of them changes,
// nor at all in a config with `test.projects`. The plugin:
//   - adds contract-tests/ to `test.include` (a config without projects);
//   - with `test.projects`, finds out whether a project already collects the contract tests, and
//     adds a project of its own, `openapi-drift`, when none does;
//   - makes every file of a client folder a dependency of its contract test, so that
//     `vitest related <file>`, `vitest --changed` and watch mode select the test;
//   - refuses an update that nobody asked for (`UPDATE_SNAPSHOT=false`, `--update=false`:
//     see update-mode.ts), and tells the contract tests that it is there and where the repository is.
import fs from 'node:fs/promises';
import path from 'node:path';
import { assertTestedVitest } from '../core/peers.ts';
import { findClients, type ClientEntry } from '../project/clients.ts';
import { CONTRACT_TEST_SUFFIX, contractTestPath } from '../project/contract-tests.ts';
import { CONTRACT_PROJECT, CONTRACT_TESTS_GLOB, PLUGIN_NAME, PLUGIN_PROBE, PLUGIN_PROBE_ANSWER, PROVIDED_KEY, type ProvidedSettings } from '../project/plugin-settings.ts';
import { decideUpdateMode, refusedUpdateMessage, type SnapshotUpdateMode } from './update-mode.ts';

export interface OpenapiDriftPluginOptions {
  /** The repository root (holds clients/ and contract-tests/). Default: Vitest's root, else the current directory. */
  root?: string;
}

interface WatchTrigger {
  pattern: RegExp;
  testsToRun: (file: string, match: RegExpMatchArray) => string | string[] | null | undefined;
}

interface ConfigShape {
  root?: string;
  test?: { include?: string[]; projects?: unknown[]; watchTriggerPatterns?: WatchTrigger[] };
}

/** The parts of Vitest's `configureVitest` context this plugin uses (Vitest 5). */
interface VitestContext {
  vitest: {
    config: { root: string; watchTriggerPatterns?: WatchTrigger[] | null; cliOptions: { update?: unknown }; snapshotOptions: { updateSnapshot: SnapshotUpdateMode }; reporters: unknown[] };
    snapshot?: { options?: { updateSnapshot?: SnapshotUpdateMode } };
    projects: VitestProject[];
    logger: { warn: (message: string) => void };
    provide: (key: string, value: unknown) => void;
  };
  injectTestProjects: (config: unknown) => Promise<unknown[]>;
}

interface VitestProject {
  name: string;
  matchesTestGlob: (moduleId: string) => boolean;
  vite: { config: { plugins: ReadonlyArray<{ name: string }> } };
}

interface TransformContext {
  addWatchFile: (file: string) => void;
}

/** The reporters that print a failure in a few lines (Vitest picks `minimal` for coding agents): by name, or Vitest's MinimalReporter itself. */
const COMPACT_REPORTERS = ['agent', 'minimal'];

export function usesCompactReporter(reporters: unknown[]): boolean {
  return reporters.some((entry) => {
    const reporter = Array.isArray(entry) ? entry[0] : entry;
    if (typeof reporter === 'string') return COMPACT_REPORTERS.includes(reporter);
    return (reporter as { constructor?: { name?: string } } | undefined)?.constructor?.name === 'MinimalReporter';
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Folders never walked for a client's files: installed packages, version control, caches. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.cache']);
/** A client folder is small (a snapshot, a config, a tree); a walk stops here rather than list a whole repository. */
const MAX_WATCHED_FILES = 20_000;

/** Every file below a client folder, except other clients' folders and the contract tests. */
async function clientFiles(client: ClientEntry, others: string[]): Promise<string[]> {
  const files: string[] = [];
  const queue = [client.dir];
  while (queue.length && files.length < MAX_WATCHED_FILES) {
    const dir = queue.shift() as string;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !others.includes(absolute)) queue.push(absolute);
      } else if (entry.isFile() || entry.isSymbolicLink()) files.push(absolute);
    }
  }
  return files;
}

/**
 * Watch mode: any file below a client folder re-runs its contract test, also a file added after the
 * test was loaded (which no transform has seen).
 */
async function watchTriggers(root: string): Promise<WatchTrigger[]> {
  const clients = await findClients({ root }).catch(() => [] as ClientEntry[]);
  return clients.map((client) => ({
    pattern: new RegExp(`^${escapeRegExp(client.dir).replace(/[\\/]/g, '[\\\\/]')}[\\\\/]`),
    testsToRun: () => path.join(root, contractTestPath(client.name)),
  }));
}

/** `existing` with `triggers` added, none twice. */
function withTriggers(existing: WatchTrigger[] | null | undefined, triggers: WatchTrigger[]): WatchTrigger[] {
  const list = [...(existing ?? [])];
  for (const trigger of triggers) if (!list.some((entry) => entry.pattern.source === trigger.pattern.source)) list.push(trigger);
  return list;
}

/** The transform that ties a contract test to its client's files. */
function dependenciesOfContractTests(root: () => string) {
  return {
    name: `${PLUGIN_NAME}:client-files`,
    async transform(this: TransformContext, _code: string, id: string): Promise<undefined> {
      const file = id.split('?')[0] as string;
      if (!file.endsWith(CONTRACT_TEST_SUFFIX)) return undefined;
      const clients = await findClients({ root: root() }).catch(() => [] as ClientEntry[]);
      const client = clients.find((entry) => path.resolve(root(), contractTestPath(entry.name)) === path.resolve(file));
      if (!client) return undefined;
      const others = [...clients.filter((entry) => entry !== client).map((entry) => entry.dir), path.join(root(), 'contract-tests')];
      for (const dependency of await clientFiles(client, others)) this.addWatchFile(dependency);
      return undefined;
    },
  };
}

/** The Vitest project of the contract tests: they and the transform that ties them to their clients' files. */
function contractProject(root: string, clientFilesPlugin: object) {
  return { test: { name: CONTRACT_PROJECT, root, include: [CONTRACT_TESTS_GLOB] }, plugins: [clientFilesPlugin] };
}

export function openapiDrift(options: OpenapiDriftPluginOptions = {}) {
  let root = path.resolve(options.root ?? process.cwd());
  const configured = new WeakSet<object>();
  const clientFilesPlugin = dependenciesOfContractTests(() => root);
  return {
    name: PLUGIN_NAME,
    transform: clientFilesPlugin.transform,

    async config(config: ConfigShape): Promise<void> {
      root = path.resolve(options.root ?? config.root ?? process.cwd());
      // Refused here, by name and version, before an older Vitest meets what it does not have.
      assertTestedVitest(root);
      const test = (config.test ??= {});
      if (Array.isArray(test.projects)) {
        // With projects the root's include is not read: the contract tests get a project of their
        // own, there from the start, so that `--project openapi-drift` selects it.
        if (!test.projects.some((entry) => typeof entry === 'object' && entry !== null && (entry as { test?: { name?: unknown } }).test?.name === CONTRACT_PROJECT)) {
          test.projects = [...test.projects, contractProject(root, clientFilesPlugin)];
        }
      } else if (test.include && !test.include.includes(CONTRACT_TESTS_GLOB)) {
        // Without an include of its own, Vitest's default (**/*.test.ts) already finds the contract tests.
        test.include = [...test.include, CONTRACT_TESTS_GLOB];
      }
      test.watchTriggerPatterns = withTriggers(test.watchTriggerPatterns, await watchTriggers(root));
    },

    async configureVitest(context: VitestContext): Promise<void> {
      const { vitest } = context;
      // Called once for each project that has the plugin: the run is set up once.
      if (configured.has(vitest)) return;
      configured.add(vitest);
      if (process.env[PLUGIN_PROBE]) console.log(PLUGIN_PROBE_ANSWER);
      root = path.resolve(options.root ?? vitest.config.root);

      const decision = decideUpdateMode({ cli: vitest.config.cliOptions.update, env: process.env.UPDATE_SNAPSHOT, resolved: vitest.config.snapshotOptions.updateSnapshot });
      if (decision.refused) {
        // Every project's tests read the mode from the root config; the editor's update button
        // overrides it later, as it should.
        vitest.config.snapshotOptions.updateSnapshot = decision.mode;
        if (vitest.snapshot?.options) vitest.snapshot.options.updateSnapshot = decision.mode;
        vitest.logger.warn(refusedUpdateMessage(decision.refused));
      }
      vitest.provide(PROVIDED_KEY, {
        root,
        ...(decision.refused ? { refusedUpdate: decision.refused } : {}),
        // A test cannot see the reporters: under `agent` or `minimal` a drifted file reads in three lines.
        ...(usesCompactReporter(vitest.config.reporters) ? { compactFailures: true } : {}),
      } satisfies ProvidedSettings);

      // Vitest reads watch triggers from the root config only, wherever the plugin is.
      vitest.config.watchTriggerPatterns = withTriggers(vitest.config.watchTriggerPatterns, await watchTriggers(root));

      const clients = await findClients({ root }).catch(() => []);
      const testFiles = clients.map((client) => path.join(root, contractTestPath(client.name)));
      if (testFiles.length === 0) return;
      const collecting = vitest.projects.filter((project) => testFiles.some((file) => project.matchesTestGlob(file)));
      if (collecting.length === 0) {
        // With `test.projects`, the root's include is not read: the contract tests get a project of their own.
        // The plugin sits in a project that does not collect them (or the config has none of its own).
        await context.injectTestProjects(contractProject(root, clientFilesPlugin));
        return;
      }
      for (const project of collecting) {
        if (project.vite.config.plugins.some((plugin) => plugin.name === PLUGIN_NAME || plugin.name === clientFilesPlugin.name)) continue;
        vitest.logger.warn(
          `openapi-drift: the Vitest project "${project.name}" runs the contract tests without the openapi-drift plugin, so \`vitest related\`, \`--changed\` and watch mode cannot tell when a client's files change. Add openapiDrift() to that project's plugins.`,
        );
      }
    },
  };
}

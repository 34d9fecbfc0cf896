// Will the repository's Vitest really run a contract test? A contract test that `npm test` never
// collects is a gate that is always green. The only honest answer comes from Vitest itself: the
// repository's own Vitest lists the files its config includes (`vitest list --filesOnly`).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { commandFor } from '../core/package-manager.ts';
import { locatePackage, requirePeer } from '../core/peers.ts';
import { PLUGIN_PROBE, PLUGIN_PROBE_ANSWER } from './plugin-settings.ts';

export type VitestVerdict = ({ runs: true; usesPlugin: boolean } | { runs: false; reason: string; advice: string }) & {
  /** The Vitest config written because the repository had none (relative to the root). */
  wroteConfig?: string;
};

/** What `add` and `init` write when the repository has no Vitest config at all. */
export const NEW_VITEST_CONFIG = `import { defineConfig } from 'vitest/config';
import { openapiDrift } from 'openapi-drift/plugin';

export default defineConfig({
  plugins: [openapiDrift()],
});
`;

const PLUGIN_ADVICE = `add the openapi-drift plugin to the repository's Vitest config; it runs the contract tests in every configuration (also with test.projects, vitest related and --changed), re-runs a client's contract test when its folder changes, and lets them write only on an explicit -u:

  import { defineConfig } from 'vitest/config';
  import { openapiDrift } from 'openapi-drift/plugin';

  export default defineConfig({
    plugins: [openapiDrift()],
    test: { /* your settings */ },
  });`;

const CONFIG_NAMES = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs', 'vitest.config.cts', 'vitest.config.cjs', 'vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs'];

/** The Vitest config file at the root, if there is one. */
async function vitestConfigFile(root: string): Promise<string | undefined> {
  for (const name of CONFIG_NAMES) {
    // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false here
    if (await fs.access(path.join(root, name)).then(() => true, () => false)) return path.join(root, name);
  }
  return undefined;
}

/** Asks the repository's Vitest whether it collects `testFiles` (absolute paths). */
export async function checkVitestRunsContractTests(root: string, testFiles: string[]): Promise<VitestVerdict> {
  const vitest = locatePackage('vitest', root);
  if (!vitest) {
    return { runs: false, reason: 'Vitest is not installed in this repository, so nothing runs the contract tests', advice: `${commandFor(root, { install: ['vitest'] })}, then add "test": "vitest run" to package.json` };
  }
  // Vitest is a peer like the others: a version outside the tested range is refused by name.
  // Stryker disable next-line StringLiteral: equivalent, the folder is named only when Vitest is missing, and it was just found
  requirePeer('vitest', root, '.');
  let configFile = await vitestConfigFile(root);
  let wroteConfig: string | undefined;
  if (!configFile) {
    // A new file, nothing replaced: the one place a team's Vitest config is written for it.
    configFile = path.join(root, 'vitest.config.ts');
    await writeFileAtomic(configFile, NEW_VITEST_CONFIG, { label: 'vitest-config' });
    wroteConfig = 'vitest.config.ts';
  }
  const verdict = await askVitest(root, testFiles, configFile, vitest.dir);
  return wroteConfig ? { ...verdict, wroteConfig } : verdict;
}

async function askVitest(root: string, testFiles: string[], configFile: string, vitestDir: string): Promise<VitestVerdict> {
  // Stryker disable next-line StringLiteral: equivalent, the name of the private folder of the report, removed below
  const report = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-vitest-list-')), 'list.json');
  try {
    const relative = testFiles.map((file) => path.relative(root, file).split(path.sep).join('/'));
    // Stryker disable next-line StringLiteral,ObjectLiteral: equivalent, Vitest colours nothing and asks nothing when its output is a pipe, in CI or not
    const plain = { NO_COLOR: '1', CI: 'true' };
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [path.join(vitestDir, 'vitest.mjs'), 'list', '--filesOnly', `--json=${report}`, ...relative], { cwd: root, env: { ...process.env, ...plain, [PLUGIN_PROBE]: '1' }, timeout: 120_000 }, (_error, stdout, stderr) =>
        resolve(`${stdout}${stderr}`),
      );
    });
    const listed = JSON.parse(await fs.readFile(report, 'utf8').catch(() => '[]')) as Array<{ file: string }>;
    const collected = new Set(listed.map((entry) => path.resolve(entry.file)));
    const missing = testFiles.filter((file) => !collected.has(path.resolve(file)));
    // The plugin says so itself when it is in the config Vitest resolved (wherever it sits: the root, a project).
    const usesPlugin = output.includes(PLUGIN_PROBE_ANSWER);
    if (missing.length === 0) return { runs: true, usesPlugin };
    const shown = missing.map((file) => path.relative(root, file)).join(', ');
    const cause = /error/i.test(output) && listed.length === 0 ? ` (vitest list said: ${output.trim().split('\n').slice(-3).join(' ')})` : '';
    return {
      runs: false,
      reason: `the repository's Vitest config (${path.basename(configFile)}) does not include ${shown}, so \`${commandFor(root, { script: 'test' })}\` would pass without checking it${cause}`,
      advice: PLUGIN_ADVICE,
    };
  } finally {
    await fs.rm(path.dirname(report), {
      recursive: true,
      // Stryker disable next-line BooleanLiteral: equivalent, the folder was made above; only a process that removed it since could make force matter
      force: true,
    });
  }
}

/** Sentences for `init` and `add` to print after writing contract tests. */
export function describeVitestVerdict(verdict: VitestVerdict): string {
  const wrote = verdict.wroteConfig ? `wrote ${verdict.wroteConfig} (the repository had no Vitest config): it uses the openapi-drift plugin\n` : '';
  return wrote + describeRuns(verdict);
}

/** Whether `npm test` will check the clients now, for the closing "next:" line. */
export function readyToTest(verdict: VitestVerdict): boolean {
  return verdict.runs && verdict.usesPlugin;
}

function describeRuns(verdict: VitestVerdict): string {
  if (!verdict.runs) return `warning: ${verdict.reason}.\nTo fix it, ${verdict.advice}\n`;
  if (!verdict.usesPlugin) return `warning: Vitest collects the contract tests, but its config does not use the openapi-drift plugin, so they fail until it does. To fix it, ${PLUGIN_ADVICE}\n`;
  return '';
}

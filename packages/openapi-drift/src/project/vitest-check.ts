// Will the repository's Vitest really run a contract test? A contract test that `npm test` never
// collects is a gate that is always green. The only honest answer comes from Vitest itself: the
// repository's own Vitest lists the files its config includes (`vitest list --filesOnly`).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commandFor } from '../core/package-manager.ts';
import { locatePackage } from '../core/peers.ts';

export type VitestVerdict =
  | { runs: true; usesPlugin: boolean }
  | { runs: false; reason: string; advice: string };

const PLUGIN_ADVICE = `add the openapi-drift plugin to the repository's Vitest config; it includes contract-tests/ and re-runs a client's contract test when its folder changes:

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
  const configFile = await vitestConfigFile(root);
  const usesPlugin = configFile ? (await fs.readFile(configFile, 'utf8')).includes('openapi-drift/plugin') : false;
  const report = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-vitest-list-')), 'list.json');
  try {
    const relative = testFiles.map((file) => path.relative(root, file).split(path.sep).join('/'));
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [path.join(vitest.dir, 'vitest.mjs'), 'list', '--filesOnly', `--json=${report}`, ...relative], { cwd: root, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, timeout: 120_000 }, (_error, stdout, stderr) =>
        resolve(`${stdout}${stderr}`),
      );
    });
    const listed = JSON.parse(await fs.readFile(report, 'utf8').catch(() => '[]')) as Array<{ file: string }>;
    const collected = new Set(listed.map((entry) => path.resolve(entry.file)));
    const missing = testFiles.filter((file) => !collected.has(path.resolve(file)));
    if (missing.length === 0) return { runs: true, usesPlugin };
    const shown = missing.map((file) => path.relative(root, file)).join(', ');
    const cause = /error/i.test(output) && listed.length === 0 ? ` (vitest list said: ${output.trim().split('\n').slice(-3).join(' ')})` : '';
    return {
      runs: false,
      reason: `the repository's Vitest config${configFile ? ` (${path.basename(configFile)})` : ''} does not include ${shown}, so \`${commandFor(root, { script: 'test' })}\` would pass without checking it${cause}`,
      advice: PLUGIN_ADVICE,
    };
  } finally {
    await fs.rm(path.dirname(report), { recursive: true, force: true });
  }
}

/** Sentences for `init` and `add` to print after writing contract tests. */
export function describeVitestVerdict(verdict: VitestVerdict): string {
  if (!verdict.runs) return `warning: ${verdict.reason}.\nTo fix it, ${verdict.advice}\n`;
  if (!verdict.usesPlugin) return `Vitest runs the contract tests. For watch mode to re-run a client's test when its snapshot, config or tree changes, ${PLUGIN_ADVICE}\n`;
  return '';
}

// In `vitest` watch mode, changing a client's snapshot re-runs that client's contract test, with the
// plugin at the root of the config or inside one of its projects.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { killChild } from '../packages/openapi-drift/src/core/kill-child.ts';
import { createTempProject, REPO, type TempProject } from './helpers/temp-project.ts';

const projects: TempProject[] = [];
afterAll(() => Promise.all(projects.map((project) => project.remove())));

const PLUGIN_INSIDE_A_PROJECT = `import { defineConfig } from 'vitest/config';
import { openapiDrift } from 'openapi-drift/plugin';

export default defineConfig({
  test: { projects: [{ test: { name: 'unit', include: ['test/**/*.test.ts'] } }, { plugins: [openapiDrift()], test: { name: 'contracts', include: ['contract-tests/**/*.test.ts'] } }] },
});
`;

test.for([
  ['the plugin at the root of the config', undefined],
  ['the plugin inside one of the projects', PLUGIN_INSIDE_A_PROJECT],
] as const)('a snapshot change re-runs the client contract test in watch mode, with %s', async ([, config]) => {
  const project = await createTempProject(['petstore']);
  projects.push(project);
  if (config) await fs.writeFile(path.join(project.root, 'vitest.config.ts'), config);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: undefined };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
  const child = spawn(path.join(REPO, 'node_modules/.bin/vitest'), ['--watch', 'contract-tests/petstore.contract.test.ts'], {
    cwd: project.root,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  // Waits for Vitest's output, however long a busy machine takes; a Vitest that exits instead fails the test.
  const waitFor = (pattern: RegExp, from: number) =>
    new Promise<number>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`vitest exited (${code}) before printing ${pattern}:\n${output}`));
      const check = () => {
        const match = pattern.exec(output.slice(from));
        if (match) {
          child.stdout.off('data', check);
          child.off('exit', exited);
          resolve(from + match.index + match[0].length);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', exited);
      check();
    });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const firstRun = await waitFor(/Waiting for file changes/, 0);
    // The canonical-snapshot test, one test per generated file, the type check, and the check that every client has a contract test.
    expect(output.slice(0, firstRun)).toMatch(/Tests\s+19 passed/);
    const snapshot = path.join(project.clientDir('petstore'), 'openapi.json');
    const text = await fs.readFile(snapshot, 'utf8');
    await fs.writeFile(snapshot, text.replace('"tag": {\n            "type": "string"\n          }', '"tag": {\n            "type": "integer"\n          }'));
    const rerun = await waitFor(/RERUN[^\n]*clients\/petstore\/openapi\.json[\s\S]*?(Waiting|Watching) for file changes/, firstRun);
    expect(output.slice(firstRun, rerun)).toMatch(/Tests\s+1 failed \| 18 passed/);
    expect(output.slice(firstRun, rerun)).toContain('src/client/types.gen.ts');
  } finally {
    killChild(child, 'SIGTERM');
  }
});

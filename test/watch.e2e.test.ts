// In `vitest` watch mode, changing a client's snapshot re-runs that client's contract test.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createTempProject, REPO, type TempProject } from './helpers/temp-project.ts';

let project: TempProject | undefined;
afterAll(() => project?.remove());

test('a snapshot change re-runs the client contract test in watch mode', async () => {
  project = await createTempProject(['petstore']);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: undefined };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST') delete env[key];
  const child = spawn(path.join(REPO, 'node_modules/.bin/vitest'), ['--watch', 'contract-tests/petstore.contract.test.ts'], {
    cwd: project.root,
    env: env as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waitFor = (pattern: RegExp, from: number) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${output}`)), 60_000);
      const check = () => {
        const match = pattern.exec(output.slice(from));
        if (match) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve(from + match.index + match[0].length);
        }
      };
      child.stdout.on('data', check);
      check();
    });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const firstRun = await waitFor(/Waiting for file changes/, 0);
    // The canonical-snapshot test, one test per generated file, and the type check.
    expect(output.slice(0, firstRun)).toMatch(/Tests\s+18 passed/);
    const snapshot = path.join(project.clientDir('petstore'), 'openapi.json');
    const text = await fs.readFile(snapshot, 'utf8');
    await fs.writeFile(snapshot, text.replace('"tag": {\n            "type": "string"\n          }', '"tag": {\n            "type": "integer"\n          }'));
    const rerun = await waitFor(/RERUN[^\n]*clients\/petstore\/openapi\.json[\s\S]*?(Waiting|Watching) for file changes/, firstRun);
    expect(output.slice(firstRun, rerun)).toMatch(/Tests\s+1 failed \| 17 passed/);
    expect(output.slice(firstRun, rerun)).toContain('src/client/types.gen.ts');
  } finally {
    child.kill();
  }
});

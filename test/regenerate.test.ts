// The limits of one regeneration: a hung generation is stopped after OPENAPI_DRIFT_TIMEOUT seconds
// (or the caller's own limit), and the message says how to raise it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { GenerationError } from '../packages/openapi-drift/src/core/errors.ts';
import { defaultTimeoutMs, regenerate } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let hangs: string;
beforeAll(async () => {
  project = await createTempProject([]);
  hangs = project.clientDir('hangs');
  await fs.mkdir(hangs, { recursive: true });
  // A config that never finishes loading: the generation child waits forever.
  await fs.writeFile(path.join(hangs, 'openapi-ts.config.ts'), 'setInterval(() => {}, 1000);\nexport default new Promise(() => {});\n');
});
afterAll(() => project?.remove());
afterEach(() => vi.unstubAllEnvs());

test.each([
  ['unset', undefined, 300_000],
  ['a number of seconds', '7', 7_000],
  ['a fraction', '0.5', 500],
  // Values that do not fit are refused: test/user-numbers.test.ts.
])('OPENAPI_DRIFT_TIMEOUT %s: %s gives %i ms', (_description, value, expected) => {
  vi.stubEnv('OPENAPI_DRIFT_TIMEOUT', value);
  expect(defaultTimeoutMs()).toBe(expected);
});

test('a hung generation is stopped after OPENAPI_DRIFT_TIMEOUT seconds, with the way to raise it', async () => {
  vi.stubEnv('OPENAPI_DRIFT_TIMEOUT', '1');
  const error = await regenerate(hangs, { displayRoot: project.root }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(GenerationError);
  expect((error as GenerationError).message).toBe('clients/hangs: generation did not finish within 1 s and was stopped');
  expect((error as GenerationError).fix).toContain('OPENAPI_DRIFT_TIMEOUT=<seconds>');
});

test("the caller's own limit wins over OPENAPI_DRIFT_TIMEOUT", async () => {
  vi.stubEnv('OPENAPI_DRIFT_TIMEOUT', '600');
  await expect(regenerate(hangs, { displayRoot: project.root, timeoutMs: 1_500 })).rejects.toThrow('generation did not finish within 1.5 s and was stopped');
});

// Messages that name the cause: a contract test that points at a client folder that is not there
// (the test file was moved) says so, instead of failing with `spawn node ENOENT`.
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';

test('a client folder that does not exist is named, with the likely cause and the fix', async () => {
  const root = os.tmpdir();
  const missing = path.join(root, 'openapi-drift-no-such-dir', 'clients', 'petstore');
  const error = await checkClient(missing, { displayRoot: root }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toBe('openapi-drift-no-such-dir/clients/petstore: the client folder does not exist (was the contract test or the client moved?)');
  expect((error as ConfigError).fix).toContain('npx openapi-drift contracts');
  expect((error as ConfigError).message).not.toContain('ENOENT');
});

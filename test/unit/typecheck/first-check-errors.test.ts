// A check that cannot run for a reason without a fix says the reason alone, on one line.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readTypeCheckSetting } from '../../../packages/openapi-drift/src/project/client-record.ts';
import { typeCheckBeforeFirstTest } from '../../../packages/openapi-drift/src/typecheck/first-check.ts';
import { createTinyRepo, regenerationOf, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
beforeEach(async () => {
  repo = await createTinyRepo('openapi-drift-first-errors-');
});
afterEach(async () => {
  await repo?.remove();
});

test('an unreadable openapi-drift.json: the reason, and nothing after it', async () => {
  await repo.write('clients/shop/openapi-drift.json', '{ "typeCheck": ');
  const result = await typeCheckBeforeFirstTest(regenerationOf(repo, {}), { displayRoot: repo.root });
  expect(result.status).toBe('not-run');
  const reason = await readTypeCheckSetting(repo.clientDir, 'clients/shop').then(
    () => 'read',
    (error: Error) => error.message,
  );
  expect(reason).toContain('openapi-drift.json');
  expect(result.text).toBe(`  type-check: could not run, so its \`type-checks\` test will fail: ${reason}\n`);
});

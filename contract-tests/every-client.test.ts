// Every client folder has its generated contract test, and every contract test has its client.
import { expect, test } from 'vitest';
import { checkContractTests, describeContractProblems } from 'openapi-drift';

test('every client in clients/ has its contract test and every contract test its client', async () => {
  const problems = await checkContractTests({ root: new URL('..', import.meta.url).pathname });
  expect(problems, problems.length ? describeContractProblems(problems) : '').toEqual([]);
});

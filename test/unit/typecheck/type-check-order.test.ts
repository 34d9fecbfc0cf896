// The errors of a check are in tsc's order even when a file has both syntax and type errors: the
// compiler gives the syntax errors of a file first, wherever they are.
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { typeCheckRegeneration } from '../../../packages/openapi-drift/src/typecheck/type-check.ts';
import { createTinyRepo, regenerationOf, SMALL_OPTIONS, type TinyRepo } from './fixture.ts';

let repo: TinyRepo;
beforeAll(async () => {
  repo = await createTinyRepo('openapi-drift-tc-order-');
  await repo.write('tsconfig.json', { compilerOptions: SMALL_OPTIONS, include: ['clients'] });
});
afterAll(async () => {
  await repo?.remove();
});

test('a type error on the first line comes before a syntax error on the second', async () => {
  const result = await typeCheckRegeneration(regenerationOf(repo, { 'index.ts': "export const a: number = 'x';\nexport const b = (1;\n" }), { displayRoot: repo.root });
  const lines = result.diagnostics.map((diagnostic) => `${path.basename(diagnostic.file ?? '')}:${diagnostic.line}`);
  expect(lines[0]).toBe('index.ts:1');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((line) => line === 'index.ts:2')).toBe(true);
});

// Each known cause of a failure ends its own line.
import path from 'node:path';
import { expect, test } from 'vitest';
import { typeCheckFailure } from '../../../packages/openapi-drift/src/typecheck/type-check-report.ts';

test('two causes, two lines, nothing between them', () => {
  const root = path.resolve('/repo');
  const error = (message: string, code: number) => ({ file: path.join(root, 'out/sdk.gen.ts'), line: 1, column: 1, start: 0, length: 1, code, message });
  const failure = typeCheckFailure(
    { configFile: undefined, ownership: 'defaults', typescriptVersion: '6.0.2', fileCount: 1, diagnostics: [error('Type \'{ array: { style: "deepObject"; }; }\' is not assignable to type \'ArrayStyle\'.', 2322), error("Not assignable with 'exactOptionalPropertyTypes: true'.", 2379)], cached: false },
    { displayRoot: root, outputDir: path.join(root, 'out'), snapshotFile: path.join(root, 'openapi.json'), settingsFile: path.join(root, 'openapi-drift.json') },
  );
  const lines = failure.message.split('\n');
  expect(lines.at(-2)).toMatch(/^cause: an array query parameter with `style: deepObject` in the spec: .*\(a defect of the generated code, not of this repository\)$/);
  expect(lines.at(-1)).toBe('cause: `exactOptionalPropertyTypes: true` in the compiler options: the fetch client of @hey-api/openapi-ts is not written for it');
});

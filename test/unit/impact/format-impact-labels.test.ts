// The level of each change is padded to the width of the longest, BREAKING, so that the changes line up.
import path from 'node:path';
import { expect, test } from 'vitest';
import { formatImpact } from '../../../packages/openapi-drift/src/impact/format-impact.ts';
import { CHANGELOG, CHANGES } from './fixture.ts';

test('WARNING and INFO are padded to the width of BREAKING', () => {
  const root = path.resolve('/repo');
  const report = { client: 'shop', outputDir: path.join(root, 'out'), consumers: [], notExamined: [], configs: [], changelog: CHANGELOG, byChange: [], other: [], unusedBreaking: [], silentBreaking: [{ ...CHANGES.bRequest }, { ...CHANGES.info }], newErrors: 0, fixedErrors: 0 };
  const text = formatImpact(report, 'text', root);
  expect(text).toContain("\n  WARNING   schema Pet (sent by 1 operation)  property 'tag' was removed\n  INFO      GET /toys  operation added\n");
});

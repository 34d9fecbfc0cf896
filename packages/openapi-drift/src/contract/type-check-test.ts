// The contract suite's `type-checks` test: the regenerated client must compile with the options the
// team's code is compiled with. Turned off in openapi-drift.json, the test still runs and passes
// only on an explicit setting with a reason, which it prints: a check is never silently skipped.
import path from 'node:path';
import { expect, test } from 'vitest';
import { SOURCE_FILE, type TypeCheckSetting } from '../project/client-record.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { typeCheckFailure } from '../typecheck/type-check-report.ts';
import { describeCompilerOptions, typeCheckRegeneration } from '../typecheck/type-check.ts';

import { TYPE_CHECK_TEST } from './test-names.ts';

export { TYPE_CHECK_TEST };

export interface TypeCheckTestContext {
  clientDir: string;
  regeneration: Regeneration;
  displayRoot: string;
  /** The setting read from openapi-drift.json, or the error that reading it gave. */
  setting: { value?: TypeCheckSetting; error?: unknown };
  timeoutMs: number;
  /** Turns an error into the failure Vitest shows. */
  asTestFailure: (error: unknown) => Error;
}

/** The test's name when the check is off: the reason, where the test report shows it. */
export function turnedOffTestName(reason: string): string {
  const short = reason.trim().replace(/\s+/g, ' ');
  return `${TYPE_CHECK_TEST} (turned off: ${short.length > 80 ? `${short.slice(0, 77)}...` : short})`;
}

export function declareTypeCheckTest(context: TypeCheckTestContext): void {
  const { clientDir, regeneration, displayRoot, setting } = context;
  const shown = (file: string) => path.relative(displayRoot, file).split(path.sep).join('/');
  const settingsFile = path.join(clientDir, SOURCE_FILE);
  if (setting.error !== undefined) {
    test(TYPE_CHECK_TEST, () => {
      throw context.asTestFailure(setting.error);
    });
    return;
  }
  const off = setting.value;
  if (off) {
    test(turnedOffTestName(off.reason), () => {
      // The setting is validated when read; asserted again here, since this test passing is what
      // stands in for the check.
      expect(off.skip).toBe(true);
      expect(off.reason.trim()).not.toBe('');
      console.info(`${shown(clientDir)}: the type check is turned off in ${shown(settingsFile)}: ${off.reason}`);
    });
    return;
  }
  test(
    TYPE_CHECK_TEST,
    async () => {
      const result = await typeCheckRegeneration(regeneration, { displayRoot });
      if (result.diagnostics.length) {
        throw context.asTestFailure(typeCheckFailure(result, { displayRoot, outputDir: regeneration.outputDir, snapshotFile: regeneration.snapshotFile, settingsFile }));
      }
      // Said whenever the options are not those of a project that compiles the client.
      if (result.ownership !== 'owner') console.info(`${shown(clientDir)}: type-checked with ${describeCompilerOptions(result, displayRoot)}`);
      expect(result.fileCount).toBeGreaterThan(0);
    },
    context.timeoutMs,
  );
}

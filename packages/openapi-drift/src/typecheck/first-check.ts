// Before the first test run: `add` and `init` type-check the client they have just written, as the
// contract suite's `type-checks` test will, so that a client that does not compile is said at once,
// with its first errors, their cause when it is known and the choice the team has (fix the spec or
// the config, or turn the check off with a reason), and the first test run is never a surprise.
import path from 'node:path';
import { DriftError } from '../core/errors.ts';
import { readTypeCheckSetting, SOURCE_FILE } from '../project/client-record.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { allFixesFor, knownCauses, turnOffAdvice } from './type-check-report.ts';
import { describeCompilerOptions, typeCheckRegeneration } from './type-check.ts';

/** How many errors are listed before the first test run; the contract test lists more. */
const FIRST_ERRORS = 5;

export interface FirstTypeCheck {
  /** `fails`: the `type-checks` test will fail; `not-run`: the check could not run (the test will say why). */
  status: 'compiles' | 'fails' | 'off' | 'not-run';
  /** What to print, indented lines under the client's summary. */
  text: string;
}

export interface FirstTypeCheckOptions {
  displayRoot: string;
  /** Where the client is now, when it was generated in another folder and then moved there (as `add` does). */
  movedTo?: string;
}

/** The regeneration as if it had been made in `clientDir`: same files, at the paths they now have. */
function moved(regeneration: Regeneration, clientDir: string): Regeneration {
  const from = regeneration.clientDir;
  const at = (file: string) => path.join(clientDir, path.relative(from, file));
  return { ...regeneration, clientDir, configFile: at(regeneration.configFile), snapshotFile: at(regeneration.snapshotFile), outputDir: at(regeneration.outputDir) };
}

export async function typeCheckBeforeFirstTest(made: Regeneration, options: FirstTypeCheckOptions): Promise<FirstTypeCheck> {
  const regeneration = options.movedTo ? moved(made, options.movedTo) : made;
  const { displayRoot } = options;
  const shown = (file: string) => path.relative(displayRoot, file).split(path.sep).join('/') || '.';
  const settingsFile = path.join(regeneration.clientDir, SOURCE_FILE);
  try {
    const setting = await readTypeCheckSetting(regeneration.clientDir, shown(regeneration.clientDir));
    if (setting) return { status: 'off', text: `  type-check: turned off in ${shown(settingsFile)}: ${setting.reason}\n` };
    const result = await typeCheckRegeneration(regeneration, { displayRoot });
    const options = describeCompilerOptions(result, displayRoot);
    if (result.diagnostics.length === 0) return { status: 'compiles', text: `  type-check: compiles with ${options}\n` };
    const count = result.diagnostics.length;
    // The first line of each of the first errors: the test lists them in full.
    const firstErrors = result.diagnostics.slice(0, FIRST_ERRORS).map((diagnostic) => `    ${formatDiagnostic({ ...diagnostic, message: (diagnostic.message.split('\n') as [string])[0] }, displayRoot)}`);
    if (count > FIRST_ERRORS) firstErrors.push(`    ... and ${count - FIRST_ERRORS} more`);
    const lines = [
      `  type-check: FAILS: ${shown(regeneration.outputDir)} does not compile with ${options}: ${count} error${count === 1 ? '' : 's'} in the generated files, so its \`type-checks\` test will fail`,
      ...firstErrors,
      ...knownCauses(result.diagnostics).map((cause) => `  cause: ${cause}`),
      ...allFixesFor(result.diagnostics, result.configFile, displayRoot).map((fix) => `  fix: ${fix}`),
      `  ${turnOffAdvice({ displayRoot, settingsFile })}`,
    ];
    return { status: 'fails', text: `${lines.join('\n')}\n` };
  } catch (error) {
    if (!(error instanceof DriftError)) throw error;
    return { status: 'not-run', text: `  type-check: could not run, so its \`type-checks\` test will fail: ${error.message}${error.fix ? `\n  fix: ${error.fix}` : ''}\n` };
  }
}

// The Vitest side of a contract test: one test per file of the client (over the union of what is
// generated and what is committed), plus one for the snapshot's canonical form. Writing happens
// only in Vitest's update mode `all` (`vitest -u`); the default modes (`new` locally, `none` in
// CI) never write, unlike `toMatchFileSnapshot`, which writes missing files in mode `new`.
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, lstatSync } from 'node:fs';
import { describe, expect, inject, test, TestRunner } from 'vitest';
import { checkClient, updateCommand, type ClientCheck } from './check.ts';
import { driftMessage, withBothSides } from './drift-failure.ts';
import { BusyError, ConfigError, DriftError } from '../core/errors.ts';
import { contractTestPath } from '../project/contract-tests.ts';
import { withClientLock } from '../update/lock.ts';
import type { Regeneration } from '../regenerate/regenerate.ts';
import { sha256 } from '../core/hash.ts';
import { showControlCharacters } from '../core/sanitize.ts';
import { acceptRegeneration } from '../update/update.ts';
import { readTypeCheckSetting, type TypeCheckSetting } from '../project/client-record.ts';
import { declareTypeCheckTest } from './type-check-test.ts';
import { declareOverlayTest } from './overlay-test.ts';
import { defaultTimeoutMs } from '../regenerate/regenerate.ts';
import { declareRunChecks, isExplicitUpdate } from './run-checks.ts';
import { PROVIDED_KEY, type ProvidedSettings } from '../project/plugin-settings.ts';
import { clientNameOf } from '../project/client-name.ts';
import { commandFor } from '../core/package-manager.ts';

export interface ContractOptions {
  /** Kill a generation (and bound a type check) that takes longer than this. Default: `OPENAPI_DRIFT_TIMEOUT` seconds, else 300 s. */
  timeoutMs?: number;
}

/** Declares the contract tests of the client in `clientDir` (a path or a `file:` URL). */
export async function describeClientContract(clientDir: string | URL, options: ContractOptions = {}): Promise<void> {
  const dir = path.resolve(typeof clientDir === 'string' ? clientDir : fileURLToPath(clientDir));
  const name = clientNameOf(dir);
  const testFile = currentTestFile();
  // Paths in messages are shown from the repository root: the nearest folder above the test file
  // that holds a package.json.
  const displayRoot = testFile ? repositoryRootOf(path.dirname(testFile)) : process.cwd();
  const contractTest = testFile ? path.relative(displayRoot, testFile).split(path.sep).join('/') : contractTestPath(name);
  const fixCommand = updateCommand(contractTest, displayRoot);
  // Set by the plugin in Vitest's main process; absent when the config does not use it.
  const plugin = (inject as (key: string) => ProvidedSettings | undefined)(PROVIDED_KEY);
  let check: ClientCheck | undefined;
  let failure: unknown;
  const typeCheckSetting: { value?: TypeCheckSetting; error?: unknown } = {};
  try {
    assertRealFolder(dir, displayRoot);
    check = await checkClient(dir, { displayRoot, timeoutMs: options.timeoutMs, contractTest });
    typeCheckSetting.value = await readTypeCheckSetting(dir, path.relative(displayRoot, dir));
  } catch (error) {
    if (check) typeCheckSetting.error = error;
    else failure = error;
  }

  declareRunChecks({ plugin, testFile, root: plugin?.root ?? (testFile ? path.dirname(path.dirname(testFile)) : displayRoot) });

  describe(name, () => {
    if (!check) {
      test('regenerates from its snapshot', () => {
        throw asTestFailure(failure, `${name}: nothing was checked or written for this client.`);
      });
      return;
    }
    const { regeneration, comparisons } = check;
    const clientPath = (file: string) => path.relative(dir, file).split(path.sep).join('/');
    const shown = (file: string) => path.relative(displayRoot, file).split(path.sep).join('/');
    const shownSnapshot = shown(regeneration.snapshotFile);
    // Under -u the whole client is accepted at once, by the same code as `sync`, whichever of its
    // tests runs first; the others wait for it.
    let accepting: Promise<unknown> | undefined;
    const acceptClient = () =>
      (accepting ??= withClientLock(dir, displayRoot, async () => {
        await assertInputsUnchanged(regeneration, shown, fixCommand);
        const result = await acceptRegeneration(regeneration, comparisons);
        // Vitest shows what a test prints: -u says which files it changed.
        console.info(describeUpdate(shown(dir) || '.', shown(regeneration.outputDir), comparisons));
        return result;
      }));

    const { format, canonical, duplicateKeys } = regeneration.snapshotForm;
    const duplicates = duplicateKeys.map(({ key, line, column }) => `  duplicate key "${key}" at ${shownSnapshot}:${line}:${column}`);
    // A YAML snapshot is kept as the team writes it (comments, order, style); what would make it
    // mean something other than what it says is a duplicate key.
    if (format === 'yaml') {
      test(`${clientPath(regeneration.snapshotFile)} has no duplicate keys`, () => {
        if (duplicates.length === 0) return;
        throw asTestFailure(
          new DriftError(`${shownSnapshot} has duplicate keys:\n${duplicates.join('\n')}\nThe generator reads them as JSON.parse does: the last value wins, at the first key's place.`, {
            fix: `remove the duplicates from ${shownSnapshot}, keeping the value that is meant`,
          }),
        );
      });
    } else {
      test(`${clientPath(regeneration.snapshotFile)} is canonical`, () => {
        if (canonical) return;
        throw asTestFailure(
          new DriftError(
            `${shownSnapshot} is not in canonical form (2-space JSON, keys and numbers as written, final newline), ` +
              'so a reformatted but equal document would show up as a change.' +
              (duplicates.length
                ? `\n${duplicates.join('\n')}\nThe generator reads duplicate keys as JSON.parse does: the last value wins, at the first key's place. Canonicalizing keeps exactly that.`
                : ''),
            { fix: commandFor(displayRoot, { tool: 'openapi-drift', args: ['canonicalize', shownSnapshot] }) },
          ),
        );
      });
    }

    for (const entry of comparisons) {
      const absolute = path.join(regeneration.outputDir, entry.path);
      test(clientPath(absolute), async () => {
        if (isExplicitUpdate(expect.getState().snapshotState.snapshotUpdateState, plugin)) {
          // A refused update reads as its message and fix, not as a stack of the file system call.
          await acceptClient().catch((error: unknown) => {
            throw error instanceof DriftError ? asTestFailure(error) : error;
          });
          return;
        }
        if (entry.status !== 'unchanged') {
          const context = { shownPath: shown(absolute), shownSnapshot, fixCommand, why: check.diagnosis?.explanation };
          throw withBothSides(asTestFailure(new DriftError(driftMessage(entry, context))), entry);
        }
        expect(entry.committed).toBe(entry.generated);
      });
    }

    declareTypeCheckTest({
      clientDir: dir,
      regeneration,
      displayRoot,
      setting: typeCheckSetting,
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs(),
      asTestFailure: (error) => asTestFailure(error),
    });
    declareOverlayTest({ clientDir: dir, regeneration, displayRoot, asTestFailure: (error) => asTestFailure(error) });
  });
}

/**
 * The regeneration was made when the test file was collected, before the update lock was taken. If
 * another process (a `sync`) replaced the snapshot or the config in between, writing it would put
 * back the tree of the old snapshot and record that snapshot as current: refuse instead.
 */
async function assertInputsUnchanged(regeneration: Regeneration, shown: (file: string) => string, fixCommand: string): Promise<void> {
  const snapshot = sha256(await fs.readFile(regeneration.snapshotFile, 'utf8').catch(() => ''));
  const config = sha256(await fs.readFile(regeneration.configFile).catch(() => ''));
  const moved = [
    ...(snapshot === regeneration.inputs.snapshot ? [] : [regeneration.snapshotFile]),
    ...(config === regeneration.inputs.config ? [] : [regeneration.configFile]),
  ];
  if (moved.length === 0) return;
  throw new BusyError(
    `${moved.map(shown).join(' and ')} changed after this update regenerated the client (another openapi-drift process, such as sync, updated it meanwhile); nothing was written`,
    { file: shown(moved[0] as string), fix: `run the update again: ${fixCommand}` },
  );
}

/** The test file being collected, as Vitest knows it. */
function currentTestFile(): string | undefined {
  try {
    return TestRunner.getCurrentSuite()?.file?.filepath;
  } catch {
    return undefined;
  }
}

function repositoryRootOf(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(start);
  }
}

/** A client folder that is a symbolic link is refused: -u would write through it. */
function assertRealFolder(dir: string, displayRoot: string): void {
  if (!lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) return;
  const shownDir = path.relative(displayRoot, dir);
  throw new ConfigError(`${shownDir} is a symbolic link; openapi-drift never checks or writes a client through a link`, {
    file: shownDir,
    fix: 'replace the link with the real folder, or list the real folder in openapi-drift.config.json',
  });
}

function describeUpdate(shownDir: string, shownOutput: string, comparisons: Array<{ path: string; status: string }>): string {
  const lines = comparisons
    .filter((entry) => entry.status !== 'unchanged')
    .map((entry) => `  ${entry.status === 'missing' ? 'added  ' : entry.status === 'obsolete' ? 'removed' : 'changed'}  ${path.posix.join(shownOutput, entry.path)}`);
  return lines.length ? `${shownDir}: updated\n${lines.join('\n')}` : `${shownDir}: the tree is already current`;
}

/** An error whose printed form is the message alone: the stack of the test helper tells nothing. */
function asTestFailure(error: unknown, suffix?: string): Error {
  const text = showControlCharacters(error instanceof DriftError ? error.describe() : error instanceof Error ? (error.stack ?? error.message) : String(error));
  const failure = new Error(suffix ? `${text}\n\n${suffix}` : text);
  failure.name = error instanceof Error ? error.name : 'Error';
  failure.stack = `${failure.name}: ${failure.message}`;
  return failure;
}

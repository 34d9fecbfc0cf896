// CLI manners: every command has its own --help with its options and exit codes, the package has a
// --version, and a typo gets a "did you mean". Run in this process through runCli (argv in, exit
// code out), and once as the installed command, as a user types it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli, usage } from '../packages/openapi-drift/src/cli/cli.ts';
import { didYouMean } from '../packages/openapi-drift/src/cli/command.ts';
import { REPO, runCli as runInstalled } from './helpers/temp-project.ts';

const COMMANDS = ['init', 'add', 'sync', 'live', 'check', 'diff', 'contracts', 'changelog', 'impact', 'refresh', 'canary', 'canonicalize', 'overlay', 'ci-report'];

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { cwd: REPO, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

test('the usage lists every command', () => {
  for (const name of COMMANDS) expect(usage()).toMatch(new RegExp(`^  ${name} `, 'm'));
});

describe.each(COMMANDS)('%s --help', (name) => {
  test('prints its usage, options and exit codes, and exits 0', async () => {
    const result = await cli([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: openapi-drift ${name}`));
    expect(result.stdout).toContain('Options:');
    expect(result.stdout).toContain('--help');
    expect(result.stdout).toMatch(/Exit codes: 0 /);
  });
});

test('--version prints the version of the package', async () => {
  const manifest = JSON.parse(await fs.readFile(path.join(REPO, 'packages/openapi-drift/package.json'), 'utf8')) as { version: string };
  expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: '' });
});

test.each([
  { argv: ['chek'], says: "unknown command 'chek'; did you mean 'check'?" },
  { argv: ['canry'], says: "unknown command 'canry'; did you mean 'canary'?" },
  { argv: ['add', 'x', '--form', 'y'], says: "Unknown option '--form'; did you mean --from?" },
  { argv: ['live', '--timout', '3'], says: "Unknown option '--timout'; did you mean --timeout?" },
  { argv: ['changelog', 'a.json', 'b.json', '--format', 'markdwn'], says: "--format must be one of text, markdown, json, got 'markdwn'; did you mean markdown?" },
  { argv: ['frobnicate'], says: "unknown command 'frobnicate'\n" },
])('$argv.0: a typo is exit 2 with a suggestion when one is close', async ({ argv, says }) => {
  const result = await cli(argv);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(says);
});

test('a suggestion is offered only when it is close', () => {
  expect(didYouMean('form', ['from', 'plugins'])).toBe('from');
  expect(didYouMean('plug', ['from', 'plugins'])).toBe('plugins');
  expect(didYouMean('xyz', ['from', 'plugins'])).toBeUndefined();
});

test('no command is exit 2 with the usage', async () => {
  const result = await cli([]);
  expect(result.code).toBe(2);
  expect(result.stdout).toContain('Usage: openapi-drift <command>');
});

test('the installed command answers as the library does', async () => {
  const help = await runInstalled(['add', '--help'], { cwd: REPO });
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: openapi-drift add <name> --from <url|file>');
  const typo = await runInstalled(['add', 'x', '--form', 'y'], { cwd: REPO });
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('did you mean --from?');
});

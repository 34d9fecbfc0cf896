// The GitHub Action (action.yml at the repository root) as GitHub reads it: a composite action whose
// outside actions are pinned by full commit SHA, with the inputs and outputs the docs promise, shell
// steps that parse, and only options of `openapi-drift ci-report` that exist.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ciReportCommand } from '../packages/openapi-drift/src/cli/ci-report-command.ts';
import { REPO } from './helpers/temp-project.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
}

const text = await fs.readFile(path.join(REPO, 'action.yml'), 'utf8');
const action = parse(text) as { runs: { using: string; steps: Step[] }; inputs: Record<string, unknown>; outputs: Record<string, { value: string }> };
const scripts = action.runs.steps.filter((step) => step.run !== undefined);

function bashSyntaxErrors(script: string): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('bash', ['-n'], (error, _stdout, stderr) => resolve(error ? stderr || String(error) : ''));
    child.stdin?.end(script.replace(/\$\{\{[^}]*\}\}/g, 'value'));
  });
}

test('is a composite action', () => {
  expect(action.runs.using).toBe('composite');
});

test('pins every outside action by its full commit SHA, with the version in a comment', () => {
  const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+)$/gm)].map((match) => match[1] ?? '');
  expect(uses.length).toBeGreaterThan(0);
  for (const line of uses) expect(line).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
});

test('takes the working directory, the clients, a shard, a merge and the token; gives drifted and breaking', () => {
  expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['working-directory', 'clients', 'shard', 'merge', 'github-token']));
  expect(Object.keys(action.outputs).sort()).toEqual(['breaking', 'drifted']);
});

describe.each(scripts.map((step) => [step.name ?? step.run?.slice(0, 40), step] as const))('the step %s', (_name, step) => {
  test('runs in bash and parses', async () => {
    expect(step.shell).toBe('bash');
    expect(await bashSyntaxErrors(step.run ?? '')).toBe('');
  });
});

const reportSteps = scripts.filter((step) => step.run?.includes('openapi-drift ci-report'));

test('two steps call openapi-drift ci-report: the report and the merge', () => {
  expect(reportSteps.map((step) => step.name)).toEqual(['Report on the pull request', 'Publish the merged report']);
});

describe.each(reportSteps.map((step) => [step.name, step] as const))('the step %s', (_name, step) => {
  test('names only options that openapi-drift ci-report has', () => {
    const calls = (step.run ?? '')
      .split('\n')
      .filter((line) => line.includes('openapi-drift ci-report') || /^\s*(\[.*\] && )?args/.test(line))
      .map((line) => line.split('openapi-drift ci-report').pop() ?? '');
    const options = calls.flatMap((line) => [...line.matchAll(/(?<=\s|\()--([a-z][\w-]*)/g)].map((match) => match[1] ?? ''));
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(Object.keys(ciReportCommand.options)).toContain(option);
  });
});

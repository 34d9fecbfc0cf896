// The pull-request report, run as the Action runs it: the contract tests with Vitest's JSON reporter,
// then `npx openapi-drift ci-report` as a subprocess against a fake GitHub REST API on 127.0.0.1.
// One comment is created, the next run updates that same comment, each drifted file gets an
// annotation; a fork's run writes no comment; shards' parts merge into the one comment.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, run, runCli, type TempProject } from './helpers/temp-project.ts';

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
let vitestJson: string;

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
  await git('checkout', '-qb', 'feature');
  // The pull request changes the snapshot without regenerating: types.gen.ts drifts.
  const snapshot = path.join(project.clientDir('petstore'), 'openapi.json');
  const text = await fs.readFile(snapshot, 'utf8');
  const changed = text.replace('"tag": {\n            "type": "string"\n          }', '"tag": {\n            "type": "string"\n          },\n          "nickname": {\n            "type": "string"\n          }');
  expect(changed).not.toBe(text);
  await fs.writeFile(snapshot, changed);
  await git('commit', '-qam', 'a new property');
  // The Action's test step.
  vitestJson = path.join(jobFolder, 'vitest.json');
  const tests = await run(path.join(project.root, 'node_modules', '.bin', 'vitest'), ['run', 'contract-tests/', '--reporter=json', `--outputFile.json=${vitestJson}`], { cwd: project.root });
  expect(tests.code).toBe(1);
});

afterAll(async () => {
  github?.server.close();
  await project?.remove();
});

const typesAnnotation = /^::error file=clients\/petstore\/src\/client\/types\.gen\.ts,line=\d+,title=openapi-drift%3A petstore drifted::clients\/petstore\/src\/client\/types\.gen\.ts differs from what the snapshot generates\. The snapshot changed since the last regeneration without regenerating the tree\. Fix: npx vitest run contract-tests\/petstore\.contract\.test\.ts -u$/m;

describe('on a pull request from the same repository', () => {
  let first: Awaited<ReturnType<typeof runCli>>;
  let firstBody: string;

  beforeAll(async () => {
    first = await runCli(['ci-report', '--vitest-json', vitestJson, '--base', 'main'], { cwd: project.root, env: await actionsEnv('first') });
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
    expect(await fs.readFile(path.join(jobFolder, 'first-output.txt'), 'utf8')).toBe('drifted=true\nbreaking=false\n');
  });

  test('the next run updates the same comment and leaves the others alone', async () => {
    const second = await runCli(['ci-report', '--vitest-json', vitestJson, '--base', 'main'], { cwd: project.root, env: await actionsEnv('second') });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('openapi-drift: updated the pull-request comment');
    expect(second.stdout).toMatch(typesAnnotation);
    expect(github.requests.filter((line) => line.startsWith('POST'))).toHaveLength(1);
    expect(github.requests.filter((line) => line.startsWith('PATCH'))).toHaveLength(1);
    expect(github.comments.map((comment) => comment.body.startsWith(MARKER))).toEqual([false, true]);
    expect(github.comments[0]?.body).toBe('Looks good to me');
  });
});

describe('on a pull request from a fork', () => {
  test('writes no comment, says why in the log, and still annotates and summarizes', async () => {
    const before = github.requests.length;
    const result = await runCli(['ci-report', '--vitest-json', vitestJson, '--base', 'main'], { cwd: project.root, env: await actionsEnv('fork', 'someone/service') });
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
    const part = path.join(jobFolder, 'part-1.json');
    const shard = await runCli(['ci-report', '--vitest-json', vitestJson, '--base', 'main', '--partial', part], { cwd: project.root, env: await actionsEnv('shard') });
    expect(shard.code, shard.stderr).toBe(0);
    expect(shard.stdout).toMatch(typesAnnotation);
    expect(github.requests.length).toBe(before);
    const merge = await runCli(['ci-report', '--merge', part], { cwd: project.root, env: await actionsEnv('merge') });
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain('openapi-drift: updated the pull-request comment');
    expect(merge.stdout).not.toContain('::error');
    expect(github.comments.filter((comment) => comment.body.startsWith(MARKER))).toHaveLength(1);
    expect(github.comments.find((comment) => comment.body.startsWith(MARKER))?.body).toContain('| `clients/petstore/src/client/types.gen.ts` | changed |');
    expect(await fs.readFile(path.join(jobFolder, 'merge-output.txt'), 'utf8')).toBe('drifted=true\nbreaking=false\n');
  });

  test('a part that is not one is refused by name', async () => {
    const bad = path.join(jobFolder, 'bad.json');
    await fs.writeFile(bad, '{"not": "a list"}');
    const result = await runCli(['ci-report', '--merge', bad], { cwd: project.root, env: await actionsEnv('bad') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}: not a part written by \`ci-report --partial\``);
  });
});

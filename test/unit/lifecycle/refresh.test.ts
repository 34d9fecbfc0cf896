// The scheduled refresh (refresh.ts) in process: a real git clone whose `origin` is a local bare
// repository, the client's source on a real HTTP server on 127.0.0.1, and a stand-in `gh` that logs
// its calls and answers `pr list` from a state file. A client without drift, skipped or in error
// proposes nothing; a drifted one is synced in a worktree of origin's base branch, committed,
// pushed under a branch named after the spec's hash and proposed, unless a pull request is already
// open or the base already has the spec; a dry run does everything but push and propose. Git and gh
// failures are said with the command, and the worktree never outlives the run. The pull request
// body (pullRequestBody) is checked on its own.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { checkClient } from '../../../packages/openapi-drift/src/contract/check.ts';
import { branchFor, pullRequestBody, refreshClients, type RefreshOptions } from '../../../packages/openapi-drift/src/lifecycle/refresh.ts';
import type { ImpactReport } from '../../../packages/openapi-drift/src/impact/impact.ts';
import { canonicalize } from '../../../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { acceptRegeneration } from '../../../packages/openapi-drift/src/update/update.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { removeStableFolder, stableFolder } from './stable-folder.ts';
import { answer, startServer, type TestServer } from './http.ts';

const DOCUMENT = {
  openapi: '3.0.3',
  info: { title: 'tiny', version: '1' },
  paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'string' } } } } } } } },
};
const CHANGED = {
  ...DOCUMENT,
  paths: { '/a': { get: { operationId: 'getA', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }], responses: DOCUMENT.paths['/a'].get.responses } } },
};
const CHANGED_SHA = createHash('sha256').update(canonicalize(JSON.stringify(CHANGED))).digest('hex');
const BRANCH = `openapi-drift/tiny-${CHANGED_SHA.slice(0, 12)}`;
const GH = `#!/usr/bin/env node
const fs = require('node:fs');
const [log, state] = [process.env.GH_LOG, process.env.GH_STATE];
const args = process.argv.slice(2);
const option = (name) => args[args.indexOf(name) + 1];
fs.appendFileSync(log, JSON.stringify({ args, body: args.includes('--body-file') ? fs.readFileSync(option('--body-file'), 'utf8') : undefined }) + '\\n');
if (args[1] === 'list') process.stdout.write(process.env.GH_LIST ?? JSON.stringify(JSON.parse(fs.readFileSync(state, 'utf8')).filter((pr) => pr.head === option('--head'))));
else if (args[1] === 'create') process.stdout.write(process.env.GH_CREATE ?? 'https://github.example/acme/api/pull/7\\n');
else process.exitCode = 1;
`;

let tmp: string;
let bare: string;
let clone: string;
let gh: string;
let server: TestServer;
let lines: string[];

const git = (args: string[], cwd = clone) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const originBranches = () => git(['--git-dir', bare, 'for-each-ref', '--format=%(refname:short)', 'refs/heads'], tmp).split('\n').filter(Boolean).sort();
const ghCalls = async () => (await fs.readFile(process.env.GH_LOG as string, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { args: string[]; body?: string });
const dir = () => path.join(clone, 'clients', 'tiny');
const serve = (document: unknown) => server.handle('/openapi.json', answer(JSON.stringify(document)));
const workTmp = () => path.join(tmp, 'work-tmp');
const worktrees = () => git(['worktree', 'list', '--porcelain']).match(/^worktree /gm)?.length;

function refresh(options: Partial<RefreshOptions> = {}) {
  return refreshClients({ root: clone, clients: [{ name: 'tiny', dir: dir(), shown: 'clients/tiny' }], dryRun: false, gh, log: (line) => lines.push(line), ...options });
}

beforeAll(async () => {
  // The same path on every run, so that the fixture client comes from the regeneration cache (see stable-folder.ts).
  tmp = await stableFolder('refresh');
  bare = path.join(tmp, 'origin.git');
  clone = path.join(tmp, 'clone');
  server = await startServer();
  git(['init', '--quiet', '--bare', '--initial-branch=main', bare], tmp);
  await fs.mkdir(path.join(clone, 'clients', 'tiny'), { recursive: true });
  git(['init', '--quiet', '--initial-branch=main']);
  git(['config', 'user.name', 'Refresh Test']);
  git(['config', 'user.email', 'refresh-test@example.com']);
  await fs.writeFile(path.join(clone, 'package.json'), '{ "name": "refresh-test", "private": true, "type": "module" }\n');
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  await fs.writeFile(path.join(clone, '.gitignore'), 'node_modules\nclients/*/.openapi-drift.lock\nclients/*/.openapi-drift-sync-*\n');
  await fs.writeFile(path.join(dir(), 'openapi.json'), canonicalize(JSON.stringify(DOCUMENT)));
  await fs.writeFile(path.join(dir(), 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: { path: './src/client', postProcess: ['prettier'] }, plugins: ['@hey-api/typescript'] };\n");
  await fs.writeFile(path.join(dir(), 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/openapi.json') })}\n`);
  const check = await checkClient(dir(), { displayRoot: clone });
  await acceptRegeneration(check.regeneration, check.comparisons);
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', 'tiny client']);
  git(['remote', 'add', 'origin', bare]);
  git(['push', '--quiet', 'origin', 'main']);
  gh = path.join(tmp, 'bin', 'gh');
  await fs.mkdir(path.dirname(gh));
  await fs.writeFile(gh, GH, { mode: 0o755 });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  await removeStableFolder('refresh');
});
beforeEach(async () => {
  lines = [];
  // Refresh makes its worktree in the system's temp folder: here, a folder of this test's own, which
  // must be empty again after every run.
  await fs.rm(workTmp(), { recursive: true, force: true });
  await fs.mkdir(workTmp());
  vi.stubEnv('TMPDIR', workTmp());
  vi.stubEnv('GH_LOG', path.join(tmp, `gh-${Math.random().toString(36).slice(2)}.log`));
  vi.stubEnv('GH_STATE', path.join(tmp, 'gh-state.json'));
  vi.stubEnv('GH_LIST', undefined);
  vi.stubEnv('GH_CREATE', undefined);
  await fs.writeFile(path.join(tmp, 'gh-state.json'), '[]');
  serve(DOCUMENT);
  await fs.writeFile(path.join(dir(), 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/openapi.json') })}\n`);
  await fs.writeFile(path.join(dir(), 'openapi.json'), canonicalize(JSON.stringify(DOCUMENT)));
  for (const branch of originBranches().filter((name) => name !== 'main')) git(['--git-dir', bare, 'branch', '-D', branch], tmp);
});

test('the branch is named after the client and the first 12 hex digits of the spec\'s hash', () => {
  expect(branchFor('billing', 'a'.repeat(12) + 'b'.repeat(52))).toBe('openapi-drift/billing-aaaaaaaaaaaa');
});

describe('nothing to propose', () => {
  test('no drift', async () => {
    expect(await refresh()).toEqual([{ name: 'tiny', action: 'current', detail: undefined }]);
    expect(lines).toEqual(['tiny: no drift']);
    expect(await ghCalls()).toEqual([]);
  });

  test('a source that cannot be fetched is skipped, with the reason', async () => {
    await fs.writeFile(path.join(dir(), 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/gone.json') })}\n`);
    const message = `${server.url('/gone.json')} answered 404 Not Found`;
    expect(await refresh()).toEqual([{ name: 'tiny', action: 'skipped', detail: message }]);
    expect(lines).toEqual([`tiny: skipped: ${message}`]);
  });

  test('the timeout bounds the request', async () => {
    server.handle('/stall.json', () => undefined);
    await fs.writeFile(path.join(dir(), 'openapi-drift.json'), `${JSON.stringify({ source: server.url('/stall.json') })}\n`);
    expect(await refresh({ timeoutMs: 50 })).toEqual([{ name: 'tiny', action: 'skipped', detail: `${server.url('/stall.json')} did not answer within 0.05 s` }]);
  });

  test('a client that cannot be checked is an error, with the reason', async () => {
    await fs.writeFile(path.join(dir(), 'openapi-drift.json'), '{}\n');
    const [outcome] = await refresh();
    expect(outcome).toMatchObject({ name: 'tiny', action: 'error' });
    expect(outcome?.detail).toMatch(/^clients\/tiny\/openapi-drift\.json: "source" must be a URL or a file path/);
    expect(lines).toEqual([`tiny: error: ${outcome?.detail}`]);
  });
});

describe('a drifted client', () => {
  test('a dry run syncs in a worktree and says what it would propose, and pushes and asks nothing', async () => {
    serve(CHANGED);
    const head = git(['rev-parse', 'HEAD']);
    const [outcome] = await refresh({ dryRun: true, gh: path.join(tmp, 'no-such-gh') });
    expect(outcome).toMatchObject({ name: 'tiny', action: 'dry-run', branch: BRANCH });
    expect(lines[0]).toBe(`tiny: drift, SPEC_SHA256=${CHANGED_SHA}, branch ${BRANCH}`);
    expect(lines[1]).toBe(`tiny: dry run: would push ${BRANCH} (3 files) and open "Update tiny client to spec ${CHANGED_SHA.slice(0, 12)}" against main`);
    expect(lines[2]).toBe(outcome?.detail);
    expect(outcome?.detail).toContain("required parameter 'query.q' added");
    expect(outcome?.detail).toContain('<details><summary>3 files changed</summary>\n\n- `clients/tiny/generated-from.json`\n- `clients/tiny/openapi.json`\n- `clients/tiny/src/client/types.gen.ts`\n\n</details>');
    expect(outcome?.detail).toContain('### Impact on this repository');
    expect(originBranches()).toEqual(['main']);
    expect(git(['rev-parse', 'HEAD'])).toBe(head);
    expect(git(['status', '--porcelain'])).toBe('');
    expect(worktrees()).toBe(1);
    expect(await fs.readdir(workTmp())).toEqual([]);
  });

  test('a real run pushes the branch and opens the pull request with its body', async () => {
    serve(CHANGED);
    const [outcome] = await refresh();
    expect(outcome).toEqual({ name: 'tiny', action: 'pull-request-opened', branch: BRANCH, detail: 'https://github.example/acme/api/pull/7' });
    expect(lines.at(-1)).toBe('tiny: opened https://github.example/acme/api/pull/7');
    expect(originBranches()).toEqual(['main', BRANCH]);
    const message = git(['--git-dir', bare, 'log', '-1', '--format=%an <%ae>%n%s%n%n%b', BRANCH], tmp);
    expect(message).toBe(`openapi-drift <openapi-drift@users.noreply.github.com>\nUpdate tiny client to spec ${CHANGED_SHA.slice(0, 12)}\n\nSPEC_SHA256=${CHANGED_SHA}\n\n`);
    const files = git(['--git-dir', bare, 'diff', '--name-only', 'main', BRANCH], tmp).trim().split('\n');
    expect(files).toEqual(['clients/tiny/generated-from.json', 'clients/tiny/openapi.json', 'clients/tiny/src/client/types.gen.ts']);
    const calls = await ghCalls();
    expect(calls.map((call) => call.args)).toEqual([
      ['pr', 'list', '--head', BRANCH, '--state', 'open', '--json', 'number,url'],
      ['pr', 'create', '--base', 'main', '--head', BRANCH, '--title', `Update tiny client to spec ${CHANGED_SHA.slice(0, 12)}`, '--body-file', expect.any(String)],
    ]);
    expect(calls[1]?.body).toContain(`SPEC_SHA256=${CHANGED_SHA}`);
    // The body file lies beside the worktree, in a temp folder of refresh's own.
    expect(calls[1]?.args.at(-1)).toMatch(new RegExp(`^${workTmp()}/openapi-drift-refresh-[^/]+/pull-request\\.md$`));
    expect(worktrees()).toBe(1);
    expect(await fs.readdir(workTmp())).toEqual([]);
  });

  test('a branch left on origin by an earlier run is replaced', async () => {
    serve(CHANGED);
    const unrelated = git(['commit-tree', 'HEAD^{tree}', '-m', 'an earlier proposal']).trim();
    git(['push', '--quiet', 'origin', `${unrelated}:refs/heads/${BRANCH}`]);
    const [outcome] = await refresh();
    expect(outcome?.action).toBe('pull-request-opened');
    expect(git(['--git-dir', bare, 'log', '-1', '--format=%s', BRANCH], tmp).trim()).toBe(`Update tiny client to spec ${CHANGED_SHA.slice(0, 12)}`);
  });

  test('a gh that prints no URL: the pull request is named by its branch', async () => {
    serve(CHANGED);
    vi.stubEnv('GH_CREATE', '');
    const [outcome] = await refresh();
    expect(outcome).toEqual({ name: 'tiny', action: 'pull-request-opened', branch: BRANCH, detail: '' });
    expect(lines.at(-1)).toBe(`tiny: opened a pull request for ${BRANCH}`);
  });

  test('the document live fetched is the one synced and committed, even if the source changes meanwhile', async () => {
    let requests = 0;
    server.handle('/openapi.json', (_request, response) => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests === 1 ? CHANGED : { ...CHANGED, info: { title: 'tiny', version: '3' } }));
    });
    const [outcome] = await refresh();
    expect(outcome).toMatchObject({ action: 'pull-request-opened', branch: BRANCH });
    expect(git(['--git-dir', bare, 'show', `${BRANCH}:clients/tiny/openapi.json`], tmp)).toBe(canonicalize(JSON.stringify(CHANGED)));
    expect(requests).toBe(1);
  });

  test('the gh on the PATH is used when none is named', async () => {
    serve(CHANGED);
    const bin = path.join(tmp, 'path-bin');
    await fs.rm(bin, { recursive: true, force: true });
    await fs.mkdir(bin);
    await fs.symlink(gh, path.join(bin, 'gh'));
    await fs.symlink(execFileSync('which', ['git'], { encoding: 'utf8' }).trim(), path.join(bin, 'git'));
    await fs.symlink(process.execPath, path.join(bin, 'node'));
    const PATH = process.env.PATH;
    vi.stubEnv('PATH', bin);
    try {
      const [outcome] = await refresh({ gh: undefined });
      expect(outcome?.action).toBe('pull-request-opened');
    } finally {
      vi.stubEnv('PATH', PATH);
    }
    expect((await ghCalls()).map((call) => call.args[1])).toEqual(['list', 'create']);
  });

  test('a pull request already open for the branch: nothing to do', async () => {
    serve(CHANGED);
    await fs.writeFile(path.join(tmp, 'gh-state.json'), JSON.stringify([{ head: BRANCH, number: 3, url: 'https://github.example/acme/api/pull/3' }]));
    expect(await refresh()).toEqual([{ name: 'tiny', action: 'pull-request-open', branch: BRANCH }]);
    expect(lines.at(-1)).toBe(`tiny: a pull request for ${BRANCH} is already open (https://github.example/acme/api/pull/3); nothing to do`);
    expect(originBranches()).toEqual(['main']);
  });

  test('an open pull request without a URL, and an empty answer from gh, are understood', async () => {
    serve(CHANGED);
    vi.stubEnv('GH_LIST', '[{"number":3}]');
    expect(await refresh()).toEqual([{ name: 'tiny', action: 'pull-request-open', branch: BRANCH }]);
    expect(lines.at(-1)).toBe(`tiny: a pull request for ${BRANCH} is already open; nothing to do`);
    vi.stubEnv('GH_LIST', '');
    lines = [];
    const [outcome] = await refresh({ dryRun: false });
    expect(outcome?.action).toBe('pull-request-opened');
  });

  test('a base that already has the spec: nothing staged, no pull request', async () => {
    // The working copy's snapshot is older than what origin/main and the source have.
    serve(DOCUMENT);
    await fs.writeFile(path.join(dir(), 'openapi.json'), canonicalize(JSON.stringify(CHANGED)));
    const [outcome] = await refresh();
    expect(outcome?.action).toBe('nothing-staged');
    expect(lines.at(-1)).toBe('tiny: origin/main already has this spec; nothing staged, no pull request');
    expect((await ghCalls()).map((call) => call.args[1])).toEqual(['list']);
    expect(originBranches()).toEqual(['main']);
    expect(await fs.readdir(workTmp())).toEqual([]);
  });

  test('a document that cannot be generated is an error of the client, and the worktree is gone', async () => {
    serve({ ...DOCUMENT, paths: { '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } } } } } } } });
    const [outcome] = await refresh({ dryRun: true });
    expect(outcome?.action).toBe('error');
    // Said of the client as the repository has it, not of the worktree.
    expect(lines.at(-1)).toMatch(/^tiny: error: clients\/tiny\/openapi\.json:\d+:\d+ \(at [^)]+\): unresolvable \$ref '#\/components\/schemas\/Missing'/);
    expect(outcome?.detail).toMatch(/^clients\/tiny\/openapi\.json:/);
    expect(worktrees()).toBe(1);
    expect(await fs.readdir(workTmp())).toEqual([]);
  });
});

describe('git and gh failures', () => {
  test('a gh that cannot be started says how to point --gh at it', async () => {
    serve(CHANGED);
    const [outcome] = await refresh({ gh: path.join(tmp, 'no-such-gh') });
    expect(outcome).toEqual({ name: 'tiny', action: 'error', detail: `\`${path.join(tmp, 'no-such-gh')}\` could not be started: ENOENT` });
    expect(lines.at(-1)).toBe(
      `tiny: error: \`${path.join(tmp, 'no-such-gh')}\` could not be started: ENOENT\n\nFix: install the GitHub CLI (https://cli.github.com), or point --gh (or OPENAPI_DRIFT_GH) at it; --dry-run needs neither`,
    );
  });

  test('a git command that fails is named with its exit code and folder, and its output is kept', async () => {
    serve(CHANGED);
    const [outcome] = await refresh({ dryRun: true, remote: 'nowhere' });
    expect(outcome).toEqual({ name: 'tiny', action: 'error', detail: `\`git fetch --quiet nowhere main\` failed (exit 128) in ${clone}` });
    expect(lines.at(-1)).toMatch(/\n\nOutput of git:\n {2}fatal: 'nowhere' does not appear to be a git repository/);
  });

  test('a base that does not exist fails at the fetch', async () => {
    serve(CHANGED);
    const [outcome] = await refresh({ dryRun: true, base: 'trunk' });
    expect(outcome?.detail).toBe(`\`git fetch --quiet origin trunk\` failed (exit 128) in ${clone}`);
  });

  test('without git, the fix is to install it', async () => {
    serve(CHANGED);
    const PATH = process.env.PATH;
    vi.stubEnv('PATH', path.join(tmp, 'empty'));
    try {
      const [outcome] = await refresh({ dryRun: true });
      expect(outcome?.detail).toBe('`git` could not be started: ENOENT');
      expect(lines.at(-1)).toBe('tiny: error: `git` could not be started: ENOENT\n\nFix: install git');
    } finally {
      vi.stubEnv('PATH', PATH);
    }
  });
});

describe('the pull request body', () => {
  const OLD = canonicalize(JSON.stringify(DOCUMENT));
  const NEW = canonicalize(JSON.stringify(CHANGED));

  test('says what changed, with the command that did it, the files and the hash', () => {
    const body = pullRequestBody('tiny', OLD, NEW, ['a.ts', 'b.ts'], 'f'.repeat(64), { displayRoot: clone });
    const [first, blank, ...rest] = body.split('\n');
    expect(first).toBe('The live source of `tiny` changed. This updates its snapshot and regenerates its client with `npx openapi-drift sync tiny`.');
    expect(blank).toBe('');
    expect(rest.join('\n')).toMatch(/^## API changes/);
    expect(body).toContain("required parameter 'query.q' added");
    expect(body).toContain('\n\n<details><summary>2 files changed</summary>\n\n- `a.ts`\n- `b.ts`\n\n</details>\n\nSPEC_SHA256=ffff');
    expect(body.endsWith(`SPEC_SHA256=${'f'.repeat(64)}\n`)).toBe(true);
    expect(body).not.toContain('### Impact');
    expect(body).not.toContain('### Overlays');
  });

  test('without a repository to look at, the command is the current folder\'s', () => {
    expect(pullRequestBody('tiny', OLD, NEW, [], 'f'.repeat(64))).toContain('with `npx openapi-drift sync tiny`.');
  });

  test('an impact that could not be computed says why', () => {
    const body = pullRequestBody('tiny', OLD, NEW, [], 'f'.repeat(64), { displayRoot: clone, impactError: 'no tsconfig' });
    expect(body).toContain('.\n\n### Impact on this repository\n\nNot computed: no tsconfig\n\n## API changes');
  });

  test('an impact report comes before the changelog', () => {
    const impact = { client: 'tiny', outputDir: path.join(dir(), 'src/client'), consumers: [], notExamined: [], configs: [], changelog: { changes: [] }, byChange: [], other: [], unusedBreaking: [], silentBreaking: [], newErrors: 0, fixedErrors: 0 } as unknown as ImpactReport;
    const body = pullRequestBody('tiny', OLD, NEW, [], 'f'.repeat(64), { displayRoot: clone, impact, impactError: 'not this' });
    expect(body).toContain('`npx openapi-drift sync tiny`.\n\n### Impact on this repository\n\nNo code in this repository imports clients/tiny/src/client.\n\n## API changes');
    expect(body).not.toContain('Not computed');
  });

  test('overlay notes are listed for the team to check', () => {
    const body = pullRequestBody('tiny', OLD, NEW, [], 'f'.repeat(64), { displayRoot: clone, overlayNotes: ['one', 'two'] });
    expect(body).toContain('.\n\n### Overlays\n\nThe changelog below is of the patched snapshot. Check these patches:\n\n- one\n- two\n\n## API changes');
    expect(pullRequestBody('tiny', OLD, NEW, [], 'f'.repeat(64), { displayRoot: clone, overlayNotes: [] })).not.toContain('### Overlays');
  });

  test('a long changelog is cut at 60 changes', () => {
    const many = (count: number) =>
      canonicalize(JSON.stringify({ ...DOCUMENT, paths: Object.fromEntries(Array.from({ length: count }, (_, index) => [`/p${index}`, DOCUMENT.paths['/a']])) }));
    const body = pullRequestBody('tiny', many(70), many(0), [], 'f'.repeat(64), { displayRoot: clone });
    expect(body.match(/^\| `GET \/p\d+`/gm)?.length ?? body.match(/`GET \/p\d+`/g)?.length).toBe(60);
  });
});

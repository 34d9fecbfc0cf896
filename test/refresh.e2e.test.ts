// The scheduled refresh end to end: the real CLI in a real git clone whose `origin` is a local bare
// repository, a real HTTP server serving the client's source, and a stand-in `gh` that records its
// calls and answers `pr list` from a state file. Each test continues from the one before, as the
// daily job would: no drift, a dry run, a pull request, the same spec again, the spec already on
// main, and a source that is down or badly configured.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { writeContractTests } from '../packages/openapi-drift/src/project/contract-tests.ts';
import { REPO, run, runCli, type RunResult } from './helpers/temp-project.ts';

const TIMEOUT = 900_000;

interface GhCall {
  args: string[];
  /** For `pr create`: the content of the --body-file, read while the file existed. */
  body?: string;
}

let tmp: string;
let bare: string;
/** TMPDIR of the CLI, where refresh makes its worktrees: empty again after every run. */
let cliTmp: string;
let clone: string;
let ghScript: string;
let ghLog: string;
let ghState: string;
let server: http.Server | undefined;
let sourceUrl: string;
let served = '';
let committedSnapshot: string;
let changedSpec: string;
let changedSha256: string;
let branch: string;

async function git(args: string[], cwd: string): Promise<string> {
  const result = await run('git', args, { cwd, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd} (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Branches of the bare `origin`, by short name. */
async function originBranches(): Promise<string[]> {
  return (await git(['--git-dir', bare, 'for-each-ref', '--format=%(refname:short)', 'refs/heads'], tmp)).split('\n').filter(Boolean).sort();
}

async function refresh(...args: string[]): Promise<RunResult> {
  await fs.rm(cliTmp, { recursive: true, force: true });
  await fs.mkdir(cliTmp);
  const result = await runCli(['refresh', '--gh', ghScript, ...args], { cwd: clone, env: { TMPDIR: cliTmp } });
  expect(await fs.readdir(cliTmp), 'temporary folders left behind by refresh').toEqual([]);
  return result;
}

async function ghCalls(): Promise<GhCall[]> {
  const text = await fs.readFile(ghLog, 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as GhCall);
}

async function prCreates(): Promise<GhCall[]> {
  return (await ghCalls()).filter((call) => call.args[0] === 'pr' && call.args[1] === 'create');
}

function optionOf(call: GhCall, name: string): string | undefined {
  const index = call.args.indexOf(name);
  return index < 0 ? undefined : call.args[index + 1];
}

/** The stand-in for the GitHub CLI: logs every call, keeps open pull requests in a JSON file. */
function ghStandIn(log: string, state: string): string {
  return `#!/usr/bin/env node
const fs = require('node:fs');
const LOG = ${JSON.stringify(log)};
const STATE = ${JSON.stringify(state)};
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const prs = JSON.parse(fs.readFileSync(STATE, 'utf8'));
const call = { args };
if (args[0] === 'pr' && args[1] === 'list') {
  const open = prs.filter((pr) => pr.head === option('--head')).map(({ number, url }) => ({ number, url }));
  process.stdout.write(JSON.stringify(open) + '\\n');
} else if (args[0] === 'pr' && args[1] === 'create') {
  call.body = fs.readFileSync(option('--body-file'), 'utf8');
  const number = prs.length + 1;
  const url = 'https://github.example/acme/api/pull/' + number;
  prs.push({ number, url, head: option('--head'), base: option('--base') });
  fs.writeFileSync(STATE, JSON.stringify(prs));
  process.stdout.write(url + '\\n');
} else {
  process.stderr.write('gh stand-in: unexpected call ' + args.join(' ') + '\\n');
  process.exitCode = 1;
}
fs.appendFileSync(LOG, JSON.stringify(call) + '\\n');
`;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-refresh-e2e-'));
  bare = path.join(tmp, 'origin.git');
  clone = path.join(tmp, 'clone');
  cliTmp = path.join(tmp, 'cli-tmp');
  await fs.mkdir(cliTmp);

  server = http.createServer((request, response) => {
    if (request.url === '/openapi.json') response.writeHead(200, { 'content-type': 'application/json' }).end(served);
    else response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.json`;

  // The project: a clone of origin with the petstore client, its source and its contract test.
  await git(['init', '--quiet', '--bare', '--initial-branch=main', bare], tmp);
  await fs.mkdir(clone);
  await git(['init', '--quiet', '--initial-branch=main'], clone);
  await git(['config', 'user.name', 'Refresh Test'], clone);
  await git(['config', 'user.email', 'refresh-test@example.com'], clone);
  await fs.writeFile(path.join(clone, 'package.json'), '{ "name": "refresh-test", "private": true, "type": "module" }\n');
  await fs.copyFile(path.join(REPO, 'vitest.config.ts'), path.join(clone, 'vitest.config.ts'));
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(clone, 'node_modules'));
  // No trailing slash: node_modules is a link here, which `node_modules/` would not match.
  await fs.writeFile(path.join(clone, '.gitignore'), 'node_modules\nclients/*/.openapi-drift.lock\nclients/*/.openapi-drift-sync-*\n');
  await fs.cp(path.join(REPO, 'clients', 'petstore'), path.join(clone, 'clients', 'petstore'), { recursive: true });
  await fs.writeFile(path.join(clone, 'clients', 'petstore', 'openapi-drift.json'), `${JSON.stringify({ source: sourceUrl })}\n`);
  await fs.mkdir(path.join(clone, 'contract-tests'));
  await fs.copyFile(path.join(REPO, 'contract-tests', 'every-client.test.ts'), path.join(clone, 'contract-tests', 'every-client.test.ts'));
  await writeContractTests({ root: clone });
  await git(['add', '--all'], clone);
  await git(['commit', '--quiet', '-m', 'petstore client'], clone);
  await git(['remote', 'add', 'origin', bare], clone);
  await git(['push', '--quiet', 'origin', 'main'], clone);

  ghLog = path.join(tmp, 'gh.log');
  ghState = path.join(tmp, 'gh-prs.json');
  ghScript = path.join(tmp, 'bin', 'gh');
  await fs.mkdir(path.dirname(ghScript));
  await fs.writeFile(ghState, '[]');
  await fs.writeFile(ghScript, ghStandIn(ghLog, ghState), { mode: 0o755 });

  // The served documents: the committed one reformatted, and one with a breaking change.
  committedSnapshot = await fs.readFile(path.join(clone, 'clients', 'petstore', 'openapi.json'), 'utf8');
  const spec = JSON.parse(committedSnapshot);
  served = JSON.stringify(spec, null, 4);
  spec.paths['/pets'].get.parameters.push({ name: 'owner', in: 'query', description: 'Only the pets of this owner', required: true, schema: { type: 'string' } });
  spec.components.schemas.Pet.properties.birthday = { type: 'string', format: 'date' };
  changedSpec = JSON.stringify(spec, null, 4);
  changedSha256 = createHash('sha256').update(canonicalize(changedSpec)).digest('hex');
  branch = `openapi-drift/petstore-${changedSha256.slice(0, 12)}`;
}, TIMEOUT);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

test('a reformatted but equal live spec is no drift: nothing is pushed and no pull request is asked for', async () => {
  expect(served).not.toBe(committedSnapshot);
  const result = await refresh();
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^petstore: no drift$/m);
  expect(await originBranches()).toEqual(['main']);
  expect(await ghCalls()).toEqual([]);
}, TIMEOUT);

test('a dry run prints the pull request it would open, breaking change included, and pushes and leaves nothing', async () => {
  served = changedSpec;
  const head = (await git(['rev-parse', 'HEAD'], clone)).trim();
  const result = await refresh('--dry-run');
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`petstore: drift, SPEC_SHA256=${changedSha256}, branch ${branch}`);
  expect(result.stdout).toContain(`petstore: dry run: would push ${branch}`);
  expect(result.stdout).toMatch(/### Breaking \(1\)[\s\S]*`GET \/pets` \| required parameter 'query\.owner' added/);
  // The petstore's example code lists pets without an owner: the body says where it breaks.
  expect(result.stdout).toMatch(
    /### Impact on this repository\n\nThis update breaks 1 call site in 1 file\.\n\n- \*\*BREAKING\*\* `GET \/pets` required parameter 'query\.owner' added\n {2}- `clients\/petstore\/src\/pets\/list-pets\.ts:5:\d+` TS2741: Property 'owner' is missing/,
  );
  expect(result.stdout).toContain(`SPEC_SHA256=${changedSha256}`);

  expect(await originBranches()).toEqual(['main']);
  // A dry run proposes nothing, so it never calls the GitHub CLI.
  expect(await ghCalls()).toEqual([]);
  // The clone is as it was: same commit, clean tree, no branch or worktree left behind.
  expect((await git(['rev-parse', 'HEAD'], clone)).trim()).toBe(head);
  expect(await git(['status', '--porcelain'], clone)).toBe('');
  expect((await git(['branch', '--format=%(refname:short)'], clone)).trim()).toBe('main');
  expect((await git(['worktree', 'list', '--porcelain'], clone)).match(/^worktree /gm)).toHaveLength(1);
  expect(await fs.readFile(path.join(clone, 'clients', 'petstore', 'openapi.json'), 'utf8')).toBe(committedSnapshot);
}, TIMEOUT);

test('without the GitHub CLI a dry run still works, and a real run says how to point --gh at it', async () => {
  served = changedSpec;
  const missing = path.join(tmp, 'no-such-gh');
  const dry = await runCli(['refresh', '--dry-run', '--gh', missing], { cwd: clone });
  expect(dry.code, dry.stdout + dry.stderr).toBe(0);
  expect(dry.stdout).toContain(`petstore: dry run: would push ${branch}`);
  const real = await runCli(['refresh', '--gh', missing], { cwd: clone });
  expect(real.code).toBe(2);
  expect(real.stdout).toContain(`\`${missing}\` could not be started: ENOENT`);
  expect(real.stdout).toContain('point --gh (or OPENAPI_DRIFT_GH) at it');
  expect(real.stdout + real.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(await originBranches()).toEqual(['main']);
}, TIMEOUT);

test('a changed live spec opens one pull request from a branch keyed on the spec hash, with only the client changed and green tests', async () => {
  const mainBefore = (await git(['--git-dir', bare, 'rev-parse', 'main'], tmp)).trim();
  const result = await refresh();
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain('petstore: opened https://github.example/acme/api/pull/1');

  expect(await originBranches()).toEqual(['main', branch].sort());
  expect((await git(['--git-dir', bare, 'rev-parse', 'main'], tmp)).trim()).toBe(mainBefore);
  expect((await git(['--git-dir', bare, 'rev-list', `main..${branch}`], tmp)).trim().split('\n')).toHaveLength(1);
  expect((await git(['--git-dir', bare, 'rev-parse', `${branch}^`], tmp)).trim()).toBe(mainBefore);
  const changed = (await git(['--git-dir', bare, 'diff', '--name-only', 'main', branch], tmp)).trim().split('\n');
  expect(changed).toContain('clients/petstore/openapi.json');
  expect(changed).toContain('clients/petstore/generated-from.json');
  expect(changed).toContain('clients/petstore/src/client/types.gen.ts');
  expect(changed).toContain('clients/petstore/src/client/sdk.gen.ts');
  expect(changed.filter((file) => !/^clients\/petstore\/(openapi\.json|generated-from\.json|src\/client\/.+)$/.test(file))).toEqual([]);
  // The committed snapshot is the served document in canonical form.
  expect(await git(['--git-dir', bare, 'show', `${branch}:clients/petstore/openapi.json`], tmp)).toBe(canonicalize(changedSpec));

  const creates = await prCreates();
  expect(creates).toHaveLength(1);
  const [create] = creates as [GhCall];
  expect(optionOf(create, '--head')).toBe(branch);
  expect(optionOf(create, '--base')).toBe('main');
  expect(optionOf(create, '--title')).toBe(`Update petstore client to spec ${changedSha256.slice(0, 12)}`);
  const body = create.body ?? '';
  expect(body).toContain(`SPEC_SHA256=${changedSha256}`);
  expect(body).toContain("| `GET /pets` | required parameter 'query.owner' added |");
  expect(body).toContain("'Pet.birthday' added");
  expect(body.indexOf('### Breaking')).toBeGreaterThan(-1);
  expect(body.indexOf('### Breaking')).toBeLessThan(body.indexOf('### Other changes'));
  expect(await git(['status', '--porcelain'], clone)).toBe('');

  // What the pull request proposes passes the project's own tests.
  const checkout = path.join(tmp, 'pr-checkout');
  await git(['clone', '--quiet', '--branch', branch, bare, checkout], tmp);
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(checkout, 'node_modules'));
  const tests = await run('npx', ['vitest', 'run'], { cwd: checkout, env: { CI: 'true' } });
  expect(tests.code, tests.stdout + tests.stderr).toBe(0);
  expect(tests.stdout).toMatch(/contract-tests\/petstore\.contract\.test\.ts/);
  expect(tests.stdout).not.toMatch(/\bfailed\b/);
}, TIMEOUT);

test('the same spec again does nothing while its pull request is open', async () => {
  const tip = (await git(['--git-dir', bare, 'rev-parse', branch], tmp)).trim();
  const result = await refresh();
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`petstore: a pull request for ${branch} is already open (https://github.example/acme/api/pull/1); nothing to do`);
  expect(await prCreates()).toHaveLength(1);
  expect((await git(['--git-dir', bare, 'rev-parse', branch], tmp)).trim()).toBe(tip);
  expect(await originBranches()).toEqual(['main', branch].sort());
}, TIMEOUT);

test('a stale clone opens no pull request when origin/main already has the new spec', async () => {
  // Someone merged the bot's branch; the clone running the job has not pulled it.
  const merger = path.join(tmp, 'merger');
  await git(['clone', '--quiet', bare, merger], tmp);
  await git(['merge', '--quiet', '--ff-only', `origin/${branch}`], merger);
  await git(['push', '--quiet', 'origin', 'main'], merger);
  await fs.writeFile(ghState, '[]');
  const tip = (await git(['--git-dir', bare, 'rev-parse', branch], tmp)).trim();
  const creates = (await prCreates()).length;

  const result = await refresh();
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain(`petstore: drift, SPEC_SHA256=${changedSha256}`);
  expect(result.stdout).toContain('petstore: origin/main already has this spec; nothing staged, no pull request');
  expect(await prCreates()).toHaveLength(creates);
  expect((await git(['--git-dir', bare, 'rev-parse', branch], tmp)).trim()).toBe(tip);
  expect(await git(['status', '--porcelain'], clone)).toBe('');
  expect((await git(['worktree', 'list', '--porcelain'], clone)).match(/^worktree /gm)).toHaveLength(1);
}, TIMEOUT);

test('a bot branch checked out for review in the clone is left as it was', async () => {
  // A reviewer keeps the bot's branch in a second worktree of the clone, with uncommitted notes.
  const review = path.join(tmp, 'review');
  await git(['fetch', '--quiet', 'origin', branch], clone);
  await git(['worktree', 'add', '--quiet', '-b', branch, review, 'FETCH_HEAD'], clone);
  const reviewed = (await git(['rev-parse', 'HEAD'], review)).trim();
  await fs.writeFile(path.join(review, 'notes.md'), 'review notes\n');
  const creates = (await prCreates()).length;

  const result = await refresh();
  // The job works in a detached worktree of origin/main, which already has the spec.
  expect(result.code, result.stdout + result.stderr).toBe(0);
  expect(result.stdout).toContain('nothing staged, no pull request');
  expect((await git(['rev-parse', branch], clone)).trim()).toBe(reviewed);
  expect((await git(['rev-parse', 'HEAD'], review)).trim()).toBe(reviewed);
  expect(await fs.readFile(path.join(review, 'notes.md'), 'utf8')).toBe('review notes\n');
  expect(await prCreates()).toHaveLength(creates);

  await git(['worktree', 'remove', '--force', review], clone);
  await git(['branch', '--quiet', '-D', branch], clone);
}, TIMEOUT);

test('an unreachable source is skipped without failing the job, and an invalid source record fails it with exit 2', async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
  const callsBefore = (await ghCalls()).length;
  const down = await refresh();
  expect(down.code, down.stdout + down.stderr).toBe(0);
  expect(down.stdout).toMatch(new RegExp(`^petstore: skipped: ${sourceUrl.replaceAll('.', '\\.')} is unreachable`, 'm'));
  expect((await ghCalls()).length).toBe(callsBefore);

  await fs.writeFile(path.join(clone, 'clients', 'petstore', 'openapi-drift.json'), '{}\n');
  const invalid = await refresh();
  expect(invalid.code, invalid.stdout + invalid.stderr).toBe(2);
  expect(invalid.stdout).toMatch(/^petstore: error: .*openapi-drift\.json: "source" must be a URL or a file path/m);
  expect((await ghCalls()).length).toBe(callsBefore);
  expect(await originBranches()).toEqual(['main', branch].sort());
}, TIMEOUT);

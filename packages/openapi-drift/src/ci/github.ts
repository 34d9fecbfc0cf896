// Publishing the CI report on GitHub: one pull-request comment updated in place (found by its
// hidden marker), the job summary, the step outputs. On a fork the token is read-only: the comment
// is skipped, and the log says so; annotations and the summary need no token.
import fs from 'node:fs/promises';
import { DriftError } from '../core/errors.ts';
import { COMMENT_MARKER } from './render.ts';

/** What the run knows from GitHub's environment variables. */
export interface GithubContext {
  apiUrl: string;
  /** owner/name */
  repository?: string;
  token?: string;
  /** The pull request's number, on a pull_request event. */
  pullRequest?: number;
  /** The pull request comes from another repository: its token cannot write. */
  fromFork: boolean;
  /** The base branch, on a pull request. */
  baseRef?: string;
  jobUrl?: string;
  summaryFile?: string;
  outputFile?: string;
}

interface PullRequestEvent {
  pull_request?: { number?: number; head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } };
}

export async function readGithubContext(env: NodeJS.ProcessEnv): Promise<GithubContext> {
  let event: PullRequestEvent = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      event = JSON.parse(await fs.readFile(env.GITHUB_EVENT_PATH, 'utf8')) as PullRequestEvent;
    } catch (error) {
      throw new DriftError(`${env.GITHUB_EVENT_PATH}: cannot read the event of this run (${(error as Error).message})`, { file: env.GITHUB_EVENT_PATH });
    }
  }
  const pull = event.pull_request;
  const head = pull?.head?.repo?.full_name;
  const base = pull?.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    repository: env.GITHUB_REPOSITORY,
    token: env.GITHUB_TOKEN || undefined,
    pullRequest: typeof pull?.number === 'number' ? pull.number : undefined,
    fromFork: pull !== undefined && head !== base,
    baseRef: env.GITHUB_BASE_REF || undefined,
    jobUrl: env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    summaryFile: env.GITHUB_STEP_SUMMARY || undefined,
    outputFile: env.GITHUB_OUTPUT || undefined,
  };
}

export type CommentResult = { action: 'created' | 'updated'; id: number; url?: string } | { action: 'skipped'; reason: string };

async function request(context: GithubContext, method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${context.apiUrl}${route}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${context.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'openapi-drift',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Creates the report's comment on the pull request, or updates the one an earlier run wrote. */
export async function upsertComment(context: GithubContext, body: string): Promise<CommentResult> {
  if (context.pullRequest === undefined || !context.repository) return { action: 'skipped', reason: 'this run is not for a pull request' };
  if (context.fromFork) return { action: 'skipped', reason: 'this pull request comes from a fork, whose token is read-only' };
  if (!context.token) return { action: 'skipped', reason: 'no token (GITHUB_TOKEN) was given' };
  const issue = `/repos/${context.repository}/issues/${context.pullRequest}`;
  let existing: { id: number } | undefined;
  for (let page = 1; !existing; page++) {
    const listed = await request(context, 'GET', `${issue}/comments?per_page=100&page=${page}`);
    if (listed.status === 403 || listed.status === 401) return { action: 'skipped', reason: `the token may not read the pull request's comments (HTTP ${listed.status})` };
    if (listed.status !== 200 || !Array.isArray(listed.json)) throw new DriftError(`GitHub answered HTTP ${listed.status} to GET ${issue}/comments`, { output: JSON.stringify(listed.json), outputLabel: 'Answer' });
    const comments = listed.json as Array<{ id: number; body?: string }>;
    existing = comments.find((comment) => comment.body?.startsWith(COMMENT_MARKER));
    if (comments.length < 100) break;
  }
  const written = existing
    ? await request(context, 'PATCH', `/repos/${context.repository}/issues/comments/${existing.id}`, { body })
    : await request(context, 'POST', `${issue}/comments`, { body });
  if (written.status === 403 || written.status === 401) return { action: 'skipped', reason: `the token is read-only (HTTP ${written.status})` };
  if (written.status !== 200 && written.status !== 201) throw new DriftError(`GitHub answered HTTP ${written.status} when writing the comment`, { output: JSON.stringify(written.json), outputLabel: 'Answer' });
  const answer = written.json as { id: number; html_url?: string };
  return { action: existing ? 'updated' : 'created', id: answer.id, url: answer.html_url };
}

/** Appends to the job summary and the step outputs, when the run has them. */
export async function writeJobFiles(context: GithubContext, summary: string, outputs: Record<string, string>): Promise<void> {
  if (context.summaryFile) await fs.appendFile(context.summaryFile, summary);
  if (context.outputFile) await fs.appendFile(context.outputFile, Object.entries(outputs).map(([key, value]) => `${key}=${value}\n`).join(''));
}

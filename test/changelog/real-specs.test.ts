/**
 * Real public documents from test/fixtures/specs: each compared with itself and with a
 * re-serialized copy must give no change, and the GitHub 22.0.0 -> 23.0.2 pair must report
 * the operations that a plain set difference finds, plus changes checked by hand.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { diffOpenApi, type ApiChangelog } from '../../packages/openapi-drift/src/changelog/index.ts';
import { readSpecDocument } from './documents.ts';
import type { SpecName } from '../helpers/specs.ts';

const LARGE = 60_000;
const specFiles: SpecName[] = [
  'docker-engine-1.56.swagger20.yaml',
  'github-octokit-22.0.0.oas303.json',
  'github-octokit-23.0.2.oas303.json',
  'ix-api-2.1.0.oas30.json',
  'mastodon.oas303.json',
  'petstore.oas30.yaml',
  'scalar-galaxy-0.6.12.oas31.yaml',
];

/** Same content, keys in reverse order at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reverseKeys(inner)]));
}

function reserialized(file: string, document: unknown): unknown {
  const reordered = reverseKeys(document);
  return file.endsWith('.json') ? JSON.parse(JSON.stringify(reordered, null, '\t')) : parse(stringify(reordered, { indent: 4, lineWidth: 0 }));
}

describe.each(specFiles)('%s', (file) => {
  const document = readSpecDocument(file);

  test('compared with itself: no change', { timeout: LARGE }, () => {
    expect(diffOpenApi(document, document).changes).toEqual([]);
  });

  test('compared with a re-serialized copy (other key order and whitespace): no change', { timeout: LARGE }, () => {
    const copy = reserialized(file, document);
    expect(copy).not.toBe(document);
    expect(diffOpenApi(document, copy).changes).toEqual([]);
  });
});

/** Deliberately independent of the library: `METHOD path` for every operation under `paths`. */
function operationSet(document: unknown): Set<string> {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const paths = (document as { paths: Record<string, Record<string, unknown>> }).paths;
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) if (method in item) operations.add(`${method.toUpperCase()} ${path}`);
  }
  return operations;
}

describe('GitHub 22.0.0 -> 23.0.2', () => {
  const older = readSpecDocument('github-octokit-22.0.0.oas303.json');
  const newer = readSpecDocument('github-octokit-23.0.2.oas303.json');
  let log: ApiChangelog;

  // Its speed is measured by `npm run bench`, never asserted here: these machines are shared and noisy.
  beforeAll(() => {
    log = diffOpenApi(older, newer);
  }, LARGE);

  // Checked by reading both documents: these three operations kept their operationId, summary and
  // parameters and moved from /organizations/{org}/... to /orgs/{org}/...; neither document has the
  // other's path. They are the only pairs the set difference below loses to a move or a rename.
  const moves = [
    ['GET /organizations/{org}/dependabot/repository-access', 'GET /orgs/{org}/dependabot/repository-access', 'dependabot/repository-access-for-org'],
    ['PATCH /organizations/{org}/dependabot/repository-access', 'PATCH /orgs/{org}/dependabot/repository-access', 'dependabot/update-repository-access-for-org'],
    ['PUT /organizations/{org}/dependabot/repository-access/default-level', 'PUT /orgs/{org}/dependabot/repository-access/default-level', 'dependabot/set-repository-access-default-level'],
  ];

  test('operations added and removed equal a plain set difference, less the three moves', () => {
    const before = operationSet(older);
    const after = operationSet(newer);
    const added = [...after].filter((operation) => !before.has(operation));
    const removed = [...before].filter((operation) => !after.has(operation));
    expect([added.length, removed.length]).toEqual([155, 40]);
    const movedFrom = moves.map(([from]) => from);
    const movedTo = moves.map(([, to]) => to);
    expect(log.summary.operationsAdded).toBe(152);
    expect(log.summary.operationsRemoved).toBe(37);
    const label = (change: { method?: string; path?: string }): string => `${change.method?.toUpperCase()} ${change.path}`;
    expect(log.changes.filter((change) => change.kind === 'operation-added').map(label).sort()).toEqual(added.filter((operation) => !movedTo.includes(operation)).sort());
    expect(log.changes.filter((change) => change.kind === 'operation-removed').map(label).sort()).toEqual(removed.filter((operation) => !movedFrom.includes(operation)).sort());
    expect(log.changes.filter((change) => change.kind === 'path-parameter-renamed')).toEqual([]);
    expect(log.changes.filter((change) => change.kind === 'operation-moved').map((change) => [label(change), change.level, change.message])).toEqual(
      moves.map(([from, to, operationId]) => [to, 'breaking', `operation moved from ${from} to ${to} (operationId '${operationId}'); calls to the old URL fail`]),
    );
  });

  test('the moved operations are otherwise unchanged: nothing else is reported on them', () => {
    const movedTo = moves.map(([, to]) => to);
    const onMoved = log.changes.filter((change) => movedTo.includes(`${change.method?.toUpperCase()} ${change.path}`));
    expect(onMoved.map((change) => change.kind)).toEqual(['operation-moved', 'operation-moved', 'operation-moved']);
  });

  test('ids are unique and levels are ordered breaking, warning, info', () => {
    expect(new Set(log.changes.map((change) => change.id)).size).toBe(log.changes.length);
    const ranks = log.changes.map((change) => ['breaking', 'warning', 'info'].indexOf(change.level));
    expect(ranks).toEqual([...ranks].sort((first, second) => first - second));
  });

  // Each of these was checked by reading both documents:
  // - components.schemas['rate-limit-overview'].properties.resources.properties.code_scanning_upload exists in
  //   22.0.0 and not in 23.0.2; only GET /rate_limit answers with rate-limit-overview.
  // - DELETE /orgs/{org}/code-security/configurations/detach: the JSON body schema has no `required` in 22.0.0
  //   and `required: ["selected_repository_ids"]` in 23.0.2.
  // - GET /repos/{owner}/{repo}/code-scanning/analyses/{analysis_id}: 200 content has application/json and
  //   application/json+sarif in 22.0.0; application/json and application/sarif+json in 23.0.2.
  // - components.schemas['app-permissions'].properties.team_discussions (enum read/write) is gone in 23.0.2;
  //   app-permissions is the `permissions` request property of POST /app/installations/{installation_id}/access_tokens
  //   and also appears in responses, so the removal is breaking for those that receive it and a warning for
  //   those that send it.
  // - components.schemas['minimal-repository'].properties.license.properties.url is {type: string} in 22.0.0 and
  //   {type: string, nullable: true} in 23.0.2.
  // - GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix lists 503 in 22.0.0; 23.0.2 lists 500 instead.
  // - PATCH /repos/{owner}/{repo}/issues/{issue_number}: the 200 schema goes from $ref issue to
  //   allOf [$ref issue, {properties: {suggestions}}]; only `suggestions` is new there.
  test.each([
    { id: 'response-property-removed:schema rate-limit-overview:resources.code_scanning_upload', level: 'breaking', operations: [{ method: 'get', path: '/rate_limit' }] },
    { id: 'request-property-required:DELETE /orgs/{org}/code-security/configurations/detach:body.selected_repository_ids', level: 'breaking' },
    { id: 'response-media-type-removed:GET /repos/{owner}/{repo}/code-scanning/analyses/{analysis_id}:response 200:application/json+sarif', level: 'breaking' },
    { id: 'response-media-type-added:GET /repos/{owner}/{repo}/code-scanning/analyses/{analysis_id}:response 200:application/sarif+json', level: 'info' },
    { id: 'response-property-removed:schema app-permissions:team_discussions', level: 'breaking', direction: 'response', message: "response property 'app-permissions.team_discussions' removed" },
    { id: 'request-property-removed:schema app-permissions:team_discussions', level: 'warning', direction: 'request', message: "request property 'app-permissions.team_discussions' removed" },
    { id: 'response-property-type-changed:schema minimal-repository:license.url', level: 'breaking', message: "response property 'minimal-repository.license.url' type changed from 'string' to 'string | null'" },
    { id: 'response-status-removed:GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix:response 503', level: 'warning' },
    { id: 'response-status-added:GET /repos/{owner}/{repo}/code-scanning/alerts/{alert_number}/autofix:response 500', level: 'info' },
    { id: 'response-property-added:PATCH /repos/{owner}/{repo}/issues/{issue_number}:response 200 application/json: suggestions', level: 'info' },
  ])('reports $id', (expected) => {
    expect(log.changes.find((change) => change.id === expected.id)).toMatchObject(expected);
  });

  test('app-permissions is reported once per direction: sent by the two token requests, received by ten operations', () => {
    const reported = log.changes.filter((change) => change.id.endsWith('-property-removed:schema app-permissions:team_discussions'));
    expect(reported.map((change) => change.direction)).toEqual(['response', 'request']);
    // Both request bodies have `permissions: {$ref: app-permissions}` in 23.0.2.
    expect(reported[1]?.operations).toEqual([
      { method: 'post', path: '/app/installations/{installation_id}/access_tokens' },
      { method: 'post', path: '/applications/{client_id}/token/scoped' },
    ]);
    expect(reported[0]?.operations).toHaveLength(10);
    expect(reported[0]?.operations).toContainEqual({ method: 'get', path: '/app/installations/{installation_id}' });
  });

  test('every schema change names only operations that use the schema in its direction', () => {
    const document = newer as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { responses: Record<string, unknown> } };
    const operationOf = (ref: { method: string; path: string }): Record<string, unknown> => document.paths[ref.path]?.[ref.method] ?? {};
    const sends = (ref: { method: string; path: string }): boolean =>
      operationOf(ref).requestBody !== undefined || operationOf(ref).parameters !== undefined || document.paths[ref.path]?.parameters !== undefined;
    const responseOf = (response: unknown): unknown => {
      const target = (response as { $ref?: string }).$ref;
      return target === undefined ? response : document.components.responses[target.split('/').at(-1) ?? ''];
    };
    const receives = (ref: { method: string; path: string }): boolean =>
      Object.values(operationOf(ref).responses ?? {}).some((response) => (responseOf(response) as { content?: unknown } | undefined)?.content !== undefined);
    const schemaChanges = log.changes.filter((change) => change.schema !== undefined);
    expect(schemaChanges.length).toBeGreaterThan(20);
    for (const change of schemaChanges) {
      expect(change.kind.startsWith(`${change.direction}-`) || change.kind === 'schema-property-deprecated').toBe(true);
      for (const ref of change.operations ?? []) expect([change.id, ref, change.direction === 'request' ? sends(ref) : receives(ref)]).toEqual([change.id, ref, true]);
    }
  });

  test('the PATCH issue response does not repeat changes of the issue schema it extends', () => {
    const patchIssue = log.changes.filter((change) => change.method === 'patch' && change.path === '/repos/{owner}/{repo}/issues/{issue_number}' && change.schema === undefined);
    expect(patchIssue.filter((change) => change.location?.startsWith('response')).map((change) => change.id)).toEqual([
      'response-property-added:PATCH /repos/{owner}/{repo}/issues/{issue_number}:response 200 application/json: suggestions',
    ]);
  });
});

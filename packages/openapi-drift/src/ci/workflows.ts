// `init --ci github`: the two workflows a team needs, written into its repository. The pull-request
// workflow runs the Action (contract tests, one comment, annotations); the scheduled one fetches
// each client's live source and opens a pull request on drift (refresh), then calls the service
// (canary). Both are adapted to the repository's package manager and Node version.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { commandFor, packageManagerOf, type PackageManager } from '../core/package-manager.ts';

/** The CI systems `init --ci` knows. */
export const CI_SYSTEMS = ['github'] as const;
export type CiSystem = (typeof CI_SYSTEMS)[number];

/** The Action, as a team's workflow names it: this repository, major version tag. */
export const ACTION_REF = 'openapi-drift/openapi-drift@v0';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';
const SETUP_NODE = 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0';
/** The oldest Node that Vitest 5 and hey-api 0.99 run on is 22.18; 24 is the current LTS. */
const DEFAULT_NODE = '24';

export const PULL_REQUEST_WORKFLOW = '.github/workflows/openapi-drift.yml';
export const LIVE_WORKFLOW = '.github/workflows/openapi-drift-live.yml';

export interface RepositoryTools {
  manager: PackageManager;
  /** Yarn 2 or later (a .yarnrc.yml, or packageManager yarn@2+). */
  yarnBerry: boolean;
  /** A version for setup-node's node-version, or a file for node-version-file. */
  node: { version: string } | { file: string };
  /** How the repository runs openapi-drift: `npx openapi-drift`, `pnpm exec openapi-drift`, `yarn openapi-drift`. */
  exec: string;
}

interface Manifest {
  packageManager?: string;
  engines?: { node?: string };
}

/** The package manager (packageManager field, else the lockfile) and the Node version (.nvmrc, .node-version, engines.node). */
export function detectTools(root: string): RepositoryTools {
  let manifest: Manifest = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  } catch {
    // No readable package.json: the lockfile and the defaults decide.
  }
  const declared = /^(npm|pnpm|yarn)@(\d+)/.exec(manifest.packageManager ?? '');
  const manager = packageManagerOf(root);
  const yarnBerry = manager === 'yarn' && (existsSync(path.join(root, '.yarnrc.yml')) || Number(declared?.[2] ?? 1) >= 2);
  const file = ['.nvmrc', '.node-version'].find((name) => existsSync(path.join(root, name)));
  const engineMajor = /(\d+)/.exec(manifest.engines?.node ?? '')?.[1];
  const node = file ? { file } : { version: engineMajor && Number(engineMajor) >= 22 ? engineMajor : DEFAULT_NODE };
  return { manager, yarnBerry, node, exec: commandFor(root, { tool: 'openapi-drift' }) };
}

function installCommand(tools: RepositoryTools): string {
  if (tools.manager === 'pnpm') return 'pnpm install --frozen-lockfile';
  if (tools.manager === 'yarn') return tools.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile';
  return 'npm ci';
}

function nodeInput(tools: RepositoryTools, indent: string): string {
  return 'file' in tools.node ? `${indent}node-version-file: ${tools.node.file}` : `${indent}node-version: '${tools.node.version}'`;
}

/** Checkout, Node and the install, as each job of the scheduled workflow starts. */
function setupSteps(tools: RepositoryTools, checkoutWith = ''): string {
  return [
    `      - uses: ${CHECKOUT}${checkoutWith}`,
    `      - uses: ${SETUP_NODE}`,
    '        with:',
    nodeInput(tools, '          '),
    ...(tools.manager === 'npm' ? [] : ['      - run: corepack enable']),
    `      - run: ${installCommand(tools)}`,
  ].join('\n');
}

export function pullRequestWorkflow(tools: RepositoryTools): string {
  // The Action reads node-version only; a version file is read here and passed on.
  const node = 'file' in tools.node ? `\${{ steps.node.outputs.version }}` : tools.node.version;
  return `name: openapi-drift

# On every pull request: the contract tests of each OpenAPI client (npx vitest run contract-tests/),
# then one comment on the pull request, updated in place, with the drifted files and their cause, the
# API changes since the base branch, the type check and the call sites; an annotation on each drifted
# file; the job summary. On a pull request from a fork the token is read-only: annotations and the
# summary only. Written by \`npx openapi-drift init --ci github\`.
on:
  pull_request:

permissions:
  contents: read
  pull-requests: write

jobs:
  contract-tests:
    runs-on: ubuntu-latest
    steps:
      - uses: ${CHECKOUT}
${'file' in tools.node ? `      - id: node\n        shell: bash\n        run: echo "version=$(cat ${tools.node.file})" >> "$GITHUB_OUTPUT"\n` : ''}      - uses: ${ACTION_REF}
        with:
          node-version: '${node}'
`;
}

export function liveWorkflow(tools: RepositoryTools): string {
  const { exec } = tools;
  return `name: openapi-drift live

# Once a day: compare each client's live source (openapi-drift.json beside the client) with its
# committed snapshot; on drift, push a branch and open a pull request (\`${exec} refresh\`).
# Needs Settings > Actions > "Allow GitHub Actions to create and approve pull requests". Pull
# requests opened with GITHUB_TOKEN do not trigger other workflows: for the contract tests to run on
# them, use a GitHub App or fine-grained token for checkout's token and GH_TOKEN instead.
# Then the canary calls the operations listed in each client's canary section and checks the answers
# against the snapshot. Written by \`npx openapi-drift init --ci github\`.
on:
  schedule:
    - cron: '17 5 * * *'
  workflow_dispatch:

permissions:
  contents: write
  pull-requests: write

concurrency:
  group: openapi-drift-live

jobs:
  refresh:
    runs-on: ubuntu-latest
    steps:
${setupSteps(tools, '\n        with:\n          fetch-depth: 0')}
      - run: ${exec} refresh --base "\${{ github.event.repository.default_branch }}"
        env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          # Source headers take their values from environment variables named in openapi-drift.json,
          # e.g. "Authorization": "Bearer \${BILLING_API_TOKEN}". Map each to a repository secret:
          # BILLING_API_TOKEN: \${{ secrets.BILLING_API_TOKEN }}

  canary:
    needs: refresh
    # Also when the refresh failed: the canary checks the service, not the spec.
    if: \${{ !cancelled() }}
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
${setupSteps(tools)}
      - name: Runtime canary
        shell: bash
        run: |
          set +e
          ${exec} canary --format markdown > canary.md
          code=$?
          cat canary.md
          cat canary.md >> "$GITHUB_STEP_SUMMARY"
          if [ "$code" = 3 ]; then echo "::warning::a canary service did not answer"; exit 0; fi
          exit "$code"
        env:
          NO_COLOR: '1'
`;
}

export interface WrittenWorkflow {
  file: string;
  status: 'written' | 'kept';
}

/** Writes the workflows of `system` into the repository; a workflow already there is kept as it is. */
export async function writeCiWorkflows(root: string, system: string): Promise<WrittenWorkflow[]> {
  if (!(CI_SYSTEMS as readonly string[]).includes(system)) {
    throw new DriftError(`--ci must be one of ${CI_SYSTEMS.join(', ')}, got '${system}'`, { fix: 'npx openapi-drift init --ci github' });
  }
  const tools = detectTools(root);
  const results: WrittenWorkflow[] = [];
  for (const [file, text] of [
    [PULL_REQUEST_WORKFLOW, pullRequestWorkflow(tools)],
    [LIVE_WORKFLOW, liveWorkflow(tools)],
  ] as const) {
    const target = path.join(root, file);
    const stat = await fs.lstat(target).catch(() => undefined);
    if (stat?.isSymbolicLink()) throw new ConfigError(`${file} is a symbolic link; openapi-drift never writes through a link`, { file, fix: `remove the link ${file}, then run init --ci again` });
    if (stat) {
      results.push({ file, status: 'kept' });
      continue;
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, text, { shown: file });
    results.push({ file, status: 'written' });
  }
  return results;
}

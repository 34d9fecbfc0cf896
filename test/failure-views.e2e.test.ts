// What a drifted file's failing test gives where people read it: the editor (the Vitest extension
// shows a side-by-side diff when the error carries `expected` and `actual` as strings), Vitest's JSON
// reporter, and the compact reporters Vitest picks for coding agents (`agent`, `minimal`).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, run, runVitest, type TempProject, type VitestReport } from './helpers/temp-project.ts';

const OUT = 'clients/petstore/src/client';
const FIX = 'fix: npx vitest run contract-tests/petstore.contract.test.ts -u';

// A reporter as the editor extension reads results: through Vitest's reporter API, each error as
// the worker serialized it.
const ERRORS_REPORTER = `import fs from 'node:fs';
export default class ErrorsReporter {
  errors = {};
  onTestCaseResult(testCase) {
    const errors = testCase.result().errors ?? [];
    if (errors.length) this.errors[testCase.fullName] = errors.map(({ message, expected, actual, diff }) => ({ message, expected, actual, diff }));
  }
  onTestRunEnd() {
    fs.writeFileSync(process.env.ERRORS_FILE, JSON.stringify(this.errors));
  }
}
`;

interface SerializedError {
  message: string;
  expected?: unknown;
  actual?: unknown;
  diff?: unknown;
}

let project: TempProject;
let committedSdk: string;
let generatedSdk: string;
let generatedAuth: string;

beforeAll(async () => {
  project = await createTempProject(['petstore'], 'openapi-drift-views-');
  generatedSdk = await fs.readFile(path.join(project.root, OUT, 'sdk.gen.ts'), 'utf8');
  generatedAuth = await fs.readFile(path.join(project.root, OUT, 'core/auth.gen.ts'), 'utf8');
  committedSdk = generatedSdk.replace('url: "/pets"', 'url: "/pets/v2"');
  expect(committedSdk).not.toBe(generatedSdk);
  await fs.writeFile(path.join(project.root, OUT, 'sdk.gen.ts'), committedSdk);
  await fs.rm(path.join(project.root, OUT, 'core/auth.gen.ts'));
  await fs.writeFile(path.join(project.root, 'errors-reporter.mjs'), ERRORS_REPORTER);
});

afterAll(() => project?.remove());

describe('the default reporters', () => {
  let report: VitestReport;
  let errors: Record<string, SerializedError[]>;

  beforeAll(async () => {
    const errorsFile = path.join(project.root, 'errors.json');
    report = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '--reporter=./errors-reporter.mjs'], { ERRORS_FILE: errorsFile });
    errors = JSON.parse(await fs.readFile(errorsFile, 'utf8')) as Record<string, SerializedError[]>;
  });

  test('the JSON reporter fails the drifted files with the readable message and the fix', () => {
    expect(report.code).toBe(1);
    const sdk = report.tests.get('petstore > src/client/sdk.gen.ts');
    expect(sdk?.status).toBe('failed');
    expect(sdk?.failure).toContain('clients/petstore/src/client/sdk.gen.ts differs from what clients/petstore/openapi.json generates (- committed, + generated)');
    expect(sdk?.failure).toMatch(/-[^\n]*url: "\/pets\/v2"/);
    expect(sdk?.failure).toContain('To accept what the snapshot generates: npx vitest run contract-tests/petstore.contract.test.ts -u');
    expect(report.tests.get('petstore > src/client/core/auth.gen.ts')?.status).toBe('failed');
  });

  test('a changed file carries the committed text as expected and the regenerated text as actual, as strings', () => {
    const [error] = errors['petstore > src/client/sdk.gen.ts'] ?? [];
    expect(error?.expected).toBe(committedSdk);
    expect(error?.actual).toBe(generatedSdk);
    expect(error?.message).toContain('To accept what the snapshot generates');
  });

  test('a missing file carries an empty committed side and the generated text', () => {
    const [error] = errors['petstore > src/client/core/auth.gen.ts'] ?? [];
    expect(error?.expected).toBe('');
    expect(error?.actual).toBe(generatedAuth);
  });

  test('Vitest does not print a second diff under the message, which holds one', () => {
    const [error] = errors['petstore > src/client/sdk.gen.ts'] ?? [];
    expect(error?.diff).toBeUndefined();
    expect(report.output.match(/url: "\/pets\/v2"/g)).toHaveLength(1);
  });
});

describe.each(['agent', 'minimal'])('the %s reporter', (reporter) => {
  let output: string;
  let code: number | null;

  beforeAll(async () => {
    const result = await run(path.join(project.root, 'node_modules', '.bin', 'vitest'), ['run', 'contract-tests/petstore.contract.test.ts', `--reporter=${reporter}`], { cwd: project.root });
    output = result.stdout + result.stderr;
    code = result.code;
  });

  test('a drifted file fails as its path, its cause and the fix, one line each, with no diff', () => {
    expect(code).toBe(1);
    expect(output).toContain(
      [
        'clients/petstore/src/client/sdk.gen.ts: changed',
        'cause: The inputs are unchanged since the last regeneration, so the tree was hand-edited.',
        FIX,
      ].join('\n'),
    );
    expect(output).toContain(['clients/petstore/src/client/core/auth.gen.ts: missing', 'cause: The inputs are unchanged since the last regeneration, so the tree was hand-edited.', FIX].join('\n'));
    expect(output).not.toContain('url: "/pets/v2"');
    expect(output).not.toContain('--- committed/');
  });
});

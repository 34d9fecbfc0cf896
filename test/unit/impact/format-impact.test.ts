// An impact report as the user reads it: the terminal's text, a pull request's markdown (with a
// budget of errors), the JSON for scripts, and the one line that sync and live print.
import path from 'node:path';
import { expect, test } from 'vitest';
import { formatImpact, formatImpactMarkdown, impactHeadline, impactSummary } from '../../../packages/openapi-drift/src/impact/format-impact.ts';
import type { ImpactReport } from '../../../packages/openapi-drift/src/impact/impact.ts';
import type { CompilerDiagnostic } from '../../../packages/openapi-drift/src/typecheck/diagnostics.ts';
import { CHANGELOG, CHANGES } from './fixture.ts';

const ROOT = path.resolve('/repo');
const error = (file: string, line: number, start: number, message = "Property 'tag' does not exist on type 'Pet'.", code = 2339): CompilerDiagnostic => ({ file: path.join(ROOT, file), line, column: 3, start, length: 1, code, message });

function report(fields: Partial<ImpactReport> = {}): ImpactReport {
  return { client: 'shop', outputDir: path.join(ROOT, 'clients/shop/src/client'), consumers: [path.join(ROOT, 'src/pets.ts')], notExamined: [], configs: [path.join(ROOT, 'tsconfig.json')], changelog: CHANGELOG, byChange: [], other: [], unusedBreaking: [], silentBreaking: [], newErrors: 0, fixedErrors: 0, ...fields };
}

const BROKEN = report({
  consumers: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/f.ts', 'src/g.ts'].map((file) => path.join(ROOT, file)),
  notExamined: [path.join(ROOT, 'src/uses.ts')],
  configs: [path.join(ROOT, 'tsconfig.json'), 'defaults'],
  byChange: [
    { change: CHANGES.a, errors: [error('src/b.ts', 4, 40, "Type 'number | undefined' is not assignable to type 'number'.\n  Type 'undefined' is not assignable to type 'number'.", 2322)] },
    { change: CHANGES.b, errors: [error('src/a.ts', 9, 90, "Type '<T>() => T' is not assignable.", 2322), error('src/b.ts', 2, 20)] },
  ],
  other: [error('src/c.ts', 1, 1, 'Other `code`.', 2353)],
  silentBreaking: [CHANGES.e],
  unusedBreaking: [CHANGES.d, CHANGES.g],
  newErrors: 4,
});

test('the headline: nobody imports the client, nothing is affected, or how many call sites in how many files break', () => {
  expect(impactHeadline(report({ consumers: [] }), ROOT)).toBe('no code in this repository imports clients/shop/src/client');
  expect(impactHeadline(report(), ROOT)).toBe('no call site in this repository is affected (1 file imports clients/shop/src/client)');
  expect(impactHeadline(report({ consumers: [ROOT, ROOT] }), path.join(ROOT, 'clients/shop/src/client'))).toBe('no call site in this repository is affected (2 files import .)');
  expect(impactHeadline(BROKEN, ROOT)).toBe('this update breaks 4 call sites in 3 files');
  expect(impactHeadline(report({ newErrors: 1, other: [error('src/a.ts', 1, 1)] }), ROOT)).toBe('this update breaks 1 call site in 1 file');
});

test("sync's and live's line: the headline and the places in order, the rest counted", () => {
  expect(impactSummary(report(), ROOT)).toBe('impact: no call site in this repository is affected (1 file imports clients/shop/src/client)\n');
  expect(impactSummary(BROKEN, ROOT)).toBe('impact: this update breaks 4 call sites in 3 files: src/a.ts:9:3, src/b.ts:2:3, src/b.ts:4:3, src/c.ts:1:3\n');
  expect(impactSummary(BROKEN, ROOT, 2)).toBe('impact: this update breaks 4 call sites in 3 files: src/a.ts:9:3, src/b.ts:2:3 and 2 more\n');
  expect(impactSummary(BROKEN, ROOT, 4)).not.toContain('more');
});

test('text: the files checked (five, the rest counted) with which options, those not examined, each change with its errors, the rest apart', () => {
  expect(formatImpact(BROKEN, 'text', ROOT)).toBe(
    [
      'shop: this update breaks 4 call sites in 3 files',
      '  checked src/a.ts, src/b.ts, src/c.ts, src/d.ts, src/e.ts and 2 more with tsconfig.json, default options',
      '  not examined: src/uses.ts (it imports code that uses the client; only imports of the client and its re-exports are followed)',
      '',
      "BREAKING  GET /pets  parameter 'query.limit' became required",
      "  src/b.ts:4:3  TS2322  Type 'number | undefined' is not assignable to type 'number'.",
      "      Type 'undefined' is not assignable to type 'number'.",
      '',
      "BREAKING  schema Pet (received by 2 operations)  property 'tag' was removed",
      "  src/a.ts:9:3  TS2322  Type '<T>() => T' is not assignable.",
      "  src/b.ts:2:3  TS2339  Property 'tag' does not exist on type 'Pet'.",
      '',
      'not traced to an API change:',
      '  src/c.ts:1:3  TS2353  Other `code`.',
      '',
      'breaking, used here, but the compiler sees no error (check what the code does with it):',
      '  BREAKING  GET /pets/{petId}  response 404 was removed',
      '',
      'breaking for the API, no call site here:',
      "  BREAKING  DELETE /pets/{petId}  parameter 'query.force' became required",
      '  BREAKING  schema Kennel (used by 0 operations)  schema removed',
      '',
    ].join('\n'),
  );
  expect(formatImpact(report(), 'text', ROOT)).toBe('shop: no call site in this repository is affected (1 file imports clients/shop/src/client)\n  checked src/pets.ts with tsconfig.json\n');
  expect(formatImpact(report({ consumers: [] }), 'text', ROOT)).toBe('shop: no code in this repository imports clients/shop/src/client\n');
  const notExamined = formatImpact(report({ notExamined: ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => path.join(ROOT, `${name}.ts`)) }), 'text', ROOT);
  expect(notExamined).toContain('\n  not examined: a.ts, b.ts, c.ts, d.ts, e.ts and 1 more (they import code that uses the client;');
  expect(formatImpact(report({ consumers: Array.from({ length: 5 }, (_, index) => path.join(ROOT, `${index}.ts`)) }), 'text', ROOT)).toContain('checked 0.ts, 1.ts, 2.ts, 3.ts, 4.ts with tsconfig.json\n');
});

test('markdown: a section with its heading, code spans without backticks, HTML brackets escaped, and a budget of errors', () => {
  expect(formatImpact(BROKEN, 'markdown', ROOT)).toBe(
    [
      '### Impact on this repository',
      '',
      'This update breaks 4 call sites in 3 files.',
      '',
      'Not examined: src/uses.ts (it imports code that uses the client; only imports of the client and its re-exports are followed).',
      '',
      "- **BREAKING** `GET /pets` parameter 'query.limit' became required",
      "  - `src/b.ts:4:3` TS2322: Type 'number | undefined' is not assignable to type 'number'.",
      "- **BREAKING** `schema Pet (received by 2 operations)` property 'tag' was removed",
      "  - `src/a.ts:9:3` TS2322: Type '&lt;T&gt;() =&gt; T' is not assignable.",
      "  - `src/b.ts:2:3` TS2339: Property 'tag' does not exist on type 'Pet'.",
      '- Not traced to an API change',
      '  - `src/c.ts:1:3` TS2353: Other `code`.',
      '',
      'Breaking, used here, but the compiler sees no error:',
      '',
      '- **BREAKING** `GET /pets/{petId}` response 404 was removed',
      '',
      'Breaking for the API, no call site here:',
      '',
      "- **BREAKING** `DELETE /pets/{petId}` parameter 'query.force' became required",
      '- **BREAKING** `schema Kennel (used by 0 operations)` schema removed',
      '',
    ].join('\n'),
  );
  const capped = formatImpactMarkdown(BROKEN, ROOT, 2).split('\n');
  expect(capped.filter((line) => line.startsWith('  - '))).toEqual(["  - `src/b.ts:4:3` TS2322: Type 'number | undefined' is not assignable to type 'number'.", "  - `src/a.ts:9:3` TS2322: Type '&lt;T&gt;() =&gt; T' is not assignable.", '  - ... and 1 more', '  - ... and 1 more']);
  expect(formatImpactMarkdown(report(), ROOT)).toBe('### Impact on this repository\n\nNo call site in this repository is affected (1 file imports clients/shop/src/client).\n');
  // A change without an owner has no code span; a location in backticks keeps its span whole.
  const bare = formatImpactMarkdown(report({ byChange: [{ change: { id: 'x', level: 'warning', kind: 'k', message: 'whole document' }, errors: [{ ...error('src/`a`.ts', 1, 1), message: '' }] }] }), ROOT);
  expect(bare).toContain("\n- **WARNING** whole document\n  - `src/'a'.ts:1:3` TS2339: \n");
});

test('JSON: paths from the display root, whole-program errors with nulls, the changes as they are', () => {
  const json = JSON.parse(formatImpact({ ...BROKEN, other: [{ code: 2688, message: 'whole' }], fixedErrors: 2 }, 'json', ROOT));
  expect(json).toEqual({
    client: 'shop',
    output: 'clients/shop/src/client',
    consumers: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/f.ts', 'src/g.ts'],
    notExamined: ['src/uses.ts'],
    tsconfigs: ['tsconfig.json', 'defaults'],
    newErrors: 4,
    fixedErrors: 2,
    byChange: [
      { change: CHANGES.a, errors: [{ file: 'src/b.ts', line: 4, column: 3, code: 2322, message: "Type 'number | undefined' is not assignable to type 'number'.\n  Type 'undefined' is not assignable to type 'number'." }] },
      {
        change: CHANGES.b,
        errors: [
          { file: 'src/a.ts', line: 9, column: 3, code: 2322, message: "Type '<T>() => T' is not assignable." },
          { file: 'src/b.ts', line: 2, column: 3, code: 2339, message: "Property 'tag' does not exist on type 'Pet'." },
        ],
      },
    ],
    other: [{ file: null, line: null, column: null, code: 2688, message: 'whole' }],
    breakingWithoutError: [CHANGES.e],
    breakingUnused: [CHANGES.d, CHANGES.g],
    summary: CHANGELOG.summary,
  });
  expect(formatImpact(BROKEN, 'json', ROOT)).toMatch(/^\{\n  "client": "shop",\n[\s\S]*\n\}\n$/);
});

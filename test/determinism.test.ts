// Determinism: the same client regenerates to the same bytes whatever the working directory, time
// zone and locale of the process that runs the check (a developer in Kiritimati with a Turkish
// locale, CI in a C locale), and to the bytes that are committed. `regenerate` forks its generator
// with `process.env`, so each environment is a real subprocess with its own cwd and variables.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readTree } from '../packages/openapi-drift/src/compare/tree.ts';
import { FINGERPRINT_FILE, type Fingerprint } from '../packages/openapi-drift/src/compare/fingerprint.ts';
import { createTempProject, REPO, run, type TempProject } from './helpers/temp-project.ts';

const CLIENTS = ['ix-api', 'petstore'];

/** sha256 over the (path, content) pairs sorted by path in code-unit order, never by locale. */
function treeDigest(files: Map<string, string>): string {
  const pairs = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

// Regenerates each client folder given as an argument and prints what it got, with the time zone
// and locale the process really ran with. The digest is computed exactly as treeDigest above.
const SCRIPT = `import { createHash } from 'node:crypto';
import { regenerate } from 'openapi-drift';

const results = await Promise.all(process.argv.slice(2).map(async (clientDir) => {
  const regeneration = await regenerate(clientDir);
  const pairs = [...regeneration.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    clientDir,
    outputDir: regeneration.outputDir,
    files: pairs.length,
    tree: createHash('sha256').update(JSON.stringify(pairs)).digest('hex'),
    // As -u records them in generated-from.json: the inputs and the snapshot's document.
    inputs: { ...regeneration.inputs, document: regeneration.snapshotForm.document },
  };
}));
const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
const utcOffsetMinutes = -new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset();
console.log(JSON.stringify({ cwd: process.cwd(), locale, timeZone, utcOffsetMinutes, upperCaseI: 'i'.toLocaleUpperCase(locale), results }));
`;

interface Printed {
  cwd: string;
  locale: string;
  timeZone: string;
  utcOffsetMinutes: number;
  upperCaseI: string;
  results: Array<{ clientDir: string; outputDir: string; files: number; tree: string; inputs: Omit<Fingerprint, 'tree'> }>;
}

interface Variant {
  description: string;
  cwd: () => string;
  env: Record<string, string | undefined>;
  clients: string[];
  timeZone: string;
  utcOffsetMinutes: number;
  /** 'i' upper-cased in the process's locale: the Turkish dotted capital proves the locale took effect. */
  upperCaseI: string;
}

let project: TempProject;
let script: string;

const variants: Variant[] = [
  {
    description: 'from /, in Kiritimati (UTC+14) with a Turkish locale',
    cwd: () => '/',
    env: { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' },
    clients: ['ix-api', 'petstore'],
    timeZone: 'Pacific/Kiritimati',
    utcOffsetMinutes: 14 * 60,
    upperCaseI: '\u0130',
  },
  {
    description: "from the temp folder, in St John's (UTC-3:30) with the C locale",
    cwd: () => os.tmpdir(),
    env: { TZ: 'America/St_Johns', LANG: 'C', LC_ALL: 'C' },
    clients: ['ix-api', 'petstore'],
    timeZone: 'America/St_Johns',
    utcOffsetMinutes: -(3 * 60 + 30),
    upperCaseI: 'I',
  },
  {
    description: "from inside the committed tree, in St John's with only LANG Turkish",
    cwd: () => path.join(project.clientDir('ix-api'), 'src', 'generated', 'core'),
    env: { TZ: 'America/St_Johns', LANG: 'tr_TR.UTF-8', LC_ALL: undefined, LC_CTYPE: undefined, LC_COLLATE: undefined },
    // ix-api only, to keep the test short: its identifiers are the ones full of i's.
    clients: ['ix-api'],
    timeZone: 'America/St_Johns',
    utcOffsetMinutes: -(3 * 60 + 30),
    upperCaseI: '\u0130',
  },
];

beforeAll(async () => {
  project = await createTempProject(CLIENTS);
  script = path.join(project.root, 'print-regeneration.mjs');
  await fs.writeFile(script, SCRIPT);
});
afterAll(() => project?.remove());

test('regenerating from other folders, time zones and locales gives the committed bytes and the same inputs every time', async () => {
  const runs = await Promise.all(
    variants.map(async (variant) => {
      const clientDirs = variant.clients.map((name) => project.clientDir(name));
      const result = await run(path.join(REPO, 'node_modules', '.bin', 'node'), [script, ...clientDirs], { cwd: variant.cwd(), env: variant.env, timeoutMs: 120_000 });
      expect(result.code, `${variant.description}\n${result.stderr}`).toBe(0);
      return { variant, printed: JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Printed };
    }),
  );

  for (const { variant, printed } of runs) {
    // The environment really differed, or the comparison below would prove nothing.
    const label = `${variant.description} (locale ${printed.locale})`;
    expect(printed.cwd, label).toBe(await fs.realpath(variant.cwd()));
    expect(printed.timeZone, label).toBe(variant.timeZone);
    expect(printed.utcOffsetMinutes, label).toBe(variant.utcOffsetMinutes);
    expect(printed.upperCaseI, label).toBe(variant.upperCaseI);
  }

  for (const name of CLIENTS) {
    const clientDir = project.clientDir(name);
    const outputDir = path.join(clientDir, 'src', name === 'ix-api' ? 'generated' : 'client');
    const committed = await readTree(outputDir);
    expect(committed.size, name).toBeGreaterThan(10);
    const { tree: _recordedTree, ...recordedInputs } = JSON.parse(await fs.readFile(path.join(clientDir, FINGERPRINT_FILE), 'utf8')) as Fingerprint;
    const results = runs.flatMap(({ variant, printed }) => printed.results.filter((result) => result.clientDir === clientDir).map((result) => ({ variant, result })));
    expect(results.length, name).toBe(variants.filter((variant) => variant.clients.includes(name)).length);
    for (const { variant, result } of results) {
      const label = `${name} ${variant.description}`;
      expect(result.outputDir, label).toBe(outputDir);
      expect(result.files, label).toBe(committed.size);
      expect(result.tree, label).toBe(treeDigest(committed));
      // The inputs are what generated-from.json records: no environment shows up as a cause of drift.
      expect(result.inputs, label).toEqual(recordedInputs);
    }
  }
});

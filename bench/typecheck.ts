// `node bench/typecheck.ts`: how often the type check fires on the public specs in
// test/fixtures/specs, and what it costs. Each spec becomes a client with the default plugins in a
// temp project, is regenerated once, then type-checked twice with each compiler setup: no tsconfig
// (the defaults), this repository's own tsconfig.json, and the same with exactOptionalPropertyTypes
// (which hey-api's fetch client does not support). The first check compiles (cold), the second is
// served from the cache (warm). Nothing is asserted: this prints a table.
//
// Usage: node bench/typecheck.ts [--json results.json] [--specs a,b]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { canonicalize } from '../packages/openapi-drift/src/snapshot/canonicalize.ts';
import { configSource, DEFAULT_PLUGINS } from '../packages/openapi-drift/src/lifecycle/add.ts';
import { regenerate } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { typeCheckRegeneration, type TypeCheckResult } from '../packages/openapi-drift/src/typecheck/type-check.ts';
import { formatDiagnostic } from '../packages/openapi-drift/src/typecheck/diagnostics.ts';
import { readSpec, type SpecName } from '../test/helpers/specs.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SPECS: SpecName[] = [
  'petstore.oas30.yaml',
  'scalar-galaxy-0.6.12.oas31.yaml',
  'mastodon.oas303.json',
  'ix-api-2.1.0.oas30.json',
  'docker-engine-1.56.swagger20.yaml',
  'github-octokit-22.0.0.oas303.json',
  'github-octokit-23.0.2.oas303.json',
];
const { values } = parseArgs({ options: { json: { type: 'string' }, specs: { type: 'string' } } });
const chosen = values.specs ? SPECS.filter((spec) => values.specs?.split(',').some((part) => spec.startsWith(part))) : SPECS;

const SETUPS = ['defaults', 'repository tsconfig', 'exactOptionalPropertyTypes'] as const;
type Setup = (typeof SETUPS)[number];

interface Row {
  spec: string;
  setup: Setup;
  files: number;
  errors: number;
  coldSeconds: number;
  warmSeconds: number;
  first: string[];
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-typecheck-bench-'));
const rows: Row[] = [];
try {
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  await fs.writeFile(path.join(root, 'package.json'), '{ "private": true, "type": "module" }\n');
  const repositoryOptions = JSON.parse((await fs.readFile(path.join(REPO, 'tsconfig.json'), 'utf8')).replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: Record<string, unknown> };
  for (const spec of chosen) {
    const name = spec.replace(/\..*$/, '').replace(/[^a-z0-9-]/gi, '-');
    for (const setup of SETUPS) {
      // One project per setup: the tsconfig (or its absence) is found from the client folder.
      const project = path.join(root, setup.replace(/ /g, '-'));
      const clientDir = path.join(project, 'clients', name);
      await fs.mkdir(clientDir, { recursive: true });
      const compilerOptions = { ...repositoryOptions.compilerOptions, ...(setup === 'exactOptionalPropertyTypes' ? { exactOptionalPropertyTypes: true } : {}) };
      if (setup !== 'defaults') await fs.writeFile(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['clients'] }, null, 2));
      await fs.writeFile(path.join(clientDir, 'openapi.json'), canonicalize(readSpec(spec)));
      await fs.writeFile(path.join(clientDir, 'openapi-ts.config.ts'), configSource(DEFAULT_PLUGINS));
      const regeneration = await regenerate(clientDir, { displayRoot: project });
      const [cold, coldSeconds] = await timed(() => typeCheckRegeneration(regeneration, { displayRoot: project }));
      const [warm, warmSeconds] = await timed(() => typeCheckRegeneration(regeneration, { displayRoot: project }));
      if (!warm.cached || warm.diagnostics.length !== cold.diagnostics.length) throw new Error(`${spec}: the second check was not served from the cache`);
      const row = summarize(spec, setup, cold, coldSeconds, warmSeconds, project);
      rows.push(row);
      console.log(`${spec.padEnd(36)} ${setup.padEnd(27)} ${String(row.files).padStart(3)} files  ${String(row.errors).padStart(4)} errors  cold ${coldSeconds.toFixed(2)} s  warm ${warmSeconds.toFixed(3)} s`);
      for (const line of row.first) console.log(`    ${line}`);
    }
  }
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
if (values.json) await fs.writeFile(values.json, `${JSON.stringify(rows, null, 2)}\n`);

function summarize(spec: string, setup: Setup, result: TypeCheckResult, coldSeconds: number, warmSeconds: number, project: string): Row {
  const first = result.diagnostics.slice(0, 3).map((diagnostic) => formatDiagnostic(diagnostic, project).split('\n')[0] ?? '');
  return { spec, setup, files: result.fileCount, errors: result.diagnostics.length, coldSeconds, warmSeconds, first };
}

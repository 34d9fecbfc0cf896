// Which project's options the type check uses, and what its cache depends on. The generated files
// are compiled under the tsconfig of the project that owns them, found as tsc and the editor find
// it (following `references` from a solution-style tsconfig.json such as Vite's template), with
// that project's own files in the program, so that its global declarations apply; the cached
// result is kept only while every file the compiler read, found missing or listed is unchanged.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { checkClient } from '../packages/openapi-drift/src/contract/check.ts';
import type { Regeneration } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { knownCauses } from '../packages/openapi-drift/src/typecheck/type-check-report.ts';
import { describeCompilerOptions, typeCheckRegeneration } from '../packages/openapi-drift/src/typecheck/type-check.ts';
import { createTempProject, useOwnCache, type TempProject } from './helpers/temp-project.ts';

let project: TempProject;
let regeneration: Regeneration;

beforeAll(async () => {
  project = await createTempProject(['petstore'], 'openapi-drift-', { tsconfig: false });
  // A cache folder of its own, so that what is served from it was written by these tests.
  await useOwnCache(project);
  regeneration = (await checkClient(project.clientDir('petstore'), { displayRoot: project.root })).regeneration;
});
afterAll(async () => {
  await project?.remove();
});

/** The files each test writes at the project root, removed after it. */
const written = new Set<string>();
afterEach(async () => {
  for (const file of written) await fs.rm(path.join(project.root, file), { recursive: true, force: true });
  written.clear();
});

async function write(file: string, content: unknown): Promise<void> {
  written.add(file.split('/')[0] as string);
  await fs.mkdir(path.dirname(path.join(project.root, file)), { recursive: true });
  await fs.writeFile(path.join(project.root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

const check = () => typeCheckRegeneration(regeneration, { displayRoot: project.root });
const inClient = (file: string | undefined) => file !== undefined && file.startsWith(regeneration.outputDir + path.sep);
const OPTIONS = { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], skipLibCheck: true };
/** Vite's tsconfig.json: a solution that only references the projects holding the options. */
const SOLUTION = { files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] };
const NODE_PROJECT = { compilerOptions: { ...OPTIONS, composite: true, tsBuildInfoFile: './node_modules/.tmp/tsconfig.node.tsbuildinfo' }, include: ['vitest.config.ts'] };
/** A global declaration that every RequestInit must now carry: the fetch client's options no longer type-check. */
const BREAKING_GLOBAL = 'interface RequestInit {\n  teamTrace: string;\n}\n';

describe('the project that owns the client', () => {
  test("with Vite's solution-style tsconfig.json, the options are those of the referenced project that includes the client", async () => {
    await write('tsconfig.json', SOLUTION);
    await write('tsconfig.node.json', NODE_PROJECT);
    await write('tsconfig.app.json', { compilerOptions: { ...OPTIONS, exactOptionalPropertyTypes: true, noEmit: true, tsBuildInfoFile: './node_modules/.tmp/tsconfig.app.tsbuildinfo' }, include: ['clients'] });
    const result = await check();
    expect(result.configFile).toBe(path.join(project.root, 'tsconfig.app.json'));
    expect(result.ownership).toBe('owner');
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain(2379);
    expect(result.diagnostics.every((diagnostic) => inClient(diagnostic.file))).toBe(true);
    expect(describeCompilerOptions(result, project.root)).toMatch(/^the compiler options of tsconfig\.app\.json, TypeScript 6\./);
    expect(knownCauses(result.diagnostics)).toEqual([expect.stringMatching(/^`exactOptionalPropertyTypes: true` in the compiler options: the fetch client of @hey-api\/openapi-ts is not written for it/)]);
  });

  test("references are followed through nested solutions, and the owner's global declarations break the client; only errors in the generated files count", async () => {
    await write('tsconfig.json', { files: [], references: [{ path: './config' }] });
    await write('config/tsconfig.json', { files: [], references: [{ path: '../tsconfig.node.json' }, { path: './tsconfig.web.json' }] });
    await write('config/tsconfig.web.json', { compilerOptions: { ...OPTIONS, noEmit: true }, include: ['../clients', '../types', '../src'] });
    await write('tsconfig.node.json', NODE_PROJECT);
    await write('types/team.d.ts', BREAKING_GLOBAL);
    // An error of the project's own code is not the client's.
    await write('src/broken.ts', 'export const count: number = "none";\n');
    const result = await check();
    expect(result.configFile).toBe(path.join(project.root, 'config', 'tsconfig.web.json'));
    expect(result.ownership).toBe('owner');
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics.every((diagnostic) => inClient(diagnostic.file))).toBe(true);
    expect(result.diagnostics.some((diagnostic) => diagnostic.message.includes("Property 'teamTrace' is missing"))).toBe(true);
  });

  test("when no project includes the client, the referenced project whose files import it compiles it, as tsc -b does (Vite's include: [\"src\"])", async () => {
    await write('tsconfig.json', SOLUTION);
    await write('tsconfig.node.json', NODE_PROJECT);
    await write('tsconfig.app.json', { compilerOptions: { ...OPTIONS, exactOptionalPropertyTypes: true, noEmit: true }, include: ['src'] });
    await write('src/main.ts', "import { api } from './api.js';\n\nexport const pets = api;\n");
    await write('src/api.ts', "export * as api from '../clients/petstore/src/client/index.js';\n");
    const result = await check();
    expect(result.configFile).toBe(path.join(project.root, 'tsconfig.app.json'));
    expect(result.ownership).toBe('importer');
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toContain(2379);
    expect(result.diagnostics.every((diagnostic) => inClient(diagnostic.file))).toBe(true);
    expect(describeCompilerOptions(result, project.root)).toMatch(/^the compiler options of tsconfig\.app\.json, whose files import the client \(no tsconfig includes the client's files\), TypeScript 6\./);
  });

  test('when no tsconfig includes the client, the nearest one that is not a solution stands in, and the result says so', async () => {
    await write('tsconfig.json', { compilerOptions: { ...OPTIONS, exactOptionalPropertyTypes: true }, include: ['src'] });
    await write('src/main.ts', 'export {};\n');
    const nearest = await check();
    expect(nearest.configFile).toBe(path.join(project.root, 'tsconfig.json'));
    expect(nearest.ownership).toBe('nearest');
    expect(nearest.diagnostics.map((diagnostic) => diagnostic.code)).toContain(2379);
    expect(describeCompilerOptions(nearest, project.root)).toMatch(/^the compiler options of tsconfig\.json, the nearest tsconfig above the client, though no tsconfig includes the client's files, TypeScript 6\./);

    // A solution none of whose projects includes the client has no options to give: the defaults stand in.
    await write('tsconfig.json', { files: [], references: [{ path: './tsconfig.node.json' }] });
    await write('tsconfig.node.json', NODE_PROJECT);
    const defaults = await check();
    expect(defaults.configFile).toBeUndefined();
    expect(defaults.ownership).toBe('defaults');
    expect(defaults.diagnostics).toEqual([]);
    expect(describeCompilerOptions(defaults, project.root)).toMatch(/^default compiler options \(strict, .*\), since no tsconfig above the client includes its files and none that is not a solution stands in \(tsconfig\.json references projects that do not include them\), TypeScript 6\./);
  });

  test("the search for an owner stops at the repository's root: a tsconfig around the repository is never the owner", async () => {
    // The client folder is the repository here; the folder around it has a tsconfig that includes everything.
    const inner = [path.join(project.clientDir('petstore'), '.git'), path.join(project.clientDir('petstore'), 'tsconfig.json')];
    await fs.mkdir(inner[0] as string);
    await fs.writeFile(inner[1] as string, JSON.stringify({ compilerOptions: OPTIONS, include: ['scripts'] }));
    await write('tsconfig.json', { compilerOptions: { ...OPTIONS, exactOptionalPropertyTypes: true } });
    try {
      const result = await check();
      expect(result.configFile).toBe(inner[1]);
      expect(result.ownership).toBe('nearest');
      expect(result.diagnostics).toEqual([]);
    } finally {
      for (const file of inner) await fs.rm(file, { recursive: true, force: true });
    }
  });
});

describe('the cache follows what the compiler read', () => {
  test('a types entry resolved from a local typeRoots folder that changes is a miss, red with the cache as without it', async () => {
    await write('tsconfig.json', { compilerOptions: { ...OPTIONS, types: ['team'], typeRoots: ['./typings'] }, include: ['clients'] });
    await write('typings/team/index.d.ts', 'interface RequestInit {\n  teamTrace?: string;\n}\n');
    const first = await check();
    expect(first.diagnostics).toEqual([]);
    expect((await check()).cached).toBe(true);

    await write('typings/team/index.d.ts', BREAKING_GLOBAL);
    const changed = await check();
    expect(changed.cached).toBe(false);
    expect(changed.diagnostics.some((diagnostic) => diagnostic.message.includes("Property 'teamTrace' is missing"))).toBe(true);
    process.env.OPENAPI_DRIFT_CACHE = 'off';
    try {
      expect((await check()).diagnostics).toEqual(changed.diagnostics);
    } finally {
      delete process.env.OPENAPI_DRIFT_CACHE;
    }
    expect((await check()).cached).toBe(true);
  });

  test('a new declaration file in a folder the project includes is a miss', async () => {
    await write('tsconfig.json', { compilerOptions: OPTIONS, include: ['clients', 'types'] });
    await write('types/empty.d.ts', 'export {};\n');
    expect((await check()).diagnostics).toEqual([]);
    expect((await check()).cached).toBe(true);
    await write('types/team.d.ts', BREAKING_GLOBAL);
    const added = await check();
    expect(added.cached).toBe(false);
    expect(added.diagnostics.length).toBeGreaterThan(0);
  });
});

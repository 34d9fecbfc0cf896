// `npm run bench:runtime`: what openapi-drift/runtime costs a client that uses it.
//
//   validation   the median microseconds per response of the work watchDrift adds (clone, read,
//                parse, validate) and of the validator alone, for a small and a large body of
//                petstore's operations (the large one: 100 pets, about 200 KB)
//   bundle       bytes that esbuild (minified, then gzipped) adds to a bundle of the generated
//                client's calls: the interceptor with one operation's validators, and each further
//                operation, for petstore and for ix-api (78 operations, a client with zod)
//
// The validators are generated in memory from the committed snapshots, as `-u` would write them.
// Usage: npm run bench:runtime -- [--reps 2000]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { watchDrift, type OperationValidators } from '../packages/openapi-drift/src/runtime/index.ts';
import { validatorSource } from '../packages/openapi-drift/src/validators/validator-source.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { reps: { type: 'string', default: '2000' } } });
const reps = Number(values.reps);

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? Number.NaN;

const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-bench-runtime-'));
try {
  const validatorFiles = new Map<string, string>();
  for (const client of ['petstore', 'ix-api']) {
    const document = JSON.parse(await fs.readFile(path.join(REPO, 'clients', client, 'openapi.json'), 'utf8'));
    const file = path.join(temp, `${client}-validators.gen.ts`);
    await fs.writeFile(file, validatorSource(document, `clients/${client}/openapi.json`));
    validatorFiles.set(client, file);
  }
  await validationRows(validatorFiles.get('petstore')!);
  await bundleRows('petstore', 'src/client', validatorFiles.get('petstore')!, ['listPets', 'showPetById', 'createPets']);
  await bundleRows('ix-api', 'src/generated', validatorFiles.get('ix-api')!, ['accountsList', 'accountsRead', 'accountsCreate', 'contactsList', 'contactsRead', 'connectionsList', 'connectionsRead', 'portsList']);
} finally {
  await fs.rm(temp, { recursive: true, force: true });
}

async function validationRows(file: string): Promise<void> {
  // The generated file is plain JavaScript behind its type-check pragma: load it as a module.
  const moduleFile = file.replace(/\.ts$/, '.mjs');
  await fs.copyFile(file, moduleFile);
  const { validators } = (await import(pathToFileURL(moduleFile).href)) as { validators: Record<string, OperationValidators> };
  const pet = (id: number, size: number) => ({ id, name: `pet ${id} ${'n'.repeat(size)}`, tag: 't'.repeat(size) });
  const bodies = [
    { label: 'small (one pet)', operation: validators.showPetById!, url: '/pets/{petId}', body: JSON.stringify(pet(1, 8)) },
    { label: 'large (100 pets)', operation: validators.listPets!, url: '/pets', body: JSON.stringify(Array.from({ length: 100 }, (_, index) => pet(index, 1000))) },
  ];
  console.log(`validation per response, median of ${reps} (microseconds)`);
  console.log('| body | bytes | watchDrift work per response | validator alone | JSON.parse alone |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { label, operation, url, body } of bodies) {
    const validate = operation.responses['200']!['application/json']!;
    const parsed = JSON.parse(body);
    if (!validate(parsed)) throw new Error(`the ${label} body does not conform: the bench would measure an error path`);
    const interceptor = watchDrift({ validators: { operation }, onFinding: () => undefined, sample: 1 });
    const request = new Request(`http://127.0.0.1${url.replace('{petId}', '1')}`);
    const work: number[] = [];
    const alone: number[] = [];
    const parse: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const response = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
      let started = performance.now();
      interceptor(response, request, { url, method: 'GET' });
      await interceptor.settled();
      work.push(performance.now() - started);
      started = performance.now();
      validate(parsed);
      alone.push(performance.now() - started);
      started = performance.now();
      JSON.parse(body);
      parse.push(performance.now() - started);
    }
    const micros = (numbers: number[]) => (median(numbers) * 1000).toFixed(1);
    console.log(`| ${label} | ${body.length} | ${micros(work)} | ${micros(alone)} | ${micros(parse)} |`);
  }
  console.log('');
}

async function bundleRows(client: string, output: string, validatorsFile: string, operations: string[]): Promise<void> {
  const clientDir = path.join(REPO, 'clients', client, output);
  const calls = `import { client } from ${JSON.stringify(path.join(clientDir, 'client.gen.ts'))};\nimport * as sdk from ${JSON.stringify(path.join(clientDir, 'sdk.gen.ts'))};\nexport { client, sdk };\n`;
  const watched = (names: string[]) =>
    `${calls}import { watchDrift } from ${JSON.stringify(path.join(REPO, 'packages/openapi-drift/src/runtime/index.ts'))};\n` +
    `import { ${names.join(', ')} } from ${JSON.stringify(validatorsFile)};\n` +
    `client.interceptors.response.use(watchDrift({ validators: { ${names.join(', ')} }, onFinding: (finding) => console.warn(finding) }));\n`;
  const size = async (contents: string) => {
    const result = await build({ stdin: { contents, resolveDir: REPO, loader: 'ts' }, bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    const text = result.outputFiles[0]!.contents;
    return { minified: text.byteLength, gzipped: gzipSync(text).byteLength };
  };
  const baseline = await size(calls);
  const sizes = [];
  for (let count = 1; count <= operations.length; count++) sizes.push(await size(watched(operations.slice(0, count))));
  const all = await size(`${calls}import { watchDrift } from ${JSON.stringify(path.join(REPO, 'packages/openapi-drift/src/runtime/index.ts'))};\nimport { validators } from ${JSON.stringify(validatorsFile)};\nclient.interceptors.response.use(watchDrift({ validators, onFinding: (finding) => console.warn(finding) }));\n`);
  const first = sizes[0]!;
  const last = sizes[sizes.length - 1]!;
  const further = (key: 'minified' | 'gzipped') => Math.round((last[key] - first[key]) / Math.max(1, sizes.length - 1));
  console.log(`bundle of ${client}'s client (esbuild, minified; gzipped), bytes`);
  console.log('| what | minified | gzipped |');
  console.log('| --- | ---: | ---: |');
  console.log(`| the client's calls, no interceptor (baseline) | ${baseline.minified} | ${baseline.gzipped} |`);
  console.log(`| + watchDrift and 1 operation's validators | +${first.minified - baseline.minified} | +${first.gzipped - baseline.gzipped} |`);
  console.log(`| + each further operation (mean of ${sizes.length - 1}: ${operations.slice(1).join(', ')}) | +${further('minified')} | +${further('gzipped')} |`);
  console.log(`| + watchDrift and every operation (\`validators\`) | +${all.minified - baseline.minified} | +${all.gzipped - baseline.gzipped} |`);
  console.log('');
}

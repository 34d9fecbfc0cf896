// The real public OpenAPI documents in test/fixtures/specs (see its README for their origins). The
// large ones are stored Brotli-compressed; they are decompressed here and checked against the
// sha256 of the published bytes, so a damaged fixture fails loudly instead of testing something else.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';

export const SPECS_DIR = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));

export type SpecName =
  | 'petstore.oas30.yaml'
  | 'scalar-galaxy-0.6.12.oas31.yaml'
  | 'mastodon.oas303.json'
  | 'ix-api-2.1.0.oas30.json'
  | 'docker-engine-1.56.swagger20.yaml'
  | 'github-octokit-22.0.0.oas303.json'
  | 'github-octokit-23.0.2.oas303.json';

/** sha256 of the published documents that are stored compressed. */
const COMPRESSED: Partial<Record<SpecName, string>> = {
  'github-octokit-22.0.0.oas303.json': '3e8065e9059605343c997b736154b12f7f2bb2b8f409b1a6b40b16b6728c2eaa',
  'github-octokit-23.0.2.oas303.json': '829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a',
};

const cache = new Map<SpecName, Buffer>();

/** The bytes of a fixture spec, as published. */
export function readSpecBytes(name: SpecName): Buffer {
  const cached = cache.get(name);
  if (cached) return cached;
  const expected = COMPRESSED[name];
  let bytes: Buffer;
  if (expected === undefined) {
    bytes = readFileSync(path.join(SPECS_DIR, name));
  } else {
    bytes = brotliDecompressSync(readFileSync(path.join(SPECS_DIR, `${name}.br`)));
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) throw new Error(`test/fixtures/specs/${name}.br is damaged: sha256 ${actual}, expected ${expected}`);
  }
  // Only the large ones are worth keeping; the small ones are cheap to read again.
  if (expected !== undefined) cache.set(name, bytes);
  return bytes;
}

/** The text of a fixture spec. */
export function readSpec(name: SpecName): string {
  return readSpecBytes(name).toString('utf8');
}

/** Writes a fixture spec into `dir` (under its own name, or `as`) and returns the path. */
export async function writeSpec(name: SpecName, dir: string, as: string = name): Promise<string> {
  const file = path.join(dir, as);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, readSpecBytes(name));
  return file;
}

/**
 * A known hey-api bug: an array query parameter with `style: deepObject` makes the SDK pass
 * `{ array: { style: "deepObject" } }` to a serializer option whose type does not allow it.
 */
export const DEEP_OBJECT_ARRAY = {
  openapi: '3.0.3',
  info: { title: 'search', version: '1.0.0' },
  paths: {
    '/items': {
      get: {
        operationId: 'listItems',
        parameters: [{ name: 'ids', in: 'query', style: 'deepObject', schema: { type: 'array', items: { type: 'integer' } } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } } },
      },
    },
  },
};

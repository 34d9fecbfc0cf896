/** Builders for the small hand-written OpenAPI documents the changelog tests compare. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readSpec, type SpecName } from '../helpers/specs.ts';

export type Json = Record<string, unknown>;

export function openapi(paths: Json, schemas: Json = {}, extra: Json = {}): Json {
  return { openapi: '3.0.3', info: { title: 'Pets', version: '1' }, paths, components: { schemas }, ...extra };
}

export function jsonContent(schema: unknown): Json {
  return { 'application/json': { schema } };
}

export function ok(schema?: unknown): Json {
  return { '200': schema === undefined ? { description: 'ok' } : { description: 'ok', content: jsonContent(schema) } };
}

/** GET /pets with the given operation fields. */
export function getPets(operation: Json = {}, schemas: Json = {}): Json {
  return openapi({ '/pets': { get: { responses: ok(), ...operation } } }, schemas);
}

/** GET /pets answering 200 with the schema. */
export function respondsWith(schema: unknown, schemas: Json = {}): Json {
  return getPets({ responses: ok(schema) }, schemas);
}

/** POST /pets taking the schema as a JSON body. */
export function accepts(schema: unknown, required = true, schemas: Json = {}): Json {
  return openapi({ '/pets': { post: { requestBody: { required, content: jsonContent(schema) }, responses: ok() } } }, schemas);
}

export function object(properties: Json, required: string[] = []): Json {
  return { type: 'object', properties, required };
}

export function readDocument(path: string): unknown {
  return parseText(readFileSync(path, 'utf8'), path);
}

function parseText(text: string, name: string): unknown {
  return name.endsWith('.json') ? JSON.parse(text) : parse(text);
}

/** One of the real public documents in test/fixtures/specs, parsed. */
export function readSpecDocument(name: SpecName): unknown {
  return parseText(readSpec(name), name);
}

export function readFixture(name: string): unknown {
  return readDocument(new URL(`../fixtures/changelog/${name}`, import.meta.url).pathname);
}

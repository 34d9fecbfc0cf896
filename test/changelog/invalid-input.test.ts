/**
 * Input the changelog cannot compare is refused with exit 2 and a message naming the side, the
 * file and the cause; never exit 1 (which means "changes found") and never a silent answer.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { diffOpenApi } from '../../packages/openapi-drift/src/changelog/index.ts';
import { runCli } from '../../packages/openapi-drift/src/cli/cli.ts';
import { ChangelogInputError } from '../../packages/openapi-drift/src/core/errors.ts';
import { getPets } from './documents.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/changelog/invalid/', import.meta.url));

async function changelog(oldFile: string, newFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['changelog', oldFile, newFile], { cwd: FIXTURES, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function thrownBy(run: () => unknown): ChangelogInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ChangelogInputError) return error;
    throw error;
  }
  throw new Error('expected a ChangelogInputError, nothing was thrown');
}

describe('diffOpenApi refuses what is not an OpenAPI document', () => {
  test.each([
    { name: 'null', value: null, reason: "null, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { name: 'a string', value: 'openapi: 3.0.0', reason: "a string, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { name: 'an array', value: [getPets()], reason: "a JSON array, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { name: 'an object without a version field', value: { name: 'pets' }, reason: "not an OpenAPI document: it has neither an 'openapi' nor a 'swagger' version field" },
    { name: 'OpenAPI 4', value: { ...getPets(), openapi: '4.0.0' }, reason: "'openapi: 4.0.0' is not a version the changelog reads (3.0 and 3.1 are, and Swagger 2.0)" },
    { name: 'Swagger 1.2', value: { swagger: '1.2', paths: {} }, reason: "'swagger: 1.2' is not a version the changelog reads (2.0 is, and OpenAPI 3.0 and 3.1)" },
    { name: 'paths as a list', value: { ...getPets(), paths: [] }, reason: "'paths' is a JSON array, not an object of path items" },
  ])('$name', ({ value, reason }) => {
    const asNew = thrownBy(() => diffOpenApi(getPets(), value));
    expect({ side: asNew.side, reason: asNew.reason, message: asNew.message }).toEqual({ side: 'new', reason, message: `new document: ${reason}` });
    const asOld = thrownBy(() => diffOpenApi(value, getPets(), { files: { old: 'v1.json' } }));
    expect({ side: asOld.side, message: asOld.message }).toEqual({ side: 'old', message: `old document v1.json: ${reason}` });
  });
});

describe('diffOpenApi refuses references it cannot follow', () => {
  const withSchema = (schema: unknown) => getPets({ responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } } });

  test('a local $ref that points at nothing names the pointer and where it is written', () => {
    const error = thrownBy(() => diffOpenApi(getPets(), withSchema({ $ref: '#/components/schemas/Gone' })));
    expect(error.message).toBe("new document: $ref '#/components/schemas/Gone' at /paths/~1pets/get/responses/200/content/application~1json/schema points at nothing in the document");
    expect(error.fix).toBe('fix the reference or add the missing component');
  });

  test('an external $ref is refused with the advice to bundle', () => {
    const error = thrownBy(() => diffOpenApi(withSchema({ $ref: 'https://example.com/pet.json' }), getPets()));
    expect(error.message).toBe(
      "old document: external $ref 'https://example.com/pet.json' at /paths/~1pets/get/responses/200/content/application~1json/schema: the changelog compares single documents and never reads other files or the network",
    );
    expect(error.fix).toContain('npx @redocly/cli bundle openapi.yaml -o bundled.json');
  });

  test('"$ref" inside example data or as a property name is not a reference', () => {
    const pet = { type: 'object', properties: { $ref: { type: 'string' } }, example: { $ref: 'not/a/reference' }, default: { $ref: '#/nowhere' } };
    expect(diffOpenApi(withSchema(pet), withSchema(pet)).changes).toEqual([]);
  });
});

describe('openapi-drift changelog on files it cannot compare', () => {
  test.each([
    { old: 'array.json', new: 'valid.yaml', message: "old document array.json: a JSON array, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { old: 'valid.yaml', new: 'string.json', message: "new document string.json: a string, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { old: 'null.json', new: 'valid.yaml', message: "old document null.json: null, not an OpenAPI document (an object with an 'openapi' or 'swagger' field)" },
    { old: 'valid.yaml', new: 'package-like.json', message: "new document package-like.json: not an OpenAPI document: it has neither an 'openapi' nor a 'swagger' version field" },
    { old: 'package-like.json', new: 'array.json', message: "old document package-like.json: not an OpenAPI document: it has neither an 'openapi' nor a 'swagger' version field" },
    { old: 'truncated.json', new: 'valid.yaml', message: 'old document truncated.json: line 1, column 31: ' },
    { old: 'valid.yaml', new: 'dangling-ref.yaml', message: "new document dangling-ref.yaml: $ref '#/components/schemas/Pets' at /paths/~1pets/get/responses/200/content/application~1json/schema points at nothing in the document" },
    { old: 'external-ref.yaml', new: 'valid.yaml', message: "old document external-ref.yaml: external $ref 'schemas/pet.yaml#/Pet' at /paths/~1pets/get/responses/200/content/application~1json/schema" },
  ])('$old -> $new: exit 2', async (files) => {
    const result = await changelog(files.old, files.new);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr.startsWith(`openapi-drift changelog: ${files.message}`)).toBe(true);
  });

  test('an external reference is answered with the bundling command', async () => {
    const { stderr } = await changelog('external-ref.yaml', 'valid.yaml');
    expect(stderr).toContain('Fix: bundle the spec into one document first (e.g. `npx @redocly/cli bundle openapi.yaml -o bundled.json`)');
  });

  test('the valid fixture itself compares cleanly: exit 0', async () => {
    expect(await changelog('valid.yaml', 'valid.yaml')).toEqual({ code: 0, stdout: 'No API changes.\n', stderr: '' });
  });
});

// How the words of an error and of a change are weighed: each quoted name of a message on its own,
// only the words both share, and any one of the operations called nearby.
import type { Diagnostic } from 'typescript';
import { beforeAll, expect, test } from 'vitest';
import { attributeDiagnostic } from '../../../packages/openapi-drift/src/impact/attribute.ts';
import { loadTypeScript, type TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';
import { REPO } from '../../helpers/temp-project.ts';
import { attributed, attribution, change, clientFiles } from './programs.ts';

let ts: TypeScriptApi;
beforeAll(async () => {
  ts = (await loadTypeScript(REPO, '.')).ts;
});

const PET = '{ name: string; tag?: string }';
const PET_WITHOUT_TAG = '{ name: string }';

test('each quoted name of a message is a name of its own', () => {
  const { context } = attribution(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), 'export {};\n', [change('pet', { schema: 'Pet' }), change('pet-too', { schema: 'Pet', level: 'info' })]);
  const whole: Diagnostic = { file: undefined, start: undefined, length: undefined, category: ts.DiagnosticCategory.Error, code: 2322, messageText: "Type 'number' is not assignable to type 'Pet'." };
  expect(attributeDiagnostic(context, whole)?.id).toBe('pet');
});

test('only the words that the error and the change share count, not all the words of the change', () => {
  const changes = [change('many-words', { schema: 'Pet', message: "property 'tag' of 'owner' in 'kennel' was removed" }), change('shared', { schema: 'Pet', message: "property 'tag' of 'Pet' was removed" })];
  const consumer = "import type { Pet } from './client/types';\nexport const tag = ({} as Pet).tag;\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), consumer, changes)).toEqual([['tag', 'shared']]);
});

test('a change is called nearby when any one of the operations called there is its own', () => {
  const changes = [
    change('show', { schema: 'Pet', direction: 'response', level: 'info', operations: [{ method: 'get', path: '/pets/{petId}' }] }),
    change('create', { schema: 'Pet', direction: 'response', operations: [{ method: 'post', path: '/pets' }] }),
  ];
  const consumer = "import { listPets, showPetById } from './client/sdk';\nexport function tags(id: string) {\n  listPets();\n  return showPetById({ path: { petId: id } })?.tag;\n}\n";
  expect(attributed(ts, clientFiles(PET), clientFiles(PET_WITHOUT_TAG), consumer, changes)).toEqual([['tag', 'show']]);
});

// Programs held in memory for the attribution tests: a client before and after an update and a
// consumer, compiled as impact compiles them, and each new error of the consumer with the change
// it is attributed to.
import path from 'node:path';
import type { Diagnostic, Program } from 'typescript';
import type { ApiChange } from '../../../packages/openapi-drift/src/changelog/index.ts';
import { attributeDiagnostic, type AttributionContext } from '../../../packages/openapi-drift/src/impact/attribute.ts';
import { collectGeneratedNames, emptyNames, finishGeneratedNames, type GeneratedNames } from '../../../packages/openapi-drift/src/impact/generated-names.ts';
import { checkOnlyOptions } from '../../../packages/openapi-drift/src/typecheck/compiler-setup.ts';
import { createCheckingHost, type SourceFileCache } from '../../../packages/openapi-drift/src/typecheck/overlay-host.ts';
import type { TypeScriptApi } from '../../../packages/openapi-drift/src/typecheck/typescript.ts';

/** A folder that is not on disk: every file of the programs is held in memory. */
export const DIR = path.resolve('/openapi-drift-attribution');
export const CLIENT = path.join(DIR, 'client');
/** The standard library, parsed once for every program. */
const parsed: SourceFileCache = new Map();

export function program(ts: TypeScriptApi, files: Record<string, string>): Program {
  const overlay = { dir: DIR, files: new Map(Object.entries(files).map(([file, text]) => [path.join(DIR, file), text])) };
  const options = checkOnlyOptions({ strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es5.d.ts'], types: [] });
  return ts.createProgram({ rootNames: [...overlay.files.keys()], options, host: createCheckingHost(ts, options, parsed, overlay) });
}

export function namesOf(ts: TypeScriptApi, built: Program): GeneratedNames {
  const names = emptyNames();
  for (const file of built.getSourceFiles()) if (file.fileName.startsWith(CLIENT + path.sep)) collectGeneratedNames(ts, file, names);
  return finishGeneratedNames(names);
}

export interface Attribution {
  context: AttributionContext;
  /** The consumer's new errors: those of the program after the update at a place and code where there was none before. */
  errors: Diagnostic[];
}

export function attribution(ts: TypeScriptApi, before: Record<string, string>, after: Record<string, string>, consumer: string, changes: ApiChange[]): Attribution {
  const inClient = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([file, text]) => [`client/${file}`, text]));
  const old = program(ts, { ...inClient(before), 'consumer.ts': consumer });
  const now = program(ts, { ...inClient(after), 'consumer.ts': consumer });
  const errors = (built: Program): Diagnostic[] => [...built.getSemanticDiagnostics(built.getSourceFile(path.join(DIR, 'consumer.ts')))];
  const known = new Set(errors(old).map((diagnostic) => `${diagnostic.start}:${diagnostic.code}`));
  return {
    context: { ts, program: now, isGenerated: (file) => file.startsWith(CLIENT + path.sep), names: [namesOf(ts, old), namesOf(ts, now)], changes },
    errors: errors(now).filter((diagnostic) => !known.has(`${diagnostic.start}:${diagnostic.code}`)),
  };
}

/** Each new error of the consumer, as the text it spans, with the id of the change it is attributed to. */
export function attributed(ts: TypeScriptApi, before: Record<string, string>, after: Record<string, string>, consumer: string, changes: ApiChange[]): Array<[string, string | undefined]> {
  const { context, errors } = attribution(ts, before, after, consumer, changes);
  return errors.map((diagnostic) => [consumer.slice(diagnostic.start, (diagnostic.start ?? 0) + (diagnostic.length ?? 0)), attributeDiagnostic(context, diagnostic)?.id]);
}

export const change = (id: string, fields: Partial<ApiChange>): ApiChange => ({ id, level: 'breaking', kind: 'k', message: 'changed', ...fields });

const SDK_HEAD = `import type { CreatePetsData, ListPetsData, ListPetsResponses, ShowPetByIdData, ShowPetByIdResponses } from './types';
const client = {
  get: <T>(options: { url: string }): T => options as never,
  post: <T>(options: { url: string }): T => options as never,
  put: <T>(options: { url: string }): T => options as never,
};
`;
export const OPERATIONS = {
  list: "export const listPets = (options?: ListPetsData) => client.get<ListPetsResponses[200]>({ url: '/pets', ...options });\n",
  show: "export const showPetById = (options?: ShowPetByIdData) => client.get<ShowPetByIdResponses[200]>({ url: '/pets/{petId}', ...options });\n",
  create: "export const createPets = (options: CreatePetsData) => client.post<void>({ url: '/pets', ...options });\n",
};

/** A client with these operations and this Pet. */
export function clientFiles(pet: string, operations: Record<string, string> = OPERATIONS, extraTypes = ''): Record<string, string> {
  return {
    'sdk.ts': SDK_HEAD + Object.values(operations).join(''),
    'types.ts': `export type Pet = ${pet};
export type ListPetsData = { query?: { limit?: number } };
export type ListPetsResponses = { 200: Array<Pet> };
export type ShowPetByIdData = { path: { petId: string } };
export type ShowPetByIdResponses = { 200: Pet };
export type CreatePetsData = { body: Pet };
${extraTypes}`,
  };
}

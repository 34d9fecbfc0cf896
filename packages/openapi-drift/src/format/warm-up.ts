// Warming a formatter process up while hey-api generates. A fresh process spends seconds compiling
// prettier's code (and TypeScript's parser) on its first large file: about 2.5 s of 6 for GitHub's
// types.gen.ts. Formatting a sample of declarations like hey-api's first moves that work into the
// seconds the process would otherwise wait for the generator. The sample is made up here, so that
// warming reads no file, and is formatted piece by piece, stopping as soon as real work arrives.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { planChunks } from './chunks.ts';
import type { Prettier } from './format.ts';
import type { TypeScript } from './top-level.ts';

/** No file is read: the parser is given, and the path only names the kind of file. */
const SAMPLE_OPTIONS = { parser: 'typescript', filepath: 'warm-up.ts' };

/** About 100 KB of types and SDK functions as hey-api writes them, unformatted. */
function sample(): string {
  const parts: string[] = [];
  // Stryker disable next-line EqualityOperator: equivalent, one item more or less changes only how long warming may last
  for (let index = 0; index < 160; index++) {
    const name = `Item${index}`;
    parts.push(`/**
 * ${name}, described at some length so that the comment is printed as it is written, with a
 * second line.
 */
export type ${name} = {
    id: number;
    name?: string | null;
    state: 'open' | 'closed' | 'all' | "pending_review";
    tags: Array<{ key: string; value: string | number | boolean; labels?: Array<string> }>;
    owner?: Item${Math.max(0, index - 1)} | null;
    readonly created_at: string;
    [key: string]: unknown;
};

export type Get${name}Data = { body?: never; path: { id: number; owner: string }; query?: { page?: number; per_page?: number; direction?: 'asc' | 'desc' }; url: '/items/{owner}/{id}' };

export type Get${name}Responses = { 200: ${name}; 304: unknown };

/**
 * Get ${name.toLowerCase()}
 */
export const get${name} = <ThrowOnError extends boolean = false>(options: Options<Get${name}Data, ThrowOnError>) => (options.client ?? client).get<Get${name}Responses, unknown, ThrowOnError>({ url: '/items/{owner}/{id}', ...options, headers: { 'Content-Type': 'application/json', ...options.headers } });
`);
  }
  // Stryker disable next-line StringLiteral: equivalent, every part already ends with a line break, so the pieces differ by blank lines only
  return parts.join('\n');
}

/**
 * Cuts and formats the sample until `interrupted()` says that real work waits. Each piece is
 * followed by a turn of the event loop, so that a request that arrived is seen at once.
 */
export async function warmUp(prettier: Prettier, typescript: TypeScript | undefined, interrupted: () => boolean): Promise<void> {
  const text = sample();
  // Small pieces, so that real work never waits long for the one being formatted.
  const plan = typescript ? planChunks({ prettier, typescript }, text, SAMPLE_OPTIONS, { targetChunkSize: 4096 }) : undefined;
  const pieces = plan?.kind === 'chunks' ? plan.chunks : text.split(/\n(?=\/\*\*\n \* Item)/);
  for (const piece of pieces) {
    await nextTurn();
    if (interrupted()) return;
    await prettier.format(piece, SAMPLE_OPTIONS);
  }
}

// Warming a formatter process up while the generator runs (src/format/warm-up.ts): a sample of
// declarations like hey-api's, cut into small pieces with TypeScript (by declaration without it),
// formatted one by one with prettier, stopping as soon as real work arrives and reading no file.
import * as prettier from 'prettier';
import typescript from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Prettier } from '../../../packages/openapi-drift/src/format/format.ts';
import { warmUp } from '../../../packages/openapi-drift/src/format/warm-up.ts';

/** The real prettier, recording what it is given. */
function recording(): { prettier: Prettier; calls: Array<{ text: string; options: prettier.Options }> } {
  const calls: Array<{ text: string; options: prettier.Options }> = [];
  const wrapped = { ...prettier, format: (text: string, options: prettier.Options) => (calls.push({ text, options }), prettier.format(text, options)) };
  return { prettier: wrapped as unknown as Prettier, calls };
}

describe('warmUp', () => {
  it('formats nothing when work is already waiting', async () => {
    const { prettier: recorded, calls } = recording();
    await warmUp(recorded, typescript, () => true);
    expect(calls).toEqual([]);
  });

  it('formats small pieces of the sample one by one until work arrives, naming no real file', async () => {
    const { prettier: recorded, calls } = recording();
    await warmUp(recorded, typescript, () => calls.length >= 3);
    expect(calls).toHaveLength(3);
    for (const { text, options } of calls) {
      expect(options).toEqual({ parser: 'typescript', filepath: 'warm-up.ts' });
      expect(text.length).toBeGreaterThan(100);
      expect(text.length).toBeLessThan(12_000);
    }
    expect(calls[0]?.text.startsWith('/**\n * Item0, described at some length')).toBe(true);
    // The pieces follow one another in the sample.
    expect(calls[1]?.text.startsWith('\n')).toBe(true);
    expect(calls.map((call) => call.text).join('').match(/export type Item\d+ =/g)?.slice(0, 2)).toEqual(['export type Item0 =', 'export type Item1 =']);
  });

  it('cuts the sample at its declarations of items without TypeScript', async () => {
    const { prettier: recorded, calls } = recording();
    await warmUp(recorded, undefined, () => calls.length >= 2);
    expect(calls.map((call) => call.text.slice(0, 12))).toEqual(['/**\n * Item0', '/**\n * Item1']);
    expect(calls[0]?.text).toContain('export const getItem0 = ');
    expect(calls[0]?.text).not.toContain('Item1,');
    expect(calls[0]?.text).toContain('owner?: Item0 | null;');
    expect(calls[1]?.text).toContain('owner?: Item0 | null;');
  });
});

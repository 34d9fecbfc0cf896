// The prettier step of the post-processing (src/format/post-processors/prettier.ts): the tree is
// formatted in the formatter processes, prettier's version is reported apart from the other tools',
// and a single step's digest is that of prettier's options and ignore file. The repository's own
// prettier, TypeScript and Biome are linked into a temporary repository, as a team installs them.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import * as prettier from 'prettier';
import { FormatterPool } from '../../../packages/openapi-drift/src/format/formatter-pool.ts';
import { postProcess } from '../../../packages/openapi-drift/src/format/post-process.ts';
import { postProcessSteps, type PostProcessContext, type PostProcessStep } from '../../../packages/openapi-drift/src/format/post-processors/index.ts';
import { REPO, useTempRepo } from './temp-repo.ts';

const repo = useTempRepo('openapi-drift-post-process-', ['@biomejs/biome', '@biomejs/cli-linux-x64', 'prettier', 'typescript'], { git: true });
let root: string;
let client: string;
let output: string;
beforeEach(() => {
  ({ root, client, output } = repo);
});

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const steps = (...names: unknown[]): PostProcessStep[] => {
  const result = postProcessSteps({ postProcess: names });
  if (!result.ok) throw new Error(result.reason);
  return result.steps;
};
const context = (changes: Partial<PostProcessContext> = {}): PostProcessContext => ({
  clientDir: client,
  outputDir: output,
  displayRoot: root,
  formatters: () => {
    throw new Error('no prettier step here');
  },
  timeoutMs: () => 30_000,
  verify: false,
  ...changes,
});
const version = async (name: string) => (JSON.parse(await fs.readFile(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

describe('prettier', () => {
  it('formats in the formatter processes, and reports its version apart from the other tools', async () => {
    await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ singleQuote: true }));
    const pool = new FormatterPool(client, root, { chunkThreshold: Number.POSITIVE_INFINITY, verify: false, chunkCacheDir: undefined });
    try {
      const result = await postProcess(new Map([['a.ts', 'const a = {b:"1"}\n']]), steps('prettier', 'biome:format'), context({ formatters: () => pool }));
      expect(result.files.get('a.ts')).toBe('const a = { b: "1" };\n');
      expect(result.prettierVersion).toBe(prettier.version);
      expect(result.tools).toEqual({ biome: await version('@biomejs/biome') });
      expect(result.stats).toEqual({ byDeclaration: [], whole: 1, processes: 1, verified: false });
      expect(result.reads).toContainEqual(expect.objectContaining({ file: path.join(client, '.prettierrc.json'), kind: 'content' }));
    } finally {
      pool.close();
    }
    // One step: its own digest, that of the options and the ignore file.
    const alone = new FormatterPool(client, root, { chunkThreshold: Number.POSITIVE_INFINITY, verify: false, chunkCacheDir: undefined });
    try {
      const result = await postProcess(new Map([['a.ts', 'const a = {b:"1"}\n']]), steps('prettier'), context({ formatters: () => alone }));
      expect(result.files.get('a.ts')).toBe("const a = { b: '1' };\n");
      expect(result.configDigest).toBe(sha(JSON.stringify(['', ['{"singleQuote":true}']])));
      expect(result.tools).toEqual({});
      expect(result.unstableReads).toEqual([]);
    } finally {
      alone.close();
    }
  });
});

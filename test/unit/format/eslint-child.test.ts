// What the ESLint process answers (src/format/post-processors/eslint-child.ts), run in this
// process: the module is loaded here, its message handler is given the request the eslint adapter
// sends, and its reply is taken from `process.send` (any other message goes on to the test runner).
// Each file is fixed by the team's ESLint at its committed path with the configuration found there;
// errors left after fixing, and files ESLint cannot parse, fail as `eslint --fix` fails.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importEntry, locatePackage } from '../../../packages/openapi-drift/src/core/peers.ts';

type Reply = { ok: true; files: Array<[string, string]>; version: string; reads: unknown[]; unstableReads: string[] } | { ok: false; message: string };

let handler: (request: object) => void;
const originalSend = process.send;
let resolveReply: ((reply: Reply & { exits: boolean }) => void) | undefined;

beforeAll(async () => {
  process.send = ((message: unknown, ...rest: unknown[]) => {
    if (typeof message === 'object' && message !== null && typeof (message as { ok?: unknown }).ok === 'boolean' && resolveReply) {
      resolveReply({ ...(message as Reply), exits: typeof rest[0] === 'function' });
      return true;
    }
    return (originalSend as (...args: unknown[]) => boolean).call(process, message, ...rest);
  }) as typeof process.send;
  const before = new Set(process.listeners('message'));
  await import('../../../packages/openapi-drift/src/format/post-processors/eslint-child.ts');
  handler = process.listeners('message').find((listener) => !before.has(listener)) as typeof handler;
  process.removeListener('message', handler as never);
});
afterAll(() => {
  process.send = originalSend;
});

const located = locatePackage('eslint', process.cwd());
const ask = (files: Array<[string, string]>) =>
  new Promise<Reply & { exits: boolean }>((resolve) => {
    resolveReply = resolve;
    handler({ eslint: importEntry(located as NonNullable<typeof located>), files });
  });

let root: string;
beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-eslint-child-')));
  await fs.writeFile(path.join(root, 'eslint.config.mjs'), "export default [{ files: ['**/*.js'], rules: { 'prefer-const': 'error', 'no-debugger': 'error', 'no-empty': 'warn' } }, { ignores: ['**/ignored.js'] }];\n");
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

describe('the ESLint process', () => {
  it('fixes each file at its path, leaves ignored and clean files as they are, and reports the version', async () => {
    const reply = await ask([
      [path.join(root, 'a.js'), 'let a = 1;\nexport { a };\n'],
      [path.join(root, 'ignored.js'), 'let b = 1;\nexport { b };\n'],
      [path.join(root, 'clean.js'), 'export const c = 1;\nif (c) {}\n'],
    ]);
    expect(reply).toMatchObject({
      ok: true,
      exits: true,
      version: located?.version,
      files: [
        [path.join(root, 'a.js'), 'const a = 1;\nexport { a };\n'],
        [path.join(root, 'ignored.js'), 'let b = 1;\nexport { b };\n'],
        [path.join(root, 'clean.js'), 'export const c = 1;\nif (c) {}\n'],
      ],
    });
    expect(reply.ok && reply.reads).toContainEqual(expect.objectContaining({ file: path.join(root, 'eslint.config.mjs') }));
    expect(reply.ok && reply.unstableReads).toEqual(expect.any(Array));
  });

  it('fails on errors left after fixing, listing at most 20 with their places and rules', async () => {
    // A warning first: `eslint --fix` exits 0 for warnings, so it is not listed.
    const text = `if (globalThis) {}\n${'debugger;\n'.repeat(25)}let a = 1;\nexport { a };\n`;
    const reply = await ask([[path.join(root, 'a.js'), text]]);
    expect(reply.ok).toBe(false);
    const lines = (reply.ok ? '' : reply.message).split('\n');
    expect(lines[0]).toBe('errors remain after fixing, so `eslint --fix` exits 1 and `npx openapi-ts` fails at this step:');
    expect(lines.slice(1)).toEqual(Array.from({ length: 20 }, (_, index) => `${path.join(root, 'a.js')}:${index + 2}:1: Unexpected 'debugger' statement. (no-debugger)`));
    expect(reply.exits).toBe(true);
  });

  it('fails on a file ESLint cannot parse, with its place', async () => {
    const reply = await ask([[path.join(root, 'a.js'), 'export const c = 1;\nconst = ;\n']]);
    expect(reply).toMatchObject({ ok: false, message: `${path.join(root, 'a.js')}:2:7: Parsing error: Unexpected token =` });
  });

  it('fails when ESLint cannot be loaded', async () => {
    const reply = await new Promise<Reply & { exits: boolean }>((resolve) => {
      resolveReply = resolve;
      handler({ eslint: 'file:///nowhere/eslint.js', files: [] });
    });
    expect(reply.ok).toBe(false);
    expect(reply.ok ? '' : reply.message).toMatch(/nowhere/);
  });
});

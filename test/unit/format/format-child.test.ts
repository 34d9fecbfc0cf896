// What a formatter process answers (src/format/format-child.ts), run in this process: the module is
// loaded here, its message handler is given the pool's requests, and its replies are taken from
// `process.send` (any other message goes on to the test runner). Requests are answered one at a
// time in order; errors keep their kind, file and fix; pieces carry the id of the prettier code that
// formats them; the plugins a configuration loads count as read.
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { locatePackage } from '../../../packages/openapi-drift/src/core/peers.ts';
import { hashBytes } from '../../../packages/openapi-drift/src/core/read-recorder.ts';

type Reply = { id: number; ok: boolean; payload?: unknown; error?: { name: string; message: string; file?: string; fix?: string } };

const FIRST_ID = 1_000_000;
let nextId = FIRST_ID;
let handler: (request: object) => void;
const originalSend = process.send;
const waiting = new Map<number, (reply: Reply) => void>();
const callbacks: Array<{ id: number; done: () => void }> = [];

beforeAll(async () => {
  process.send = ((message: unknown, ...rest: unknown[]) => {
    const reply = message as Reply;
    if (typeof reply?.id === 'number' && reply.id >= FIRST_ID && typeof reply.ok === 'boolean') {
      if (typeof rest[0] === 'function') callbacks.push({ id: reply.id, done: rest[0] as () => void });
      waiting.get(reply.id)?.(reply);
      return true;
    }
    return (originalSend as (...args: unknown[]) => boolean).call(process, message, ...rest);
  }) as typeof process.send;
  const before = new Set(process.listeners('message'));
  await import('../../../packages/openapi-drift/src/format/format-child.ts');
  handler = process.listeners('message').find((listener) => !before.has(listener)) as typeof handler;
  process.removeListener('message', handler as never);
});
afterAll(() => {
  process.send = originalSend;
});

/** Sends a request as the pool does; resolves with the reply. */
function ask(kind: string, request: object = {}): Promise<Reply> {
  const id = nextId++;
  const replied = new Promise<Reply>((resolve) => waiting.set(id, resolve));
  handler({ ...request, id, kind });
  return replied;
}

let root: string;
let options: { outputDir: string; cwd: string; displayRoot: string };
beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-format-child-')));
  const client = path.join(root, 'clients', 'shop');
  await fs.mkdir(path.join(client, 'src'), { recursive: true });
  await fs.writeFile(path.join(client, '.prettierrc.json'), JSON.stringify({ singleQuote: true }));
  options = { outputDir: path.join(client, 'src'), cwd: client, displayRoot: root };
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const big = (name: string) => `export const ${name} = {a:"${'x'.repeat(17_000)}"}\n`;

describe('the formatter process', () => {
  it('formats a file whole, with no formatter id', async () => {
    const reply = await ask('file', { path: 'a.ts', text: 'const a = "x"', options, byDeclaration: false });
    expect(reply).toEqual({ id: reply.id, ok: true, payload: { result: { kind: 'formatted', text: "const a = 'x';\n", config: { singleQuote: true } }, formatterId: '' } });
  });

  it('cuts a large file into pieces named by prettier\'s version and the bytes of its code', async () => {
    const reply = await ask('file', { path: 'types.gen.ts', text: `${big('A')}\n${big('B')}`, options, byDeclaration: true });
    const payload = reply.payload as { result: { kind: string; pieces: string[] }; formatterId: string };
    expect(payload.result.kind).toBe('pieces');
    expect(payload.result.pieces).toHaveLength(2);
    const located = locatePackage('prettier', process.cwd());
    if (!located) throw new Error('no prettier');
    const code = hashBytes(
      ['package.json', 'index.mjs', 'doc.mjs', 'plugins/typescript.mjs', 'plugins/estree.mjs'].map((name) => `${name} ${hashBytes(readFileSync(path.join(located.dir, name)))}`).join('\n'),
    );
    expect(payload.formatterId).toBe(hashBytes([`prettier ${located.version}`, code].join('\n')));
    // The same for every file: it names the formatter, not the file.
    const again = await ask('file', { path: 'other.gen.ts', text: `${big('C')}\n${big('D')}`, options, byDeclaration: true });
    expect((again.payload as { formatterId: string }).formatterId).toBe(payload.formatterId);
  });

  it('formats pieces with the options given', async () => {
    const reply = await ask('pieces', { texts: ['const a = "x"', '\nconst b = 1'], config: { semi: false }, filepath: path.join(options.outputDir, 'a.ts'), shown: 'a.ts' });
    expect(reply.payload).toEqual({ formatted: ['const a = "x"\n', 'const b = 1\n'] });
  });

  it('checks a snapshot', async () => {
    const reply = await ask('inspect-snapshot', { text: '{"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"}, "paths": {}}', shown: 'openapi.json' });
    expect(reply.payload).toMatchObject({ form: { format: 'json', canonical: false, duplicateKeys: [] } });
  });

  it('answers errors with their kind, file and fix, and any other error as a FormatError', async () => {
    const failed = await ask('file', { path: 'a.ts', text: 'const = 1', options, byDeclaration: false });
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatchObject({ name: 'FormatError', file: 'clients/shop/src/a.ts', fix: 'check the prettier configuration that applies to this file (.prettierrc, overrides, plugins)' });
    expect(failed.error?.message).toMatch(/^prettier failed on clients\/shop\/src\/a\.ts: Variable declaration expected\./);
    const snapshot = await ask('inspect-snapshot', { text: '{"info": {}}', shown: 'openapi.json' });
    expect(snapshot.error).toMatchObject({ name: 'SnapshotError', file: 'openapi.json' });
    const plain = await ask('file', { path: 'a.ts', text: 'a', options: {}, byDeclaration: false });
    expect(plain).toMatchObject({ ok: false, error: { name: 'FormatError', file: undefined, fix: undefined } });
    expect(plain.error?.message).toMatch(/path/);
  });

  it('answers in the order asked, stopping a warm-up when work arrives', async () => {
    const order: number[] = [];
    const warmUp = ask('warm-up').then((reply) => (order.push(1), reply));
    const file = ask('file', { path: 'a.ts', text: 'a', options, byDeclaration: false }).then((reply) => (order.push(2), reply));
    expect((await warmUp).payload).toEqual({});
    expect((await file).ok).toBe(true);
    expect(order).toEqual([1, 2]);
  });

  // Last: once `finish` is answered, the module takes no more requests (its process exits). The
  // plugins' files are counted in the real process (formatter-pool.test.ts): here, modules are
  // loaded by reading their files, which the recording sees anyway.
  it('reports what it read and prettier\'s version when finished, then exits', async () => {
    const reply = await ask('file', { path: 'a.ts', text: 'const a = 1', options, byDeclaration: true });
    expect(reply.payload).toMatchObject({ result: { kind: 'formatted', text: 'const a = 1;\n' }, formatterId: '' });
    const finished = await ask('finish');
    const payload = finished.payload as { prettierVersion: string; reads: Array<{ file: string; kind: string; hash?: string }>; unstableReads: string[] };
    expect(payload.prettierVersion).toBe(prettier.version);
    expect(payload.reads).toContainEqual(expect.objectContaining({ file: path.join(options.cwd, '.prettierrc.json'), kind: 'content' }));
    expect(payload.unstableReads).toEqual(expect.any(Array));
    // Only the reply to `finish` ends the process, once it is sent, with code 0.
    expect(callbacks.map((callback) => callback.id)).toEqual([finished.id]);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      callbacks[0]?.done();
      expect(exit).toHaveBeenCalledExactlyOnceWith(0);
    } finally {
      exit.mockRestore();
    }
  });
});

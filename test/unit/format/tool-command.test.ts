// How the post-processing tools are run (src/format/post-processors/tool-command.ts): the team's
// copy of a command, found from the client folder; the command run with a file on stdin; many files
// at once, results in order; and the real command's verdict on the committed folder. What the tools
// read is listed by config-files.ts. The commands here are small Node scripts installed as packages
// in a temporary repository, so that each exit code and output can be chosen.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFiles } from '../../../packages/openapi-drift/src/format/post-processors/config-files.ts';
import { eachInParallel, locateCommand, runCommand, verifyWithCommand } from '../../../packages/openapi-drift/src/format/post-processors/tool-command.ts';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-tool-command-'));
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Installs a package `name` whose command `bin` runs `script`. */
async function install(name: string, manifest: object, script?: string): Promise<void> {
  const dir = path.join(root, 'node_modules', name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', ...manifest }));
  if (script !== undefined) await fs.writeFile(path.join(dir, 'cli.mjs'), script);
}

// Echoes its arguments, its folder and its input (upper-cased), and exits with the code in its input.
const ECHO = `
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), input: input.toUpperCase(), color: process.env.NO_COLOR + process.env.FORCE_COLOR }));
  process.stderr.write('warning: ' + input.length);
  const code = /exit (\\d+)/.exec(input);
  process.exit(code ? Number(code[1]) : 0);
});
`;

describe('locateCommand', () => {
  it('finds the command of the team\'s copy from the client folder', async () => {
    await install('tool', { bin: { tool: 'cli.mjs' } }, ECHO);
    const client = path.join(root, 'clients', 'shop');
    await fs.mkdir(client, { recursive: true });
    const command = locateCommand('tool', 'tool', client, 'clients/shop', "postProcess 'tool'");
    expect(command.script).toBe(path.join(await fs.realpath(root), 'node_modules', 'tool', 'cli.mjs'));
    expect(command.located.version).toBe('1.2.3');
  });

  it('says when the package is missing, or has no such command', async () => {
    expect(() => locateCommand('tool', 'tool', root, 'clients/shop', "postProcess 'tool'")).toThrow("postProcess 'tool' needs tool, which is not installed where clients/shop can see it");
    await install('tool', { bin: { other: 'cli.mjs' } });
    let error: unknown;
    try {
      locateCommand('tool', 'tool', root, 'clients/shop', "postProcess 'tool'");
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'FormatError', message: 'tool 1.2.3 has no `tool` command', file: 'clients/shop', fix: 'reinstall tool' });
  });
});

describe('runCommand', () => {
  it('runs the script with Node in the folder, the text on stdin, without colours', async () => {
    await install('tool', { bin: 'cli.mjs' }, ECHO);
    const command = locateCommand('tool', 'tool', root, '.', 'test');
    const result = await runCommand(command, ['--write', '--stdin-file-path=/a b/x.ts'], root, 'type a = 1;\n', 10_000);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ args: ['--write', '--stdin-file-path=/a b/x.ts'], cwd: await fs.realpath(root), input: 'TYPE A = 1;\n', color: '10' });
    expect(result.stderr).toBe('warning: 12');
    expect((await runCommand(command, [], root, 'exit 3', 10_000)).code).toBe(3);
  });

  it('stops a command that does not finish in time, even one that ignores SIGTERM, after a second at least', async () => {
    await install('tool', { bin: 'cli.mjs' }, "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);");
    const command = locateCommand('tool', 'tool', root, '.', 'test');
    expect(await runCommand(command, [], root, '', 0)).toEqual({ code: null, stdout: '', stderr: '' });
  });

  it('rejects when the command cannot start', async () => {
    await install('tool', { bin: 'cli.mjs' }, ECHO);
    const command = locateCommand('tool', 'tool', root, '.', 'test');
    await expect(runCommand(command, [], path.join(root, 'missing'), '', 10_000)).rejects.toThrow(/ENOENT/);
  });
});

describe('eachInParallel', () => {
  it('keeps the order of the items, and runs each once', async () => {
    const seen: number[] = [];
    const items = Array.from({ length: 50 }, (_, index) => index);
    const results = await eachInParallel(items, async (item) => {
      seen.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      return item * 2;
    });
    expect(results).toEqual(items.map((item) => item * 2));
    expect(seen.sort((a, b) => a - b)).toEqual(items);
    expect(await eachInParallel([], async () => 1)).toEqual([]);
  });

  it('runs as many at once as there are cores, and at least one', async () => {
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const done = eachInParallel(Array.from({ length: os.availableParallelism() + 3 }, (_, index) => index), async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
    });
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    expect(most).toBe(os.availableParallelism());
    while (release.length) {
      release.shift()?.();
      for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    }
    await done;
  });
});

describe('verifyWithCommand', () => {
  const context = () => ({ clientDir: path.join(root, 'clients', 'shop'), outputDir: path.join(root, 'clients', 'shop', 'src', 'client'), displayRoot: root, timeoutMs: () => 10_000 });

  it('passes when the real command exits 0, and stops the check otherwise, with its output', async () => {
    await fs.mkdir(context().outputDir, { recursive: true });
    await install('tool', { bin: 'cli.mjs' }, ECHO.replace("process.exit(code ? Number(code[1]) : 0)", "process.exit(process.argv.includes('--check') ? 1 : 0)"));
    const command = locateCommand('tool', 'tool', root, '.', 'test');
    await expect(verifyWithCommand(command, ['src/client'], context(), 'tool src/client')).resolves.toBeUndefined();
    let error: unknown;
    try {
      await verifyWithCommand(command, ['--check', 'src/client'], context(), 'tool --check src/client');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({
      name: 'FormatError',
      message:
        'clients/shop/src/client: holds exactly what openapi-drift reproduced, yet the real `tool --check src/client` (exit code 1) would change it or fails on it. ' +
        'The check stopped rather than vouch for a comparison the real command does not confirm.',
      file: 'clients/shop/src/client',
      fix: "run `npx tool --check src/client` in clients/shop to see what it reports; lint errors it cannot fix make `npx openapi-ts` fail too. Otherwise report it to openapi-drift's issue tracker with this message and the tool's version (tool 1.2.3)",
      outputLabel: 'Command output',
    });
    expect((error as { output: string }).output).toMatch(/^\{"args":\["--check","src\/client"\],"cwd":".*clients\/shop","input":"","color":"10"\}warning: 0$/);
  });

  it('keeps the first 16 KB of the output, and names the client folder . at the root', async () => {
    await install('tool', { bin: 'cli.mjs' }, "process.stdout.write('x'.repeat(20000)); process.exitCode = 2;");
    const command = locateCommand('tool', 'tool', root, '.', 'test');
    const error = await verifyWithCommand(command, [], { ...context(), clientDir: root }, 'tool').catch((caught: unknown) => caught);
    expect((error as { output: string }).output).toBe('x'.repeat(16 * 1024));
    expect((error as { fix: string }).fix).toMatch(/^run `npx tool` in \. to see/);
  });
});

describe('configFiles', () => {
  it('lists every candidate from the output folder up, and digests those that exist', async () => {
    const output = path.join(root, 'clients', 'shop', 'src');
    await fs.mkdir(output, { recursive: true });
    await fs.writeFile(path.join(output, 'biome.json'), '{ "a": 1 }');
    await fs.writeFile(path.join(root, 'clients', '.editorconfig'), 'root = true\n');
    const names = ['biome.json', '.editorconfig'];
    const found = configFiles(output, names);
    const folders: string[] = [];
    for (let dir = output; ; dir = path.dirname(dir)) {
      folders.push(dir);
      if (path.dirname(dir) === dir) break;
    }
    expect(found.reads.map((read) => read.file)).toEqual(folders.flatMap((dir) => names.map((name) => path.join(dir, name))));
    expect(found.reads.slice(0, 6)).toEqual([
      { file: path.join(output, 'biome.json'), kind: 'content', hash: sha('{ "a": 1 }') },
      { file: path.join(output, '.editorconfig'), kind: 'absent' },
      { file: path.join(root, 'clients', 'shop', 'biome.json'), kind: 'absent' },
      { file: path.join(root, 'clients', 'shop', '.editorconfig'), kind: 'absent' },
      { file: path.join(root, 'clients', 'biome.json'), kind: 'absent' },
      { file: path.join(root, 'clients', '.editorconfig'), kind: 'content', hash: sha('root = true\n') },
    ]);
    expect(found.digest).toBe(sha(`biome.json\0${sha('{ "a": 1 }')}\n../../.editorconfig\0${sha('root = true\n')}`));
    expect(configFiles(path.join(root, 'clients', 'shop', 'src', '.', 'x', '..'), names)).toEqual(found);
  });
});

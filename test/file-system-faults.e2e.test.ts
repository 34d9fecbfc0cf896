// -u on a file system that fills up or turns read-only under it. The client's src/ folder is a
// small tmpfs of its own (root may mount one); a file outside the output folder fills it up. Every
// file must keep its old or get its new content, never part of it; generated-from.json must not
// record a tree that is not there; the message names the file and the cause. Where the machine
// does not allow mounting, the tests are skipped and say why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTempProject, runVitest, type TempProject } from './helpers/temp-project.ts';

function mount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const probe = fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-mount-probe-')).then(async (dir) => {
  const mounted = mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  if (mounted) execFileSync('umount', [dir]);
  await fs.rm(dir, { recursive: true, force: true });
  return mounted;
});
const canMount = await probe;
if (!canMount) console.info('file-system faults not tested: this machine does not allow mounting a tmpfs (needs root or CAP_SYS_ADMIN)');

type Files = Map<string, string>;
let project: TempProject;
let src: string;
let before: Files;
let after: Files;
let fingerprint: string;

async function readFiles(dir: string): Promise<Files> {
  const files: Files = new Map();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await fs.readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Every file of the tree is its old or its new content, nothing else; none is a temporary file. */
function oldOrNew(disk: Files): string[] {
  const problems: string[] = [];
  for (const [file, text] of disk) {
    if (text !== before.get(file) && text !== after.get(file)) problems.push(`${file}: ${text.length} characters, neither old (${before.get(file)?.length}) nor new (${after.get(file)?.length})`);
  }
  return problems;
}

describe.skipIf(!canMount)('a file system that fills up or turns read-only during -u', () => {
  beforeAll(async () => {
    project = await createTempProject(['petstore']);
    const client = project.clientDir('petstore');
    src = path.join(client, 'src');
    after = await readFiles(path.join(src, 'client'));
    // Every file changes: each one must be written.
    before = new Map([...after].map(([file, text]) => [file, `${text}// stale\n`]));
    fingerprint = await fs.readFile(path.join(client, 'generated-from.json'), 'utf8');
    await fs.rm(src, { recursive: true });
    await fs.mkdir(src);
    expect(mount(['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', src])).toBe(true);
    for (const [file, text] of before) {
      await fs.mkdir(path.dirname(path.join(src, 'client', file)), { recursive: true });
      await fs.writeFile(path.join(src, 'client', file), text);
    }
  });
  afterAll(async () => {
    if (src) execFileSync('umount', ['-l', src]);
    await project?.remove();
  });

  test('a full disk: -u fails naming the file and the cause, every file is old or new, the record is not written; with room, -u finishes', async () => {
    // Leave a few kilobytes, less than the largest file needs.
    const { bavail, bsize } = await fs.statfs(src);
    await fs.writeFile(path.join(src, 'filler.bin'), Buffer.alloc(Math.max(0, bavail * bsize - 8 * 1024)));
    const full = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
    expect(full.code).toBe(1);
    expect(full.output).toMatch(/cannot write \S+src\/client\/\S+: the disk is full \(ENOSPC\); it keeps its previous content/);
    expect(full.output).toContain('free some space and run the command again');
    expect(oldOrNew(await readFiles(path.join(src, 'client')))).toEqual([]);
    expect(await fs.readFile(path.join(project.clientDir('petstore'), 'generated-from.json'), 'utf8')).toBe(fingerprint);

    await fs.rm(path.join(src, 'filler.bin'));
    const finished = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
    expect(finished.code, finished.output).toBe(0);
    expect(await readFiles(path.join(src, 'client'))).toEqual(after);
  });

  test('a read-only file system: -u names a file of the tree, not a temporary one, and changes nothing', async () => {
    for (const [file, text] of before) await fs.writeFile(path.join(src, 'client', file), text);
    execFileSync('mount', ['-o', 'remount,ro', src]);
    try {
      const report = await runVitest(project, ['contract-tests/petstore.contract.test.ts', '-u']);
      expect(report.code).toBe(1);
      expect(report.output).toMatch(/cannot write \S+src\/client\/\S+\.ts: the file system is read-only \(EROFS\)/);
      expect(report.output).not.toMatch(/openapi-drift-\d+-[0-9a-f]{8}\.tmp/);
      expect(await readFiles(path.join(src, 'client'))).toEqual(before);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', src]);
    }
  });
});

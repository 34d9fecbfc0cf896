// A temp folder at the same path on every run of a test file (per checkout and per Vitest worker),
// emptied when it is taken. The regeneration cache is keyed by a client folder's path and holds only
// while every input is byte for byte the same, so a fixture client re-created here is served from
// what an earlier run generated instead of being generated again; its tests still see real files.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../../helpers/temp-project.ts';

const BASE = path.join(os.tmpdir(), `openapi-drift-lifecycle-${createHash('sha256').update(REPO).digest('hex').slice(0, 8)}-${process.env.VITEST_POOL_ID ?? '0'}`);

export async function stableFolder(name: string): Promise<string> {
  const dir = path.join(BASE, name);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

export function removeStableFolder(name: string): Promise<void> {
  return fs.rm(path.join(BASE, name), { recursive: true, force: true });
}

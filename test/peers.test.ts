// The team's own tools are found from the client folder, and a missing one, one outside the tested
// range, or TypeScript 7 gives one clear error with the command that installs the right one.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { importEntry, installCommand, locatePackage, requirePeer, testedRanges } from '../packages/openapi-drift/src/core/peers.ts';

let root: string;
const clientDir = () => path.join(root, 'packages', 'api');

async function installFake(dir: string, name: string, manifest: Record<string, unknown>): Promise<void> {
  const folder = path.join(dir, 'node_modules', ...name.split('/'));
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, 'package.json'), JSON.stringify({ name, ...manifest }));
}

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-peers-'));
  await fs.mkdir(clientDir(), { recursive: true });
  await fs.writeFile(path.join(root, 'package-lock.json'), '{}');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fs.rm(root, { recursive: true, force: true });
});

test('the tested ranges are the package.json peer ranges', () => {
  expect(Object.keys(testedRanges()).sort()).toEqual(['@hey-api/openapi-ts', 'prettier', 'typescript', 'vitest']);
});

test('a peer is found from the client folder, the nearest installation winning, and imported by its exports', async () => {
  await installFake(root, '@hey-api/openapi-ts', { version: '0.99.0', exports: { '.': { types: './dist/index.d.mts', import: './dist/index.mjs' } } });
  await installFake(path.join(root, 'packages', 'api'), '@hey-api/openapi-ts', { version: '0.98.2', exports: { '.': { import: './dist/nearest.mjs' } } });
  const located = requirePeer('@hey-api/openapi-ts', clientDir(), 'packages/api');
  expect(located.version).toBe('0.98.2');
  expect(importEntry(located)).toMatch(/packages\/api\/node_modules\/@hey-api\/openapi-ts\/dist\/nearest\.mjs$/);
  await installFake(root, 'prettier', { version: '3.10.1', exports: { '.': { types: './index.d.ts', require: './index.cjs', browser: { import: './standalone.mjs' }, default: './index.mjs' } } });
  expect(importEntry(locatePackage('prettier', clientDir())!)).toMatch(/prettier\/index\.mjs$/);
});

describe('refusals, each with the install command', () => {
  test('a missing peer', () => {
    const error = (() => {
      try {
        requirePeer('prettier', clientDir(), 'packages/api');
      } catch (failure) {
        return failure as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toBe("prettier is not installed where packages/api can see it; openapi-drift uses the repository's own copy");
    expect(error?.fix).toBe(`npm i -D prettier@^${testedRanges().prettier?.replace(/^\^/, '')}`);
  });

  test('a version outside the tested range, unless OPENAPI_DRIFT_UNTESTED_PEERS=1', async () => {
    await installFake(root, '@hey-api/openapi-ts', { version: '0.100.0' });
    await fs.writeFile(path.join(root, 'pnpm-lock.yaml'), '');
    expect(() => requirePeer('@hey-api/openapi-ts', clientDir(), 'packages/api')).toThrow(`@hey-api/openapi-ts 0.100.0 is installed; this openapi-drift is tested with @hey-api/openapi-ts ${testedRanges()['@hey-api/openapi-ts']}`);
    try {
      requirePeer('@hey-api/openapi-ts', clientDir(), 'packages/api');
    } catch (error) {
      expect((error as ConfigError).fix).toContain(`pnpm add -D "@hey-api/openapi-ts@${testedRanges()['@hey-api/openapi-ts']}"`);
    }
    // Only "1" lets it through: "0", "false" or an empty value say no.
    for (const value of ['0', 'false', '', 'no']) {
      vi.stubEnv('OPENAPI_DRIFT_UNTESTED_PEERS', value);
      expect(() => requirePeer('@hey-api/openapi-ts', clientDir(), 'packages/api'), `OPENAPI_DRIFT_UNTESTED_PEERS=${value}`).toThrow('@hey-api/openapi-ts 0.100.0 is installed');
    }
    vi.stubEnv('OPENAPI_DRIFT_UNTESTED_PEERS', '1');
    expect(requirePeer('@hey-api/openapi-ts', clientDir(), 'packages/api').version).toBe('0.100.0');
  });

  test('TypeScript 7, which has no compiler API for hey-api, even when untested peers are allowed', async () => {
    await installFake(root, 'typescript', { version: '7.0.2' });
    vi.stubEnv('OPENAPI_DRIFT_UNTESTED_PEERS', '1');
    expect(() => requirePeer('typescript', clientDir(), 'packages/api')).toThrow(/typescript 7\.0\.2 is installed; TypeScript 7 no longer ships the compiler API/);
  });
});

test.each([
  ['package-lock.json', 'npm i -D vitest'],
  ['pnpm-lock.yaml', 'pnpm add -D vitest'],
  ['yarn.lock', 'yarn add -D vitest'],
])('with %s the install command is %s', async (lockfile, command) => {
  await fs.rm(path.join(root, 'package-lock.json'));
  await fs.writeFile(path.join(root, lockfile), '');
  expect(installCommand(clientDir(), ['vitest'])).toBe(command);
});

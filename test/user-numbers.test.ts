// Every number a user gives (timeoutSeconds and maxBytes in openapi-drift.json and its canary
// section, --timeout, OPENAPI_DRIFT_TIMEOUT) is checked once, against its range, and a bad one is a
// user's mistake named with its field: exit 2, never Node's RangeError (exit 1 means drift) and
// never a limit that silently becomes 1 ms. A fraction of a second is rounded to whole milliseconds.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { canarySectionOf } from '../packages/openapi-drift/src/canary/config.ts';
import { runCli as runCliInProcess } from '../packages/openapi-drift/src/cli/cli.ts';
import { ConfigError } from '../packages/openapi-drift/src/core/errors.ts';
import { resolveSource, validateSourceConfig, type SourceConfig } from '../packages/openapi-drift/src/project/client-record.ts';
import { defaultTimeoutMs } from '../packages/openapi-drift/src/regenerate/regenerate.ts';
import { SHOP_SPEC, shopItem } from './helpers/canary-shop.ts';
import { startSpecServer, type SpecServer } from './helpers/spec-server.ts';
import { createTempProject, type TempProject } from './helpers/temp-project.ts';

afterEach(() => vi.unstubAllEnvs());

const RANGE = 'a number of seconds from 0.001 to 86400';

describe('timeoutSeconds and maxBytes in openapi-drift.json and its canary section', () => {
  test.each([
    { value: 4294968, problem: `"timeoutSeconds" must be ${RANGE}, got 4294968` },
    { value: JSON.parse('1e999') as number, problem: `"timeoutSeconds" must be ${RANGE}, got Infinity` },
    { value: 0, problem: `"timeoutSeconds" must be ${RANGE}, got 0` },
    { value: '30', problem: `"timeoutSeconds" must be ${RANGE}, got "30"` },
  ])('timeoutSeconds $value is refused, with its range', ({ value, problem }) => {
    expect(validateSourceConfig({ source: './o.json', timeoutSeconds: value })).toEqual([problem]);
    const canary = { source: './o.json', canary: { timeoutSeconds: value, operations: [{ operationId: 'op' }] } } as unknown as SourceConfig;
    expect(() => canarySectionOf(canary, 'clients/x')).toThrow(problem.replace('"timeoutSeconds"', 'canary.timeoutSeconds'));
  });

  test.each([1.5, 2 ** 40, JSON.parse('1e999') as number])('maxBytes %s is refused: a whole number of bytes, at most 4 GiB', (value) => {
    expect(validateSourceConfig({ source: './o.json', maxBytes: value })).toEqual([`"maxBytes" must be a whole number of bytes from 1 to 4294967296, got ${value}`]);
  });

  test.each([
    [2.01, 2010],
    [4.02, 4020],
    [8.05, 8050],
    [0.001, 1],
    [86400, 86_400_000],
  ])('timeoutSeconds %s is %i whole milliseconds', (seconds, ms) => {
    expect(validateSourceConfig({ source: './o.json', timeoutSeconds: seconds })).toEqual([]);
    expect(resolveSource({ source: './o.json', timeoutSeconds: seconds }, '/c', 'clients/c').timeoutMs).toBe(ms);
  });
});

describe('OPENAPI_DRIFT_TIMEOUT', () => {
  test.each([
    ['unset', undefined, 300_000],
    ['empty', '', 300_000],
    ['a fraction of whole milliseconds', '8.05', 8050],
  ])('%s: %s gives %i ms', (_description, value, expected) => {
    vi.stubEnv('OPENAPI_DRIFT_TIMEOUT', value);
    expect(defaultTimeoutMs()).toBe(expected);
  });

  test.each(['5000000', 'soon', '0', '-1', 'Infinity'])('%s is refused, naming the variable and its range', (value) => {
    vi.stubEnv('OPENAPI_DRIFT_TIMEOUT', value);
    expect(() => defaultTimeoutMs()).toThrow(ConfigError);
    expect(() => defaultTimeoutMs()).toThrow(`OPENAPI_DRIFT_TIMEOUT must be ${RANGE}, got '${value}'`);
  });
});

describe('--timeout on the command line', () => {
  let server: SpecServer;
  let project: TempProject;
  beforeAll(async () => {
    server = await startSpecServer();
    project = await createTempProject([]);
    const dir = project.clientDir('shop');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'openapi.json'), JSON.stringify(SHOP_SPEC));
    await fs.writeFile(path.join(dir, 'openapi-ts.config.ts'), "export default { input: './openapi.json', output: './src/client' };\n");
    await fs.writeFile(path.join(dir, 'openapi-drift.json'), JSON.stringify({ source: './openapi.json', canary: { baseUrl: server.url('/api'), operations: [{ operationId: 'getItem', path: { itemId: '7' } }] } }));
    server.routes.set('/api/items/7', { kind: 'body', body: JSON.stringify(shopItem()) });
  });
  afterAll(async () => {
    await server?.close();
    await project?.remove();
  });

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runCliInProcess(args, { cwd: project.root, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { code, stdout, stderr };
  }

  test.each(['live', 'sync', 'add', 'impact', 'canary', 'refresh'])('%s --timeout 4294968 and Infinity: exit 2, naming the option and its range', async (command) => {
    for (const value of ['4294968', 'Infinity', '0', 'soon']) {
      const named = { add: ['shop2', '--from', './o.json'], impact: ['shop'] }[command as string] ?? [];
      const result = await cli([command, ...named, '--timeout', value]);
      expect(result.stderr).toContain(`--timeout must be ${RANGE}, got '${value}'`);
      expect(result.code).toBe(2);
    }
  });

  test('canary --timeout 2.01 calls the service (whole milliseconds), exit 0', async () => {
    const result = await cli(['canary', 'shop', '--timeout', '2.01']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

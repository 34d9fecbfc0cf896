// A client's record file, openapi-drift.json: every bad value is refused with a message that names
// the file and the cause (never a header's value), a missing file is the defaults where the record is
// optional and a "write it as" where a source is needed, and the source resolves to what is fetched.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConfigError } from '../../../packages/openapi-drift/src/core/errors.ts';
import {
  headerValueProblem,
  isUrl,
  readOverlayListSync,
  readRuntimeSetting,
  readSourceConfig,
  readTypeCheckSetting,
  resolveSource,
  SOURCE_FILE,
  validateSourceConfig,
  writeSourceConfig,
} from '../../../packages/openapi-drift/src/project/client-record.ts';

let dir: string;
const SHOWN = 'clients/billing';
const SHOWN_FILE = 'clients/billing/openapi-drift.json';
const RUNTIME_SHAPE = '"runtime" is { "validators": true } to generate the validators of openapi-drift/runtime ({ "validators": false } leaves them out)';
const TYPE_CHECK_SHAPE = '"typeCheck" turns the type check off as { "skip": true, "reason": "why, for whoever reads the test" }';
const OVERLAYS_SHAPE = '"overlays" lists Overlay files relative to the client folder, e.g. ["patches/fix.overlay.yaml"]';
const HEADER_RULE = 'must take its value from an environment variable and hold nothing else but a scheme word (Bearer, Basic, token), e.g. "Bearer ${API_TOKEN}", so that no secret is committed';

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-drift-record-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fs.rm(dir, { recursive: true, force: true });
});

const record = (value: unknown) => fs.writeFile(path.join(dir, SOURCE_FILE), typeof value === 'string' ? value : JSON.stringify(value));

/** The ConfigError a promise rejects with. */
async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('header values: only environment variables and a scheme word are committed', () => {
  test.each(['${API_TOKEN}', 'Bearer ${API_TOKEN}', 'Basic ${USER_PASS}', 'token ${GH_TOKEN}', 'Bearer   ${A}', '${A}${B_2}', '${_private}'])('%s is accepted', (value) => {
    expect(headerValueProblem(value, 'header Authorization')).toBeUndefined();
  });

  test.each(['sk_live_123', 'Bearer sk_live_123', 'Bearer sk_live_X${EMPTY}', '${A}x', 'x${A}', 'Bearer', 'Bearer${A}', 'Token ${A}', '${1A}', '${A-B}', '', '$API_TOKEN', 'Bearer ${A} ${B}'])('%s is refused, the field named', (value) => {
    expect(headerValueProblem(value, 'header Authorization')).toBe(`header Authorization ${HEADER_RULE}`);
  });
});

test('a URL is http or https, in any letter case; anything else is a file path', () => {
  expect(isUrl('https://example.com/openapi.json')).toBe(true);
  expect(isUrl('http://example.com/openapi.json')).toBe(true);
  expect(isUrl('HTTPS://example.com/openapi.json')).toBe(true);
  expect(isUrl('ftp://example.com/openapi.json')).toBe(false);
  expect(isUrl('specs/https://x')).toBe(false);
  expect(isUrl('https:/example.com')).toBe(false);
  expect(isUrl('./openapi.json')).toBe(false);
});

describe('validating a record', () => {
  test('a record that is not a JSON object is refused', () => {
    for (const value of [null, [], 'https://x', 3]) expect(validateSourceConfig(value)).toEqual(['must be a JSON object']);
  });

  test('a source is required unless the caller reads only the settings; given, it must be a non-empty string', () => {
    expect(validateSourceConfig({})).toEqual(['"source" must be a URL or a file path']);
    expect(validateSourceConfig({}, false)).toEqual([]);
    expect(validateSourceConfig({ source: '' }, false)).toEqual(['"source" must be a URL or a file path']);
    expect(validateSourceConfig({ source: 42 }, false)).toEqual(['"source" must be a URL or a file path']);
    expect(validateSourceConfig({ source: './openapi.json' })).toEqual([]);
  });

  test('headers must be an object of valid names whose values are variables', () => {
    for (const headers of [null, [], 'Authorization: x']) expect(validateSourceConfig({ source: 'a.json', headers })).toEqual(['"headers" must be an object']);
    expect(validateSourceConfig({ source: 'a.json', headers: { 'X-Api_Key.1~': '${KEY}', Authorization: 'Bearer ${TOKEN}' } })).toEqual([]);
    expect(validateSourceConfig({ source: 'a.json', headers: { 'bad name': '${A}', ' x': '${A}', 'x ': '${A}', 'a:b': '${A}', '': '${A}' } })).toEqual([
      'header name "bad name" is not a valid HTTP header name',
      'header name " x" is not a valid HTTP header name',
      'header name "x " is not a valid HTTP header name',
      'header name "a:b" is not a valid HTTP header name',
      'header name "" is not a valid HTTP header name',
    ]);
    expect(validateSourceConfig({ source: 'a.json', headers: { 'X-Count': 3 } })).toEqual(['header X-Count must be a string']);
    const problems = validateSourceConfig({ source: 'a.json', headers: { Authorization: 'Bearer sk_live_secret' } });
    expect(problems).toEqual([`header Authorization ${HEADER_RULE}`]);
    expect(problems.join(' ')).not.toContain('sk_live_secret');
  });

  test('numbers are checked against their ranges, each problem listed', () => {
    expect(validateSourceConfig({ source: 'a.json', timeoutSeconds: 10, maxBytes: 1024 })).toEqual([]);
    expect(validateSourceConfig({ source: 'a.json', timeoutSeconds: -1, maxBytes: 0 })).toEqual([
      '"timeoutSeconds" must be a number of seconds from 0.001 to 86400, got -1',
      '"maxBytes" must be a whole number of bytes from 1 to 4294967296, got 0',
    ]);
  });

  test('typeCheck turns the check off only with skip true and a reason, and has no other settings', () => {
    expect(validateSourceConfig({ source: 'a.json', typeCheck: { skip: true, reason: 'the generator emits any' } })).toEqual([]);
    for (const typeCheck of [null, [], true, 'off']) expect(validateSourceConfig({ source: 'a.json', typeCheck })).toEqual([`${TYPE_CHECK_SHAPE}; it is not an object`]);
    expect(validateSourceConfig({ source: 'a.json', typeCheck: {} })).toEqual([
      `"typeCheck.skip" must be true (leave "typeCheck" out to keep the check on); ${TYPE_CHECK_SHAPE}`,
      `"typeCheck.reason" must say why the check is off; ${TYPE_CHECK_SHAPE}`,
    ]);
    expect(validateSourceConfig({ source: 'a.json', typeCheck: { skip: false, reason: 'x', strict: true, why: 'y' } })).toEqual([
      `"typeCheck" has no setting "strict"; ${TYPE_CHECK_SHAPE}`,
      `"typeCheck" has no setting "why"; ${TYPE_CHECK_SHAPE}`,
      `"typeCheck.skip" must be true (leave "typeCheck" out to keep the check on); ${TYPE_CHECK_SHAPE}`,
    ]);
    expect(validateSourceConfig({ source: 'a.json', typeCheck: { skip: 'true', reason: '   ' } })).toEqual([
      `"typeCheck.skip" must be true (leave "typeCheck" out to keep the check on); ${TYPE_CHECK_SHAPE}`,
      `"typeCheck.reason" must say why the check is off; ${TYPE_CHECK_SHAPE}`,
    ]);
    expect(validateSourceConfig({ source: 'a.json', typeCheck: { skip: true, reason: 7 } })).toEqual([`"typeCheck.reason" must say why the check is off; ${TYPE_CHECK_SHAPE}`]);
  });

  test('runtime is { validators: true or false } and nothing else', () => {
    expect(validateSourceConfig({ source: 'a.json', runtime: { validators: true } })).toEqual([]);
    expect(validateSourceConfig({ source: 'a.json', runtime: { validators: false } })).toEqual([]);
    for (const runtime of [null, [], true]) expect(validateSourceConfig({ source: 'a.json', runtime })).toEqual([`${RUNTIME_SHAPE}; it is not an object`]);
    expect(validateSourceConfig({ source: 'a.json', runtime: { validators: 'yes', zod: true } })).toEqual([
      `"runtime" has no setting "zod"; ${RUNTIME_SHAPE}`,
      `"runtime.validators" must be true or false; ${RUNTIME_SHAPE}`,
    ]);
  });

  test('overlays are distinct relative file paths, each bad entry named by its place', () => {
    expect(validateSourceConfig({ source: 'a.json', overlays: ['patches/a.overlay.yaml', 'b.yaml'] })).toEqual([]);
    expect(validateSourceConfig({ source: 'a.json', overlays: 'patches/a.overlay.yaml' })).toEqual([`${OVERLAYS_SHAPE}; it is not a list`]);
    expect(validateSourceConfig({ source: 'a.json', overlays: ['a.yaml', 3, '  ', '/etc/x.yaml', 'https://x/o.yaml', 'a.yaml', 'b.yaml', 'b.yaml'] })).toEqual([
      `${OVERLAYS_SHAPE}; entry 2 is not a file path`,
      `${OVERLAYS_SHAPE}; entry 3 is not a file path`,
      `${OVERLAYS_SHAPE}; "/etc/x.yaml" is not relative to the client folder`,
      `${OVERLAYS_SHAPE}; "https://x/o.yaml" is not relative to the client folder`,
      `${OVERLAYS_SHAPE}; "a.yaml" is listed twice`,
      `${OVERLAYS_SHAPE}; "b.yaml" is listed twice`,
    ]);
  });
});

describe('reading the source (sync, live)', () => {
  test('a valid record is returned as written', async () => {
    const written = { source: 'https://billing.example.com/openapi.json', headers: { Authorization: 'Bearer ${TOKEN}' }, timeoutSeconds: 5 };
    await record(written);
    expect(await readSourceConfig(dir, SHOWN)).toEqual(written);
  });

  test('a missing record says what to write, relative to the client folder', async () => {
    const error = await refusal(readSourceConfig(dir, SHOWN));
    expect(error.message).toBe(`${SHOWN_FILE} does not exist, so the client records no source to fetch its snapshot from: write it as {"source": "<an http(s) URL, or a file path relative to ${SHOWN}>"}`);
    expect(error.file).toBe(SHOWN_FILE);
    expect(error.fix).toBe(`create ${SHOWN_FILE} with {"source": "https://example.com/openapi.json"}, or record the source with \`npx openapi-drift init --source <url|file>\``);
  });

  test('a client at the repository root is shown as .', async () => {
    const error = await refusal(readSourceConfig(dir, ''));
    expect(error.message).toBe('openapi-drift.json does not exist, so the client records no source to fetch its snapshot from: write it as {"source": "<an http(s) URL, or a file path relative to .>"}');
    expect(error.file).toBe('openapi-drift.json');
  });

  test('a record that cannot be read is named with the cause', async () => {
    await fs.mkdir(path.join(dir, SOURCE_FILE));
    const error = await refusal(readSourceConfig(dir, SHOWN));
    expect(error.message).toBe(`${SHOWN_FILE}: cannot read it (EISDIR); the client has no recorded source`);
    expect(error.file).toBe(SHOWN_FILE);
    expect(error.fix).toBe('create it with {"source": "<url or file>"}');
    // Optional for the settings, but a record that is there and unreadable is still an error.
    expect((await refusal(readTypeCheckSetting(dir, SHOWN))).message).toBe(`${SHOWN_FILE}: cannot read it (EISDIR); the client has no recorded source`);
  });

  test('invalid JSON is refused with the parser\'s words', async () => {
    await record('{ "source": ');
    const error = await refusal(readSourceConfig(dir, SHOWN));
    expect(error.message).toMatch(new RegExp(`^${SHOWN_FILE}: invalid JSON: .+`));
    expect(error.file).toBe(SHOWN_FILE);
  });

  test('a record that is not an object, or has bad values, lists every problem with the file and where the format is described', async () => {
    for (const text of ['[]', 'null', '"https://x"']) {
      await record(text);
      const error = await refusal(readSourceConfig(dir, SHOWN));
      expect(error.message).toBe(`${SHOWN_FILE}: must be a JSON object`);
    }
    await record({ source: '', timeoutSeconds: 0 });
    const error = await refusal(readSourceConfig(dir, SHOWN));
    expect(error.message).toBe(`${SHOWN_FILE}: "source" must be a URL or a file path; "timeoutSeconds" must be a number of seconds from 0.001 to 86400, got 0`);
    expect(error.file).toBe(SHOWN_FILE);
    expect(error.fix).toBe('see "Where a client comes from" in docs/clients-and-layouts.md');
  });
});

describe('the contract suite\'s settings', () => {
  test('a client without a record has the type check on and no validators', async () => {
    expect(await readTypeCheckSetting(dir, SHOWN)).toBeUndefined();
    expect(await readRuntimeSetting(dir, SHOWN)).toBe(false);
  });

  test('the type check setting needs no source, but a record that is there must be valid', async () => {
    await record({ typeCheck: { skip: true, reason: 'generated any' } });
    expect(await readTypeCheckSetting(dir, SHOWN)).toEqual({ skip: true, reason: 'generated any' });
    await record({ source: 'a.json' });
    expect(await readTypeCheckSetting(dir, SHOWN)).toBeUndefined();
    await record({ typeCheck: { skip: true } });
    expect((await refusal(readTypeCheckSetting(dir, SHOWN))).message).toBe(`${SHOWN_FILE}: "typeCheck.reason" must say why the check is off; ${TYPE_CHECK_SHAPE}`);
  });

  test('the validators are on only when the record says so; only the runtime section is judged', async () => {
    await record({ source: 'a.json' });
    expect(await readRuntimeSetting(dir, SHOWN)).toBe(false);
    await record({ runtime: { validators: true } });
    expect(await readRuntimeSetting(dir, SHOWN)).toBe(true);
    await record({ runtime: { validators: false } });
    expect(await readRuntimeSetting(dir, SHOWN)).toBe(false);
    // A bad source or type check setting is for their own commands to refuse.
    await record({ source: '', typeCheck: { skip: false }, runtime: { validators: true } });
    expect(await readRuntimeSetting(dir, SHOWN)).toBe(true);
    await record({ runtime: { validators: 1 } });
    const error = await refusal(readRuntimeSetting(dir, SHOWN));
    expect(error.message).toBe(`${SHOWN_FILE}: "runtime.validators" must be true or false; ${RUNTIME_SHAPE}`);
    for (const text of ['[]', 'null', '"runtime"', '3']) {
      await record(text);
      expect((await refusal(readRuntimeSetting(dir, SHOWN))).message).toBe(`${SHOWN_FILE}: must be a JSON object`);
    }
  });
});

describe('the overlay list, read at once', () => {
  test('no record, or a record without overlays, has none', async () => {
    expect(readOverlayListSync(dir, SHOWN)).toEqual([]);
    await record({ source: 'a.json' });
    expect(readOverlayListSync(dir, SHOWN)).toEqual([]);
    await record({ overlays: ['patches/a.overlay.yaml', 'b.overlay.yaml'] });
    expect(readOverlayListSync(dir, SHOWN)).toEqual(['patches/a.overlay.yaml', 'b.overlay.yaml']);
  });

  test('an unreadable, unparsable or invalid record is refused, naming the file', async () => {
    await fs.mkdir(path.join(dir, SOURCE_FILE));
    expect(() => readOverlayListSync(dir, SHOWN)).toThrow(expect.objectContaining({ message: `${SHOWN_FILE}: cannot read it (EISDIR)`, file: SHOWN_FILE }));
    await fs.rmdir(path.join(dir, SOURCE_FILE));
    await record('{ overlays');
    expect(() => readOverlayListSync(dir, SHOWN)).toThrow(expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${SHOWN_FILE}: invalid JSON: .+`)), file: SHOWN_FILE }));
    await record({ overlays: ['a.yaml', 'a.yaml'], timeoutSeconds: 0 });
    expect(() => readOverlayListSync(dir, SHOWN)).toThrow(`${SHOWN_FILE}: "timeoutSeconds" must be a number of seconds from 0.001 to 86400, got 0; ${OVERLAYS_SHAPE}; "a.yaml" is listed twice`);
    await record({ overlays: ['/abs.yaml'] });
    expect(() => readOverlayListSync(dir, SHOWN)).toThrow(expect.objectContaining({ message: `${SHOWN_FILE}: ${OVERLAYS_SHAPE}; "/abs.yaml" is not relative to the client folder`, file: SHOWN_FILE }));
    expect(() => readOverlayListSync(dir, SHOWN)).toThrow(ConfigError);
  });
});

describe('resolving the source', () => {
  test('defaults: no headers, 30 seconds, 100 MiB; a file path is resolved from the client folder', () => {
    expect(resolveSource({ source: 'specs/openapi.json' }, dir, SHOWN)).toEqual({
      location: path.join(dir, 'specs', 'openapi.json'),
      isUrl: false,
      headers: {},
      timeoutMs: 30_000,
      maxBytes: 100 * 1024 * 1024,
    });
  });

  test('a URL is kept; the record\'s numbers are used, and a given timeout wins', () => {
    const config = { source: 'HTTPS://example.com/openapi.json', timeoutSeconds: 2, maxBytes: 500 };
    expect(resolveSource(config, dir, SHOWN)).toEqual({ location: 'HTTPS://example.com/openapi.json', isUrl: true, headers: {}, timeoutMs: 2000, maxBytes: 500 });
    expect(resolveSource(config, dir, SHOWN, { timeoutMs: 750 }).timeoutMs).toBe(750);
  });

  test('header variables are filled from the environment, a tab included', () => {
    vi.stubEnv('OPENAPI_DRIFT_TEST_TOKEN', 'abc\tdef');
    vi.stubEnv('OPENAPI_DRIFT_TEST_TENANT', 't1');
    const resolved = resolveSource({ source: 'https://x', headers: { Authorization: 'Bearer ${OPENAPI_DRIFT_TEST_TOKEN}', 'X-Tenant': '${OPENAPI_DRIFT_TEST_TENANT}${OPENAPI_DRIFT_TEST_TENANT}' } }, dir, SHOWN);
    expect(resolved.headers).toEqual({ Authorization: 'Bearer abc\tdef', 'X-Tenant': 't1t1' });
  });

  test('a variable that is not set is named, with the fix', () => {
    vi.stubEnv('OPENAPI_DRIFT_TEST_UNSET', undefined);
    let error: unknown;
    try {
      resolveSource({ source: 'https://x', headers: { Authorization: 'Bearer ${OPENAPI_DRIFT_TEST_UNSET}' } }, dir, SHOWN);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${SHOWN_FILE}: header Authorization needs the environment variable OPENAPI_DRIFT_TEST_UNSET, which is not set`);
    expect((error as ConfigError).file).toBe(SHOWN_FILE);
    expect((error as ConfigError).fix).toBe('export OPENAPI_DRIFT_TEST_UNSET=... (in CI: a repository secret)');
  });

  test.each(['line\nbreak', 'carriage\rreturn', 'backspace\u0008', 'unit\u001f', 'delete\u007f', 'escape\u001b'])('a value holding a control character (%j) is refused without printing it', (value) => {
    vi.stubEnv('OPENAPI_DRIFT_TEST_A', 'ok');
    vi.stubEnv('OPENAPI_DRIFT_TEST_B', value);
    let error: unknown;
    try {
      resolveSource({ source: 'https://x', headers: { 'X-Key': '${OPENAPI_DRIFT_TEST_A}${OPENAPI_DRIFT_TEST_B}' } }, dir, SHOWN);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      `${SHOWN_FILE}: header X-Key, from OPENAPI_DRIFT_TEST_A, OPENAPI_DRIFT_TEST_B, contains a line break or another control character, which no header value may hold (the value is not printed)`,
    );
    expect((error as ConfigError).file).toBe(SHOWN_FILE);
    expect((error as ConfigError).fix).toBe('check the value of OPENAPI_DRIFT_TEST_A, OPENAPI_DRIFT_TEST_B');
  });

  test('printable values, spaces and non-ASCII letters included, are accepted', () => {
    vi.stubEnv('OPENAPI_DRIFT_TEST_A', ' !~ é ');
    expect(resolveSource({ source: 'https://x', headers: { 'X-Key': '${OPENAPI_DRIFT_TEST_A}' } }, dir, SHOWN).headers).toEqual({ 'X-Key': ' !~ é ' });
  });
});

test('writing a record writes pretty JSON with a final newline, readable back', async () => {
  const config = { source: 'https://x/openapi.json', timeoutSeconds: 5 };
  await writeSourceConfig(dir, config);
  expect(await fs.readFile(path.join(dir, SOURCE_FILE), 'utf8')).toBe('{\n  "source": "https://x/openapi.json",\n  "timeoutSeconds": 5\n}\n');
  expect(await readSourceConfig(dir, SHOWN)).toEqual(config);
});

// Where a client's snapshot comes from: `clients/<name>/openapi-drift.json`, beside the hey-api
// config. The hey-api config says how to generate from the committed snapshot; this file says
// where `sync` and `live` fetch the snapshot from. Header values name environment variables, so
// no secret is ever committed:
//
//   {
//     "source": "https://billing.example.com/openapi.json",
//     "headers": { "Authorization": "Bearer ${BILLING_API_TOKEN}" },
//     "timeoutSeconds": 30
//   }
//
// It also holds the client's settings for the contract suite: `"typeCheck": { "skip": true,
// "reason": "..." }` turns the type check off, and the reason is required, since the test then
// passes by asserting the setting instead of compiling. `"runtime": { "validators": true }` adds
// the validators of openapi-drift/runtime to the generated tree (off by default, so that turning
// it on is a decision, and no existing client gains a file it must then commit).
//
// `"overlays": ["patches/nullable-fix.overlay.yaml"]` lists Overlay 1.0 files, relative to the
// client folder, applied in order to the fetched document (see docs/overlays.md).
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { ConfigError } from '../core/errors.ts';
import { commandFor } from '../core/package-manager.ts';
import { BYTES, millisecondsOf, numberProblem, SECONDS } from '../core/user-numbers.ts';

export const SOURCE_FILE = 'openapi-drift.json';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `${NAME}`: the value of the environment variable NAME. */
export const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;
/** The words a committed header value may hold beside its variables: an authorization scheme. */
export const SCHEME_WORDS = ['Bearer', 'Basic', 'token'] as const;
// The whole value: an optional scheme word, then only variable references. A literal beside a
// variable (`Bearer sk_live_X${EMPTY}`) would be a committed secret.
const HEADER_TEMPLATE = new RegExp(`^(?:(?:${SCHEME_WORDS.join('|')}) +)?(?:${ENV_REFERENCE.source})+$`);

/** Why a committed header value is refused, or undefined when it is only variables and a scheme word. */
export function headerValueProblem(value: string, field: string): string | undefined {
  if (HEADER_TEMPLATE.test(value)) return undefined;
  return `${field} must take its value from an environment variable and hold nothing else but a scheme word (${SCHEME_WORDS.join(', ')}), e.g. "Bearer \${API_TOKEN}", so that no secret is committed`;
}
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface SourceConfig {
  /** An http(s) URL, or a file path relative to the client folder. */
  source: string;
  /** Request headers; `${NAME}` is replaced by the environment variable NAME. */
  headers?: Record<string, string>;
  /** How long a fetch may take. Default 30. */
  timeoutSeconds?: number;
  /** Largest response accepted. Default 100 MiB. */
  maxBytes?: number;
  /** The contract suite's type check; on unless turned off with a reason. */
  typeCheck?: TypeCheckSetting;
  /** Whether the generated tree includes the validators of openapi-drift/runtime. Default off. */
  runtime?: RuntimeSetting;
  /** Overlay 1.0 files, relative to the client folder, applied in order to the upstream document. Default: none. */
  overlays?: string[];
}

export interface RuntimeSetting {
  validators: boolean;
}

export interface TypeCheckSetting {
  skip: true;
  /** Why the generated client is not type-checked; shown by the test that stands in for the check. */
  reason: string;
}

export interface ResolvedSource {
  /** The URL, or the absolute path of a local file. */
  location: string;
  isUrl: boolean;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBytes: number;
}

export function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

export async function readSourceConfig(clientDir: string, shownDir: string): Promise<SourceConfig> {
  return (await readClientFile(clientDir, shownDir, true)) as SourceConfig;
}

/**
 * Whether the client's generated tree includes the runtime validators (openapi-drift.json
 * `runtime.validators`). Only that section must be valid: what the tree holds is not the business
 * of the source or the type check settings, which their own commands and test judge.
 */
export async function readRuntimeSetting(clientDir: string, shownDir: string): Promise<boolean> {
  const config = await readClientFile(clientDir, shownDir, false, (record) => {
    const { runtime } = record as Record<string, unknown>;
    return runtime === undefined ? [] : validateRuntime(runtime);
  });
  return config?.runtime?.validators === true;
}

/**
 * The contract suite's settings. A client without openapi-drift.json (made by hand, never synced)
 * has the defaults; one with it must have a valid file, whose source is checked by `live` only.
 */
export async function readTypeCheckSetting(clientDir: string, shownDir: string): Promise<TypeCheckSetting | undefined> {
  return (await readClientFile(clientDir, shownDir, false))?.typeCheck;
}

async function readClientFile(
  clientDir: string,
  shownDir: string,
  requireSource: boolean,
  validate: (config: unknown) => string[] = (config) => validateSourceConfig(config, requireSource),
): Promise<Partial<SourceConfig> | undefined> {
  const file = path.join(clientDir, SOURCE_FILE);
  const shown = path.join(shownDir, SOURCE_FILE);
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer (no encoding) as UTF-8 text too
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!requireSource && code === 'ENOENT') return undefined;
    if (code === 'ENOENT') {
      // A client adopted by init, or made by hand, has no source yet: say what to write, not ENOENT.
      throw new ConfigError(`${shown} does not exist, so the client records no source to fetch its snapshot from: write it as {"source": "<an http(s) URL, or a file path relative to ${shownDir || '.'}>"}`, {
        file: shown,
        fix: `create ${shown} with {"source": "https://example.com/openapi.json"}, or record the source with \`${commandFor(clientDir, { tool: 'openapi-drift', args: ['init', '--source', '<url|file>'] })}\``,
      });
    }
    throw new ConfigError(`${shown}: cannot read it (${code ?? String(error)}); the client has no recorded source`, {
      file: shown,
      fix: `create it with {"source": "<url or file>"}`,
    });
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${shown}: invalid JSON: ${(error as Error).message}`, { file: shown });
  }
  const problems = typeof config === 'object' && config !== null && !Array.isArray(config) ? validate(config) : ['must be a JSON object'];
  if (problems.length) throw new ConfigError(`${shown}: ${problems.join('; ')}`, { file: shown, fix: 'see "Where a client comes from" in docs/clients-and-layouts.md' });
  return config as Partial<SourceConfig>;
}

/** What is wrong with a source record, in words that never quote a header's value. */
export function validateSourceConfig(config: unknown, requireSource = true): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return ['must be a JSON object'];
  const { source, headers, timeoutSeconds, maxBytes, typeCheck, runtime, overlays } = config as Record<string, unknown>;
  const problems: string[] = [];
  if ((requireSource || source !== undefined) && (typeof source !== 'string' || !source)) problems.push('"source" must be a URL or a file path');
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) problems.push('"headers" must be an object');
    else {
      for (const [name, value] of Object.entries(headers)) {
        if (!HEADER_NAME.test(name)) problems.push(`header name ${JSON.stringify(name)} is not a valid HTTP header name`);
        else if (typeof value !== 'string') problems.push(`header ${name} must be a string`);
        else {
          const problem = headerValueProblem(value, `header ${name}`);
          if (problem) problems.push(problem);
        }
      }
    }
  }
  for (const problem of [timeoutSeconds === undefined ? undefined : numberProblem('"timeoutSeconds"', timeoutSeconds, SECONDS), maxBytes === undefined ? undefined : numberProblem('"maxBytes"', maxBytes, BYTES)]) {
    if (problem) problems.push(problem);
  }
  if (typeCheck !== undefined) problems.push(...validateTypeCheck(typeCheck));
  if (runtime !== undefined) problems.push(...validateRuntime(runtime));
  if (overlays !== undefined) problems.push(...validateOverlayList(overlays));
  return problems;
}

const RUNTIME_SHAPE = '"runtime" is { "validators": true } to generate the validators of openapi-drift/runtime ({ "validators": false } leaves them out)';

function validateRuntime(runtime: unknown): string[] {
  if (typeof runtime !== 'object' || runtime === null || Array.isArray(runtime)) return [`${RUNTIME_SHAPE}; it is not an object`];
  const { validators, ...others } = runtime as Record<string, unknown>;
  const problems = Object.keys(others).map((key) => `"runtime" has no setting "${key}"; ${RUNTIME_SHAPE}`);
  if (typeof validators !== 'boolean') problems.push(`"runtime.validators" must be true or false; ${RUNTIME_SHAPE}`);
  return problems;
}

function validateOverlayList(overlays: unknown): string[] {
  const shape = '"overlays" lists Overlay files relative to the client folder, e.g. ["patches/fix.overlay.yaml"]';
  if (!Array.isArray(overlays)) return [`${shape}; it is not a list`];
  const problems: string[] = [];
  for (const [index, file] of overlays.entries()) {
    if (typeof file !== 'string' || file.trim() === '') problems.push(`${shape}; entry ${index + 1} is not a file path`);
    else if (path.isAbsolute(file) || isUrl(file)) problems.push(`${shape}; ${JSON.stringify(file)} is not relative to the client folder`);
    else if (overlays.indexOf(file) !== index) problems.push(`${shape}; ${JSON.stringify(file)} is listed twice`);
  }
  return problems;
}

/**
 * The overlay files of the client, read at once (the contract suite declares its tests
 * synchronously). A client without openapi-drift.json has none; an invalid file is a ConfigError.
 */
export function readOverlayListSync(clientDir: string, shownDir: string): string[] {
  const file = path.join(clientDir, SOURCE_FILE);
  const shown = path.join(shownDir, SOURCE_FILE);
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: equivalent, JSON.parse reads a Buffer (no encoding) as UTF-8 text too
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ConfigError(`${shown}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file: shown });
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${shown}: invalid JSON: ${(error as Error).message}`, { file: shown });
  }
  const problems = validateSourceConfig(config, false);
  if (problems.length) throw new ConfigError(`${shown}: ${problems.join('; ')}`, { file: shown });
  return (config as SourceConfig).overlays ?? [];
}

const TYPE_CHECK_SHAPE = '"typeCheck" turns the type check off as { "skip": true, "reason": "why, for whoever reads the test" }';

function validateTypeCheck(typeCheck: unknown): string[] {
  if (typeof typeCheck !== 'object' || typeCheck === null || Array.isArray(typeCheck)) return [`${TYPE_CHECK_SHAPE}; it is not an object`];
  const { skip, reason, ...others } = typeCheck as Record<string, unknown>;
  const problems = Object.keys(others).map((key) => `"typeCheck" has no setting "${key}"; ${TYPE_CHECK_SHAPE}`);
  // Leaving the section out is how the check is kept on: a section that says nothing is a mistake.
  if (skip !== true) problems.push(`"typeCheck.skip" must be true (leave "typeCheck" out to keep the check on); ${TYPE_CHECK_SHAPE}`);
  if (typeof reason !== 'string' || reason.trim() === '') problems.push(`"typeCheck.reason" must say why the check is off; ${TYPE_CHECK_SHAPE}`);
  return problems;
}

/** Fills in defaults, environment variables and paths. */
export function resolveSource(config: SourceConfig, clientDir: string, shownDir: string, overrides: { timeoutMs?: number } = {}): ResolvedSource {
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(config.headers ?? {})) {
    const variables = [...template.matchAll(new RegExp(ENV_REFERENCE.source, 'g'))].map((match) => match[1]).join(', ');
    const value = template.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, variable: string) => {
      const value = process.env[variable];
      if (value === undefined) {
        throw new ConfigError(`${path.join(shownDir, SOURCE_FILE)}: header ${name} needs the environment variable ${variable}, which is not set`, {
          file: path.join(shownDir, SOURCE_FILE),
          fix: `export ${variable}=... (in CI: a repository secret)`,
        });
      }
      return value;
    });
    // A line break would end the header and start another (or fail inside fetch, printing the value).
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
      throw new ConfigError(`${path.join(shownDir, SOURCE_FILE)}: header ${name}, from ${variables}, contains a line break or another control character, which no header value may hold (the value is not printed)`, {
        file: path.join(shownDir, SOURCE_FILE),
        fix: `check the value of ${variables}`,
      });
    }
    headers[name] = value;
  }
  return {
    location: isUrl(config.source) ? config.source : path.resolve(clientDir, config.source),
    isUrl: isUrl(config.source),
    headers,
    timeoutMs: overrides.timeoutMs ?? millisecondsOf(config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
    maxBytes: config.maxBytes ?? DEFAULT_MAX_BYTES,
  };
}

export async function writeSourceConfig(clientDir: string, config: SourceConfig): Promise<void> {
  await writeFileAtomic(path.join(clientDir, SOURCE_FILE), `${JSON.stringify(config, null, 2)}\n`, { label: 'source' });
}

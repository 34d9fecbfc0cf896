// `add`: a new client from a URL or a file, complete and green: canonical snapshot, hey-api
// config, source record, generated tree and contract test. It is built in a hidden folder beside
// the others (same depth, so prettier and hey-api see what they will see at the final path) and
// renamed into place only when everything succeeded; a failure leaves nothing behind.
import { commandFor } from '../core/package-manager.ts';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.ts';
import { checkClient } from '../contract/check.ts';
import { clientsDir } from '../project/clients.ts';
import { writeContractTest } from '../project/contract-tests.ts';
import { ConfigError, DriftError } from '../core/errors.ts';
import { fetchSpec, type FetchedSpec } from './fetch-spec.ts';
import { detectPostProcess } from '../format/post-processors/detect.ts';
import { isUrl, resolveSource, validateSourceConfig, writeSourceConfig, type SourceConfig } from '../project/client-record.ts';
import { toPlainJson } from '../snapshot/canonicalize.ts';
import { cacheKey, moveCachedClient } from '../regenerate/cache.ts';
import { typeCheckBeforeFirstTest, type FirstTypeCheck } from '../typecheck/first-check.ts';
import { acceptRegeneration } from '../update/update.ts';

export const DEFAULT_PLUGINS = ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'];

export interface AddOptions {
  /** The repository root (holds clients/). */
  root: string;
  name: string;
  /** A URL, or a file path relative to `cwd`. */
  from: string;
  cwd: string;
  /** hey-api plugins for the config. Default: typescript, sdk and the fetch client. */
  plugins?: string[];
  /** Request headers for the source, values naming environment variables. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** More fields for the source record, made from the fetched document (a starting canary section, say). */
  sourceExtras?: (document: Record<string, unknown>) => Record<string, unknown>;
}

export interface AddResult {
  clientDir: string;
  /** Where the generated tree is, at its final path. */
  outputDir: string;
  files: string[];
  fetched: FetchedSpec;
  /** Whether the client compiles, said before the first test run does. */
  typeCheck: FirstTypeCheck;
}

export function configSource(plugins: string[], postProcess: string[] = ['prettier']): string {
  return `import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: './openapi.json',
  output: {
    path: './src/client',
    postProcess: [${postProcess.map(quote).join(', ')}],
  },
  plugins: [${plugins.map(quote).join(', ')}],
});
`;
}

/** A single-quoted JavaScript string literal. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (char) => `\\${char}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

export async function addClient(options: AddOptions): Promise<AddResult> {
  const { name, root } = options;
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    throw new ConfigError(`'${name}' is not a usable client name`, { fix: 'use letters, digits, dots, dashes and underscores, starting with a letter or digit' });
  }
  const clientDir = path.join(clientsDir({ root }), name);
  const shownDir = path.relative(options.cwd, clientDir);
  if (await exists(clientDir)) {
    throw new ConfigError(`${shownDir} already exists; add never touches an existing client`, {
      file: shownDir,
      fix: `refresh it with \`${commandFor(root, { tool: 'openapi-drift', args: ['sync', name] })}\`, or pick another name`,
    });
  }
  const sourcePath = isUrl(options.from) ? options.from : path.resolve(options.cwd, options.from);
  const sourceConfig: SourceConfig = {
    // A relative file path is recorded relative to the client folder, so the repository can move;
    // an absolute one is recorded as given.
    source: isUrl(sourcePath) || path.isAbsolute(options.from) ? sourcePath : path.relative(clientDir, sourcePath),
    ...(options.headers && Object.keys(options.headers).length ? { headers: options.headers } : {}),
  };
  // The same rules as a committed source record: a literal header value (a secret) is refused.
  const problems = validateSourceConfig(sourceConfig);
  if (problems.length) throw new ConfigError(`--header: ${problems.join('; ')}`, { fix: 'add --header "Authorization: Bearer \\${API_TOKEN}" (quoted so that the shell does not expand it)' });
  const source = resolveSource(sourceConfig, clientDir, shownDir, { timeoutMs: options.timeoutMs });
  const fetched = await fetchSpec(source, isUrl(options.from) ? options.from : path.relative(options.cwd, sourcePath));

  await fs.mkdir(clientsDir({ root }), { recursive: true });
  const building = path.join(clientsDir({ root }), `.adding-${name}-${randomBytes(4).toString('hex')}`);
  await fs.mkdir(building);
  try {
    await writeFileAtomic(path.join(building, 'openapi.json'), fetched.canonical);
    await writeFileAtomic(path.join(building, 'openapi-ts.config.ts'), configSource(options.plugins ?? DEFAULT_PLUGINS, detectPostProcess(clientDir, root)));
    await writeSourceConfig(building, { ...sourceConfig, ...options.sourceExtras?.(toPlainJson(fetched.parsed.value) as Record<string, unknown>) });
    const check = await checkClient(building, { displayRoot: options.cwd }).catch((error: unknown) => {
      // Say it of the client being added, not of the hidden folder it is built in.
      if (error instanceof DriftError) error.message = error.message.replaceAll(path.relative(options.cwd, building), shownDir);
      throw error;
    });
    await acceptRegeneration(check.regeneration, check.comparisons);
    const keyBefore = await cacheKey(building);
    // rename() fails on a non-empty target, so a client created meanwhile is never overwritten.
    await fs.rename(building, clientDir);
    // The regeneration just checked is the client's: its first test does not generate it again.
    await moveCachedClient(building, clientDir, keyBefore);
    await writeContractTest({ root }, { name, dir: clientDir, shown: path.relative(root, clientDir).split(path.sep).join('/') });
    const outputPath = path.relative(building, check.regeneration.outputDir).split(path.sep).join('/');
    const files = [...check.regeneration.files.keys()].map((file) => path.posix.join(outputPath, file));
    const typeCheck = await typeCheckBeforeFirstTest(check.regeneration, { displayRoot: options.cwd, movedTo: clientDir });
    return { clientDir, outputDir: path.join(clientDir, outputPath), files, fetched, typeCheck };
  } finally {
    await fs.rm(building, { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    // Stryker disable next-line ArrowFunction: equivalent, undefined is as false as false
    () => false,
  );
}

// Where a client is used: the repository's TypeScript files that import its output folder, by a
// relative path or by any name the compiler resolves there (a `paths` alias, a workspace package),
// and the tsconfig each of them is compiled with: the repository root's tsconfig.json when it
// includes the file (or a project it references does), else the nearest one above the file.
import fs from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isBuiltin } from 'node:module';
import { glob } from 'tinyglobby';
import type { ModuleResolutionCache } from 'typescript';
import { defaultCompilerOptions, findNearestConfig, readCompilerSetup, type CompilerSetup } from '../typecheck/compiler-setup.ts';
import type { TypeScriptApi } from '../typecheck/typescript.ts';

const CODE_FILES = '**/*.{ts,tsx,mts,cts}';
const NEVER_SEARCHED = ['**/node_modules/**', '**/.git/**'];

export interface ConsumerGroup {
  /** The compiler setup the files are compiled with. */
  setup: CompilerSetup;
  /** The files that import the client, absolute. */
  files: string[];
  /** Set when no tsconfig includes the files and the nearest one's options (or the defaults) stand in. */
  notIncluded?: boolean;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function realpathOr(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/** Reads each tsconfig once per search. */
class Setups {
  private readonly known = new Map<string, CompilerSetup>();
  private readonly caches = new Map<string, ModuleResolutionCache>();
  private readonly ts: TypeScriptApi;
  private readonly displayRoot: string;

  constructor(ts: TypeScriptApi, displayRoot: string) {
    this.ts = ts;
    this.displayRoot = displayRoot;
  }

  read(configFile: string): CompilerSetup {
    let setup = this.known.get(configFile);
    if (!setup) {
      setup = readCompilerSetup(this.ts, configFile, this.displayRoot);
      this.known.set(configFile, setup);
    }
    return setup;
  }

  /** The setup of the nearest tsconfig above `dir`, or the defaults. */
  nearest(dir: string): CompilerSetup {
    const configFile = findNearestConfig(this.ts, dir);
    return configFile ? this.read(path.resolve(configFile)) : { options: defaultCompilerOptions(this.ts), fileNames: [], references: [] };
  }

  resolutionCache(setup: CompilerSetup): ModuleResolutionCache {
    const key = setup.configFile ?? '';
    let cache = this.caches.get(key);
    if (!cache) {
      cache = this.ts.createModuleResolutionCache(path.dirname(key || '.'), (name) => name, setup.options);
      this.caches.set(key, cache);
    }
    return cache;
  }
}

/** Whether `file` imports anything that resolves into `outputDir`. */
function importsOutput(ts: TypeScriptApi, file: string, text: string, outputDir: string, setups: Setups): boolean {
  const realOutput = realpathOr(outputDir);
  for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      if (isInside(outputDir, path.resolve(path.dirname(file), specifier))) return true;
      continue;
    }
    if (isBuiltin(specifier)) continue;
    const setup = setups.nearest(path.dirname(file));
    const resolved = ts.resolveModuleName(specifier, file, setup.options, ts.sys, setups.resolutionCache(setup)).resolvedModule;
    if (resolved && isInside(realOutput, realpathOr(resolved.resolvedFileName))) return true;
  }
  return false;
}

/** The files of the repository that import the client's output folder, sorted. */
export async function findConsumers(ts: TypeScriptApi, root: string, outputDir: string, displayRoot: string): Promise<string[]> {
  const setups = new Setups(ts, displayRoot);
  // Source folders reached through a link are searched, as the compiler includes them; a file
  // reached by two paths is taken once, by the first in sorted order.
  const candidates = await glob(CODE_FILES, { cwd: root, absolute: true, ignore: NEVER_SEARCHED, followSymbolicLinks: true });
  const realOutput = realpathOr(outputDir);
  const seen = new Set<string>();
  const consumers: string[] = [];
  for (const file of candidates.map((candidate) => path.resolve(candidate)).sort()) {
    const real = realpathOr(file);
    if (isInside(outputDir, file) || isInside(realOutput, real) || seen.has(real)) continue;
    seen.add(real);
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (!/\b(?:import|export|require)\b/.test(text)) continue;
    if (importsOutput(ts, file, text, outputDir, setups)) consumers.push(file);
  }
  return consumers;
}

/** Groups the consumers by the tsconfig that compiles them, the root's first. */
export function groupByConfig(ts: TypeScriptApi, root: string, consumers: string[], displayRoot: string): ConsumerGroup[] {
  const setups = new Setups(ts, displayRoot);
  const rootConfig = path.join(root, 'tsconfig.json');
  const fromRoot: CompilerSetup[] = [];
  const visit = (configFile: string, seen: Set<string>) => {
    if (seen.has(configFile) || !ts.sys.fileExists(configFile)) return;
    seen.add(configFile);
    const setup = setups.read(configFile);
    fromRoot.push(setup);
    for (const reference of setup.references) visit(reference, seen);
  };
  visit(rootConfig, new Set());
  const groups = new Map<string, ConsumerGroup>();
  for (const file of consumers) {
    const nearest = setups.nearest(path.dirname(file));
    const including = [...fromRoot, nearest].find((setup) => setup.fileNames.includes(file));
    const setup = including ?? nearest;
    const key = `${setup.configFile ?? 'defaults'}${including ? '' : ' (not included)'}`;
    const group = groups.get(key) ?? { setup, files: [], ...(including ? {} : { notIncluded: true }) };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()];
}

// The post-processing a repository already uses, for `add` to write into a new client's config:
// the first tool whose configuration is found from the client folder up to the repository root
// (prettier, then Biome, then oxfmt), and prettier when there is none, as before.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PresetName } from './steps.ts';

const CONFIGS: Array<{ preset: PresetName; names: string[]; packageKey?: string }> = [
  {
    preset: 'prettier',
    names: ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml', '.prettierrc.js', '.prettierrc.mjs', '.prettierrc.cjs', '.prettierrc.ts', '.prettierrc.mts', '.prettierrc.cts', 'prettier.config.js', 'prettier.config.mjs', 'prettier.config.cjs', 'prettier.config.ts', 'prettier.config.mts', 'prettier.config.cts'],
    packageKey: 'prettier',
  },
  { preset: 'biome:format', names: ['biome.json', 'biome.jsonc'] },
  { preset: 'oxfmt', names: ['.oxfmtrc.json', '.oxfmtrc.jsonc'] },
];

/** The postProcess list for a new client in `clientDir` (which need not exist yet), looking no higher than `root`. */
export function detectPostProcess(clientDir: string, root: string): PresetName[] {
  // Stryker disable next-line ArrayDeclaration: equivalent, a relative name resolves against the working directory, where no such folder is
  const folders: string[] = [];
  for (let dir = path.resolve(clientDir); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (dir === path.resolve(root) || path.dirname(dir) === dir) break;
  }
  for (const { preset, names, packageKey } of CONFIGS) {
    for (const dir of folders) {
      if (names.some((name) => existsSync(path.join(dir, name))) || (packageKey && packageHas(path.join(dir, 'package.json'), packageKey))) return [preset];
    }
  }
  return ['prettier'];
}

function packageHas(file: string, key: string): boolean {
  try {
    return Object.hasOwn(JSON.parse(readFileSync(file, 'utf8')) as object, key);
  } catch {
    // Stryker disable next-line BlockStatement: equivalent, undefined is falsy as false is
    return false;
  }
}

// Builds dist/ from src/ with the TypeScript compiler. dist/ is removed first, so that a module
// deleted or renamed in src/ can never linger in the published package. `--with-readme` (prepack)
// also copies the repository's README and licence into the package folder, for the registry page.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
fs.rmSync(path.join(packageDir, 'dist'), { recursive: true, force: true });
const require = (await import('node:module')).createRequire(path.join(packageDir, 'package.json'));
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(packageDir, 'tsconfig.json')], { stdio: 'inherit' });
if (process.argv.includes('--with-readme')) {
  const repository = path.resolve(packageDir, '..', '..');
  for (const file of ['README.md', 'LICENSE']) fs.copyFileSync(path.join(repository, file), path.join(packageDir, file));
}

// The configuration files a tool may read for the files of a tree: every candidate name in the
// output folder and each folder above it. Tools run as subprocesses, whose reads no recording sees,
// so their candidates are recorded here, present or absent, for the regeneration cache; their
// contents make the digest that tells "the tool's configuration changed" in the drift diagnosis.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '../../core/hash.ts';
import { hashBytes, type ReadRecord } from '../../core/read-recorder.ts';

export interface ConfigFiles {
  reads: ReadRecord[];
  /** sha256 over the names and contents of the candidates that exist. */
  digest: string;
}

export function configFiles(outputDir: string, names: string[]): ConfigFiles {
  const reads: ReadRecord[] = [];
  const found: string[] = [];
  for (let dir = path.resolve(outputDir); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const bytes = readFileSync(file);
        const hash = hashBytes(bytes);
        reads.push({ file, kind: 'content', hash });
        found.push(`${path.relative(outputDir, file)}\0${hash}`);
      } catch {
        reads.push({ file, kind: 'absent' });
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return { reads, digest: sha256(found.join('\n')) };
}

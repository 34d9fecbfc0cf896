// Content hashes: the identity of snapshots, configs and trees throughout the pipeline.
import { createHash } from 'node:crypto';

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

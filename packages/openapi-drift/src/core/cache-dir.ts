// Where openapi-drift keeps what it can compute again: the regeneration cache and the compiled code
// of its child processes, in node_modules/.cache/openapi-drift (never committed).
// OPENAPI_DRIFT_CACHE=off turns both off.
import { existsSync } from 'node:fs';
import path from 'node:path';

export function cacheEnabled(): boolean {
  return !/^(0|off|false|no)$/i.test(process.env.OPENAPI_DRIFT_CACHE ?? '');
}

/** node_modules/.cache/openapi-drift of the nearest node_modules above the client. */
export function cacheRoot(clientDir: string): string {
  for (let dir = path.dirname(path.resolve(clientDir)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'openapi-drift');
  }
  return path.join(path.resolve(clientDir), 'node_modules', '.cache', 'openapi-drift');
}

/**
 * The environment of the generation and formatter processes. NODE_COMPILE_CACHE keeps their
 * compiled code: loading hey-api, TypeScript and prettier from it saves a third of a small
 * client's check.
 */
export function childProcessEnv(clientDir: string): Record<string, string> {
  if (process.env.NODE_COMPILE_CACHE !== undefined || !cacheEnabled()) return {};
  return { NODE_COMPILE_CACHE: path.join(cacheRoot(clientDir), 'v8') };
}
